// Templates on partly known strings (Unknown.template, engine/unknown.ts).
//
// `"${aws_s3_bucket.logs.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"`
// evaluates to a PartialString. Policy analysis judges statements with
// concrete ARNs: given the template
// `${aws_s3_bucket.logs.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*`
// it substitutes the bucket's ARN and a stand-in account and matches exactly.
// A template is set only when every unknown part names exactly one
// reference (or has a template itself); otherwise the string stays opaque.

import { Unknown } from '../../../core/unknown.js';
import { PartialString, UnknownJsonDocument } from '../hcl/structured-unknown.js';
import { hasKey, isObject } from '../hcl/values.js';

const MAX_DEPTH = 64;

/** Sets `template` on the partly known strings in `value`, in place. */
export function addTemplates(value: unknown, depth = 0): void {
  // Most values are strings, numbers and booleans: done before the instanceof tests.
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
  if (value instanceof PartialString) {
    if (value.template === undefined) {
      const template = templateOf(value);
      if (template !== undefined) value.withTemplate(template);
    }
  } else if (value instanceof UnknownJsonDocument) addTemplates(value.document, depth + 1);
  else if (value instanceof Unknown) return;
  else if (Array.isArray(value)) for (const x of value) addTemplates(x, depth + 1);
  else if (isObject(value)) for (const k in value) if (hasKey(value, k)) addTemplates(value[k], depth + 1);
}

function templateOf(s: PartialString): string | undefined {
  let out = '';
  for (const part of s.parts) {
    if (typeof part === 'string') {
      // Literal `${` would read as a placeholder.
      if (part.includes('${')) return undefined;
      out += part;
      continue;
    }
    const placeholder = placeholderOf(part);
    if (placeholder === undefined) return undefined;
    out += placeholder;
  }
  return out;
}

function placeholderOf(u: Unknown): string | undefined {
  if (u.template !== undefined) return u.template;
  if (u.refs.length !== 1) return undefined;
  const ref = u.refs[0]!;
  return ref.attribute === undefined ? `\${${ref.address}}` : `\${${ref.address}.${ref.attribute}}`;
}
