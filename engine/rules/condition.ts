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
  return compiled(c)(r, ctx);
}

/** A condition as a function of the resource and the context (see compile). */
type Compiled = (r: Resource, ctx: EvalContext) => Tri;

/**
 * Each condition of a rule compiled once, on first use, and kept with it: a rule is judged on every
 * resource of its kind (ten thousand in a large plan), and reading the condition's shape, its operator
 * and its property path again for each was a fifth of the rules' time.
 */
const compiledConditions = new WeakMap<Condition, Compiled>();

function compiled(c: Condition): Compiled {
  let f = compiledConditions.get(c);
  if (!f) compiledConditions.set(c, (f = compile(c)));
  return f;
}

/**
 * The function that judges `c` as evaluateCondition always has: the same tests in the same order, the
 * same reasons pushed (conditions are data from rule files, not changed once loaded).
 */
function compile(c: Condition): Compiled {
  if ('all' in c) {
    const parts = c.all.map(compiled);
    return (r, ctx) => {
      let result: Tri = true;
      for (let i = 0; i < parts.length; i++) {
        const t = parts[i]!(r, ctx);
        if (t === false) return false;
        if (t === null) result = null;
      }
      return result;
    };
  }
  if ('any' in c) {
    const parts = c.any.map(compiled);
    return (r, ctx) => {
      let result: Tri = false;
      for (let i = 0; i < parts.length; i++) {
        const t = parts[i]!(r, ctx);
        if (t === true) return true;
        if (t === null) result = null;
      }
      return result;
    };
  }
  if ('not' in c) {
    const inner = compiled(c.not);
    return (r, ctx) => not(inner(r, ctx));
  }
  if ('property' in c) return compileProperty(c);
  if ('related' in c) {
    const where = c.where ? compiled(c.where) : undefined;
    return (r, ctx) => evaluateRelated(c, where, r, ctx);
  }
  if ('policyQuery' in c) {
    const query = c.policyQuery;
    return (r, ctx) => evaluatePolicyQuery(query, r, ctx);
  }
  if ('filterCoverage' in c) {
    const coverage = c.filterCoverage;
    return (r, ctx) => evaluateFilterCoverage(coverage, r, ctx);
  }
  if ('anyResource' in c) {
    const { kind } = c.anyResource;
    const where = c.anyResource.where ? compiled(c.anyResource.where) : undefined;
    return (_r, ctx) => {
      let result: Tri = false;
      const others = ctx.graph.ofKind(kind);
      for (let i = 0; i < others.length; i++) {
        const t = where ? where(others[i]!, ctx) : true;
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
    };
  }
  return () => null;
}

/** Value of a dotted normalized property (`recording.s3Data`); an Unknown on the way is the answer. */
const splitPaths = new Map<string, string[]>();

export function getProperty(r: Resource, path: string): unknown {
  let segs = splitPaths.get(path);
  if (!segs) splitPaths.set(path, (segs = path.split('.')));
  return propertyAt(r, segs);
}

function propertyAt(r: Resource, segs: readonly string[]): unknown {
  let v: unknown = r.props;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
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

/**
 * A property test. Only its first operator counts (the rule schema allows one; evaluateCondition has
 * always returned after the first): what it compares with is resolved per resource only when it names
 * a parameter or the scope rule's item.
 */
function compileProperty(c: Condition & { property: string }): Compiled {
  const ops = c as Record<string, ValueSpec | undefined>;
  const op = Object.keys(c).find((k) => k !== 'property');
  if (op === undefined) return () => null;
  const spec = ops[op];
  const fixed = !(spec !== null && typeof spec === 'object' && !Array.isArray(spec) && (Object.hasOwn(spec, 'param') || Object.hasOwn(spec, 'item')));
  const wanted = (ctx: EvalContext): unknown => (fixed ? spec : resolveValue(spec, ctx));
  const { property } = c;
  const segs = property.split('.');
  const test = propertyTest(op, wanted);
  return (r, ctx) => {
    const v = propertyAt(r, segs);
    const t = test(v, ctx);
    if (t === null) {
      const u = findUnknown(v);
      ctx.reasons.push(`${property}: ${u ? u.reason : 'cannot be decided'}`);
    }
    return t;
  };
}

/**
 * One operator as a test of the property's value. `exists` on an Unknown that may be unset is null
 * with that Unknown's reason, which the caller's findUnknown gives too.
 */
function propertyTest(op: string, wanted: (ctx: EvalContext) => unknown): (v: unknown, ctx: EvalContext) => Tri {
  switch (op) {
    case 'exists':
      return (v, ctx) => {
        const want = wanted(ctx);
        const t = present(v);
        if (t === null) return null;
        return want ? t : !t;
      };
    case 'equals':
      return (v, ctx) => equals(v, wanted(ctx));
    case 'notEquals':
      return (v, ctx) => not(equals(v, wanted(ctx)));
    case 'in':
      return (v, ctx) => {
        const want = wanted(ctx);
        return anyOf(Array.isArray(want) ? want : [want], (w) => equals(v, w));
      };
    case 'notIn':
      return (v, ctx) => {
        const want = wanted(ctx);
        return not(anyOf(Array.isArray(want) ? want : [want], (w) => equals(v, w)));
      };
    case 'greaterThan':
      return (v, ctx) => compare(v, wanted(ctx), (a, b) => a > b);
    case 'greaterOrEqual':
      return (v, ctx) => compare(v, wanted(ctx), (a, b) => a >= b);
    case 'lessThan':
      return (v, ctx) => compare(v, wanted(ctx), (a, b) => a < b);
    case 'lessOrEqual':
      return (v, ctx) => compare(v, wanted(ctx), (a, b) => a <= b);
    case 'like':
      return (v, ctx) => {
        const want = wanted(ctx);
        return stringTest(v, (s) => globMatch(String(want), s));
      };
    case 'notLike':
      return (v, ctx) => {
        const want = wanted(ctx);
        return not(stringTest(v, (s) => globMatch(String(want), s)));
      };
    case 'startsWith':
      return (v, ctx) => {
        const want = wanted(ctx);
        return stringTest(v, (s) => s.startsWith(String(want)));
      };
    case 'contains':
      return (v, ctx) => contains(v, wanted(ctx));
    case 'notContains':
      return (v, ctx) => {
        const want = wanted(ctx);
        return v === undefined || v === null ? true : not(contains(v, want));
      };
    case 'allIn':
      // Every element of the (list) property is one of the given values; an empty or unset list passes.
      return (v, ctx) => {
        const want = wanted(ctx);
        const allowed = Array.isArray(want) ? want : [want];
        if (v instanceof Unknown) return null;
        if (v === undefined || v === null) return true;
        return not(anyOf(Array.isArray(v) ? v : [v], (x) => not(anyOf(allowed, (a) => equals(x, a)))));
      };
    case 'containsAll':
      return (v, ctx) => {
        const want = wanted(ctx);
        return not(anyOf(Array.isArray(want) ? want : [want], (w) => not(contains(v, w))));
      };
    default:
      return () => null;
  }
}

function evaluateRelated(c: { related: string; exists?: boolean; where?: Condition }, where: Compiled | undefined, r: Resource, ctx: EvalContext): Tri {
  const edge = (Object.hasOwn(r.edges, c.related) ? r.edges[c.related] : undefined) ?? { status: 'unset' as const };
  if (c.exists !== undefined) {
    const t: Tri = edge.status === 'resolved' || edge.status === 'outside' ? true : edge.status === 'unset' ? false : null;
    if (t === null && edge.status === 'unknown') ctx.reasons.push(`${c.related}: ${edge.reason}`);
    return t === null ? null : c.exists ? t : !t;
  }
  if (!where) return edge.status === 'resolved' ? true : null;
  switch (edge.status) {
    case 'resolved':
      return where(edge.target, ctx);
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
  for (let i = 0; i < items.length; i++) {
    const t = f(items[i]);
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
