// Terraform's format() and formatlist(), after go-cty's implementation
// (cty/function/stdlib/format.go): `%[flags][[n]][width][.precision]verb`
// with flags `0 # - + space`, verbs %v %#v %t %b %d %o %x %X %e %E %f %g %G
// %s %q and %%. Widths and precisions count user-perceived characters.
//
// An unknown argument printed with plain %s or %v becomes an unknown part of
// a PartialString (the text around it stays known); any other use of an
// unknown makes the whole result unknown, as go-cty does.

import { trimTrailing } from '../../../core/trim.js';
import { Unknown } from '../../../core/unknown.js';
import { encodeJson } from './json-encode.js';
import { joinParts } from './structured-unknown.js';
import { containsUnknownValue, graphemes, numberToString, toBoolValue, toNumberValue, toStringValue, unknownFrom, ValueError } from './values.js';

/** Widths and precisions beyond this are refused: they only serve to exhaust memory. */
const MAX_WIDTH = 10_000;
const MAX_PRECISION = 100;

interface Verb {
  raw: string;
  offset: number;
  argNum: number;
  mode: string;
  zero: boolean;
  sharp: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  width: number; // -1: none
  prec: number; // -1: none
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

export function formatValues(spec: string, args: readonly unknown[]): string | Unknown {
  const out: (string | Unknown)[] = [];
  let literalFrom = 0;
  let nextArg = 1;
  let maxArgUsed = 0;
  let verbs = 0;
  let i = 0;
  while (i < spec.length) {
    if (spec.charCodeAt(i) !== 37 /* % */) {
      i++;
      continue;
    }
    out.push(spec.slice(literalFrom, i));
    if (spec.charCodeAt(i + 1) === 37) {
      out.push('%');
      i += 2;
      literalFrom = i;
      continue;
    }
    const start = i;
    i++;
    const verb: Verb = { raw: '', offset: start, argNum: nextArg, mode: '', zero: false, sharp: false, plus: false, minus: false, space: false, width: -1, prec: -1 };
    for (;;) {
      const c = spec[i];
      if (c === '0') verb.zero = true;
      else if (c === '#') verb.sharp = true;
      else if (c === '-') verb.minus = true;
      else if (c === '+') verb.plus = true;
      else if (c === ' ') verb.space = true;
      else break;
      i++;
    }
    if (spec[i] === '[') {
      const close = spec.indexOf(']', i);
      const digits = close > i ? spec.slice(i + 1, close) : '';
      if (!/^[1-9]\d{0,5}$/.test(digits)) throw new ValueError(`unrecognized format character ${JSON.stringify(spec[i + 1] ?? '')} at offset ${i + 1}`);
      verb.argNum = Number(digits);
      i = close + 1;
    }
    if (isDigitAt(spec, i)) {
      let w = 0;
      while (isDigitAt(spec, i)) w = w * 10 + (spec.charCodeAt(i++) - 48);
      if (w > MAX_WIDTH) throw new ValueError(`format width ${w} is too large`);
      verb.width = w;
    }
    if (spec[i] === '.') {
      i++;
      let p = 0;
      while (isDigitAt(spec, i)) p = p * 10 + (spec.charCodeAt(i++) - 48);
      if (p > MAX_PRECISION) throw new ValueError(`format precision ${p} is too large`);
      verb.prec = p;
    }
    const mode = spec[i];
    if (mode === undefined) throw new ValueError(`invalid format string starting at offset ${start}`);
    if (!/[A-Za-z]/.test(mode)) {
      const cp = String.fromCodePoint(spec.codePointAt(i)!);
      throw new ValueError(`unrecognized format character ${JSON.stringify(cp)} at offset ${i}`);
    }
    i++;
    verb.mode = mode;
    verb.raw = spec.slice(start, i);
    literalFrom = i;
    verbs++;
    if (verb.argNum > args.length) {
      throw new ValueError(`not enough arguments for ${JSON.stringify(verb.raw)} at ${start}: need index ${verb.argNum} but have ${args.length} total`);
    }
    maxArgUsed = Math.max(maxArgUsed, verb.argNum);
    nextArg = verb.argNum + 1;
    out.push(formatOne(verb, args[verb.argNum - 1]));
  }
  out.push(spec.slice(literalFrom));
  if (maxArgUsed < args.length) {
    throw new ValueError(verbs === 0 ? 'too many arguments; no verbs in format string' : `too many arguments; only ${maxArgUsed} used by format string`);
  }
  return joinParts(out);
}

function formatOne(verb: Verb, arg: unknown): string | Unknown {
  if (!'vtbdoxXeEfgGsq'.includes(verb.mode)) {
    throw new ValueError(`unsupported format verb ${JSON.stringify(verb.mode)} in ${JSON.stringify(verb.raw)} at offset ${verb.offset}`);
  }
  if (containsUnknownValue(arg)) {
    const plain = (verb.mode === 's' || verb.mode === 'v') && verb.width < 0 && verb.prec < 0 && !verb.sharp;
    return plain && arg instanceof Unknown ? arg : unknownFrom([arg]);
  }
  if (arg === null && verb.mode !== 'v') {
    throw new ValueError(`unsupported value for ${JSON.stringify(verb.raw)} at ${verb.offset}: null value cannot be formatted`);
  }
  const what = `value for ${JSON.stringify(verb.raw)} at ${verb.offset}`;
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && typeof arg === 'string') return padWidth(verb, arg);
      if (!verb.sharp && typeof arg === 'number') return padWidth(verb, formatG(arg, -1, false));
      return padWidth(verb, encodeJson(arg));
    case 't':
      return toBoolValue(arg, what) ? 'true' : 'false';
    case 's':
    case 'q': {
      let s = toStringValue(arg, what);
      if (verb.prec > 0) s = graphemes(s).slice(0, verb.prec).join('');
      return padWidth(verb, verb.mode === 'q' ? encodeJson(s) : s);
    }
    default:
      return formatNumber(verb, toNumberValue(arg, what));
  }
}

function padWidth(verb: Verb, s: string): string {
  if (verb.width < 0) return s;
  const have = graphemes(s).length;
  if (have >= verb.width) return s;
  const pad = (verb.zero ? '0' : ' ').repeat(verb.width - have);
  return verb.minus ? s + pad : pad + s;
}

function formatNumber(verb: Verb, n: number): string {
  let body: string;
  let prefix = '';
  switch (verb.mode) {
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X': {
      if (!Number.isInteger(n)) throw new ValueError(`unsupported value for ${JSON.stringify(verb.raw)} at ${verb.offset}: an integer is required`);
      const base = verb.mode === 'b' ? 2 : verb.mode === 'o' ? 8 : verb.mode === 'd' ? 10 : 16;
      body = (n < 0 ? -BigInt(n) : BigInt(n)).toString(base);
      if (verb.mode === 'X') body = body.toUpperCase();
      if (verb.prec >= 0 && body.length < verb.prec) body = '0'.repeat(verb.prec - body.length) + body;
      if (verb.sharp) prefix = verb.mode === 'b' ? '0b' : verb.mode === 'o' ? '0' : verb.mode === 'x' ? '0x' : verb.mode === 'X' ? '0X' : '';
      break;
    }
    case 'e':
    case 'E':
      body = formatE(Math.abs(n), verb.prec < 0 ? 6 : verb.prec, verb.mode === 'E');
      break;
    case 'f':
      body = formatF(Math.abs(n), verb.prec < 0 ? 6 : verb.prec);
      break;
    default:
      body = formatG(Math.abs(n), verb.prec, verb.mode === 'G');
  }
  const sign = n < 0 || Object.is(n, -0) ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const head = sign + prefix;
  const len = head.length + body.length;
  if (verb.width > len) {
    const padding = verb.width - len;
    if (verb.minus) return head + body + ' '.repeat(padding);
    // Go pads with zeros after the sign; an explicit integer precision turns zero padding off.
    if (verb.zero && !(verb.prec >= 0 && 'bdoxX'.includes(verb.mode))) return head + '0'.repeat(padding) + body;
    return ' '.repeat(padding) + head + body;
  }
  return head + body;
}

/** Go's exponent has at least two digits: 1e+03, not 1e+3. */
function goExponent(e: string, upper: boolean): string {
  const m = /^([+-])(\d+)$/.exec(e)!;
  return `${upper ? 'E' : 'e'}${m[1]}${m[2]!.padStart(2, '0')}`;
}

function formatE(a: number, prec: number, upper: boolean): string {
  const s = a.toExponential(prec);
  const at = s.indexOf('e');
  return s.slice(0, at) + goExponent(s.slice(at + 1), upper);
}

function formatF(a: number, prec: number): string {
  if (a < 1e21) return a.toFixed(prec);
  return numberToString(a) + (prec > 0 ? `.${'0'.repeat(prec)}` : '');
}

/**
 * %g as Go's big.Float formats it: precision -1 means the shortest exact
 * digits, and the exponent form is used when the exponent is below -4 or at
 * least the precision (6 for the shortest form).
 */
export function formatG(a: number, prec: number, upper: boolean): string {
  if (a === 0) return '0';
  const neg = a < 0;
  a = Math.abs(a);
  const shortest = prec < 0;
  const s = shortest ? a.toExponential() : a.toExponential(Math.max(prec, 1) - 1);
  const at = s.indexOf('e');
  let digits = s.slice(0, at).replace('.', '');
  digits = trimTrailing(digits, '0') || '0';
  const dexp = Number(s.slice(at + 1)) + 1; // value = 0.digits × 10^dexp
  const p = shortest ? digits.length : Math.max(prec, 1);
  let eprec = p;
  if (eprec > digits.length && digits.length >= dexp) eprec = digits.length;
  if (shortest) eprec = 6;
  const exp = dexp - 1;
  let out: string;
  if (exp < -4 || exp >= eprec) {
    const pe = Math.min(p, digits.length);
    const mantissa = digits[0]! + (pe > 1 ? `.${digits.slice(1, pe)}` : '');
    out = mantissa + goExponent(exp < 0 ? String(exp) : `+${exp}`, upper);
  } else {
    const pf = p > dexp ? digits.length : p;
    const decimals = Math.max(pf - dexp, 0);
    if (dexp <= 0) out = `0.${'0'.repeat(-dexp)}${digits}`.slice(0, 2 + decimals);
    else {
      const int = digits.slice(0, dexp).padEnd(dexp, '0');
      const frac = digits.slice(dexp).padEnd(decimals, '0').slice(0, decimals);
      out = decimals > 0 ? `${int}.${frac}` : int;
    }
  }
  return neg ? `-${out}` : out;
}

/** formatlist: list arguments (all the same length) are iterated together, others repeated. */
export function formatList(spec: string, args: readonly unknown[]): unknown[] | Unknown {
  let length = -1;
  let lengthFrom = -1;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a instanceof Unknown) return unknownFrom(args);
    if (Array.isArray(a)) {
      if (length === -1) {
        length = a.length;
        lengthFrom = k;
      } else if (a.length !== length) {
        throw new ValueError(`argument ${k + 1} has length ${a.length}, which is inconsistent with argument ${lengthFrom + 1} of length ${length}`);
      }
    }
  }
  if (length === -1) length = 1;
  const out: unknown[] = [];
  for (let n = 0; n < length; n++) {
    const row = args.map((a) => (Array.isArray(a) ? a[n] : a));
    try {
      out.push(formatValues(spec, row));
    } catch (e) {
      if (e instanceof ValueError) throw new ValueError(`error on format iteration ${n}: ${e.message}`);
      throw e;
    }
  }
  return out;
}
