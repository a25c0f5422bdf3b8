/**
 * The regular expressions CloudWatch Logs accepts inside filter patterns
 * (`%...%`), parsed and matched in linear time.
 *
 * What CloudWatch accepts (FILTER_DOCS.syntax, "Supported regular
 * expressions (regex) syntax"): letters and digits; the symbols
 * `: _ # = @ / ; , -`; the operators `^ $ ? [ ] { } | \ * + .`. Parentheses
 * are not supported ("You cannot use parentheses to define a subpattern"),
 * nor multi-byte characters. So a regex is an alternation of sequences of
 * atoms (a character, `.`, a class, an escape) with quantifiers, which a
 * position-set simulation (Thompson) matches in O(text × pattern) steps:
 * no backtracking, whatever the pattern.
 */

export type RegexAtom =
  | { t: 'char'; c: string }
  | { t: 'any' }
  | { t: 'class'; negated: boolean; ranges: [string, string][]; classes: string[] };

interface Item {
  atom: RegexAtom;
  optional: boolean;
  repeat: boolean;
}

interface Branch {
  items: Item[];
  start: boolean;
  end: boolean;
}

export interface Regex {
  source: string;
  branches: Branch[];
}

/** The most copies a `{m,n}` quantifier may expand to; CloudWatch's own limits are smaller. */
const MAX_REPEAT = 256;

const SYMBOLS = new Set([':', '_', '#', '=', '@', '/', ';', ',', '-']);
const OPERATORS = new Set(['^', '$', '?', '[', ']', '{', '}', '|', '\\', '*', '+', '.']);

function allowedChar(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c) || SYMBOLS.has(c) || OPERATORS.has(c);
}

/** Parses a regex body (without the `%` delimiters); returns the problem and its offset in `source` on failure. */
export function parseRegex(source: string): Regex | { error: string; at: number } {
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (!allowedChar(c)) {
      const shown = c === '(' || c === ')' ? `'${c}' (CloudWatch regexes have no parentheses)` : JSON.stringify(c);
      return { error: `character ${shown} is not allowed in a filter-pattern regex`, at: i };
    }
  }
  if (source.length === 0) return { error: 'empty regex', at: 0 };
  const branches: Branch[] = [];
  let i = 0;
  let current: Branch = { items: [], start: false, end: false };
  const fail = (error: string, at: number) => ({ error, at });
  while (i < source.length) {
    const c = source[i]!;
    if (c === '|') {
      branches.push(current);
      current = { items: [], start: false, end: false };
      i++;
      continue;
    }
    if (c === '^') {
      if (current.items.length > 0 || current.start) return fail("'^' only at the start of a branch", i);
      current.start = true;
      i++;
      continue;
    }
    if (c === '$') {
      const next = source[i + 1];
      if (next !== undefined && next !== '|') return fail("'$' only at the end of a branch", i);
      current.end = true;
      i++;
      continue;
    }
    let atom: RegexAtom;
    if (c === '.') {
      atom = { t: 'any' };
      i++;
    } else if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return fail('a regex cannot end with a backslash', i);
      atom = 'dDwWsS'.includes(e) ? { t: 'class', negated: e === e.toUpperCase(), ranges: [], classes: [e.toLowerCase()] } : { t: 'char', c: e };
      i += 2;
    } else if (c === '[') {
      const parsed = parseClass(source, i);
      if ('error' in parsed) return parsed;
      atom = parsed.atom;
      i = parsed.next;
    } else if ('*+?{'.includes(c)) {
      return fail(`quantifier '${c}' has nothing to repeat`, i);
    } else if (c === ']' || c === '}') {
      return fail(`unbalanced '${c}'`, i);
    } else {
      atom = { t: 'char', c };
      i++;
    }
    // Quantifier
    const q = source[i];
    if (q === '*' || q === '+' || q === '?') {
      i++;
      if (source[i] === '?') i++; // lazy: the same strings match
      // x+ = x x*; x* = an optional, repeatable x; x? = an optional x.
      if (q === '+') current.items.push({ atom, optional: false, repeat: false });
      current.items.push({ atom, optional: true, repeat: q !== '?' });
    } else if (q === '{') {
      const close = source.indexOf('}', i);
      if (close < 0) return fail("unbalanced '{'", i);
      const body = source.slice(i + 1, close);
      const m = /^(\d{1,4})(,(\d{0,4}))?$/.exec(body);
      if (!m) return fail(`bad repetition '{${body}}'`, i);
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min || min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) return fail(`repetition '{${body}}' out of range`, i);
      for (let k = 0; k < min; k++) current.items.push({ atom, optional: false, repeat: false });
      if (max === Infinity) current.items.push({ atom, optional: true, repeat: true });
      else for (let k = min; k < max; k++) current.items.push({ atom, optional: true, repeat: false });
      i = close + 1;
    } else {
      current.items.push({ atom, optional: false, repeat: false });
    }
  }
  branches.push(current);
  return { source, branches };
}

function parseClass(source: string, at: number): { atom: RegexAtom; next: number } | { error: string; at: number } {
  let i = at + 1;
  let negated = false;
  if (source[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: [string, string][] = [];
  const classes: string[] = [];
  let first = true;
  while (i < source.length && (source[i] !== ']' || first)) {
    first = false;
    let c = source[i]!;
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return { error: 'unterminated character class', at };
      if ('dws'.includes(e)) {
        classes.push(e);
        i += 2;
        continue;
      }
      c = e;
      i++;
    }
    if (source[i + 1] === '-' && source[i + 2] !== undefined && source[i + 2] !== ']') {
      const hi = source[i + 2]!;
      if (hi < c) return { error: `bad range '${c}-${hi}'`, at: i };
      ranges.push([c, hi]);
      i += 3;
    } else {
      ranges.push([c, c]);
      i++;
    }
  }
  if (source[i] !== ']') return { error: 'unterminated character class', at };
  return { atom: { t: 'class', negated, ranges, classes }, next: i + 1 };
}

function inClass(name: string, c: string): boolean {
  if (name === 'd') return c >= '0' && c <= '9';
  if (name === 'w') return /^[A-Za-z0-9_]$/.test(c);
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

function atomMatches(a: RegexAtom, c: string): boolean {
  switch (a.t) {
    case 'char':
      return a.c === c;
    case 'any':
      return c !== '\n';
    case 'class': {
      const hit = a.ranges.some(([lo, hi]) => c >= lo && c <= hi) || a.classes.some((k) => inClass(k, c));
      return hit !== a.negated;
    }
  }
}

/** Does the regex match somewhere in `text` (CloudWatch regexes search, like a term)? */
export function regexSearch(re: Regex, text: string): boolean {
  return re.branches.some((b) => branchSearch(b, text));
}

function branchSearch(b: Branch, text: string): boolean {
  const n = b.items.length;
  // Epsilon closure: an optional item may be skipped.
  const close = (states: Set<number>): Set<number> => {
    const stack = [...states];
    while (stack.length) {
      const s = stack.pop()!;
      if (s < n && b.items[s]!.optional && !states.has(s + 1)) {
        states.add(s + 1);
        stack.push(s + 1);
      }
    }
    return states;
  };
  let states = close(new Set([0]));
  const accepted = (st: Set<number>, atEnd: boolean) => st.has(n) && (!b.end || atEnd);
  if (accepted(states, text.length === 0)) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = new Set<number>();
    for (const s of states) {
      if (s >= n) continue;
      const item = b.items[s]!;
      if (atomMatches(item.atom, c)) {
        next.add(s + 1);
        if (item.repeat) next.add(s);
      }
    }
    if (!b.start) next.add(0); // unanchored: a match may start at any position
    states = close(next);
    if (accepted(states, i === text.length - 1)) return true;
  }
  return false;
}
