import type { Resource, ResourceGraph } from '../graph.js';
import { isKind } from '../kinds.js';
import { Unknown } from '../unknown.js';
import { getProperty } from './condition.js';

/**
 * Placeholders in rule messages and policy queries:
 * {{address}}, {{name}}, {{kind}}, {{nativeType}}, {{props.X}}, {{params.X}},
 * {{related.R.X}} (X of the related resource; for a name outside the scan, that name),
 * {{subject.…}} (the same, of the resource the rule is checking, inside anyResource),
 * {{account}} (the account the evaluated policy names), {{considered}};
 * in scope rules, {{missing}} (the `forEach` values nothing satisfied) and
 * {{inScan.KIND}} (the addresses of every resource of that kind in the scan).
 */
export interface TemplateScope {
  params: Record<string, unknown>;
  subject?: Resource;
  account?: string;
  considered?: Resource[];
  missing?: string[];
  graph?: ResourceGraph;
}

/** For messages: unknown values are shown as such. */
export function renderMessage(
  template: string,
  r: Resource,
  params: Record<string, unknown>,
  considered?: Resource[],
  extra: Pick<TemplateScope, 'missing' | 'graph'> = {},
): string {
  const parts = compiled(template);
  if (parts.length === 1) return parts[0] as string;
  const scope: TemplateScope = { params, ...(considered ? { considered } : {}), ...extra };
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : show(lookup(part.key, r, scope));
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

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

function lookup(key: string, r: Resource, scope: TemplateScope): unknown {
  if (key.startsWith('subject.')) return scope.subject ? lookup(key.slice(8), scope.subject, { ...scope, subject: undefined }) : undefined;
  if (key === 'address') return r.address;
  if (key === 'kind') return r.kind;
  if (key === 'nativeType') return r.nativeType;
  if (key === 'account') return scope.account;
  if (key === 'name') {
    const n = r.props['name'];
    return typeof n === 'string' && n ? n : r.address;
  }
  if (key === 'considered') return (scope.considered ?? [r]).map((x) => x.address).join(', ');
  if (key === 'missing') return scope.missing ?? [];
  if (key.startsWith('inScan.')) {
    const kind = key.slice(7);
    return scope.graph && isKind(kind) ? scope.graph.ofKind(kind).map((x) => x.address) : [];
  }
  if (key.startsWith('props.')) return getProperty(r, key.slice(6));
  if (key.startsWith('params.')) return scope.params[key.slice(7)];
  if (key.startsWith('related.')) {
    const [, rel, ...rest] = key.split('.');
    const field = rest.join('.') || 'name';
    const edge = r.edges[rel ?? ''];
    if (edge?.status === 'resolved') return field === 'address' ? edge.target.address : getProperty(edge.target, field);
    if (edge?.status === 'outside') return field === 'name' ? edge.name : undefined;
    if (edge?.status === 'unknown') return new Unknown(edge.reason);
    return undefined;
  }
  return `{{${key}}}`;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '(not set)';
  if (v instanceof Unknown) return `(known only after deployment)`;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length ? v.map(show).join(', ') : '(none)';
  return String(v);
}
