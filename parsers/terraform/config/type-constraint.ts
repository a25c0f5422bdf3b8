// Variable type constraints (`type = list(object({ name = string, ... }))`)
// and the conversions Terraform applies to a variable's value.
//
// They matter for the verdicts: a variable typed `bool` whose default is the
// string "false" is false (so `count = var.enabled ? 1 : 0` gives 0), a
// `number` default "7" is 7, and `optional(bool, true)` fills a missing object
// attribute with true. A value Terraform would refuse raises ValueError; the
// caller reports it where the value is written.

import { InputError } from '../../../core/diagnostics.js';
import { Unknown } from '../../../core/unknown.js';
import { staticString, type Expression } from '../hcl/ast.js';
import { evaluate } from '../hcl/evaluate.js';
import {
  compareStrings,
  deepEqual,
  hasKey,
  isObject,
  numberToString,
  setKey,
  toBoolValue,
  toNumberValue,
  typeName,
  ValueError,
  type HclObject,
} from '../hcl/values.js';

export interface ObjectAttributeType {
  type: TypeConstraint;
  optional: boolean;
  /** Value of `optional(T, default)`; undefined when there is none. */
  default?: unknown;
}

export type TypeConstraint =
  | { kind: 'any' | 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'object'; attributes: Map<string, ObjectAttributeType> }
  | { kind: 'tuple'; elements: TypeConstraint[] };

const ANY: TypeConstraint = { kind: 'any' };

/** The type written in a `type = ...` argument. Throws InputError (with the range) for something that is not a type. */
export function parseTypeConstraint(expr: Expression): TypeConstraint {
  switch (expr.kind) {
    case 'Traversal':
      if (expr.steps.length === 0) {
        switch (expr.root) {
          case 'any':
          case 'string':
          case 'number':
          case 'bool':
            return { kind: expr.root };
        }
      }
      break;
    case 'Template': {
      // Terraform 0.11 spelled types as strings; 0.12+ still accepts these three.
      const legacy = staticString(expr);
      if (legacy === 'string') return { kind: 'string' };
      if (legacy === 'list') return { kind: 'list', element: ANY };
      if (legacy === 'map') return { kind: 'map', element: ANY };
      break;
    }
    case 'Parens':
      return parseTypeConstraint(expr.expr);
    case 'FunctionCall':
      return parseTypeCall(expr.name, expr.args, expr.range);
    default:
      break;
  }
  throw new InputError('Invalid type specification: expected a type such as string, number, bool, list(...), map(...), object({...})', expr.range);
}

function parseTypeCall(name: string, args: Expression[], range: Expression['range']): TypeConstraint {
  const only = args.length === 1 ? args[0]! : undefined;
  switch (name) {
    case 'list':
    case 'set':
    case 'map':
      if (only) return { kind: name, element: parseTypeConstraint(only) };
      break;
    case 'tuple':
      if (only?.kind === 'Tuple') return { kind: 'tuple', elements: only.elements.map(parseTypeConstraint) };
      break;
    case 'object':
      if (only?.kind === 'Object') {
        const attributes = new Map<string, ObjectAttributeType>();
        for (const item of only.items) {
          const key = item.keyName ?? staticString(item.key);
          if (key === undefined) throw new InputError('Invalid object type: attribute names must be literal', item.key.range);
          attributes.set(key, parseAttributeType(item.value));
        }
        return { kind: 'object', attributes };
      }
      break;
  }
  throw new InputError(`Invalid type specification: ${name}(...) is not a type constructor here`, range);
}

function parseAttributeType(expr: Expression): ObjectAttributeType {
  if (expr.kind !== 'FunctionCall' || expr.name !== 'optional') return { type: parseTypeConstraint(expr), optional: false };
  const [typeExpr, defaultExpr] = expr.args;
  if (!typeExpr || expr.args.length > 2) throw new InputError('optional() takes a type and an optional default value', expr.range);
  const type = parseTypeConstraint(typeExpr);
  if (!defaultExpr) return { type, optional: true };
  // Defaults must be literal values (Terraform rejects references here).
  const value = evaluate(defaultExpr, { lookup: () => undefined });
  try {
    return { type, optional: true, default: convertToType(value, type) };
  } catch (e) {
    if (e instanceof ValueError) throw new InputError(`Invalid default for optional attribute: ${e.message}`, defaultExpr.range);
    throw e;
  }
}

/**
 * `value` converted to `type` as Terraform converts a variable's value:
 * primitives between string, number and bool where the string spells the
 * other type, collections element by element, objects to exactly their
 * declared attributes (missing optional ones get their default or null).
 * Unknowns stay unknown. Throws ValueError naming the offending element.
 */
export function convertToType(value: unknown, type: TypeConstraint): unknown {
  return convert(value, type, '');
}

function where(path: string): string {
  return path === '' ? '' : ` at ${path}`;
}

function convert(v: unknown, t: TypeConstraint, path: string): unknown {
  if (v instanceof Unknown || v === null || t.kind === 'any') return v;
  switch (t.kind) {
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return numberToString(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      throw new ValueError(`a string is required${where(path)}, got ${typeName(v)}`);
    case 'number':
      if (typeof v === 'boolean') throw new ValueError(`a number is required${where(path)}, got bool`);
      return wrap(() => toNumberValue(v, 'value'), path);
    case 'bool':
      if (typeof v === 'number') throw new ValueError(`a bool is required${where(path)}, got number`);
      return wrap(() => toBoolValue(v, 'value'), path);
    case 'list':
    case 'set': {
      if (!Array.isArray(v)) throw new ValueError(`a ${t.kind} is required${where(path)}, got ${typeName(v)}`);
      const items = v.map((x, i) => convert(x, t.element, `${path}[${i}]`));
      return t.kind === 'set' ? asSet(items) : items;
    }
    case 'map': {
      if (!isObject(v)) throw new ValueError(`a map is required${where(path)}, got ${typeName(v)}`);
      const out: HclObject = {};
      for (const k of Object.keys(v)) setKey(out, k, convert(v[k], t.element, `${path}[${JSON.stringify(k)}]`));
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(v)) throw new ValueError(`a tuple is required${where(path)}, got ${typeName(v)}`);
      if (v.length !== t.elements.length) throw new ValueError(`a tuple of ${t.elements.length} elements is required${where(path)}, got ${v.length}`);
      return v.map((x, i) => convert(x, t.elements[i]!, `${path}[${i}]`));
    }
    case 'object': {
      if (!isObject(v)) throw new ValueError(`an object is required${where(path)}, got ${typeName(v)}`);
      const out: HclObject = {};
      for (const [name, attr] of t.attributes) {
        const given = hasKey(v, name) ? v[name] : undefined;
        const at = path === '' ? name : `${path}.${name}`;
        if (given !== undefined && given !== null) setKey(out, name, convert(given, attr.type, at));
        else if (attr.optional) setKey(out, name, attr.default ?? null);
        else if (given === null) setKey(out, name, null);
        else throw new ValueError(`attribute "${at}" is required`);
      }
      return out;
    }
  }
}

function wrap<T>(f: () => T, path: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError && path !== '') throw new ValueError(`${e.message}${where(path)}`);
    throw e;
  }
}

/** Distinct elements; strings in lexical order, as Terraform iterates a set of strings. */
function asSet(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (x instanceof Unknown || !out.some((y) => !(y instanceof Unknown) && deepEqual(x, y))) out.push(x);
  if (out.every((x) => typeof x === 'string')) out.sort((a, b) => compareStrings(a as string, b as string));
  return out;
}
