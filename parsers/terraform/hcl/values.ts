// Terraform values as plain JavaScript, and the conversions Terraform applies
// between them.
//
// string → string, number → number, bool → boolean, null → null,
// list / tuple / set → array, map / object → plain object, and anything not
// known before deployment → Unknown (engine/unknown.ts).
//
// Objects come from untrusted input, so keys are only ever read with
// Object.hasOwn and written with setKey: a key such as "__proto__" or
// "constructor" is just a key.

import { InputError } from '../../../core/diagnostics.js';
import type { SourceRange } from '../../../core/location.js';
import { Unknown, type ResourceRef } from '../../../core/unknown.js';

export type HclObject = Record<string, unknown>;

/** A value Terraform would reject (wrong type, missing key, ...). Messages only; the evaluator adds the range. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** An expression Terraform would fail to evaluate. `code` lets reporters tell it from a syntax error. */
export class EvaluationError extends InputError {
  constructor(message: string, range?: SourceRange) {
    super(message, range, 'hcl-evaluation-error');
    this.name = 'EvaluationError';
  }
}

export function isObject(v: unknown): v is HclObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

export function hasKey(obj: HclObject, key: string): boolean {
  return Object.hasOwn(obj, key);
}

export function setKey(obj: HclObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Object keys in Terraform's order (lexicographic), which is how it iterates and encodes objects. */
export function sortedKeys(obj: HclObject): string[] {
  return Object.keys(obj).sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Unknown) return 'unknown value';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** Terraform prints numbers in plain decimal notation, never with an exponent. */
export function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new ValueError(`${n} is not a valid number`);
  const s = String(n);
  if (!s.includes('e')) return s;
  // Expand 1e+21 / 1.5e-7 (JavaScript's shortest form) into plain digits.
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2]! + (m[3] ?? '');
  const pointAt = 1 + Number(m[4]);
  let out: string;
  if (pointAt <= 0) out = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return m[1] + out;
}

/** Conversion to string as Terraform does it implicitly (numbers and bools convert; collections do not). */
export function toStringValue(v: unknown, what = 'value'): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new ValueError(`Invalid ${what}: a string is required, but the value is null`);
  throw new ValueError(`Invalid ${what}: a string is required, got ${typeName(v)}`);
}

const NUMERIC = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Conversion to number: numbers, and strings that spell a decimal number ("12", "1.5", "-3"). */
export function toNumberValue(v: unknown, what = 'value'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === v && NUMERIC.test(t)) return Number(t);
    throw new ValueError(`Invalid ${what}: a number is required, got the string ${JSON.stringify(v)}`);
  }
  if (v === null) throw new ValueError(`Invalid ${what}: a number is required, but the value is null`);
  throw new ValueError(`Invalid ${what}: a number is required, got ${typeName(v)}`);
}

/** Conversion to bool: booleans and the strings "true" and "false". */
export function toBoolValue(v: unknown, what = 'value'): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v === null) throw new ValueError(`Invalid ${what}: a bool is required, but the value is null`);
  throw new ValueError(`Invalid ${what}: a bool is required, got ${typeof v === 'string' ? `the string ${JSON.stringify(v)}` : typeName(v)}`);
}

export function toIntegerValue(v: unknown, what = 'value'): number {
  const n = toNumberValue(v, what);
  if (!Number.isInteger(n)) throw new ValueError(`Invalid ${what}: a whole number is required, got ${numberToString(n)}`);
  return n;
}

export function toListValue(v: unknown, what = 'value'): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null) throw new ValueError(`Invalid ${what}: a list is required, but the value is null`);
  throw new ValueError(`Invalid ${what}: a list is required, got ${typeName(v)}`);
}

export function toObjectValue(v: unknown, what = 'value'): HclObject {
  if (isObject(v)) return v;
  if (v === null) throw new ValueError(`Invalid ${what}: a map is required, but the value is null`);
  throw new ValueError(`Invalid ${what}: a map is required, got ${typeName(v)}`);
}

/**
 * Type unification of collection elements: when strings are mixed with numbers
 * or bools, Terraform converts them all to strings (`tolist([1, "a"])` is
 * `["1", "a"]`). Nulls and unknowns are left alone.
 */
export function unifyPrimitives(values: readonly unknown[]): unknown[] {
  let hasString = false;
  let hasOther = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') hasString = true;
    else if (typeof v === 'number' || typeof v === 'boolean') hasOther = true;
  }
  if (!(hasString && hasOther)) return values.slice();
  return values.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? toStringValue(v) : v));
}

/** Equality as Terraform's `==`: same type and same value, collections compared deeply. Callers handle unknowns first. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!hasKey(b, k) || !deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** Every Unknown in `v`, however deeply nested. */
export function collectUnknowns(v: unknown, out: Unknown[]): void {
  if (v instanceof Unknown) out.push(v);
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) collectUnknowns(v[i], out);
  else if (isObject(v)) for (const k in v) if (hasKey(v, k)) collectUnknowns(v[k], out);
}

// The walks over values below run on every evaluated value, in a fresh process mostly interpreted:
// indexed loops and parallel stacks, where a for-of or a destructured pair would make objects per element.


export function mergeRefs(unknowns: readonly Unknown[]): ResourceRef[] {
  const seen = new Set<string>();
  const refs: ResourceRef[] = [];
  for (let i = 0; i < unknowns.length; i++) {
    const ur = unknowns[i]!.refs;
    for (let j = 0; j < ur.length; j++) {
      const r = ur[j]!;
      const key = `${r.address}\u0000${r.attribute ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      refs.push(r);
    }
  }
  return refs;
}

/**
 * The Unknown result of an operation on `inputs`: the union of every ref found
 * in them, and `present` only when every unknown input was certainly present
 * (so a result is never claimed present on the strength of a maybe-absent
 * value). With a single unknown input its reason carries over.
 */
export function unknownFrom(inputs: readonly unknown[], reason = 'depends on values known only after apply'): Unknown {
  const found: Unknown[] = [];
  for (let i = 0; i < inputs.length; i++) collectUnknowns(inputs[i], found);
  const present = found.length > 0 && found.every((u) => u.present);
  return new Unknown(found.length === 1 ? found[0]!.reason : reason, mergeRefs(found), present);
}

/** Whether `v` is certainly a non-empty value: not null, not "", and not an unknown that may be absent. */
export function isPresent(v: unknown): boolean {
  if (v instanceof Unknown) return v.present;
  return v !== null && v !== '';
}

export function containsUnknownValue(v: unknown): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (containsUnknownValue(v[i])) return true;
    return false;
  }
  if (isObject(v)) {
    for (const k in v) if (hasKey(v, k) && containsUnknownValue(v[k])) return true;
  }
  return false;
}

// Made on first use (a non-ASCII string in length() or substr()): creating it loads ICU data at start-up.
let segmenter: Intl.Segmenter | undefined;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** User-perceived characters, which is what Terraform's length() and substr() count. */
export function graphemes(s: string): string[] {
  if (isAscii(s)) return s.split('');
  const out: string[] = [];
  for (const { segment } of (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(s)) out.push(segment);
  return out;
}

/** Depth of nested arrays/objects, to refuse decoded documents too deep to walk safely. */
export function nestingDepth(v: unknown, limit: number): number {
  // Iterative, so that a hostile document cannot overflow the stack while being measured.
  let max = 0;
  const values: unknown[] = [v];
  const depths: number[] = [0];
  while (values.length > 0) {
    const x = values.pop();
    const d = depths.pop()!;
    if (d > max) max = d;
    if (max > limit) return max;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        values.push(x[i]);
        depths.push(d + 1);
      }
    } else if (isObject(x)) {
      for (const k in x) {
        if (!hasKey(x, k)) continue;
        values.push(x[k]);
        depths.push(d + 1);
      }
    }
  }
  return max;
}
