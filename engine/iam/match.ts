/**
 * Matching of actions and ARNs, as IAM does it.
 *
 * - Actions: IAM User Guide, "IAM JSON policy elements: Action"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html):
 *   the service prefix and the action name are case-insensitive, and `*` / `?`
 *   may appear anywhere in the name.
 * - Resource ARNs: "IAM JSON policy elements: Resource"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
 *   wildcards work within each colon-separated segment; a `*` that is the last
 *   character of a segment can expand beyond the colon boundaries; in the
 *   resource part `*` also spans `/`. Matching is case-sensitive.
 * - ArnLike / ArnEquals condition operators: "Condition operators", section
 *   "Amazon Resource Name (ARN) condition operators"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN):
 *   each of the six colon-delimited components is checked separately, each
 *   may hold `*` and `?`, case-sensitively. The sixth component is the rest of
 *   the ARN, colons included, so `*` there spans `/` and `:`.
 */
import { defaultActionCatalog, type ActionCatalog } from './catalog.js';
import type { Truth } from './truth.js';
import type { ValuePart } from './variables.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function asParts(pattern: string | readonly ValuePart[]): readonly ValuePart[] {
  return typeof pattern === 'string' ? [{ text: pattern, literal: false }] : pattern;
}

interface PatternChar {
  ch: string;
  wild: boolean;
}

function chars(pattern: string | readonly ValuePart[]): PatternChar[] {
  const out: PatternChar[] = [];
  for (const part of asParts(pattern)) {
    for (const ch of part.text) out.push({ ch, wild: !part.literal && (ch === '*' || ch === '?') });
  }
  return out;
}

/** `*` matches any run of characters, `?` one character, everything else itself. */
export function globRegExp(pattern: string | readonly ValuePart[], ignoreCase = false): RegExp {
  let src = '';
  for (const c of chars(pattern)) {
    if (c.wild) src += c.ch === '*' ? '[\\s\\S]*' : '[\\s\\S]';
    else src += escapeRegExp(c.ch);
  }
  return new RegExp(`^${src}$`, ignoreCase ? 'iu' : 'u');
}

export function globMatches(pattern: string | readonly ValuePart[], value: string, ignoreCase = false): boolean {
  return globRegExp(pattern, ignoreCase).test(value);
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

// ---------------------------------------------------------------- actions

const actionRegExpCache = new Map<string, RegExp>();

/** Does the Action pattern (`cloudtrail:Stop*`, `*`) cover the concrete action? Case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  let re = actionRegExpCache.get(pattern);
  if (!re) {
    re = globRegExp(pattern, true);
    actionRegExpCache.set(pattern, re);
  }
  return re.test(action);
}

export interface SplitAction {
  service: string;
  name: string;
}

export function splitAction(action: string): SplitAction | undefined {
  const i = action.indexOf(':');
  if (i <= 0 || i === action.length - 1) return undefined;
  return { service: action.slice(0, i), name: action.slice(i + 1) };
}

/**
 * The concrete actions an Action pattern covers, as `service:Name`, from the
 * IAM action catalogue. A wildcard in the service prefix walks every service,
 * which reads the whole catalogue: avoid it on hot paths.
 */
export function expandAction(pattern: string, catalog: ActionCatalog = defaultActionCatalog()): string[] {
  if (pattern === '*') return expandAction('*:*', catalog);
  const split = splitAction(pattern);
  if (!split) return [];
  const services = hasWildcard(split.service) ? allServices(catalog, split.service) : [split.service.toLowerCase()];
  const out: string[] = [];
  for (const service of services) {
    for (const name of catalog.actionsOf(service) ?? []) {
      const full = `${service}:${name}`;
      if (actionMatches(pattern, full)) out.push(full);
    }
  }
  return out;
}

function allServices(catalog: ActionCatalog, servicePattern: string): string[] {
  return catalog.services().filter((s) => globMatches(servicePattern, s, true));
}

// ---------------------------------------------------------------- ARNs

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, colons included. */
  resource: string;
}

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!partition || !service) return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** The account segment of an ARN when it is a 12-digit account ID. */
export function accountOfArn(text: string): string | undefined {
  const arn = parseArn(text);
  return arn && /^\d{12}$/.test(arn.account) ? arn.account : undefined;
}

/**
 * Is a Resource / NotResource entry shaped like an ARN? `*` alone is fine; an
 * ARN may stop early when its last segment ends with `*` (which then spans
 * the remaining segments); the service segment cannot be a wildcard.
 */
export function isWellFormedResourcePattern(text: string): boolean {
  if (text === '*') return true;
  const parts = text.split(':');
  if (parts[0] !== 'arn') return false;
  if (parts.length < 6 && !text.endsWith('*')) return false;
  const partition = parts[1] ?? '';
  const service = parts[2] ?? '';
  if (!partition) return false;
  if (parts.length >= 3 && (!service || (hasWildcard(service) && !(parts.length === 3 && service === '*')))) return false;
  return true;
}

const SEGMENTS_BEFORE_RESOURCE = 5; // arn, partition, service, region, account

function arnRegExp(pattern: string | readonly ValuePart[], trailingStarSpans: boolean): RegExp {
  const cs = chars(pattern);
  let src = '';
  let segment = 0;
  cs.forEach((c, i) => {
    if (c.ch === ':' && !c.wild) {
      segment++;
      src += ':';
      return;
    }
    if (!c.wild) {
      src += escapeRegExp(c.ch);
      return;
    }
    const inResource = segment >= SEGMENTS_BEFORE_RESOURCE;
    if (c.ch === '?') {
      src += inResource ? '[\\s\\S]' : '[^:]';
      return;
    }
    const next = cs[i + 1];
    const endsSegment = next === undefined || (next.ch === ':' && !next.wild);
    src += inResource || (trailingStarSpans && endsSegment) ? '[\\s\\S]*' : '[^:]*';
  });
  return new RegExp(`^${src}$`, 'u');
}

/** Resource element semantics (see the module comment). */
export function resourceMatches(pattern: string | readonly ValuePart[], arn: string): boolean {
  return arnRegExp(pattern, true).test(arn);
}

/**
 * ArnLike / ArnEquals semantics. A policy value with fewer than six
 * components has no documented meaning: 'unknown' rather than a guess.
 */
export function arnLikeMatches(pattern: string | readonly ValuePart[], value: string): Truth {
  const text = asParts(pattern)
    .map((p) => p.text)
    .join('');
  if (text.split(':').length < 6) return 'unknown';
  if (value.split(':').length < 6) return false;
  return arnRegExp(pattern, false).test(value);
}
