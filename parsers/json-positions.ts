// Strict JSON (RFC 8259) that remembers where every value was written.
//
// JSON.parse gives values but no positions, and findings must point at the
// line of `"IsMultiRegionTrail": false`. This is a hand-written recursive
// descent parser kept within a small factor of JSON.parse:
//  - it walks the text with charCodeAt and never builds strings character by
//    character (string values are slices of the input; only escapes split them);
//  - per value it records four offsets in a typed array (JsonNodeTable), and
//    JsonPositionIndex turns them into line/column ranges only when asked.

import type { Diagnostic } from '../core/diagnostics.js';
import { InputError } from '../core/diagnostics.js';
import type { SourceRange } from '../core/location.js';
import { LineIndex } from '../core/location.js';
import { defineMember } from './define-member.js';
import { JsonNodeTable, JsonPositionIndex } from './json-position-index.js';

export interface JsonParseResult {
  value: unknown;
  /** Ranges of every value and member name; filled lazily (see JsonPositionIndex). */
  positions: JsonPositionIndex;
  warnings: Diagnostic[];
}

/**
 * Deeper nesting than this is rejected: no template needs it, and unbounded
 * recursion would end in a stack overflow instead of a readable error.
 */
export const MAX_JSON_DEPTH = 1000;

// Character codes, named so the scanner reads like the grammar.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const APOSTROPHE = 39;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LOWER_E = 101;
const LBRACE = 123;
const RBRACE = 125;

/**
 * Parses `text` as one JSON value. Syntax errors throw InputError whose
 * message and range name the line and column; duplicate member names are
 * kept last-wins (as JSON.parse does) and reported as `duplicate-key` warnings.
 */
export function parseJsonWithPositions(text: string, file: string): JsonParseResult {
  const reader = new JsonReader(text, file);
  const value = reader.parseDocument();
  return { value, positions: new JsonPositionIndex(file, text, reader.nodes), warnings: reader.warnings };
}

/** `'x'` for printable characters, `U+0007` for the rest, so messages never contain invisible text. */
function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  const code = text.codePointAt(offset)!;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0xfeff) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(code)}'`;
}

class JsonReader {
  readonly nodes = new JsonNodeTable();
  readonly warnings: Diagnostic[] = [];

  private pos = 0;
  /** Built only when a message needs a line number: the happy path never pays for it. */
  private lines: LineIndex | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue(-1, -1, 0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(this.pos, 'expected the end of the document after the top-level value');
    return value;
  }

  // --- values -------------------------------------------------------------

  /** Reads the value at `pos`; `keyStart`/`keyEnd` locate the member name introducing it (-1 if none). */
  private parseValue(keyStart: number, keyEnd: number, depth: number): unknown {
    const node = this.nodes.open(keyStart, keyEnd, this.pos);
    let value: unknown;
    switch (this.text.charCodeAt(this.pos)) {
      case LBRACE:
        value = this.parseObject(depth);
        break;
      case LBRACKET:
        value = this.parseArray(depth);
        break;
      case QUOTE:
        value = this.parseString();
        break;
      case 116: // t
        value = this.parseLiteral('true', true);
        break;
      case 102: // f
        value = this.parseLiteral('false', false);
        break;
      case 110: // n
        value = this.parseLiteral('null', null);
        break;
      default:
        value = this.parseNumber();
    }
    this.nodes.close(node, this.pos);
    return value;
  }

  private parseObject(depth: number): Record<string, unknown> {
    const open = this.enterContainer(depth);
    const object: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === RBRACE) {
      this.pos++;
      return object;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== QUOTE) {
        this.fail(this.pos, this.atEnd() ? this.unclosed('object', '}', open) : 'expected a property name in double quotes');
      }
      const keyStart = this.pos;
      const key = this.parseString();
      const keyEnd = this.pos;
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== COLON) this.fail(this.pos, `expected ':' after the property name "${key}"`);
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(keyStart, keyEnd, depth + 1);

      if (Object.prototype.hasOwnProperty.call(object, key)) this.warnDuplicate(key, keyStart, keyEnd);
      defineMember(object, key, value);

      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === RBRACE) {
        this.pos++;
        return object;
      }
      if (c !== COMMA) this.fail(this.pos, this.atEnd() ? this.unclosed('object', '}', open) : "expected ',' or '}' after a property value");
      this.skipComma(RBRACE);
    }
  }

  private parseArray(depth: number): unknown[] {
    const open = this.enterContainer(depth);
    const array: unknown[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === RBRACKET) {
      this.pos++;
      return array;
    }
    for (;;) {
      if (this.atEnd()) this.fail(this.pos, this.unclosed('array', ']', open));
      array.push(this.parseValue(-1, -1, depth + 1));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === RBRACKET) {
        this.pos++;
        return array;
      }
      if (c !== COMMA) this.fail(this.pos, this.atEnd() ? this.unclosed('array', ']', open) : "expected ',' or ']' after an array element");
      this.skipComma(RBRACKET);
    }
  }

  /** Moves past the opening bracket at `pos`, returning its offset for "not closed" messages. */
  private enterContainer(depth: number): number {
    if (depth >= MAX_JSON_DEPTH) this.fail(this.pos, `nesting is deeper than ${MAX_JSON_DEPTH} levels`);
    return this.pos++;
  }

  /** Moves past a ',' and whitespace; a container closing right after it makes the comma the error. */
  private skipComma(close: number): void {
    const comma = this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === close) {
      const at = this.lineIndex().position(comma);
      throw new InputError(
        `Trailing comma at line ${at.line}, column ${at.column}: JSON does not allow a ',' before '${String.fromCharCode(close)}'`,
        this.range(comma, comma + 1),
      );
    }
  }

  private unclosed(kind: string, close: string, openOffset: number): string {
    const at = this.lineIndex().position(openOffset);
    return `expected '${close}' to close the ${kind} opened at line ${at.line}, column ${at.column}`;
  }

  private parseString(): string {
    const text = this.text;
    const start = this.pos + 1;
    let i = start;
    // Fast path: no escapes, so the value is one slice of the input.
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return text.slice(start, i);
      }
      if (c === BACKSLASH) break;
      if (c < SPACE || i >= text.length) this.failInString(i, start - 1);
      i++;
    }
    // Slow path: join the runs between escapes.
    const parts: string[] = [text.slice(start, i)];
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return parts.join('');
      }
      if (c === BACKSLASH) {
        parts.push(this.readEscape(i));
        i += text.charCodeAt(i + 1) === 117 ? 6 : 2; // \uXXXX or a two-character escape
        continue;
      }
      const runStart = i;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d === QUOTE || d === BACKSLASH) break;
        if (d < SPACE || i >= text.length) this.failInString(i, start - 1);
        i++;
      }
      parts.push(text.slice(runStart, i));
    }
  }

  /** The character an escape sequence at `at` (pointing at the backslash) stands for. */
  private readEscape(at: number): string {
    switch (this.text.charCodeAt(at + 1)) {
      case QUOTE:
        return '"';
      case BACKSLASH:
        return '\\';
      case SLASH:
        return '/';
      case 98: // b
        return '\b';
      case 102: // f
        return '\f';
      case 110: // n
        return '\n';
      case 114: // r
        return '\r';
      case 116: // t
        return '\t';
      case 117: {
        // \u needs exactly four hex digits; lone surrogates are allowed by the RFC and kept as written.
        const hex = this.text.slice(at + 2, at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(at, 'expected four hexadecimal digits after \\u');
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        if (at + 1 >= this.text.length) this.fail(at + 1, 'the string is not closed');
        this.fail(at, `invalid escape sequence \\${this.text[at + 1]} (valid: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
    }
  }

  private failInString(at: number, openingQuote: number): never {
    if (at >= this.text.length) {
      const open = this.lineIndex().position(openingQuote);
      this.fail(at, `expected '"' to close the string opened at line ${open.line}, column ${open.column}`);
    }
    const c = this.text.charCodeAt(at);
    this.fail(at, c === LF || c === CR ? 'a string cannot span lines in JSON (write \\n)' : 'control characters must be escaped inside strings');
  }

  private parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let i = start;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    const first = text.charCodeAt(i);
    // Small integers (most numbers in templates) are summed as they are scanned, saving a slice and Number().
    let integer = 0;
    if (first === ZERO) {
      i++;
      if (isDigit(text.charCodeAt(i))) this.fail(i, 'numbers cannot have leading zeros');
    } else if (isDigit(first)) {
      integer = first - ZERO;
      for (let c = text.charCodeAt(++i); isDigit(c); c = text.charCodeAt(++i)) integer = integer * 10 + (c - ZERO);
    } else {
      this.fail(i, i === start ? this.explainNoValue(i) : "expected a digit after '-'");
    }
    const integerEnd = i;
    if (text.charCodeAt(i) === DOT) {
      i++;
      if (!isDigit(text.charCodeAt(i))) this.fail(i, 'expected a digit after the decimal point');
      while (isDigit(text.charCodeAt(++i)));
    }
    const e = text.charCodeAt(i);
    if (e === LOWER_E || e === UPPER_E) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      if (!isDigit(text.charCodeAt(i))) this.fail(i, 'expected a digit in the exponent');
      while (isDigit(text.charCodeAt(++i)));
    }
    const fraction = i;
    this.pos = i;
    // Up to 15 digits the running sum is exact; beyond, or with a fraction or exponent, Number() rounds correctly.
    if (fraction === integerEnd && integerEnd - start <= 15) return negative ? -integer : integer;
    return Number(text.slice(start, i));
  }

  /** Why a value cannot start at `at`, naming the mistakes people actually make. */
  private explainNoValue(at: number): string {
    const c = this.text.charCodeAt(at);
    if (at >= this.text.length || c === RBRACE || c === RBRACKET || c === COMMA) return 'expected a value';
    if (c === APOSTROPHE) return 'expected a value (strings must use double quotes)';
    if (c === SLASH) return 'expected a value (JSON does not allow comments)';
    return 'expected a value (a string, number, object, array, true, false or null)';
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(this.pos, this.explainNoValue(this.pos));
    this.pos += word.length;
    return value;
  }

  private skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
      i++;
    }
    this.pos = i;
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  // --- errors and warnings ----------------------------------------------------

  private lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }

  private range(start: number, end: number): SourceRange {
    const lines = this.lineIndex();
    return { file: this.file, start: lines.position(start), end: lines.position(end) };
  }

  private fail(offset: number, expectation: string): never {
    const at = this.lineIndex().position(offset);
    throw new InputError(
      `Unexpected ${describeChar(this.text, offset)} at line ${at.line}, column ${at.column}: ${expectation}`,
      this.range(offset, Math.min(offset + 1, this.text.length)),
    );
  }

  private warnDuplicate(key: string, keyStart: number, keyEnd: number): void {
    const range = this.range(keyStart, keyEnd);
    this.warnings.push({
      level: 'warning',
      code: 'duplicate-key',
      message: `Duplicate key "${key}" at line ${range.start.line}, column ${range.start.column}: the later value replaces the earlier one`,
      file: this.file,
      range,
    });
  }
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
