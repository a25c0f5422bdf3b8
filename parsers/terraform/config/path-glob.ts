// The patterns of Terraform's fileset(): `*` (any characters but `/`), `**` (any path, as a whole
// segment), `?` (one character but `/`), `[abc]`, `[a-z]`, `[^abc]` and `{one,two}`. Matched without
// regular expressions: alternatives are expanded (at most MAX_ALTERNATIVES patterns), `**` segments by
// a table over segments, and each segment by a table over characters, so a hostile pattern costs at
// most pattern length × path length steps, never backtracking.

/** Most patterns one `{a,b}` pattern expands to. */
export const MAX_ALTERNATIVES = 64;

export class PathGlobError extends Error {}

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 1_000;

/** Table cells one fileset() call may fill over all its files (a hostile pattern over many files). */
export const DEFAULT_GLOB_BUDGET = 20_000_000;

/**
 * Whether `path` (`policies/scp/deny.json`, no leading `./`) matches `pattern`. `budget` counts the
 * table cells filled across calls (one fileset() over thousands of files); PathGlobError when spent.
 */
export function pathGlobMatch(pattern: string, path: string, budget: { left: number } = { left: DEFAULT_GLOB_BUDGET }): boolean {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new PathGlobError(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  const segments = path.split('/');
  return expandAlternatives(pattern).some((p) => matchSegments(p.split('/'), segments, budget));
}

function expandAlternatives(pattern: string): string[] {
  let out = [pattern];
  for (let round = 0; round < 16; round++) {
    const next: string[] = [];
    let expanded = false;
    for (const p of out) {
      const open = unescapedIndex(p, '{', 0);
      if (open < 0) {
        next.push(p);
        continue;
      }
      const close = closingBrace(p, open);
      if (close < 0) throw new PathGlobError(`unclosed "{" in pattern`);
      expanded = true;
      for (const alt of splitTopLevel(p.slice(open + 1, close))) next.push(p.slice(0, open) + alt + p.slice(close + 1));
      if (next.length > MAX_ALTERNATIVES) throw new PathGlobError(`the pattern has more than ${MAX_ALTERNATIVES} alternatives`);
    }
    out = next;
    if (!expanded) return out;
  }
  throw new PathGlobError('the pattern nests "{" too deeply');
}

function unescapedIndex(s: string, ch: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** `**` segments match any number of path segments: a table over (pattern segment, path segment). */
function matchSegments(pattern: readonly string[], path: readonly string[], budget: { left: number }): boolean {
  // ok[j]: pattern[0..i) matches path[0..j).
  let ok = new Array<boolean>(path.length + 1).fill(false);
  ok[0] = true;
  for (const seg of pattern) {
    const next = new Array<boolean>(path.length + 1).fill(false);
    if (seg === '**') {
      let any = false;
      for (let j = 0; j <= path.length; j++) {
        any ||= ok[j]!;
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= path.length; j++) next[j] = ok[j - 1]! && matchSegment(seg, path[j - 1]!, budget);
    }
    ok = next;
  }
  return ok[path.length]!;
}

type Atom = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; ch: string } | { kind: 'class'; negate: boolean; ranges: [string, string][] };

function atoms(seg: string): Atom[] {
  const out: Atom[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) out.push({ kind: 'char', ch: seg[++i]! });
    else if (c === '*') {
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'one' });
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) throw new PathGlobError('unclosed "[" in pattern');
      let body = seg.slice(i + 1, close);
      const negate = body.startsWith('^') || body.startsWith('!');
      if (negate) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k]!, body[k + 2]!]);
          k += 2;
        } else ranges.push([body[k]!, body[k]!]);
      }
      out.push({ kind: 'class', negate, ranges });
      i = close;
    } else out.push({ kind: 'char', ch: c });
  }
  return out;
}

/** One segment: a table over (atom, character), linear in pattern × text. */
function matchSegment(seg: string, text: string, budget: { left: number }): boolean {
  const pattern = atoms(seg);
  budget.left -= (pattern.length + 1) * (text.length + 1);
  if (budget.left < 0) throw new PathGlobError('the pattern is too costly to match against this many files');
  let ok = new Array<boolean>(text.length + 1).fill(false);
  ok[0] = true;
  for (const a of pattern) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    if (a.kind === 'star') {
      let any = false;
      for (let j = 0; j <= text.length; j++) {
        any ||= ok[j]!;
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= text.length; j++) {
        if (!ok[j - 1]) continue;
        const ch = text[j - 1]!;
        next[j] =
          a.kind === 'one' ? true
          : a.kind === 'char' ? ch === a.ch
          : a.ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== a.negate;
      }
    }
    ok = next;
  }
  return ok[text.length]!;
}
