/**
 * `${…}` placeholders: CloudFormation's Fn::Sub variables, IAM policy variables, and the templates kept
 * for values known only after deployment. Found exactly as the pattern `/\$\{([^}]*)\}/g` finds them
 * (left to right, each ending at the first `}` after its `${`), but in linear time.
 *
 * The pattern itself is quadratic on hostile text: at every `${` it runs to the end of the text looking
 * for a `}` and then tries the next `${`. A template of 80 KB of `${` without a `}` took 24 s to scan,
 * and every policy string went through it. Here the first `${` without a `}` after it ends the search,
 * since no later `${` has one either; and a placeholder ends at the first `}`, which indexOf finds.
 */

export interface Placeholder {
  /** Offset of the `$`. */
  start: number;
  /** Offset just after the `}`. */
  end: number;
  /** The text between `${` and `}`. */
  inner: string;
}

/**
 * The spans of `text` that open with `open` and end at the first `close` after it, left to right and not
 * overlapping: what `/<open>([^<close>]*)<close>/g` matches (`[^<close>]+` with `nonEmpty`: an empty span
 * is not one, and the search goes on one character after its start). `close` is one character.
 */
export function delimitedSpans(text: string, open: string, close: string, nonEmpty = false): Placeholder[] {
  const out: Placeholder[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(open, from);
    if (start < 0) return out;
    const end = text.indexOf(close, start + open.length);
    if (end < 0) return out;
    if (nonEmpty && end === start + open.length) {
      from = start + 1;
      continue;
    }
    out.push({ start, end: end + 1, inner: text.slice(start + open.length, end) });
    from = end + 1;
  }
}

/**
 * The placeholders of `text`, left to right and not overlapping, as `/\$\{([^}]*)\}/g` matches them;
 * with `nonEmpty`, as `/\$\{([^}]+)\}/g` does (a `${}` is not one, and the search goes on after its `$`).
 */
export function placeholders(text: string, nonEmpty = false): Placeholder[] {
  return delimitedSpans(text, '${', '}', nonEmpty);
}

/** Whether `text` has a placeholder: what `/\$\{[^}]*\}/.test(text)` answers. */
export function hasPlaceholder(text: string): boolean {
  const start = text.indexOf('${');
  return start >= 0 && text.indexOf('}', start + 2) >= 0;
}

/**
 * `text` with each span (delimitedSpans) replaced by `replace(inner, whole)`: what `text.replace` with the
 * corresponding pattern and a replacer function gives. Replacements are not searched again.
 */
export function replaceSpans(text: string, spans: readonly Placeholder[], replace: (inner: string, whole: string) => string): string {
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const p of spans) {
    out += text.slice(last, p.start) + replace(p.inner, text.slice(p.start, p.end));
    last = p.end;
  }
  return out + text.slice(last);
}

/**
 * `text` with each placeholder replaced by `replace(inner, whole)`: what
 * `text.replace(/\$\{([^}]*)\}/g, (whole, inner) => replace(inner, whole))` gives (`/\$\{([^}]+)\}/g` with
 * `nonEmpty`). Replacements are not searched again.
 */
export function replacePlaceholders(text: string, replace: (inner: string, whole: string) => string, nonEmpty = false): string {
  return replaceSpans(text, placeholders(text, nonEmpty), replace);
}
