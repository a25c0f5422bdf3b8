/**
 * The one wildcard matcher: `*` (any run of characters, possibly empty) and
 * `?` (exactly one character), everything else itself. Every wildcard match in
 * trailguard goes through here: IAM actions, Resource / NotResource ARNs,
 * `StringLike` / `ArnLike` (and their negations), the rule language's `like`,
 * and `.trailguard.yaml` path globs.
 *
 * Why not a RegExp: a pattern such as `*a*a*a*…*b` compiled to a backtracking
 * regular expression takes exponential time on a value that almost matches,
 * and policy documents are attacker-controlled input (a pull request). This
 * matcher never backtracks:
 * - the pattern is cut at its `*`s into star-free pieces;
 * - the first piece must match at the start, the last at the end;
 * - each middle piece is matched at its leftmost occurrence after the
 *   previous one (for globs, the leftmost occurrence is always a safe choice:
 *   a later one leaves less text for the pieces that follow).
 * Time is O(|text| × longest star-free piece) at worst (a piece without `?`
 * is found with `String.prototype.indexOf`), whatever the number of stars.
 *
 * Patterns are compiled once per distinct (pattern, case) pair into a
 * bounded cache. `?` stands for one Unicode code point, as the `u`-flag
 * expressions it replaces did.
 *
 * IAM semantics of `*` and `?`: IAM User Guide, "IAM JSON policy elements:
 * Action", "…: Resource" and "Condition operators" (String / ARN condition
 * operators)
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * Where ARN segments limit a wildcard, `arn-match.ts` cuts the ARN first and
 * matches each segment here.
 */

/** A piece of a pattern: in `literal` pieces (text a policy variable put there) `*` and `?` are plain characters. */
export interface PatternPiece {
  readonly text: string;
  readonly literal: boolean;
}

export type Pattern = string | readonly PatternPiece[];

/** One star-free piece: its characters, and which of them are `?`. */
interface Piece {
  chars: string[];
  /** `?` positions; null when there is none (then `text` can be searched with indexOf). */
  any: boolean[] | null;
  text: string;
}

type Chars = string | readonly string[];

export class Glob {
  /** Star-free pieces; a pattern with n stars has n + 1 of them (possibly empty). */
  private readonly pieces: Piece[];
  private readonly minLength: number;
  private readonly astral: boolean;

  constructor(
    pattern: Pattern,
    readonly ignoreCase = false,
  ) {
    const pieces: Piece[] = [];
    // A plain pattern without astral characters (nearly all): cut at its `*`s with native string
    // operations. The same pieces as the loop below, which in a fresh process costs an iteration
    // object and an array push per character of every ARN pattern (each bucket's own ARN is new).
    const plain = typeof pattern === 'string' ? (ignoreCase ? pattern.toLowerCase() : pattern) : undefined;
    if (plain !== undefined && !SURROGATE.test(plain)) {
      for (const text of plain.split('*')) {
        const chars = text.split('');
        pieces.push({ chars, any: text.includes('?') ? chars.map((c) => c === '?') : null, text });
      }
      this.pieces = pieces;
      this.minLength = plain.length - (pieces.length - 1);
      this.astral = false;
      if (pieces.length === 1 && pieces[0]!.any === null) this.literal = pieces[0]!.text;
      return;
    }
    let chars: string[] = [];
    let any: boolean[] = [];
    let hasAny = false;
    let astral = false;
    const close = () => {
      pieces.push({ chars, any: hasAny ? any : null, text: chars.join('') });
      chars = [];
      any = [];
      hasAny = false;
    };
    for (const part of typeof pattern === 'string' ? [{ text: pattern, literal: false }] : pattern) {
      const text = ignoreCase ? part.text.toLowerCase() : part.text;
      for (const ch of text) {
        if (ch.length > 1) astral = true;
        if (!part.literal && ch === '*') {
          close();
          continue;
        }
        const wild = !part.literal && ch === '?';
        chars.push(ch);
        any.push(wild);
        if (wild) hasAny = true;
      }
    }
    close();
    this.pieces = pieces;
    this.minLength = pieces.reduce((n, p) => n + p.chars.length, 0);
    this.astral = astral;
    // No wildcard at all: plain (case-folded) equality.
    if (pieces.length === 1 && pieces[0]!.any === null) this.literal = pieces[0]!.text;
  }

  /** The whole pattern, when it has no wildcard. */
  private readonly literal: string | undefined;

  /** The pattern has no `*` and no `?`: it matches one text only. */
  get isLiteral(): boolean {
    return this.pieces.length === 1 && this.pieces[0]!.any === null;
  }

  matches(value: string): boolean {
    if (this.literal !== undefined) return (this.ignoreCase ? value.toLowerCase() : value) === this.literal;
    const text = this.chars(value);
    return this.matchFrom(text, 0);
  }

  /**
   * Does the pattern match `value.slice(start)` for some start in `starts`
   * (ascending offsets)? Used for the resource part of an ARN whose earlier
   * segments may end at several colons. Linear in the text: only the first
   * start at which the first piece fits needs a full check, since a later
   * start leaves less room for the rest.
   */
  matchesSuffix(value: string, starts: readonly number[]): boolean {
    if (starts.length === 0) return false;
    const astral = this.astral || hasSurrogate(value);
    if (astral) {
      // Offsets are in UTF-16 code units: match each suffix separately (rare: non-BMP text in an ARN).
      return starts.some((s) => this.matches(value.slice(s)));
    }
    const text = this.ignoreCase ? value.toLowerCase() : value;
    const first = this.pieces[0]!;
    if (this.pieces.length === 1) {
      const start = text.length - first.chars.length;
      return starts.includes(start) && pieceAt(first, text, start);
    }
    for (const s of starts) {
      if (text.length - s < this.minLength) return false;
      if (pieceAt(first, text, s)) return this.matchFrom(text, s);
    }
    return false;
  }

  private chars(value: string): Chars {
    const text = this.ignoreCase ? value.toLowerCase() : value;
    return this.astral || hasSurrogate(text) ? Array.from(text) : text;
  }

  private matchFrom(text: Chars, start: number): boolean {
    const n = text.length;
    const pieces = this.pieces;
    if (n - start < this.minLength) return false;
    const first = pieces[0]!;
    if (pieces.length === 1) return n - start === first.chars.length && pieceAt(first, text, start);
    if (!pieceAt(first, text, start)) return false;
    const last = pieces[pieces.length - 1]!;
    const end = n - last.chars.length;
    if (!pieceAt(last, text, end)) return false;
    let pos = start + first.chars.length;
    for (let i = 1; i < pieces.length - 1; i++) {
      const p = pieces[i]!;
      const at = findPiece(p, text, pos, end);
      if (at < 0) return false;
      pos = at + p.chars.length;
    }
    return pos <= end;
  }
}

/** A UTF-16 surrogate: the string has (or breaks) an astral character. Single class: no backtracking. */
const SURROGATE = /[\ud800-\udfff]/;

// Both below run for every ARN and action matched, mostly in the interpreter (a scan matches each
// policy's patterns a few times): native string operations rather than a loop per character.
function hasSurrogate(s: string): boolean {
  return SURROGATE.test(s);
}

function pieceAt(p: Piece, text: Chars, at: number): boolean {
  if (at < 0 || at + p.chars.length > text.length) return false;
  const any = p.any;
  // No `?`: the piece's text itself (for a string, code unit by code unit, as the loop compares).
  if (any === null && typeof text === 'string') return text.startsWith(p.text, at);
  for (let j = 0; j < p.chars.length; j++) {
    if (any?.[j]) continue;
    if (text[at + j] !== p.chars[j]) return false;
  }
  return true;
}

/** Leftmost offset ≥ from where the piece fits and ends by `end`; -1 if none. */
function findPiece(p: Piece, text: Chars, from: number, end: number): number {
  const k = p.chars.length;
  if (k === 0) return from;
  if (p.any === null && typeof text === 'string') {
    const at = text.indexOf(p.text, from);
    return at >= 0 && at + k <= end ? at : -1;
  }
  for (let at = from; at + k <= end; at++) if (pieceAt(p, text, at)) return at;
  return -1;
}

// ---------------------------------------------------------------- cache

const CACHE_LIMIT = 4096;
const caseSensitive = new Map<string, Glob>();
const caseInsensitive = new Map<string, Glob>();

/**
 * The compiled matcher for a pattern, from a bounded cache (oldest entry
 * dropped first). Patterns with literal pieces (policy variables already
 * substituted for one request) are compiled afresh: they rarely repeat.
 */
export function compileGlob(pattern: Pattern, ignoreCase = false): Glob {
  if (typeof pattern !== 'string' && pattern.length === 1 && !pattern[0]!.literal) pattern = pattern[0]!.text;
  if (typeof pattern !== 'string') {
    if (pattern.some((p) => p.literal)) return new Glob(pattern, ignoreCase);
    pattern = pattern.map((p) => p.text).join('');
  }
  const cache = ignoreCase ? caseInsensitive : caseSensitive;
  let g = cache.get(pattern);
  if (g === undefined) {
    g = new Glob(pattern, ignoreCase);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(pattern, g);
  }
  return g;
}

/** `*` any run, `?` one character; case-sensitive unless asked. */
export function globMatch(pattern: Pattern, value: string, ignoreCase = false): boolean {
  return compileGlob(pattern, ignoreCase).matches(value);
}
