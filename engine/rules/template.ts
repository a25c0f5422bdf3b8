import { own } from '../../core/own.js';
import type { Resource, ResourceGraph } from '../graph.js';
import { isKind } from '../kinds.js';
import { Unknown } from '../../core/unknown.js';
import { kindSpec, type PropSpec } from '../kinds.js';
import { getProperty } from './condition.js';

/**
 * Placeholders in rule messages and policy queries:
 * {{address}}, {{name}}, {{kind}}, {{nativeType}}, {{props.X}}, {{params.X}},
 * {{related.R.X}} (X of the related resource; for a name outside the scan, that name),
 * {{subject.…}} (the same, of the resource the rule is checking, inside anyResource),
 * {{account}} (the account the evaluated policy names), {{considered}} (in scope rules, the
 * addresses judged together and, when the scan holds several account scopes, which account they are),
 * {{partition}}, {{region}}, {{accountId}} (parts of the resource's own ARN, `*` where it is not known),
 * {{failedActions}} (in messages: the actions a policy query found failing),
 * {{trail}} (`trail NAME`, or how a trail the scan only shows is known: `any trail`, `a trail (…)`).
 * {{details}} (what a failing condition found missing, in words: filterCoverage);
 * in scope rules, {{missing}} (the `forEach` values nothing satisfied) and
 * {{inScan.KIND}} (the addresses of every resource of that kind in the scan).
 */
export interface TemplateScope {
  params: Record<string, unknown>;
  subject?: Resource;
  account?: string;
  considered?: Resource[];
  failedActions?: string[];
  details?: string[];
  missing?: string[];
  graph?: ResourceGraph;
  /** Which account a scope rule's `considered` resources are (set only when the scan holds several). */
  accountLabel?: string;
}

/** What a message may say beyond the resource: failing actions, missing details, missing values, the scan, the account. */
export type MessageExtras = Pick<TemplateScope, 'failedActions' | 'details' | 'missing' | 'graph' | 'accountLabel'>;

/** For messages: unknown values are shown as such. */
export function renderMessage(template: string, r: Resource, params: Record<string, unknown>, considered?: Resource[], extra: MessageExtras = {}): string {
  const parts = compiled(template);
  if (parts.length === 1) return parts[0] as string;
  // Member by member rather than spreads and a delete: one scope per finding, tens of thousands per scan.
  const scope: TemplateScope = { params };
  if (considered) scope.considered = considered;
  if (extra.failedActions && extra.failedActions.length > 0) scope.failedActions = extra.failedActions;
  if (extra.details) scope.details = extra.details;
  if (extra.missing) scope.missing = extra.missing;
  if (extra.graph) scope.graph = extra.graph;
  if (extra.accountLabel !== undefined) scope.accountLabel = extra.accountLabel;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part === 'string') out += part;
    else {
      const v = lookup(part.key, r, scope);
      // An unset list property (no users attached) reads "none", not "not set".
      out += v === undefined && isListProperty(r, part.key) ? 'none' : show(v);
    }
  }
  return out;
}

/** Templates split once into text and placeholders: a scan renders thousands of messages from a few dozen templates. */
const compiledTemplates = new Map<string, (string | { key: string })[]>();

function compiled(template: string): (string | { key: string })[] {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      if (m.index! > last) parts.push(template.slice(last, m.index));
      parts.push({ key: m[1]! });
      last = m.index! + m[0].length;
    }
    if (last < template.length || parts.length === 0) parts.push(template.slice(last));
    compiledTemplates.set(template, parts);
  }
  return parts;
}

/**
 * For policy queries: a request built on a value known only after deployment
 * is not a request we can judge, so any unknown or unset placeholder makes the
 * whole text an Unknown.
 */
export function fillStrict(template: string, r: Resource, scope: TemplateScope): string | Unknown {
  let missing: Unknown | undefined;
  const text = template.replace(PLACEHOLDER, (whole, key: string) => {
    const v = lookup(key, r, scope);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    missing ??= v instanceof Unknown ? v : new Unknown(`${key} is not set`);
    return whole;
  });
  return missing ?? text;
}

function isListProperty(r: Resource, key: string): boolean {
  if (!key.startsWith('props.')) return false;
  const props = kindSpec(r.kind).properties as Record<string, PropSpec>;
  const name = key.slice(6);
  const spec = Object.prototype.hasOwnProperty.call(props, name) ? props[name] : undefined;
  return spec?.type === 'string[]' || spec?.type === 'object[]';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

function lookup(key: string, r: Resource, scope: TemplateScope): unknown {
  if (key.startsWith('subject.')) return scope.subject ? lookup(key.slice(8), scope.subject, { ...scope, subject: undefined }) : undefined;
  if (key === 'address') return r.address;
  if (key === 'kind') return r.kind;
  if (key === 'nativeType') return r.nativeType;
  if (key === 'account') return scope.account;
  if (key === 'trail') {
    // A trail of the scan by its name; a stand-in by what shows it exists.
    if (r.standIn) return r.standIn.label;
    const n = r.props['name'];
    return `trail ${typeof n === 'string' && n ? n : r.address}`;
  }
  if (key === 'name') {
    const n = r.props['name'];
    return typeof n === 'string' && n ? n : r.address;
  }
  if (key === 'partition' || key === 'region' || key === 'accountId') return arnPart(r, key);
  if (key === 'failedActions') return scope.failedActions ? [...new Set(scope.failedActions)] : undefined;
  if (key === 'details') return (scope.details ?? []).join('; ') || '(no details)';
  if (key === 'considered') {
    const addresses = (scope.considered ?? [r]).map((x) => x.address).join(', ');
    return scope.accountLabel === undefined ? addresses : `${addresses}; ${scope.accountLabel}`;
  }
  if (key === 'missing') return scope.missing ?? [];
  if (key.startsWith('inScan.')) {
    const kind = key.slice(7);
    return scope.graph && isKind(kind) ? scope.graph.ofKind(kind).map((x) => x.address) : [];
  }
  if (key.startsWith('props.')) return getProperty(r, key.slice(6));
  if (key.startsWith('params.')) return own(scope.params, key.slice(7));
  if (key.startsWith('related.')) {
    const [, rel, ...rest] = key.split('.');
    const field = rest.join('.') || 'name';
    const edge = own(r.edges, rel ?? '');
    if (edge?.status === 'resolved') {
      if (field === 'address') return edge.target.address;
      // A related resource named at deployment is named by its address, as {{name}} is.
      if (field === 'name') return lookup('name', edge.target, scope);
      return getProperty(edge.target, field);
    }
    if (edge?.status === 'outside') return field === 'name' ? edge.name : undefined;
    if (edge?.status === 'unknown') return new Unknown(edge.reason);
    return undefined;
  }
  return `{{${key}}}`;
}

const ARN_PART = { partition: 1, region: 3, accountId: 4 } as const;

/**
 * A part of the resource's own ARN (`props.arn`), or `*` where it is not known: a policy query
 * built on it is then judged for every value that part may take.
 */
function arnPart(r: Resource, key: keyof typeof ARN_PART): string {
  const arn = r.props['arn'];
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return '*';
  const seg = arn.split(':')[ARN_PART[key]];
  return seg ? seg : '*';
}

/**
 * Values as words that read inside a sentence, whatever is unknown: "read: no",
 * "selected: none", "users: not set", "known only after deployment" (never in
 * brackets of their own, so a template's own brackets stay single).
 */
export function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return 'not set';
  if (v instanceof Unknown) return 'known only after deployment';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map(show).join(', ') : 'none';
  return String(v);
}
