import type { Resource, ResourceGraph } from '../graph.js';
import { globMatch } from '../iam/wildcard.js';
import { Unknown } from '../../core/unknown.js';
import { evaluatePolicyQuery } from './policy-query.js';
import { evaluateFilterCoverage } from './filter-coverage-condition.js';
import type { Condition, ValueSpec } from './types.js';

/** Rule-language `like` / `notLike` globs use the one linear-time wildcard matcher (engine/iam/wildcard.ts). */
export { globMatch };

/**
 * Three-valued logic: true, false, or null for "cannot be decided before
 * deployment". A rule reports a violation only when its assertion is false;
 * null becomes an "undetermined" note, never a finding.
 */
export type Tri = boolean | null;

export interface EvalContext {
  graph: ResourceGraph;
  params: Record<string, unknown>;
  /** Why the last evaluation could not be decided (reasons of the Unknowns met). */
  reasons: string[];
  /** The resource the rule is checking, while a condition looks at others (anyResource, related). */
  subject?: Resource;
  /** Actions a policy query found failing (for `{{failedActions}}` in the message). */
  failedActions?: string[];
  /** What a failing condition found missing, in words, for the message's {{details}} (filterCoverage). */
  details?: string[];
  /** The current value of a scope rule's `forEach`, read by `{item: true}`. */
  item?: unknown;
}

const not = (t: Tri): Tri => (t === null ? null : !t);

export function evaluateCondition(c: Condition, r: Resource, ctx: EvalContext): Tri {
  if ('all' in c) {
    let result: Tri = true;
    for (const x of c.all) {
      const t = evaluateCondition(x, r, ctx);
      if (t === false) return false;
      if (t === null) result = null;
    }
    return result;
  }
  if ('any' in c) {
    let result: Tri = false;
    for (const x of c.any) {
      const t = evaluateCondition(x, r, ctx);
      if (t === true) return true;
      if (t === null) result = null;
    }
    return result;
  }
  if ('not' in c) return not(evaluateCondition(c.not, r, ctx));
  if ('property' in c) return evaluateProperty(c, r, ctx);
  if ('related' in c) return evaluateRelated(c, r, ctx);
  if ('policyQuery' in c) {
    return evaluatePolicyQuery(c.policyQuery, r, ctx);
  }
  if ('filterCoverage' in c) return evaluateFilterCoverage(c.filterCoverage, r, ctx);
  if ('anyResource' in c) {
    let result: Tri = false;
    for (const other of ctx.graph.ofKind(c.anyResource.kind)) {
      const t = c.anyResource.where ? evaluateCondition(c.anyResource.where, other, ctx) : true;
      if (t === true) return true;
      if (t === null) result = null;
    }
    if (result === false) {
      // A module whose source was not read may hold the resource looked for.
      const unread = ctx.graph.ofKind('unread_module');
      if (unread.length > 0) {
        for (const m of unread) ctx.reasons.push(typeof m.props['reason'] === 'string' ? m.props['reason'] : `${m.address} is not read`);
        return null;
      }
    }
    return result;
  }
  return null;
}

/** Value of a dotted normalized property (`recording.s3Data`); an Unknown on the way is the answer. */
const splitPaths = new Map<string, string[]>();

export function getProperty(r: Resource, path: string): unknown {
  let segs = splitPaths.get(path);
  if (!segs) splitPaths.set(path, (segs = path.split('.')));
  let v: unknown = r.props;
  for (const seg of segs) {
    if (v instanceof Unknown) return v;
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, seg) ? (v as Record<string, unknown>)[seg] : undefined;
  }
  return v;
}

export function resolveValue(spec: ValueSpec | undefined, ctx: EvalContext): unknown {
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    if ('param' in spec && Object.hasOwn(spec, 'param')) return Object.hasOwn(ctx.params, spec.param) ? ctx.params[spec.param] : undefined;
    if (Object.hasOwn(spec, 'item')) return ctx.item;
  }
  return spec;
}

function evaluateProperty(c: Condition & { property: string }, r: Resource, ctx: EvalContext): Tri {
  const v = getProperty(r, c.property);
  const ops = c as Record<string, ValueSpec | undefined>;
  const unknown = (u: Unknown): null => {
    ctx.reasons.push(`${c.property}: ${u.reason}`);
    return null;
  };
  for (const op of Object.keys(c)) {
    if (op === 'property') continue;
    const want = resolveValue(ops[op], ctx);
    let t: Tri;
    switch (op) {
      case 'exists':
        t = present(v);
        if (t === null) return unknown(v as Unknown);
        return want ? t : !t;
      case 'equals':
        t = equals(v, want);
        break;
      case 'notEquals':
        t = not(equals(v, want));
        break;
      case 'in':
        t = anyOf(Array.isArray(want) ? want : [want], (w) => equals(v, w));
        break;
      case 'notIn':
        t = not(anyOf(Array.isArray(want) ? want : [want], (w) => equals(v, w)));
        break;
      case 'greaterThan':
        t = compare(v, want, (a, b) => a > b);
        break;
      case 'greaterOrEqual':
        t = compare(v, want, (a, b) => a >= b);
        break;
      case 'lessThan':
        t = compare(v, want, (a, b) => a < b);
        break;
      case 'lessOrEqual':
        t = compare(v, want, (a, b) => a <= b);
        break;
      case 'like':
        t = stringTest(v, (s) => globMatch(String(want), s));
        break;
      case 'notLike':
        t = not(stringTest(v, (s) => globMatch(String(want), s)));
        break;
      case 'startsWith':
        t = stringTest(v, (s) => s.startsWith(String(want)));
        break;
      case 'contains':
        t = contains(v, want);
        break;
      case 'notContains':
        t = v === undefined || v === null ? true : not(contains(v, want));
        break;
      case 'allIn': {
        // Every element of the (list) property is one of the given values; an empty or unset list passes.
        const allowed = Array.isArray(want) ? want : [want];
        if (v instanceof Unknown) t = null;
        else if (v === undefined || v === null) t = true;
        else t = not(anyOf(Array.isArray(v) ? v : [v], (x) => not(anyOf(allowed, (a) => equals(x, a)))));
        break;
      }
      case 'containsAll':
        t = anyOf(Array.isArray(want) ? want : [want], (w) => not(contains(v, w)));
        t = not(t);
        break;
      default:
        t = null;
    }
    if (t === null) {
      const u = findUnknown(v);
      ctx.reasons.push(`${c.property}: ${u ? u.reason : 'cannot be decided'}`);
    }
    return t;
  }
  return null;
}

function evaluateRelated(c: { related: string; exists?: boolean; where?: Condition }, r: Resource, ctx: EvalContext): Tri {
  const edge = (Object.hasOwn(r.edges, c.related) ? r.edges[c.related] : undefined) ?? { status: 'unset' as const };
  if (c.exists !== undefined) {
    const t: Tri = edge.status === 'resolved' || edge.status === 'outside' ? true : edge.status === 'unset' ? false : null;
    if (t === null && edge.status === 'unknown') ctx.reasons.push(`${c.related}: ${edge.reason}`);
    return t === null ? null : c.exists ? t : !t;
  }
  if (!c.where) return edge.status === 'resolved' ? true : null;
  switch (edge.status) {
    case 'resolved':
      return evaluateCondition(c.where, edge.target, ctx);
    case 'outside':
      ctx.reasons.push(`${c.related} '${edge.name}' is not part of the scan`);
      return null;
    case 'unknown':
      ctx.reasons.push(`${c.related}: ${edge.reason}`);
      return null;
    case 'unset':
      return false;
  }
}

/** Set, non-empty, or an Unknown that is certain to hold a value. */
function present(v: unknown): Tri {
  if (v instanceof Unknown) return v.present ? true : null;
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

function findUnknown(v: unknown): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) for (const x of v) { const u = findUnknown(x); if (u) return u; }
  return undefined;
}

function anyOf(items: unknown[], f: (x: unknown) => Tri): Tri {
  let result: Tri = false;
  for (const x of items) {
    const t = f(x);
    if (t === true) return true;
    if (t === null) result = null;
  }
  return result;
}

export function equals(a: unknown, b: unknown): Tri {
  if (a instanceof Unknown || b instanceof Unknown) return null;
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    let result: Tri = true;
    for (let i = 0; i < a.length; i++) {
      const t = equals(a[i], b[i]);
      if (t === false) return false;
      if (t === null) result = null;
    }
    return result;
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    let result: Tri = true;
    for (const k of ka) {
      const t = equals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      if (t === false) return false;
      if (t === null) result = null;
    }
    return result;
  }
  // Numbers written as strings ("2557") compare equal to numbers.
  if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) {
    return String(a) === String(b);
  }
  return false;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function compare(v: unknown, want: unknown, f: (a: number, b: number) => boolean): Tri {
  if (v instanceof Unknown) return null;
  const a = toNumber(v);
  const b = toNumber(want);
  if (a === undefined || b === undefined) return false;
  return f(a, b);
}

function stringTest(v: unknown, f: (s: string) => boolean): Tri {
  if (v instanceof Unknown) return null;
  if (typeof v !== 'string') return false;
  return f(v);
}

function contains(v: unknown, want: unknown): Tri {
  if (v instanceof Unknown) return null;
  if (typeof v === 'string') return typeof want === 'string' ? v.includes(want) : false;
  if (!Array.isArray(v)) return false;
  return anyOf(v, (x) => equals(x, want));
}
