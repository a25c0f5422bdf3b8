/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, the
 * special `${*}`, `${?}`, `${$}`, and defaults `${aws:username, 'none'}`.
 *
 * Source: IAM User Guide, "IAM policy elements: Variables and tags"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 * - Variables are replaced only when the policy's Version is 2012-10-17;
 *   with an older or missing Version, `${...}` is literal text.
 * - `${*}`, `${?}`, `${$}` stand for the literal characters `*`, `?`, `$`
 *   (so that they can appear where `*` and `?` would otherwise be wildcards).
 * - Text substituted for a variable is literal, never a wildcard.
 *
 * A variable whose key is absent from the request (and has no default) is
 * `absent`: the same page, "Principal key values", says of such a value that
 * "any attempt to match it fails". Callers therefore treat a String / ARN
 * condition value or a Resource entry holding it as a value that matches
 * nothing (so the negated operators are true, and NotResource excludes
 * nothing through it). A variable whose key is not known for the request is
 * left unresolved: the caller answers 'unknown' (or 'depends' when the key was
 * merely left open), which keeps every answer on the conservative side.
 */

import { hasPlaceholder, placeholders } from '../../core/placeholders.js';

/** A piece of a resolved value: wildcards in `literal` pieces are plain characters. */
export interface ValuePart {
  text: string;
  literal: boolean;
}

export type VariableValue =
  | { kind: 'value'; value: string }
  | { kind: 'missing' }
  | { kind: 'open' } // the request left it unspecified
  | { kind: 'unknown'; reason: string };

export type Resolved =
  | { kind: 'resolved'; parts: ValuePart[] }
  /** A variable's key is absent from the request: the value matches nothing. */
  | { kind: 'absent'; reason: string }
  | { kind: 'depends'; reason: string }
  | { kind: 'unknown'; reason: string };

const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const DEFAULT_FORM = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

export function hasVariables(text: string): boolean {
  return hasPlaceholder(text);
}

/**
 * Replaces the variables in `text`. `lookup` gives the request's value of a
 * context key. When `enabled` is false (Version is not 2012-10-17) the text
 * is returned unchanged; 'unknown' (Version not known yet) leaves it unresolved.
 */
export function resolveVariables(
  text: string,
  enabled: boolean | 'unknown',
  lookup: (key: string) => VariableValue,
): Resolved {
  if (!enabled || !text.includes('${')) return { kind: 'resolved', parts: [{ text, literal: false }] };
  if (enabled === 'unknown' && hasVariables(text)) {
    return { kind: 'unknown', reason: 'the policy Version is not known, so ${...} may be a variable or literal text' };
  }
  const parts: ValuePart[] = [];
  let last = 0;
  for (const m of placeholders(text)) {
    const at = m.start;
    if (at > last) parts.push({ text: text.slice(last, at), literal: false });
    last = m.end;
    const body = m.inner.trim();
    const special = Object.hasOwn(SPECIAL, body) ? SPECIAL[body] : undefined;
    if (special !== undefined) {
      parts.push({ text: special, literal: true });
      continue;
    }
    const withDefault = DEFAULT_FORM.exec(body);
    const key = withDefault ? withDefault[1]! : body;
    const found = lookup(key);
    if (found.kind === 'value') parts.push({ text: found.value, literal: true });
    else if (found.kind === 'missing' && withDefault) parts.push({ text: withDefault[2]!, literal: true });
    else if (found.kind === 'open') return { kind: 'depends', reason: `policy variable \${${key}} depends on the request` };
    else if (found.kind === 'unknown') return { kind: 'unknown', reason: found.reason };
    else return { kind: 'absent', reason: `policy variable \${${key}} has no value in the request context, so it matches nothing` };
  }
  if (last < text.length) parts.push({ text: text.slice(last), literal: false });
  return { kind: 'resolved', parts };
}

/** The plain text of resolved parts (for equality comparisons). */
export function partsText(parts: readonly ValuePart[]): string {
  return parts.map((p) => p.text).join('');
}
