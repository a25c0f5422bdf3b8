// Terraform's regular expressions (replace with /re/, regex, regexall) use Go's
// RE2 syntax and RE2's guarantee of linear time. JavaScript's RegExp
// backtracks, so a pattern such as `(a+)+$` can take exponential time on a
// crafted string: configuration under scan must not be able to hang us.
//
// compileTerraformRegex therefore only accepts patterns whose meaning is the
// same in both engines and that cannot backtrack catastrophically:
// - no nested quantifiers (a repeated group containing a repetition),
// - no backreferences or lookaround (RE2 has neither; Terraform rejects them),
// - RE2-only syntax is translated where the translation is exact (leading
//   (?i)/(?m)/(?s) flags, (?P<name>...), \pL) and refused otherwise
//   ((?i:...), \A, \z, \Q...\E, [[:alpha:]]).
// A refused pattern makes the calling function return Unknown, never a guess.

/** Longest pattern and subject accepted; longer ones yield Unknown. */
export const MAX_PATTERN_LENGTH = 2000;
export const MAX_SUBJECT_LENGTH = 200_000;

export function compileTerraformRegex(pattern: string, global = false): RegExp | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    if (leading[1]!.includes('U')) return undefined;
    for (const f of new Set(leading[1]!)) flags += f;
    source = source.slice(leading[0].length);
  }
  const translated = translateSyntax(source);
  if (translated === undefined || hasNestedQuantifier(translated)) return undefined;
  const needsUnicode = /\\[pP]/.test(translated);
  const g = global ? 'g' : '';
  try {
    return new RegExp(translated, `${flags}${g}u`);
  } catch {
    if (needsUnicode) return undefined;
  }
  try {
    return new RegExp(translated, `${flags}${g}`);
  } catch {
    return undefined;
  }
}

/** RE2 → JavaScript syntax, or undefined when the pattern uses something without an exact equivalent. */
function translateSyntax(src: string): string | undefined {
  const out: string[] = [];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) return undefined;
      if (/[1-9]/.test(d)) return undefined; // backreference
      if (!inClass && (d === 'A' || d === 'z' || d === 'Q' || d === 'E' || d === 'C')) return undefined;
      if ((d === 'p' || d === 'P') && src[i + 2] !== '{') {
        const name = src[i + 2];
        if (name === undefined || !/[A-Za-z]/.test(name)) return undefined;
        out.push(`\\${d}{${name}}`);
        i += 2;
        continue;
      }
      out.push(c, d);
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') return undefined; // POSIX class
      if (c === ']') inClass = false;
      out.push(c);
      continue;
    }
    if (c === '[') {
      inClass = true;
      out.push(c);
      // A ']' right after '[' or '[^' is a literal in both engines' classes? Not in JS: refuse.
      if (src[i + 1] === ']' || (src[i + 1] === '^' && src[i + 2] === ']')) return undefined;
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      if (src[i + 2] === 'P' && src[i + 3] === '<') {
        out.push('(?<');
        i += 3;
        continue;
      }
      if (src[i + 2] === ':') {
        out.push('(?:');
        i += 2;
        continue;
      }
      return undefined; // lookaround, inline flag groups, named groups in other syntaxes
    }
    out.push(c);
  }
  return inClass ? undefined : out.join('');
}

/** Whether a repeated group contains a repetition: `(a+)+`, `(a*b)*`, `((ab)+){2,}`. */
export function hasNestedQuantifier(src: string): boolean {
  const stack: boolean[] = [false]; // per open group: contains a repeating quantifier
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      continue;
    }
    if (c === ')') {
      const inner = stack.pop() ?? false;
      if (stack.length === 0) stack.push(false);
      const q = repeatingQuantifierAt(src, i + 1);
      if (q && inner) return true;
      if (q || inner) stack[stack.length - 1] = true;
      continue;
    }
    if (repeatingQuantifierAt(src, i)) stack[stack.length - 1] = true;
  }
  return false;
}

/** Whether a quantifier that repeats (`*`, `+`, `{n,}`, `{n,m}` with m > 1) starts at `i`. */
function repeatingQuantifierAt(src: string, i: number): boolean {
  const c = src[i];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 24));
  if (!m) return false;
  if (m[2] === undefined) return Number(m[1]) > 1;
  return m[3] === '' || Number(m[3]) > 1;
}

/**
 * Expands a Go regexp replacement template (`$1`, `${1}`, `${name}`, `$$`)
 * for one match, as Go's Regexp.Expand does: `$name` takes the longest run
 * of letters, digits and underscores, and an unknown group expands to "".
 */
export function expandReplacement(template: string, match: RegExpExecArray): string {
  const out: string[] = [];
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c !== '$' || i + 1 >= template.length) {
      out.push(c);
      i++;
      continue;
    }
    if (template[i + 1] === '$') {
      out.push('$');
      i += 2;
      continue;
    }
    let name: string;
    let next: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close < 0) {
        out.push(c);
        i++;
        continue;
      }
      name = template.slice(i + 2, close);
      next = close + 1;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1, i + 65));
      if (!m) {
        out.push(c);
        i++;
        continue;
      }
      name = m[0];
      next = i + 1 + name.length;
    }
    if (/^\d+$/.test(name)) out.push(match[Number(name)] ?? '');
    else out.push(match.groups?.[name] ?? '');
    i = next;
  }
  return out.join('');
}
