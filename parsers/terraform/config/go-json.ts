// JSON text as Go's encoding/json writes it, for documents the AWS provider
// renders itself (aws_iam_policy_document's `json` is
// `json.MarshalIndent(doc, "", "  ")`, `minified_json` is `json.Marshal`).
// Objects keep their insertion order (Go writes struct fields in declaration
// order; callers build map-like objects with sorted keys, as Go sorts map
// keys), and strings are escaped as Go escapes them (`<`, `>`, `&` as \u003c…).

import { encodeJsonString } from '../hcl/json-encode.js';
import { numberToString } from '../hcl/values.js';

export function marshalIndent(value: unknown): string {
  const out: string[] = [];
  write(value, out, '\n');
  return out.join('');
}

export function marshalCompact(value: unknown): string {
  const out: string[] = [];
  write(value, out, undefined);
  return out.join('');
}

/** `newline` is the line break plus the current indentation, or undefined for compact output. */
function write(v: unknown, out: string[], newline: string | undefined): void {
  if (typeof v === 'string') encodeJsonString(v, out);
  else if (typeof v === 'number') out.push(numberToString(v));
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
  else if (v === null || v === undefined) out.push('null');
  else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const inner = newline === undefined ? undefined : `${newline}  `;
    out.push('[');
    v.forEach((x, i) => {
      if (i > 0) out.push(',');
      if (inner !== undefined) out.push(inner);
      write(x, out, inner);
    });
    if (newline !== undefined) out.push(newline);
    out.push(']');
  } else {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = newline === undefined ? undefined : `${newline}  `;
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      if (inner !== undefined) out.push(inner);
      encodeJsonString(k, out);
      out.push(inner === undefined ? ':' : ': ');
      write(obj[k], out, inner);
    });
    if (newline !== undefined) out.push(newline);
    out.push('}');
  }
}
