// Evaluation of HCL expressions with Terraform's semantics, statically.
//
// The caller supplies the scope through EvalContext.lookup: it is asked for
// each reference (`var.x`, `local.y`, `aws_kms_key.trail.arn`, `each.value`,
// `count.index`, `path.module`, `data.x.y.z`, `module.m.out`) and returns its
// value, or undefined when it cannot tell. An unresolved reference becomes an
// Unknown that records what it points at (see references.ts), and unknowns
// flow through every operator and function: the result of an operation on an
// unknown is unknown, with the union of the refs, and `present` only when
// certain. Nothing is executed, no file is read, no clock is consulted.
//
// Values are plain JS (see values.ts). Two Unknown subclasses keep structure
// that policy checks need (see structured-unknown.ts):
//   - jsonencode() of a value with unknowns inside gives an UnknownJsonDocument
//     whose `document` is the value itself;
//   - a template, format() or join() with unknown parts gives a PartialString
//     whose `parts` keep the known text.
// jsonDocument(value) turns either (or a plain JSON string) into the decoded
// document with Unknown leaves. That is the answer to "jsonencode of a value
// containing unknowns": the result IS an Unknown, so nothing mistakes it for a
// known string, and it still carries the whole document.
//
// Errors Terraform would report (wrong types, missing keys) throw
// EvaluationError (an InputError with the range of the failing expression);
// try() and can() catch them as Terraform does. Evaluation is bounded:
// MAX_EVALUATION_STEPS node evaluations per call, so nested for expressions
// over large ranges end with an error instead of a hang.

import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import type { BinaryExpr, ConditionalExpr, Expression, ForExpr, FunctionCallExpr, ObjectItem, TemplateExpr, TemplatePart, TraversalExpr, TraversalStep } from './ast.js';
import { callBuiltin } from './functions.js';
import { unresolvedReference } from './references.js';
import { joinParts } from './structured-unknown.js';
import {
  collectUnknowns,
  containsUnknownValue,
  deepEqual,
  EvaluationError,
  hasKey,
  isObject,
  isPresent,
  mergeRefs,
  numberToString,
  setKey,
  sortedKeys,
  toBoolValue,
  toIntegerValue,
  toNumberValue,
  toStringValue,
  typeName,
  unknownFrom,
  ValueError,
  type HclObject,
} from './values.js';
import { pushAll } from '../../arrays.js';
import { CHARGE_FROM, chargeString, MAX_STRING_LENGTH } from './string-budget.js';

export { EvaluationError } from './values.js';

/** A function supplied by the caller, in addition to (or instead of) a builtin. */
export type HclFunction = (args: unknown[]) => unknown;

export interface EvalContext {
  /**
   * The value of a reference such as `var.name` or `aws_kms_key.trail.arn`
   * (the whole traversal: root and every literal step), or undefined when the
   * caller cannot resolve it. Returning an Unknown is fine and is how the
   * caller says "known after apply" with its own refs. Helpers:
   * `traverse(value, steps)` applies remaining steps to a value the caller
   * holds; `unresolvedReference(t)` is what undefined turns into.
   *
   * The caller should resolve `var.*`, `local.*`, `each.key`/`each.value`,
   * `count.index`, and the iterator of a `dynamic` block (`<label>.value`,
   * or the name given by `iterator`): an unresolved `x_y.z.attr` is taken for
   * a resource reference (see references.ts), which an unbound iterator such
   * as `event_selector.value.type` would be mistaken for.
   */
  lookup(traversal: TraversalExpr): unknown;
  /** Extra functions by name; they take precedence over the builtins. */
  functions?: ReadonlyMap<string, HclFunction>;
}

/** Most node evaluations in one evaluate() call. */
export const MAX_EVALUATION_STEPS = 1_000_000;

/** The evaluation budget ran out. Not caught by try() or can(). */
export class EvaluationLimitError extends EvaluationError {}

/** Evaluates `expr`. Throws EvaluationError for an expression Terraform would reject. */
export function evaluate(expr: Expression, ctx: EvalContext): unknown {
  try {
    return new Evaluator(ctx).eval(expr);
  } catch (e) {
    // A value nested deeper than the stack allows (it can only come from
    // outside, e.g. through lookup) or a string beyond the engine's limits.
    if (e instanceof RangeError) {
      // V8's own words ("Maximum call stack size exceeded") said what broke, not what in the input did.
      // No regular expression here: this may run with the stack nearly full, where compiling one fails.
      const what = e.message.includes('call stack')
        ? 'values or references nested deeper than the evaluator can follow (a value nested thousands of levels deep, or a chain of hundreds of locals each using the next)'
        : e.message;
      throw new EvaluationLimitError(`Expression too large to evaluate statically: ${what}`, expr.range);
    }
    throw e;
  }
}

/** Applies literal traversal steps (`.name`, `[0]`, `["k"]`) from `steps[from]` on to a value, as the evaluator does. */
export function traverse(value: unknown, steps: readonly TraversalStep[], from = 0): unknown {
  let v = value;
  for (let k = from; k < steps.length; k++) {
    const step = steps[k]!;
    try {
      v = step.kind === 'attr' ? getAttribute(v, step.name) : indexValue(v, step.key);
    } catch (e) {
      if (e instanceof ValueError) throw new EvaluationError(e.message, step.range);
      throw e;
    }
  }
  return v;
}

function getAttribute(v: unknown, name: string): unknown {
  if (v instanceof Unknown) {
    // `aws_instance.web[*].id` on an unresolved resource: the ref gains its attribute.
    const refine = v.refs.some((r) => r.attribute === undefined);
    const refs = refine ? v.refs.map((r) => (r.attribute === undefined ? { ...r, attribute: name } : r)) : v.refs;
    return new Unknown(v.reason, refs, v.present);
  }
  if (isObject(v)) {
    if (hasKey(v, name)) return v[name];
    throw new ValueError(`Unsupported attribute: this object does not have an attribute named "${name}"`);
  }
  if (v === null) throw new ValueError(`Attempt to get attribute "${name}" from a null value`);
  if (Array.isArray(v)) {
    throw new ValueError(`Unsupported attribute "${name}": a list has no attributes; use an index like [0] or a splat like [*].${name}`);
  }
  throw new ValueError(`Unsupported attribute "${name}": a ${typeName(v)} has no attributes`);
}

function indexValue(collection: unknown, key: unknown): unknown {
  if (collection instanceof Unknown || key instanceof Unknown) return unknownFrom([collection, key]);
  if (collection === null) throw new ValueError('Attempt to index a null value');
  if (key === null) throw new ValueError('Invalid index: the key is null');
  if (Array.isArray(collection)) {
    const i = toIntegerValue(key, 'index');
    if (i < 0 || i >= collection.length) throw new ValueError(`Invalid index: ${i} is out of range for a list of ${collection.length} elements`);
    return collection[i];
  }
  if (isObject(collection)) {
    const k = toStringValue(key, 'key');
    if (hasKey(collection, k)) return collection[k];
    throw new ValueError(`Invalid index: the map has no element with key ${JSON.stringify(k)}`);
  }
  throw new ValueError(`Invalid index: a ${typeName(collection)} cannot be indexed`);
}

/** The type a branch certainly has, read from its syntax, for conditional type unification. */
function staticType(e: Expression): 'string' | 'number' | 'bool' | undefined {
  if (e.kind === 'Literal') return typeof e.value === 'number' ? 'number' : typeof e.value === 'boolean' ? 'bool' : undefined;
  if (e.kind === 'Template' && !unwrapped(e)) return 'string';
  return undefined;
}

/** `"${x}"` evaluates to x itself, unconverted (HCL's interpolation unwrapping): x, or undefined. */
function unwrapped(e: TemplateExpr): Expression | undefined {
  const only = e.parts.length === 1 ? e.parts[0] : undefined;
  return only?.kind === 'TemplateInterpolation' ? only.expr : undefined;
}


class Evaluator {
  private steps = 0;
  /** Variables bound by for expressions and directives, innermost last. */
  private readonly scopes: Map<string, unknown>[] = [];
  /** The current element of each enclosing splat, innermost last. */
  private readonly splatItems: unknown[] = [];

  constructor(private readonly ctx: EvalContext) {}

  eval(e: Expression): unknown {
    if (++this.steps > MAX_EVALUATION_STEPS) {
      throw new EvaluationLimitError(`Expression too costly to evaluate statically (more than ${MAX_EVALUATION_STEPS} steps)`, e.range);
    }
    try {
      return this.evalNode(e);
    } catch (err) {
      if (err instanceof ValueError) throw new EvaluationError(err.message, e.range);
      throw err;
    }
  }

  private evalNode(e: Expression): unknown {
    switch (e.kind) {
      case 'Literal':
        return e.value;
      case 'Template': {
        const only = e.parts.length === 1 ? e.parts[0]! : undefined;
        // A plain string ("text"): its text, as rendering would give it (too short to be charged).
        if (only?.kind === 'TemplateLiteral' && only.value.length < CHARGE_FROM) return only.value;
        const inner = unwrapped(e);
        return inner ? this.eval(inner) : this.renderTemplate(e);
      }
      case 'Tuple':
        return e.elements.map((x) => this.eval(x));
      case 'Object':
        return this.evalObject(e.items);
      case 'Traversal':
        return this.evalTraversal(e);
      case 'RelativeTraversal':
        return traverse(this.eval(e.source), e.steps);
      case 'Index':
        return indexValue(this.eval(e.collection), this.eval(e.key));
      case 'Splat':
        return this.evalSplat(e.source, e.each);
      case 'SplatItem':
        if (this.splatItems.length === 0) throw new ValueError('splat placeholder outside a splat expression');
        return this.splatItems[this.splatItems.length - 1];
      case 'FunctionCall':
        return this.evalCall(e);
      case 'Unary': {
        const v = this.eval(e.operand);
        if (v instanceof Unknown) return unknownFrom([v]);
        return e.op === '-' ? -toNumberValue(v, 'operand of unary -') : !toBoolValue(v, 'operand of !');
      }
      case 'Binary':
        return this.evalBinary(e);
      case 'Conditional':
        return this.evalConditional(e);
      case 'For':
        return this.evalFor(e);
      case 'Parens':
        return this.eval(e.expr);
    }
  }

  private evalTraversal(e: TraversalExpr): unknown {
    for (let s = this.scopes.length - 1; s >= 0; s--) {
      const scope = this.scopes[s]!;
      if (scope.has(e.root)) return traverse(scope.get(e.root), e.steps);
    }
    const value = this.ctx.lookup(e);
    return value === undefined ? unresolvedReference(e) : value;
  }

  private evalObject(items: readonly ObjectItem[]): unknown {
    const out: HclObject = {};
    const unknownKeys: unknown[] = [];
    for (const item of items) {
      let key: string;
      if (item.keyName !== undefined) key = item.keyName;
      else {
        const k = this.eval(item.key);
        if (k instanceof Unknown) {
          unknownKeys.push(k, this.eval(item.value));
          continue;
        }
        if (k === null) throw new EvaluationError('Invalid object key: the key is null', item.key.range);
        key = toStringValue(k, 'object key');
      }
      setKey(out, key, this.eval(item.value));
    }
    // With a key unknown, so is the object's shape; keep the refs of everything in it.
    return unknownKeys.length > 0 ? unknownFrom([...unknownKeys, out]) : out;
  }

  private evalSplat(source: Expression, each: Expression): unknown {
    const src = this.eval(source);
    if (src instanceof Unknown) return unknownFrom([this.withSplatItem(src, each)]);
    if (src === null) return [];
    const items = Array.isArray(src) ? src : [src];
    return items.map((item) => this.withSplatItem(item, each));
  }

  private withSplatItem(item: unknown, each: Expression): unknown {
    this.splatItems.push(item);
    try {
      return this.eval(each);
    } finally {
      this.splatItems.pop();
    }
  }

  // ------------------------------------------------------------------ calls

  private evalCall(e: FunctionCallExpr): unknown {
    if (e.name === 'try') return this.evalTry(e);
    if (e.name === 'can') return this.evalCan(e);
    const args = e.args.map((a) => this.eval(a));
    if (e.expandFinal) {
      const last = args.pop();
      if (last instanceof Unknown) return unknownFrom([...args, last]);
      if (!Array.isArray(last)) throw new EvaluationError(`The expanded argument (...) of ${e.name}() must be a list, got ${typeName(last)}`, e.args[e.args.length - 1]!.range);
      pushAll(args, last);
    }
    const custom = this.ctx.functions?.get(e.name);
    if (custom) return custom(args);
    const result = callBuiltin(e.name, args);
    if (result) {
      // Every built string counts against the load's budget (string-budget.ts).
      if (typeof result.value === 'string') chargeString(result.value.length);
      return result.value;
    }
    const found: Unknown[] = [];
    for (const a of args) collectUnknowns(a, found);
    return new Unknown(`unsupported function ${e.name}`, mergeRefs(found), false);
  }

  /**
   * try(a, b, ...): the first argument that evaluates without error. When that
   * value is itself unknown it might still fail at apply time, so the result is
   * unknown too, carrying the refs of the later alternatives as well.
   */
  private evalTry(e: FunctionCallExpr): unknown {
    if (e.args.length === 0) throw new EvaluationError('try() needs at least one argument', e.range);
    let lastError: EvaluationError | undefined;
    for (let k = 0; k < e.args.length; k++) {
      let v: unknown;
      try {
        v = this.eval(e.args[k]!);
      } catch (err) {
        if (err instanceof EvaluationError && !(err instanceof EvaluationLimitError)) {
          lastError = err;
          continue;
        }
        throw err;
      }
      if (!(v instanceof Unknown)) return v;
      const alternatives = e.args.slice(k + 1).map((a) => this.evalQuietly(a));
      const present = v.present && alternatives.every((a) => a !== FAILED && isPresent(a));
      const found: Unknown[] = [v];
      for (const a of alternatives) if (a !== FAILED) collectUnknowns(a, found);
      return new Unknown(v.reason, mergeRefs(found), present);
    }
    throw new EvaluationError(`No expression given to try() evaluated without errors; the last error was: ${lastError?.message ?? 'unknown'}`, e.range);
  }

  private evalCan(e: FunctionCallExpr): unknown {
    if (e.args.length !== 1) throw new EvaluationError(`can() expects 1 argument, got ${e.args.length}`, e.range);
    try {
      const v = this.eval(e.args[0]!);
      return containsUnknownValue(v) ? unknownFrom([v]) : true;
    } catch (err) {
      if (err instanceof EvaluationError && !(err instanceof EvaluationLimitError)) return false;
      throw err;
    }
  }

  /** Evaluates for the refs it may carry; errors give FAILED. */
  private evalQuietly(e: Expression): unknown {
    try {
      return this.eval(e);
    } catch (err) {
      if (err instanceof EvaluationError && !(err instanceof EvaluationLimitError)) return FAILED;
      throw err;
    }
  }

  // -------------------------------------------------------------- operators

  private evalBinary(e: BinaryExpr): unknown {
    const op = e.op;
    if (op === '&&' || op === '||') {
      const left = this.eval(e.left);
      const l = left instanceof Unknown ? left : toBoolValue(left, `left operand of ${op}`);
      // A known false (&&) or true (||) decides the result whatever the other side is.
      if (l === (op === '||')) return l;
      const right = this.eval(e.right);
      const r = right instanceof Unknown ? right : toBoolValue(right, `right operand of ${op}`);
      if (r === (op === '||')) return r;
      if (l instanceof Unknown || r instanceof Unknown) return unknownFrom([l, r]);
      return r;
    }
    const left = this.eval(e.left);
    const right = this.eval(e.right);
    if (op === '==' || op === '!=') {
      if (containsUnknownValue(left) || containsUnknownValue(right)) return unknownFrom([left, right]);
      const equal = deepEqual(left, right);
      return op === '==' ? equal : !equal;
    }
    if (left instanceof Unknown || right instanceof Unknown) return unknownFrom([left, right]);
    const a = toNumberValue(left, `left operand of ${op}`);
    const b = toNumberValue(right, `right operand of ${op}`);
    switch (op) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0) throw new ValueError('Division by zero');
        return a / b;
      case '%':
        if (b === 0) throw new ValueError('Modulo by zero');
        return a % b;
    }
  }

  /**
   * Only the selected branch is evaluated when the condition is known; its
   * errors are the only ones reported, as in HCL. With an unknown condition
   * both branches are evaluated: equal known results are the answer,
   * otherwise the result is unknown with the refs of both branches.
   */
  private evalConditional(e: ConditionalExpr): unknown {
    const c = this.eval(e.condition);
    if (c instanceof Unknown) {
      const a = this.evalQuietly(e.trueResult);
      const b = this.evalQuietly(e.falseResult);
      if (a !== FAILED && b !== FAILED && !containsUnknownValue(a) && !containsUnknownValue(b) && deepEqual(a, b)) return a;
      const found: Unknown[] = [];
      if (a !== FAILED) collectUnknowns(a, found);
      if (b !== FAILED) collectUnknowns(b, found);
      const present = a !== FAILED && b !== FAILED && isPresent(a) && isPresent(b);
      return new Unknown(`depends on a condition known only after apply (${c.reason})`, mergeRefs(found), present);
    }
    const chosen = toBoolValue(c, 'condition') ? e.trueResult : e.falseResult;
    const other = chosen === e.trueResult ? e.falseResult : e.trueResult;
    const v = this.eval(chosen);
    // Both results must unify to one type: a number or bool meeting a string becomes a string.
    if ((typeof v === 'number' || typeof v === 'boolean') && staticType(other) === 'string') return toStringValue(v);
    return v;
  }

  /**
   * Pairs to iterate over: index/element for lists, sorted key/value for maps. `at`'s range is read only
   * for the error (a traversal's is made when read: lazy-nodes.ts).
   */
  private iterationEntries(coll: unknown, at: Expression): Array<[unknown, unknown]> {
    if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
    if (isObject(coll)) return sortedKeys(coll).map((k) => [k, coll[k]]);
    if (coll === null) throw new EvaluationError('Iteration over a null value', at.range);
    throw new EvaluationError(`A for expression needs a list, set, map or object, got ${typeName(coll)}`, at.range);
  }

  private evalFor(e: ForExpr): unknown {
    const coll = this.eval(e.collection);
    if (coll instanceof Unknown) return unknownFrom([coll]);
    const entries = this.iterationEntries(coll, e.collection);
    const scope = new Map<string, unknown>();
    this.scopes.push(scope);
    try {
      const tuple: unknown[] = [];
      const object: HclObject = {};
      for (const [k, v] of entries) {
        if (e.keyVar !== null) scope.set(e.keyVar, k);
        scope.set(e.valueVar, v);
        if (e.condition) {
          const c = this.eval(e.condition);
          if (c instanceof Unknown) return unknownFrom([c, coll]);
          if (!toBoolValue(c, 'for condition')) continue;
        }
        if (!e.makeObject) {
          tuple.push(this.eval(e.valueExpr));
          continue;
        }
        const keyValue = this.eval(e.keyExpr!);
        if (keyValue instanceof Unknown) return unknownFrom([keyValue, coll]);
        if (keyValue === null) throw new EvaluationError('Invalid object key: the key is null', e.keyExpr!.range);
        const key = toStringValue(keyValue, 'object key');
        const value = this.eval(e.valueExpr);
        if (e.group) {
          const group = hasKey(object, key) ? (object[key] as unknown[]) : [];
          if (group.length === 0) setKey(object, key, group);
          group.push(value);
        } else {
          if (hasKey(object, key)) {
            throw new EvaluationError(`Duplicate object key ${JSON.stringify(key)}; add '...' after the value expression to group values by key`, e.keyExpr!.range);
          }
          setKey(object, key, value);
        }
      }
      return e.makeObject ? object : tuple;
    } finally {
      this.scopes.pop();
    }
  }

  // --------------------------------------------------------------- templates

  private renderTemplate(e: TemplateExpr): unknown {
    const out: (string | Unknown)[] = [];
    const size = { length: 0 };
    this.renderParts(e.parts, out, size);
    try {
      chargeString(size.length);
    } catch (err) {
      if (err instanceof ValueError) throw new EvaluationError(`Template result: ${err.message}`, e.range);
      throw err;
    }
    return joinParts(out);
  }

  private renderParts(parts: readonly TemplatePart[], out: (string | Unknown)[], size: { length: number }): void {
    for (const part of parts) {
      switch (part.kind) {
        case 'TemplateLiteral':
          this.append(out, size, part.value, part);
          break;
        case 'TemplateInterpolation': {
          const v = this.eval(part.expr);
          if (v instanceof Unknown) out.push(v);
          else if (v === null) throw new EvaluationError('Invalid template interpolation value: the expression result is null', part.expr.range);
          else if (typeof v === 'object') {
            throw new EvaluationError(`Invalid template interpolation value: a string is required, got ${typeName(v)}`, part.expr.range);
          } else this.append(out, size, typeof v === 'number' ? numberToString(v) : String(v), part);
          break;
        }
        case 'TemplateIf': {
          const c = this.eval(part.condition);
          if (c instanceof Unknown) {
            const then: (string | Unknown)[] = [];
            const otherwise: (string | Unknown)[] = [];
            this.renderParts(part.then, then, { length: 0 });
            if (part.else) this.renderParts(part.else, otherwise, { length: 0 });
            out.push(new Unknown(`depends on a condition known only after apply (${c.reason})`, mergeRefs([...then, ...otherwise].filter((p): p is Unknown => p instanceof Unknown)), false));
            break;
          }
          const branch = toBoolValue(c, 'condition of %{ if }') ? part.then : part.else;
          if (branch) this.renderParts(branch, out, size);
          break;
        }
        case 'TemplateFor': {
          const coll = this.eval(part.collection);
          if (coll instanceof Unknown) {
            out.push(unknownFrom([coll]));
            break;
          }
          const scope = new Map<string, unknown>();
          this.scopes.push(scope);
          try {
            for (const [k, v] of this.iterationEntries(coll, part.collection)) {
              if (part.keyVar !== null) scope.set(part.keyVar, k);
              scope.set(part.valueVar, v);
              this.renderParts(part.body, out, size);
            }
          } finally {
            this.scopes.pop();
          }
          break;
        }
      }
    }
  }

  /** `at`'s range is read only for the error: a plain string's part derives it when read (lazy-nodes.ts). */
  private append(out: (string | Unknown)[], size: { length: number }, s: string, at: { readonly range: SourceRange }): void {
    size.length += s.length;
    if (size.length > MAX_STRING_LENGTH) throw new EvaluationError(`Template result longer than ${MAX_STRING_LENGTH} characters`, at.range);
    out.push(s);
  }
}

/** Marks an alternative that failed to evaluate (distinct from every value). */
const FAILED: unique symbol = Symbol('failed');
