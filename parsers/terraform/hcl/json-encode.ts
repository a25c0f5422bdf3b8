// jsonencode as Terraform produces it (go-cty's JSON marshalling through Go's
// encoding/json): object keys sorted, no whitespace, numbers in plain decimal,
// and `<`, `>`, `&`, U+2028, U+2029 escaped as \u003c etc. Matching the exact
// text matters because configurations compare and hash these strings.

import { Unknown } from '../../../core/unknown.js';
import { hasKey, isObject, numberToString, sortedKeys, ValueError } from './values.js';

const HEX = '0123456789abcdef';

function escapeChar(c: number): string {
  return `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
}

export function encodeJsonString(s: string, out: string[]): void {
  out.push('"');
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = '\\\\';
    else if (c === 10) esc = '\\n';
    else if (c === 13) esc = '\\r';
    else if (c === 9) esc = '\\t';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) esc = escapeChar(c);
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate cannot be UTF-8 encoded; Go writes U+FFFD instead.
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      esc = '\ufffd';
    }
    if (esc === undefined) continue;
    if (i > from) out.push(s.slice(from, i));
    out.push(esc);
    from = i + 1;
  }
  if (from < s.length) out.push(from === 0 ? s : s.slice(from));
  out.push('"');
}

function encodeInto(v: unknown, out: string[]): void {
  if (v === null) out.push('null');
  else if (typeof v === 'string') encodeJsonString(v, out);
  else if (typeof v === 'number') out.push(numberToString(v));
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
  else if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      encodeInto(v[i], out);
    }
    out.push(']');
  } else if (isObject(v)) {
    out.push('{');
    let first = true;
    for (const k of sortedKeys(v)) {
      if (!hasKey(v, k)) continue;
      if (!first) out.push(',');
      first = false;
      encodeJsonString(k, out);
      out.push(':');
      encodeInto(v[k], out);
    }
    out.push('}');
  } else if (v instanceof Unknown) throw new ValueError('cannot encode a value known only after apply');
  else throw new ValueError(`cannot encode ${typeof v} as JSON`);
}

/** Terraform's jsonencode of a wholly known value. */
export function encodeJson(v: unknown): string {
  const out: string[] = [];
  encodeInto(v, out);
  return out.join('');
}
