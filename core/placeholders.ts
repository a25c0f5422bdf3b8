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
 * The placeholders of `text`, left to right and not overlapping, as `/\$\{([^}]*)\}/g` matches them;
 * with `nonEmpty`, as `/\$\{([^}]+)\}/g` does (a `${}` is not one, and the search goes on after its `$`).
 */
export function placeholders(text: string, nonEmpty = false): Placeholder[] {
  const out: Placeholder[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) return out;
    const close = text.indexOf('}', start + 2);
    if (close < 0) return out;
    if (nonEmpty && close === start + 2) {
      from = start + 1;
      continue;
    }
    out.push({ start, end: close + 1, inner: text.slice(start + 2, close) });
    from = close + 1;
  }
}

/** Whether `text` has a placeholder: what `/\$\{[^}]*\}/.test(text)` answers. */
export function hasPlaceholder(text: string): boolean {
  const start = text.indexOf('${');
  return start >= 0 && text.indexOf('}', start + 2) >= 0;
}

/**
 * `text` with each placeholder replaced by `replace(inner, whole)`: what
 * `text.replace(/\$\{([^}]*)\}/g, (whole, inner) => replace(inner, whole))` gives (`/\$\{([^}]+)\}/g` with
 * `nonEmpty`). Replacements are not searched again.
 */
export function replacePlaceholders(text: string, replace: (inner: string, whole: string) => string, nonEmpty = false): string {
  const found = placeholders(text, nonEmpty);
  if (found.length === 0) return text;
  let out = '';
  let last = 0;
  for (const p of found) {
    out += text.slice(last, p.start) + replace(p.inner, text.slice(p.start, p.end));
    last = p.end;
  }
  return out + text.slice(last);
}
