// Terraform's built-in functions, as far as they can be computed statically.
//
// Each entry declares its arity and how it treats unknown arguments:
// - 'deep':    any unknown anywhere in the arguments makes the result unknown;
// - 'shallow': only an argument that is itself unknown does; unknown elements
//              inside a list or values inside a map are carried through
//              (length([x, unknown]) is 2, concat keeps the unknown element);
// - 'self':    the function handles unknowns itself (jsonencode keeps the
//              document, format keeps the known text, coalesce looks for a
//              known non-empty value first, ...).
// An unknown result keeps the refs of the unknowns it came from.
//
// Functions that read files or the clock, or that Terraform provides but we do
// not implement, return Unknown: nothing in a configuration is ever executed
// or read from disk. `try` and `can` are evaluated lazily by the evaluator.

import { parseAllDocuments } from 'yaml';
import { Unknown } from '../../../core/unknown.js';
import { encodeJson } from './json-encode.js';
import { formatList, formatValues } from './format.js';
import { compileTerraformRegex, expandReplacement, MAX_SUBJECT_LENGTH, type RegexMatch } from './re2-regex.js';
import { joinParts, jsonDocument, parseJsonSafely, PartialString, UnknownJsonDocument } from './structured-unknown.js';
import {
  collectUnknowns,
  compareStrings,
  containsUnknownValue,
  deepEqual,
  graphemes,
  hasKey,
  isObject,
  mergeRefs,
  nestingDepth,
  setKey,
  sortedKeys,
  toBoolValue,
  toIntegerValue,
  toListValue,
  toNumberValue,
  toObjectValue,
  toStringValue,
  typeName,
  unifyPrimitives,
  unknownFrom,
  ValueError,
  type HclObject,
} from './values.js';
import { maxOf, minOf, pushAll } from '../../arrays.js';
import { checkStringLength, MAX_STRING_LENGTH } from './string-budget.js';
import { trimTrailing } from '../../../core/trim.js';


type Impl = (args: unknown[]) => unknown;

interface FunctionSpec {
  /** Required parameters. */
  params: number;
  /** Optional parameters after the required ones. */
  optional?: number;
  /** Any number of further arguments. */
  variadic?: boolean;
  unknowns: 'deep' | 'shallow' | 'self';
  impl: Impl;
}

function checkLength(s: string): string {
  checkStringLength(s.length);
  return s;
}

function str(v: unknown, param: string): string {
  return toStringValue(v, `value for parameter "${param}"`);
}

function list(v: unknown, param: string): unknown[] {
  return toListValue(v, `value for parameter "${param}"`);
}

function num(v: unknown, param: string): number {
  return toNumberValue(v, `value for parameter "${param}"`);
}

function int(v: unknown, param: string): number {
  return toIntegerValue(v, `value for parameter "${param}"`);
}

function obj(v: unknown, param: string): HclObject {
  return toObjectValue(v, `value for parameter "${param}"`);
}

function notFile(name: string): FunctionSpec {
  return {
    params: 0,
    variadic: true,
    unknowns: 'self',
    impl: (args) => new Unknown(`${name}() is not evaluated: trailguard never reads files from expressions`, mergeRefs(unknownsIn(args)), false),
  };
}

function unknownsIn(values: readonly unknown[]): Unknown[] {
  const out: Unknown[] = [];
  for (let i = 0; i < values.length; i++) collectUnknowns(values[i], out);
  return out;
}

/** Removes duplicates (by Terraform equality), keeping the first occurrence. */
function distinctValues(values: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const seenPrimitive = new Set<unknown>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || typeof v !== 'object') {
      if (seenPrimitive.has(v)) continue;
      seenPrimitive.add(v);
      out.push(v);
    } else if (!out.some((o) => deepEqual(o, v))) out.push(v);
  }
  return out;
}

/** Terraform sets of strings and numbers iterate in sorted order. */
function toSet(values: readonly unknown[]): unknown[] {
  const out = distinctValues(unifyPrimitives(values));
  if (out.every((v) => typeof v === 'string')) out.sort((a, b) => compareStrings(a as string, b as string));
  else if (out.every((v) => typeof v === 'number')) out.sort((a, b) => (a as number) - (b as number));
  return out;
}

function flattenInto(values: readonly unknown[], out: unknown[]): Unknown | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v instanceof Unknown) return v;
    if (Array.isArray(v)) {
      const u = flattenInto(v, out);
      if (u) return u;
    } else out.push(v);
  }
  return undefined;
}

function replaceAll(s: string, search: string, replacement: string): string {
  if (search === '') {
    // As Go's strings.Replace: the replacement goes before every character and at the end.
    const chars = Array.from(s);
    if (s.length + (chars.length + 1) * replacement.length > MAX_STRING_LENGTH) {
      throw new ValueError(`the result would be longer than ${MAX_STRING_LENGTH} characters`);
    }
    return replacement + chars.join(replacement) + (chars.length > 0 ? replacement : '');
  }
  const pieces = s.split(search);
  const size = s.length + (pieces.length - 1) * (replacement.length - search.length);
  checkStringLength(size);
  return pieces.join(replacement);
}

function regexReplace(s: string, pattern: string, replacement: string): unknown {
  if (s.length > MAX_SUBJECT_LENGTH) return new Unknown('replace() on a very long string is not evaluated', [], false);
  const re = compileTerraformRegex(pattern);
  if (!re) return new Unknown(`replace() with the regular expression /${pattern}/ is not evaluated`, [], false);
  const out: string[] = [];
  let last = 0;
  let size = 0;
  for (const m of re.matches(s)) {
    const piece = s.slice(last, m.start) + expandReplacement(replacement, m);
    size += piece.length;
    checkStringLength(size);
    out.push(piece);
    last = m.end;
  }
  out.push(s.slice(last));
  return out.join('');
}

/** regex(): the match, its capture groups as a list, or named groups as an object (null for a group that took no part). */
function regexResult(m: RegexMatch): unknown {
  if (m.groups && Object.keys(m.groups).length > 0) {
    const out: HclObject = {};
    for (const [k, v] of Object.entries(m.groups)) setKey(out, k, v ?? null);
    return out;
  }
  if (m.length > 1) return Array.from({ length: m.length - 1 }, (_, i) => m[i + 1] ?? null);
  return m[0];
}

function regexFunction(all: boolean): FunctionSpec {
  return {
    params: 2,
    unknowns: 'deep',
    impl: ([pattern, subject]) => {
      const p = str(pattern, 'pattern');
      const s = str(subject, 'string');
      const re = s.length <= MAX_SUBJECT_LENGTH ? compileTerraformRegex(p) : undefined;
      if (!re) return new Unknown(`${all ? 'regexall' : 'regex'}() with the pattern /${p}/ is not evaluated`, [], false);
      // As go-cty's regex: the result is a string, a list (unnamed groups) or an object (named ones), never both.
      if (re.names.length > 0 && re.names.length < re.groupCount) throw new ValueError('invalid regular expression pattern: cannot mix both named and unnamed capture groups');
      if (!all) {
        const first = re.matches(s).next();
        if (first.done) throw new ValueError('pattern did not match any part of the given string');
        return regexResult(first.value);
      }
      const out: unknown[] = [];
      for (const m of re.matches(s)) out.push(regexResult(m));
      return out;
    },
  };
}

function trimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  const cut = new Set(Array.from(cutset));
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && cut.has(chars[a]!)) a++;
  if (right) while (b > a && cut.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

function numberList(values: readonly unknown[], param: string): number[] {
  return values.map((v) => num(v, param));
}

function boolList(values: readonly unknown[], param: string): boolean[] {
  return values.map((v) => toBoolValue(v, `element of parameter "${param}"`));
}

const SPECS: Array<[string, FunctionSpec]> = [
  // ---------------------------------------------------------------- encoding
  [
    'jsonencode',
    {
      params: 1,
      unknowns: 'self',
      impl: ([v]) => {
        if (v instanceof Unknown) return unknownFrom([v]);
        // The document survives an unknown inside it: see structured-unknown.ts.
        if (containsUnknownValue(v)) return new UnknownJsonDocument(v, mergeRefs(unknownsIn([v])));
        return checkLength(encodeJson(v));
      },
    },
  ],
  [
    'jsondecode',
    {
      params: 1,
      unknowns: 'self',
      impl: ([v]) => {
        if (v instanceof UnknownJsonDocument || v instanceof PartialString) {
          const doc = jsonDocument(v);
          return doc === undefined ? unknownFrom([v]) : doc;
        }
        if (v instanceof Unknown) return unknownFrom([v]);
        const s = str(v, 'str');
        const doc = parseJsonSafely(s);
        if (doc === undefined) throw new ValueError('the string is not valid JSON (or is nested too deeply)');
        return doc;
      },
    },
  ],
  [
    'yamldecode',
    {
      params: 1,
      unknowns: 'self',
      impl: ([v]) => {
        if (v instanceof Unknown) return unknownFrom([v]);
        return decodeYaml(str(v, 'src'));
      },
    },
  ],
  ['format', { params: 1, variadic: true, unknowns: 'self', impl: ([spec, ...rest]) => (spec instanceof Unknown ? unknownFrom([spec, ...rest]) : formatValues(str(spec, 'format'), rest)) }],
  ['formatlist', { params: 1, variadic: true, unknowns: 'deep', impl: ([spec, ...rest]) => formatList(str(spec, 'format'), rest) }],

  // -------------------------------------------------------------- collections
  [
    'concat',
    {
      params: 0,
      variadic: true,
      unknowns: 'shallow',
      impl: (args) => {
        const out: unknown[] = [];
        for (const a of args) pushAll(out, list(a, 'seqs'));
        return out;
      },
    },
  ],
  [
    'merge',
    {
      params: 0,
      variadic: true,
      unknowns: 'shallow',
      impl: (args) => {
        const out: HclObject = {};
        for (const a of args) {
          if (a === null) continue;
          const o = obj(a, 'maps');
          for (const k of Object.keys(o)) setKey(out, k, o[k]);
        }
        return out;
      },
    },
  ],
  [
    'lookup',
    {
      params: 2,
      optional: 1,
      unknowns: 'shallow',
      impl: (args) => {
        const o = obj(args[0], 'inputMap');
        const k = str(args[1], 'key');
        if (hasKey(o, k)) return o[k];
        if (args.length > 2) return args[2];
        throw new ValueError(`lookup failed to find key ${JSON.stringify(k)}`);
      },
    },
  ],
  [
    'coalesce',
    {
      params: 0,
      variadic: true,
      unknowns: 'self',
      impl: (args) => {
        for (let k = 0; k < args.length; k++) {
          const v = args[k];
          // An unknown before any known non-empty value could be anything, even null.
          if (v instanceof Unknown) return unknownFrom(args.slice(k));
          if (v === null || v === '') continue;
          const others = args.filter((a) => a !== null && !(a instanceof Unknown));
          const hasString = others.some((a) => typeof a === 'string');
          return hasString && (typeof v === 'number' || typeof v === 'boolean') ? toStringValue(v) : v;
        }
        throw new ValueError('no non-null, non-empty-string arguments');
      },
    },
  ],
  [
    'coalescelist',
    {
      params: 0,
      variadic: true,
      unknowns: 'self',
      impl: (args) => {
        for (let k = 0; k < args.length; k++) {
          const v = args[k];
          if (v instanceof Unknown) return unknownFrom(args.slice(k));
          if (list(v, 'vals').length > 0) return v;
        }
        throw new ValueError('no non-empty list arguments');
      },
    },
  ],
  [
    'compact',
    {
      params: 1,
      unknowns: 'deep',
      impl: ([l]) => list(l, 'list').filter((v) => v !== null && str(v, 'list') !== ''),
    },
  ],
  [
    'flatten',
    {
      params: 1,
      unknowns: 'self',
      impl: ([l]) => {
        if (l instanceof Unknown) return unknownFrom([l]);
        const out: unknown[] = [];
        const u = flattenInto(list(l, 'list'), out);
        return u ? unknownFrom([l]) : out;
      },
    },
  ],
  ['distinct', { params: 1, unknowns: 'deep', impl: ([l]) => distinctValues(list(l, 'list')) }],
  [
    'contains',
    {
      params: 2,
      unknowns: 'self',
      impl: ([l, v]) => {
        if (l instanceof Unknown || containsUnknownValue(v)) return unknownFrom([l, v]);
        const items = list(l, 'list');
        let undecided = false;
        for (const item of items) {
          if (containsUnknownValue(item)) undecided = true;
          else if (deepEqual(item, v)) return true;
        }
        return undecided ? unknownFrom([l, v]) : false;
      },
    },
  ],
  ['keys', { params: 1, unknowns: 'shallow', impl: ([m]) => sortedKeys(obj(m, 'inputMap')) }],
  [
    'values',
    {
      params: 1,
      unknowns: 'shallow',
      impl: ([m]) => {
        const o = obj(m, 'mapping');
        return sortedKeys(o).map((k) => o[k]);
      },
    },
  ],
  [
    'length',
    {
      params: 1,
      unknowns: 'shallow',
      impl: ([v]) => {
        if (typeof v === 'string') return graphemes(v).length;
        if (Array.isArray(v)) return v.length;
        if (isObject(v)) return Object.keys(v).length;
        throw new ValueError(`Invalid value for "value" parameter: a collection or string is required, got ${typeName(v)}`);
      },
    },
  ],
  [
    'element',
    {
      params: 2,
      unknowns: 'shallow',
      impl: ([l, i]) => {
        const items = list(l, 'list');
        const index = int(i, 'index');
        if (items.length === 0) throw new ValueError('cannot use element function with an empty list');
        if (index < 0) throw new ValueError('cannot use element function with a negative index');
        return items[index % items.length];
      },
    },
  ],
  [
    'index',
    {
      params: 2,
      unknowns: 'deep',
      impl: ([l, v]) => {
        const at = list(l, 'list').findIndex((item) => deepEqual(item, v));
        if (at < 0) throw new ValueError('item not found');
        return at;
      },
    },
  ],
  [
    'slice',
    {
      params: 3,
      unknowns: 'shallow',
      impl: ([l, a, b]) => {
        const items = list(l, 'list');
        const start = int(a, 'start_index');
        const end = int(b, 'end_index');
        if (start < 0) throw new ValueError('start index must not be less than zero');
        if (end > items.length) throw new ValueError('end index must not be greater than the length of the list');
        if (start > end) throw new ValueError('start index must not be greater than end index');
        return items.slice(start, end);
      },
    },
  ],
  ['reverse', { params: 1, unknowns: 'shallow', impl: ([l]) => list(l, 'list').slice().reverse() }],
  [
    'sort',
    {
      params: 1,
      unknowns: 'deep',
      impl: ([l]) =>
        list(l, 'list')
          .map((v) => str(v, 'list'))
          .sort(compareStrings),
    },
  ],
  [
    'zipmap',
    {
      params: 2,
      unknowns: 'self',
      impl: ([k, v]) => {
        if (containsUnknownValue(k) || v instanceof Unknown) return unknownFrom([k, v]);
        const ks = list(k, 'keys').map((x) => str(x, 'keys'));
        const vs = list(v, 'values');
        if (ks.length !== vs.length) throw new ValueError(`number of keys (${ks.length}) does not match number of values (${vs.length})`);
        const out: HclObject = {};
        ks.forEach((key, n) => setKey(out, key, vs[n]));
        return out;
      },
    },
  ],
  [
    'one',
    {
      params: 1,
      unknowns: 'shallow',
      impl: ([l]) => {
        if (l === null) return null;
        const items = list(l, 'list');
        if (items.length > 1) throw new ValueError('must be a list, set, or tuple value with either zero or one elements');
        return items.length === 0 ? null : items[0];
      },
    },
  ],
  [
    'range',
    {
      params: 1,
      optional: 2,
      unknowns: 'deep',
      impl: (args) => {
        const ns = numberList(args, 'params');
        let start = 0;
        let limit: number;
        let step: number;
        if (ns.length === 1) limit = ns[0]!;
        else {
          start = ns[0]!;
          limit = ns[1]!;
        }
        if (ns.length === 3) step = ns[2]!;
        else step = start > limit ? -1 : 1;
        if (step === 0) throw new ValueError('step must not be zero');
        if ((step > 0 && start > limit) || (step < 0 && start < limit)) {
          throw new ValueError(`${step > 0 ? 'start must be less than or equal to limit when step is positive' : 'start must be greater than or equal to limit when step is negative'}`);
        }
        const count = Math.ceil((limit - start) / step);
        // Terraform's own limit, which also keeps range() from exhausting memory.
        if (count > 1024) throw new ValueError('more than 1024 values were generated; either decrease the difference between start and end or use a smaller step');
        const out: number[] = [];
        for (let k = 0; k < count; k++) out.push(start + k * step);
        return out;
      },
    },
  ],
  [
    'chunklist',
    {
      params: 2,
      unknowns: 'shallow',
      impl: ([l, n]) => {
        const items = list(l, 'list');
        const size = int(n, 'size');
        if (size < 0) throw new ValueError('the size argument must be positive');
        if (size === 0) return [items];
        const out: unknown[][] = [];
        for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size));
        return out;
      },
    },
  ],
  ['setunion', { params: 1, variadic: true, unknowns: 'deep', impl: (args) => toSet(args.flatMap((a) => list(a, 'sets'))) }],
  [
    'setintersection',
    {
      params: 1,
      variadic: true,
      unknowns: 'deep',
      impl: (args) => {
        const sets = args.map((a) => list(a, 'sets'));
        return toSet(sets[0]!.filter((v) => sets.every((s) => s.some((w) => deepEqual(v, w)))));
      },
    },
  ],
  [
    'setsubtract',
    {
      params: 2,
      unknowns: 'deep',
      impl: ([a, b]) => {
        const minus = list(b, 'b');
        return toSet(list(a, 'a').filter((v) => !minus.some((w) => deepEqual(v, w))));
      },
    },
  ],

  // -------------------------------------------------------------- conversion
  ['tostring', { params: 1, unknowns: 'self', impl: ([v]) => (v instanceof Unknown ? v : v === null ? null : str(v, 'v')) }],
  ['tonumber', { params: 1, unknowns: 'shallow', impl: ([v]) => (v === null ? null : num(v, 'v')) }],
  ['tobool', { params: 1, unknowns: 'shallow', impl: ([v]) => (v === null ? null : toBoolValue(v, 'value for parameter "v"')) }],
  ['tolist', { params: 1, unknowns: 'shallow', impl: ([v]) => (v === null ? null : unifyPrimitives(list(v, 'v'))) }],
  ['toset', { params: 1, unknowns: 'deep', impl: ([v]) => (v === null ? null : toSet(list(v, 'v'))) }],
  [
    'tomap',
    {
      params: 1,
      unknowns: 'shallow',
      impl: ([v]) => {
        if (v === null) return null;
        const o = obj(v, 'v');
        const keys = Object.keys(o);
        const unified = unifyPrimitives(keys.map((k) => o[k]));
        const out: HclObject = {};
        keys.forEach((k, n) => setKey(out, k, unified[n]));
        return out;
      },
    },
  ],

  // ----------------------------------------------------------------- strings
  [
    'join',
    {
      params: 1,
      variadic: true,
      unknowns: 'self',
      impl: ([sep, ...lists]) => {
        if (sep instanceof Unknown || lists.some((l) => l instanceof Unknown)) return unknownFrom([sep, ...lists]);
        const separator = str(sep, 'separator');
        const parts: (string | Unknown)[] = [];
        let size = 0;
        let first = true;
        for (const l of lists) {
          for (const item of list(l, 'lists')) {
            if (!first) parts.push(separator);
            first = false;
            if (item === null) throw new ValueError('element is null; cannot concatenate null values');
            const piece = item instanceof Unknown ? item : str(item, 'lists');
            if (typeof piece === 'string') size += piece.length + separator.length;
            checkStringLength(size);
            parts.push(piece);
          }
        }
        return joinParts(parts);
      },
    },
  ],
  [
    'split',
    {
      params: 2,
      unknowns: 'deep',
      impl: ([sep, s]) => {
        const separator = str(sep, 'separator');
        const text = str(s, 'str');
        return separator === '' ? Array.from(text) : text.split(separator);
      },
    },
  ],
  [
    'replace',
    {
      params: 3,
      unknowns: 'deep',
      impl: ([s, search, replacement]) => {
        const text = str(s, 'str');
        const sub = str(search, 'substr');
        const rep = str(replacement, 'replace');
        if (sub.length >= 2 && sub.startsWith('/') && sub.endsWith('/')) return regexReplace(text, sub.slice(1, -1), rep);
        return replaceAll(text, sub, rep);
      },
    },
  ],
  ['regex', regexFunction(false)],
  ['regexall', regexFunction(true)],
  ['lower', { params: 1, unknowns: 'deep', impl: ([s]) => str(s, 'str').toLowerCase() }],
  ['upper', { params: 1, unknowns: 'deep', impl: ([s]) => str(s, 'str').toUpperCase() }],
  ['title', { params: 1, unknowns: 'deep', impl: ([s]) => str(s, 'str').replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()) }],
  ['strrev', { params: 1, unknowns: 'deep', impl: ([s]) => graphemes(str(s, 'str')).reverse().join('') }],
  ['trimspace', { params: 1, unknowns: 'deep', impl: ([s]) => str(s, 'str').trim() }],
  ['chomp', { params: 1, unknowns: 'deep', impl: ([s]) => trimTrailing(str(s, 'str'), '\r\n') }],
  ['trim', { params: 2, unknowns: 'deep', impl: ([s, c]) => trimCutset(str(s, 'str'), str(c, 'cutset'), true, true) }],
  [
    'trimprefix',
    {
      params: 2,
      unknowns: 'deep',
      impl: ([s, p]) => {
        const text = str(s, 'str');
        const prefix = str(p, 'prefix');
        return text.startsWith(prefix) ? text.slice(prefix.length) : text;
      },
    },
  ],
  [
    'trimsuffix',
    {
      params: 2,
      unknowns: 'deep',
      impl: ([s, p]) => {
        const text = str(s, 'str');
        const suffix = str(p, 'suffix');
        return suffix !== '' && text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : text;
      },
    },
  ],
  [
    'substr',
    {
      params: 3,
      unknowns: 'deep',
      impl: ([s, o, l]) => {
        const chars = graphemes(str(s, 'str'));
        let offset = int(o, 'offset');
        let length = int(l, 'length');
        if (offset < 0) {
          offset += chars.length;
          if (offset < 0) throw new ValueError('offset is out of range');
        }
        if (offset > chars.length) throw new ValueError('offset is out of range');
        if (length < 0 || offset + length > chars.length) length = chars.length - offset;
        return chars.slice(offset, offset + length).join('');
      },
    },
  ],
  ['startswith', { params: 2, unknowns: 'self', impl: ([s, p]) => startsWith(s, p) }],
  ['endswith', { params: 2, unknowns: 'deep', impl: ([s, p]) => str(s, 'str').endsWith(str(p, 'suffix')) }],
  [
    'indent',
    {
      params: 2,
      unknowns: 'deep',
      impl: ([n, s]) => {
        const spaces = ' '.repeat(Math.min(Math.max(int(n, 'spaces'), 0), 10_000));
        const text = str(s, 'str');
        return checkLength(text.replace(/\n/g, `\n${spaces}`));
      },
    },
  ],
  [
    'base64encode',
    { params: 1, unknowns: 'deep', impl: ([s]) => Buffer.from(str(s, 'str'), 'utf8').toString('base64') },
  ],
  [
    'base64decode',
    {
      params: 1,
      unknowns: 'deep',
      impl: ([s]) => {
        const text = str(s, 'str');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new ValueError('failed to decode base64 data');
        return Buffer.from(text, 'base64').toString('utf8');
      },
    },
  ],
  ['urlencode', { params: 1, unknowns: 'deep', impl: ([s]) => encodeURIComponent(str(s, 'str')).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) }],

  // ----------------------------------------------------------------- numbers
  [
    'min',
    {
      params: 1,
      variadic: true,
      unknowns: 'deep',
      impl: (args) => minOf(numberList(args, 'numbers'), (n) => n, Infinity),
    },
  ],
  [
    'max',
    {
      params: 1,
      variadic: true,
      unknowns: 'deep',
      impl: (args) => maxOf(numberList(args, 'numbers'), (n) => n, -Infinity),
    },
  ],
  ['abs', { params: 1, unknowns: 'deep', impl: ([n]) => Math.abs(num(n, 'num')) }],
  ['ceil', { params: 1, unknowns: 'deep', impl: ([n]) => Math.ceil(num(n, 'num')) }],
  ['floor', { params: 1, unknowns: 'deep', impl: ([n]) => Math.floor(num(n, 'num')) }],
  ['signum', { params: 1, unknowns: 'deep', impl: ([n]) => Math.sign(num(n, 'num')) }],
  ['pow', { params: 2, unknowns: 'deep', impl: ([a, b]) => Math.pow(num(a, 'num'), num(b, 'power')) }],
  [
    'parseint',
    {
      params: 2,
      unknowns: 'deep',
      impl: ([s, b]) => {
        const text = str(s, 'number');
        const base = int(b, 'base');
        if (base < 2 || base > 62) throw new ValueError('base must be a whole number between 2 and 62 inclusive');
        const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
        const body = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
        if (body === '') throw new ValueError(`cannot parse ${JSON.stringify(text)} as a base ${base} integer`);
        let value = 0n;
        for (const ch of body) {
          let d = digits.indexOf(base <= 36 ? ch.toLowerCase() : ch);
          if (d < 0 || d >= base) d = -1;
          if (d < 0) throw new ValueError(`cannot parse ${JSON.stringify(text)} as a base ${base} integer`);
          value = value * BigInt(base) + BigInt(d);
        }
        return Number(text.startsWith('-') ? -value : value);
      },
    },
  ],
  [
    'sum',
    {
      params: 1,
      unknowns: 'deep',
      impl: ([l]) => {
        const items = list(l, 'list');
        if (items.length === 0) throw new ValueError('cannot sum an empty list');
        return numberList(items, 'list').reduce((a, b) => a + b, 0);
      },
    },
  ],
  [
    'alltrue',
    {
      params: 1,
      unknowns: 'self',
      impl: ([l]) => {
        if (l instanceof Unknown) return unknownFrom([l]);
        const items = list(l, 'list');
        const known = boolList(items.filter((v) => !(v instanceof Unknown)), 'list');
        if (known.includes(false)) return false;
        return known.length === items.length ? true : unknownFrom([l]);
      },
    },
  ],
  [
    'anytrue',
    {
      params: 1,
      unknowns: 'self',
      impl: ([l]) => {
        if (l instanceof Unknown) return unknownFrom([l]);
        const items = list(l, 'list');
        const known = boolList(items.filter((v) => !(v instanceof Unknown)), 'list');
        if (known.includes(true)) return true;
        return known.length === items.length ? false : unknownFrom([l]);
      },
    },
  ],

  // -------------------------------------------- files, time, randomness: never computed
  ['file', notFile('file')],
  ['templatefile', notFile('templatefile')],
  ['filebase64', notFile('filebase64')],
  ['fileexists', notFile('fileexists')],
  ['fileset', notFile('fileset')],
  ['filemd5', notFile('filemd5')],
  ['filesha1', notFile('filesha1')],
  ['filesha256', notFile('filesha256')],
  ['filesha512', notFile('filesha512')],
  ['filebase64sha256', notFile('filebase64sha256')],
  ['filebase64sha512', notFile('filebase64sha512')],
  ['timestamp', { params: 0, unknowns: 'self', impl: () => new Unknown('timestamp() is known only when Terraform runs', [], true) }],
  ['plantimestamp', { params: 0, unknowns: 'self', impl: () => new Unknown('plantimestamp() is known only when Terraform runs', [], true) }],
  ['uuid', { params: 0, unknowns: 'self', impl: () => new Unknown('uuid() is known only when Terraform runs', [], true) }],
];

/**
 * startswith(), which can often be answered for a PartialString from its
 * known prefix: `startswith("arn:aws:s3:::${bucket}", "arn:")` is true.
 */
function startsWith(s: unknown, p: unknown): unknown {
  if (p instanceof Unknown) return unknownFrom([s, p]);
  const prefix = str(p, 'prefix');
  if (s instanceof PartialString) {
    const known = s.knownPrefix;
    if (known.length >= prefix.length) return known.startsWith(prefix);
    if (!prefix.startsWith(known)) return false;
    return unknownFrom([s]);
  }
  if (s instanceof Unknown) return unknownFrom([s]);
  return str(s, 'str').startsWith(prefix);
}

const BUILTINS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS);

export function isBuiltinFunction(name: string): boolean {
  return BUILTINS.has(name);
}

/**
 * Calls builtin `name`; undefined if there is no such builtin. Throws
 * ValueError for a call Terraform would reject.
 */
export function callBuiltin(name: string, args: unknown[]): { value: unknown } | undefined {
  const spec = BUILTINS.get(name);
  if (!spec) return undefined;
  const max = spec.variadic ? Infinity : spec.params + (spec.optional ?? 0);
  if (args.length < spec.params || args.length > max) {
    const expected = spec.variadic ? `at least ${spec.params}` : spec.optional ? `${spec.params} to ${max}` : `${spec.params}`;
    throw new ValueError(`function ${name}() expects ${expected} argument${expected === '1' ? '' : 's'}, got ${args.length}`);
  }
  if (spec.unknowns === 'deep' && args.some(containsUnknownValue)) return { value: unknownFrom(args) };
  if (spec.unknowns === 'shallow' && args.some((a) => a instanceof Unknown)) return { value: unknownFrom(args) };
  return { value: spec.impl(args) };
}

/**
 * yamldecode(): YAML 1.2 (core schema) as Terraform reads it: one document, aliases to earlier anchors but
 * no cycles (the library refuses them, and more than 100 alias expansions), mapping keys as strings,
 * timestamps as RFC 3339 strings. Anything Terraform cannot represent (infinities, NaN, a second
 * document) is an error, reported as Terraform reports a failed call.
 */
function decodeYaml(text: string): unknown {
  const docs = parseAllDocuments(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) throw new ValueError('the YAML stream could not be read');
  if (docs.length !== 1) throw new ValueError(docs.length === 0 ? 'the string holds no YAML document' : 'the string holds more than one YAML document');
  const doc = docs[0]!;
  const problem = doc.errors[0];
  if (problem) throw new ValueError(`the string is not valid YAML: ${problem.message.split('\n')[0]!.slice(0, 200)}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ValueError(`the YAML cannot be decoded: ${(e as Error).message.slice(0, 200)}`);
  }
  if (nestingDepth(value, MAX_YAML_DECODE_DEPTH) > MAX_YAML_DECODE_DEPTH) throw new ValueError(`the YAML is nested more than ${MAX_YAML_DECODE_DEPTH} levels deep`);
  return fromYaml(value);
}

const MAX_YAML_DECODE_DEPTH = 256;

function fromYaml(v: unknown): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValueError('the YAML holds a number Terraform cannot represent (an infinity or NaN)');
    return v;
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  // !!binary: Terraform gives its base64 text.
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(fromYaml);
  if (typeof v === 'object') {
    const out: HclObject = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) setKey(out, k, fromYaml(x));
    return out;
  }
  return String(v);
}

