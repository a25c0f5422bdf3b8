import { parseRegex, type Regex } from './filter-regex.js';

/**
 * CloudWatch Logs filter patterns (metric filters, subscription filters,
 * FilterLogEvents), parsed with positions. The language, as FILTER_DOCS
 * describes it:
 *
 * - An empty pattern matches every event (FILTER_DOCS.metricFilters: "an
 *   empty filter pattern matches all log events").
 * - Terms (FILTER_DOCS.syntax, "Matching terms in unstructured log events"):
 *   `ERROR`, a quoted phrase `"Failed authentication"`, several terms that
 *   must all appear (`ERROR MainThread`), `?ERROR ?WARN` for any of them,
 *   `-term` for a term that must not appear; case-sensitive.
 * - JSON (FILTER_DOCS.syntax, "Using filter patterns to match terms in JSON
 *   log events"): `{ SELECTOR OPERATOR VALUE }` with selectors `$.a.b`,
 *   `$.a[0]`; `=` and `!=` on strings, quoted or not, with `*` wildcards;
 *   `=`, `!=`, `<`, `<=`, `>`, `>=` on numbers; `IS TRUE`, `IS FALSE`,
 *   `IS NULL`, `NOT EXISTS`; `&&`, `||` and parentheses; `%regex%` values.
 * - Space-delimited (FILTER_DOCS.syntax, "Matching terms in space-delimited
 *   log events"): `[ip, user, ..., status = 404, bytes > 1000]`.
 * - A standalone regex `%...%` (at most two regexes in a JSON or delimited
 *   pattern).
 *
 * A pattern CloudWatch would reject gives a `PatternProblem` with its
 * position; callers never count such a pattern as matching anything.
 * The parser is a single left-to-right scan: its cost is linear in the
 * pattern's length.
 */

export const FILTER_DOCS = {
  /** Filter pattern syntax for metric filters, subscription filters, filter log events, and Live Tail. */
  syntax: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
  /** Filter pattern syntax for metric filters (empty pattern, metric values). */
  metricFilters: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntaxForMetricFilters.html',
  /** PutMetricFilter API: filterPattern length 0 to 1024. */
  putMetricFilter: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html',
} as const;

/** PutMetricFilter: "filterPattern … Length Constraints: Minimum length of 0. Maximum length of 1024." */
export const MAX_PATTERN_LENGTH = 1024;
/** FILTER_DOCS.syntax, Quotas: "a limit of 2 regex for each filter pattern" (JSON and delimited). */
export const MAX_REGEX_PER_PATTERN = 2;

export interface PatternProblem {
  message: string;
  /** Offset in the pattern text (0-based). */
  offset: number;
  /** Line and column in the pattern text (1-based); a heredoc pattern may span lines. */
  line: number;
  column: number;
}

export type PathSegment = string | number;

/** A string value with `*` wildcards: the literal pieces between them. */
export interface Glob {
  pieces: string[];
}

export type Value =
  | { t: 'string'; text: string; glob: Glob; quoted: boolean }
  | { t: 'number'; n: number; text: string }
  | { t: 'regex'; re: Regex };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type JsonExpr =
  | { t: 'and' | 'or'; left: JsonExpr; right: JsonExpr }
  | { t: 'compare'; path: PathSegment[]; selector: string; op: CompareOp; value: Value; offset: number }
  | { t: 'is'; path: PathSegment[]; selector: string; what: 'TRUE' | 'FALSE' | 'NULL'; offset: number }
  | { t: 'notExists'; path: PathSegment[]; selector: string; offset: number };

export interface Term {
  text: string;
  mode: 'require' | 'any' | 'exclude';
}

export interface DelimitedCondition {
  name: string;
  op: CompareOp;
  value: Value;
}

export type DelimitedField =
  | { t: 'ellipsis' }
  | { t: 'field'; name: string; /** OR of ANDs of conditions on this field. */ conditions: DelimitedCondition[][] };

export type FilterPattern =
  | { form: 'all' }
  | { form: 'terms'; terms: Term[] }
  | { form: 'json'; expr: JsonExpr }
  | { form: 'delimited'; fields: DelimitedField[] }
  | { form: 'regex'; re: Regex };

export type ParseResult = { ok: true; pattern: FilterPattern } | { ok: false; problem: PatternProblem };

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const cache = new Map<string, ParseResult>();
const CACHE_LIMIT = 10_000;

/** Parses a filter pattern; each distinct text is parsed once per process. */
export function parseFilterPattern(text: string): ParseResult {
  const hit = cache.get(text);
  if (hit) return hit;
  const result = parseUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return result;
}

function parseUncached(text: string): ParseResult {
  try {
    if (text.length > MAX_PATTERN_LENGTH) {
      throw new ParseError(`a filter pattern is at most ${MAX_PATTERN_LENGTH} characters (this one has ${text.length})`, MAX_PATTERN_LENGTH);
    }
    return { ok: true, pattern: new Parser(text).parse() };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { ok: false, problem: problemAt(text, e.message, e.offset) };
  }
}

function problemAt(text: string, message: string, offset: number): PatternProblem {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { message, offset, line, column };
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const SELECTOR_CHAR = /^[A-Za-z0-9_@\-:]$/;

class Parser {
  private i = 0;
  private regexCount = 0;

  constructor(private readonly s: string) {}

  parse(): FilterPattern {
    this.skip();
    if (this.i >= this.s.length) return { form: 'all' };
    const c = this.s[this.i];
    if (c === '{') return this.json();
    if (c === '[') return this.delimited();
    if (c === '%') {
      const re = this.regex();
      this.skip();
      if (this.i < this.s.length) throw new ParseError('unexpected text after the regex', this.i);
      return { form: 'regex', re };
    }
    return this.terms();
  }

  private skip(): void {
    while (isSpace(this.s[this.i])) this.i++;
  }

  private fail(message: string, at = this.i): never {
    throw new ParseError(message, at);
  }

  // ---- terms -------------------------------------------------------------

  private terms(): FilterPattern {
    const terms: Term[] = [];
    while (this.i < this.s.length) {
      let mode: Term['mode'] = 'require';
      const c = this.s[this.i];
      if (c === '?') {
        mode = 'any';
        this.i++;
      } else if (c === '-' && this.s[this.i + 1] !== undefined && !isSpace(this.s[this.i + 1])) {
        mode = 'exclude';
        this.i++;
      }
      let text: string;
      if (this.s[this.i] === '"') text = this.quoted();
      else {
        const start = this.i;
        while (this.i < this.s.length && !isSpace(this.s[this.i])) {
          const ch = this.s[this.i]!;
          if (ch === '"' || ch === '{' || ch === '}' || ch === '[' || ch === ']') {
            this.fail(`'${ch}' in a term: enclose terms with non-alphanumeric characters in double quotes`);
          }
          this.i++;
        }
        text = this.s.slice(start, this.i);
        if (text === '') this.fail(mode === 'any' ? "'?' must be followed by a term" : 'expected a term');
      }
      terms.push({ text, mode });
      this.skip();
    }
    return { form: 'terms', terms };
  }

  /** A double-quoted string; `\"` and `\\` are escapes (FILTER_DOCS.syntax: quote terms with non-alphanumeric characters). */
  private quoted(): string {
    const open = this.i;
    this.i++;
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '\\') {
        const next = this.s[this.i + 1];
        if (next === undefined) break;
        out += next === '*' ? '\\*' : next;
        this.i += 2;
        continue;
      }
      if (c === '"') {
        this.i++;
        return out;
      }
      out += c;
      this.i++;
    }
    return this.fail('unterminated quoted string', open);
  }

  // ---- JSON --------------------------------------------------------------

  private json(): FilterPattern {
    const open = this.i;
    this.i++; // {
    this.skip();
    if (this.s[this.i] === '}') this.fail('empty JSON filter pattern: write a condition such as { $.eventName = "CreateTrail" }');
    const expr = this.orExpr();
    this.skip();
    if (this.s[this.i] !== '}') {
      if (this.i >= this.s.length) this.fail("JSON filter pattern is missing its closing '}'", open);
      this.fail(`unexpected '${this.s[this.i]}': expected '&&', '||' or '}'`);
    }
    this.i++;
    this.skip();
    if (this.i < this.s.length) this.fail("unexpected text after the JSON filter pattern's closing '}'");
    return { form: 'json', expr };
  }

  /**
   * `&&` binds tighter than `||`, as in the documented examples that mix
   * them inside parentheses; CIS 4.1's pattern (`A || B && C && D`) means
   * the same under either reading for CloudTrail records.
   */
  private orExpr(): JsonExpr {
    let left = this.andExpr();
    for (;;) {
      this.skip();
      if (this.s.startsWith('||', this.i)) {
        this.i += 2;
        left = { t: 'or', left, right: this.andExpr() };
      } else return left;
    }
  }

  private andExpr(): JsonExpr {
    let left = this.primary();
    for (;;) {
      this.skip();
      if (this.s.startsWith('&&', this.i)) {
        this.i += 2;
        left = { t: 'and', left, right: this.primary() };
      } else return left;
    }
  }

  private primary(): JsonExpr {
    this.skip();
    const c = this.s[this.i];
    if (c === '(') {
      const open = this.i;
      this.i++;
      const e = this.orExpr();
      this.skip();
      if (this.s[this.i] !== ')') this.fail("missing ')'", this.i >= this.s.length ? open : this.i);
      this.i++;
      return e;
    }
    if (c === '$') return this.condition();
    if (c === undefined || c === '}') this.fail('expected a condition such as $.eventName = "CreateTrail"');
    if (c === '&' || c === '|') this.fail(`'${c}${c}' needs a condition on each side`);
    if (c === ')') this.fail("unbalanced ')'");
    return this.fail(`expected a selector starting with '$.', found '${c}'`);
  }

  private selector(): { path: PathSegment[]; text: string } {
    const start = this.i;
    this.i++; // $
    const path: PathSegment[] = [];
    for (;;) {
      const c = this.s[this.i];
      if (c === '.') {
        this.i++;
        const nameStart = this.i;
        while (this.i < this.s.length && SELECTOR_CHAR.test(this.s[this.i]!)) this.i++;
        if (this.i === nameStart) this.fail("expected a property name after '.'");
        path.push(this.s.slice(nameStart, this.i));
      } else if (c === '[') {
        this.i++;
        const numStart = this.i;
        while (this.i < this.s.length && this.s[this.i]! >= '0' && this.s[this.i]! <= '9') this.i++;
        if (this.i === numStart || this.s[this.i] !== ']') this.fail('an array index is a number in brackets, such as $.resources[0]');
        path.push(Number(this.s.slice(numStart, this.i)));
        this.i++;
      } else break;
    }
    if (path.length === 0) this.fail("a selector names a property: '$.eventName', not '$'", start);
    return { path, text: this.s.slice(start, this.i) };
  }

  private condition(): JsonExpr {
    const offset = this.i;
    const { path, text: selector } = this.selector();
    this.skip();
    const word = this.word();
    if (word === 'IS') {
      this.skip();
      const at = this.i;
      const what = this.word();
      if (what !== 'TRUE' && what !== 'FALSE' && what !== 'NULL') this.fail('IS must be followed by TRUE, FALSE or NULL', at);
      return { t: 'is', path, selector, what, offset };
    }
    if (word === 'NOT') {
      this.skip();
      const at = this.i;
      if (this.word() !== 'EXISTS') this.fail('NOT must be followed by EXISTS', at);
      return { t: 'notExists', path, selector, offset };
    }
    if (word !== '') this.fail(`unknown keyword '${word}': expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS`, this.i - word.length);
    const op = this.operator();
    this.skip();
    const valueAt = this.i;
    const value = this.value(')}');
    if ((op === '<' || op === '<=' || op === '>' || op === '>=') && value.t !== 'number') {
      this.fail(`'${op}' compares numbers; ${selector} is compared with a non-numeric value`, valueAt);
    }
    return { t: 'compare', path, selector, op, value, offset };
  }

  private word(): string {
    const start = this.i;
    while (this.i < this.s.length && /^[A-Za-z]$/.test(this.s[this.i]!)) this.i++;
    const w = this.s.slice(start, this.i);
    if (/^(is|not|exists|true|false|null)$/i.test(w)) return w.toUpperCase();
    return w;
  }

  private operator(): CompareOp {
    const two = this.s.slice(this.i, this.i + 2);
    if (two === '==') this.fail("'==' is not a filter-pattern operator: use '='");
    if (two === '!=' || two === '<=' || two === '>=') {
      this.i += 2;
      return two;
    }
    const one = this.s[this.i];
    if (one === '=' || one === '<' || one === '>') {
      this.i++;
      return one;
    }
    if (one === undefined) this.fail('expected an operator (=, !=, <, <=, >, >=)');
    return this.fail(`expected an operator (=, !=, <, <=, >, >=), found '${one}'`);
  }

  /** A quoted or unquoted value, a number, or `%regex%`; `stops` end an unquoted value. */
  private value(stops: string): Value {
    const c = this.s[this.i];
    if (c === undefined || c === '&' || c === '|' || (stops.includes(c) && c !== '')) this.fail('expected a value after the operator');
    if (c === '"') {
      const text = this.quoted();
      return { t: 'string', text: unescapeStar(text), glob: toGlob(text), quoted: true };
    }
    if (c === '%') return { t: 'regex', re: this.regex() };
    const start = this.i;
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (isSpace(ch) || stops.includes(ch) || ch === '(' || ch === '"') break;
      if ((ch === '&' && this.s[this.i + 1] === '&') || (ch === '|' && this.s[this.i + 1] === '|')) break;
      this.i++;
    }
    const text = this.s.slice(start, this.i);
    if (text === '') this.fail('expected a value after the operator');
    if (text.startsWith('=')) this.fail("'==' is not a filter-pattern operator: use '='", start - 1);
    if (NUMBER.test(text)) return { t: 'number', n: Number(text), text };
    return { t: 'string', text, glob: toGlob(text), quoted: false };
  }

  private regex(): Regex {
    const open = this.i;
    const close = this.s.indexOf('%', open + 1);
    if (close < 0) this.fail("regex is missing its closing '%'", open);
    if (++this.regexCount > MAX_REGEX_PER_PATTERN) this.fail(`a filter pattern may hold at most ${MAX_REGEX_PER_PATTERN} regexes`, open);
    const parsed = parseRegex(this.s.slice(open + 1, close));
    if ('error' in parsed) this.fail(parsed.error, open + 1 + parsed.at);
    this.i = close + 1;
    return parsed;
  }

  // ---- space-delimited ---------------------------------------------------

  private delimited(): FilterPattern {
    const open = this.i;
    this.i++; // [
    const fields: DelimitedField[] = [];
    for (;;) {
      this.skip();
      if (this.s[this.i] === ']' && fields.length === 0) this.fail('empty space-delimited pattern');
      fields.push(this.delimitedField());
      this.skip();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        break;
      }
      if (c === undefined) this.fail("space-delimited pattern is missing its closing ']'", open);
      this.fail(`unexpected '${c}': expected ',' or ']'`);
    }
    this.skip();
    if (this.i < this.s.length) this.fail("unexpected text after the space-delimited pattern's closing ']'");
    return { form: 'delimited', fields };
  }

  private delimitedField(): DelimitedField {
    if (this.s.startsWith('...', this.i)) {
      this.i += 3;
      return { t: 'ellipsis' };
    }
    const name = this.fieldName();
    this.skip();
    const c = this.s[this.i];
    // No condition: the caller expects ',' or ']' next and says so if not.
    if (c === undefined || c === ',' || c === ']' || /^[A-Za-z0-9_"]$/.test(c)) return { t: 'field', name, conditions: [] };
    // name op value [&& name op value]… [|| …]
    const groups: DelimitedCondition[][] = [[this.delimitedCondition(name)]];
    for (;;) {
      this.skip();
      if (this.s.startsWith('&&', this.i) || this.s.startsWith('||', this.i)) {
        const or = this.s[this.i] === '|';
        this.i += 2;
        this.skip();
        const other = this.fieldName();
        if (other !== name) this.fail(`a condition in field '${name}' names another field '${other}'`);
        this.skip();
        const cond = this.delimitedCondition(name);
        if (or) groups.push([cond]);
        else groups[groups.length - 1]!.push(cond);
      } else break;
    }
    return { t: 'field', name, conditions: groups };
  }

  private fieldName(): string {
    const start = this.i;
    while (this.i < this.s.length && /^[A-Za-z0-9_]$/.test(this.s[this.i]!)) this.i++;
    if (this.i === start) this.fail(`expected a field name, found '${this.s[this.i] ?? 'end of pattern'}'`);
    return this.s.slice(start, this.i);
  }

  private delimitedCondition(name: string): DelimitedCondition {
    const op = this.operator();
    this.skip();
    const at = this.i;
    const value = this.value(',]');
    if ((op === '<' || op === '<=' || op === '>' || op === '>=') && value.t !== 'number') {
      this.fail(`'${op}' compares numbers; field '${name}' is compared with a non-numeric value`, at);
    }
    return { name, op, value };
  }
}

/** Splits on unescaped `*` (a wildcard, FILTER_DOCS.syntax); `\*` is a literal star. */
function toGlob(text: string): Glob {
  const pieces: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '*') {
      cur += '*';
      i++;
    } else if (c === '*') {
      pieces.push(cur);
      cur = '';
    } else cur += c;
  }
  pieces.push(cur);
  return { pieces };
}

function unescapeStar(text: string): string {
  return text.replace(/\\\*/g, '*');
}

/**
 * Matches a glob in linear time: with pieces p0 * p1 * … * pn, the text must
 * start with p0, end with pn, and hold p1…pn-1 in order between them (a
 * leftmost match of each piece is always the best choice).
 */
export function globMatches(glob: Glob, text: string): boolean {
  const p = glob.pieces;
  if (p.length === 1) return text === p[0];
  const first = p[0]!;
  const last = p[p.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let pos = first.length;
  const end = text.length - last.length;
  for (let k = 1; k < p.length - 1; k++) {
    const at = text.indexOf(p[k]!, pos);
    if (at < 0 || at + p[k]!.length > end) return false;
    pos = at + p[k]!.length;
  }
  return true;
}
