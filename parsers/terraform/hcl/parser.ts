import { quoteInput } from '../../quote.js';
// Recursive-descent parser for HCL native syntax (the `.tf` format), following
// the HCL native syntax specification and the behaviour of HashiCorp's
// hclsyntax parser where the specification is silent (newline handling,
// one-line blocks, legacy `.0` indexes, template unwrapping).
//
// Newlines end attributes and blocks, but are ignored inside parentheses,
// brackets, function arguments, `for` expressions and interpolations; object
// constructors accept them as item separators. `newlines` below says whether
// NEWLINE tokens are currently significant, and each construct saves and
// restores it, as hclsyntax's peeker does with its include-newlines stack.
//
// The first syntax error ends the parse with an InputError carrying the exact
// range of the offending token and a message naming what was expected.

import { InputError } from '../../../core/diagnostics.js';
import type { SourceRange } from '../../../core/location.js';
import { AttributeNode, AttrStepNode, BlockNode, fromOf, FunctionCallNode, ObjectItemNode, QuotedLiteralNode, toOf, TraversalNode } from './lazy-nodes.js';
import { OffsetRange, Positions } from './positions.js';
import type {
  Attribute,
  BinaryOperator,
  Block,
  Body,
  Comment,
  Expression,
  ForExpr,
  FunctionCallExpr,
  HclFile,
  ObjectExpr,
  ObjectItem,
  TemplateExpr,
  TraversalStep,
  TupleExpr,
} from './ast.js';
import * as T from './lexer.js';
import { decodeHeredoc, decodeQuoted, flushHeredoc, meldLiterals, nestTemplate, TemplateError, trimLeftSpace, trimRightSpace, type FlatToken } from './template.js';

/**
 * Deepest nesting of blocks and expressions accepted. Real configurations stay
 * far below; the limit turns pathological input into an error instead of a
 * stack overflow.
 */
export const MAX_NESTING = 256;

/** Parses HCL native syntax. Throws InputError (with file, line and column) on the first syntax error. */
export function parseHcl(text: string, file: string): HclFile {
  const stream = T.tokenize(text);
  const parser = new Parser(text, file, stream);
  try {
    const body = parser.parseFile();
    return { file, body, comments: parser.comments() };
  } catch (e) {
    // MAX_NESTING keeps recursion far from the stack limit; this is the net
    // under it (a caller already deep in its own stack), so input never
    // produces a stack trace.
    if (e instanceof RangeError) throw new InputError(`File too complex to parse: ${e.message}`, { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } });
    throw e;
  }
}

// Binary operators by token kind: precedence level (higher binds tighter) and symbol.
const BINARY_LEVEL: number[] = [];
const BINARY_SYMBOL: BinaryOperator[] = [];
for (const [kind, level, symbol] of [
  [T.OR, 1, '||'],
  [T.AND, 2, '&&'],
  [T.EQ_OP, 3, '=='],
  [T.NOT_EQ, 3, '!='],
  [T.LT, 4, '<'],
  [T.LE, 4, '<='],
  [T.GT, 4, '>'],
  [T.GE, 4, '>='],
  [T.PLUS, 5, '+'],
  [T.MINUS, 5, '-'],
  [T.STAR, 6, '*'],
  [T.SLASH, 6, '/'],
  [T.PERCENT, 6, '%'],
] as const) {
  BINARY_LEVEL[kind] = level;
  BINARY_SYMBOL[kind] = symbol;
}

/** What people usually meant by a character HCL does not have. */
const INVALID_CHARACTER_HINTS: ReadonlyMap<string, string> = new Map([
  ["'", '; strings use double quotes (")'],
  [';', '; arguments are separated by newlines'],
  ['&', "; logical AND is '&&'"],
  ['|', "; logical OR is '||'"],
]);

class Parser {
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly positions: Positions;
  /** Index of the next unread token. */
  private i = 0;
  /** Whether NEWLINE tokens are significant here (see the file comment). */
  private newlines = true;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly stream: T.TokenStream,
  ) {
    this.kinds = stream.kinds;
    this.starts = stream.starts;
    this.ends = stream.ends;
    this.positions = new Positions(text);
  }

  // ---------------------------------------------------------------- positions
  // Node ranges are OffsetRanges: line and column are found only for the few
  // that are read (see positions.ts).

  private range(start: number, end: number): OffsetRange {
    return new OffsetRange(this.file, this.positions, start, end);
  }

  /** A range with its positions computed now (errors and comments, which leave the parser as plain data). */
  private plainRange(start: number, end: number): SourceRange {
    return { file: this.file, start: this.positions.at(start), end: this.positions.at(end) };
  }

  /** From the start of token `first` to the end of token `last`. */
  private tokensRange(first: number, last: number): OffsetRange {
    return new OffsetRange(this.file, this.positions, this.starts[first]!, this.ends[last]!);
  }

  private tokenRange(index: number): OffsetRange {
    return new OffsetRange(this.file, this.positions, this.starts[index]!, this.ends[index]!);
  }

  /** From the start of expression `from` to the end of expression `to` (both made by this parse). */
  private spanOf(from: Expression, to: Expression): OffsetRange {
    return new OffsetRange(this.file, this.positions, fromOf(from), toOf(to));
  }

  private error(message: string, start: number, end: number): InputError {
    return new InputError(message, this.plainRange(start, end));
  }

  private errorAt(index: number, message: string): InputError {
    return this.error(message, this.starts[index]!, this.ends[index]!);
  }

  // ------------------------------------------------------------------- tokens

  /** Index of the next significant token; reports lexical errors when reached. */
  private peekIndex(): number {
    // One read of `kinds` per token looked at and one comparison for both error kinds (INVALID and ERROR
    // are the last two): the parser runs mostly in V8's baseline tiers, where each property or element
    // read is a call of an inline cache.
    const kinds = this.kinds;
    let i = this.i;
    let kind = kinds[i]!;
    if (!this.newlines) while (kind === T.NEWLINE) kind = kinds[++i]!;
    if (kind >= T.INVALID) return this.lexicalError(i);
    return i;
  }

  /** Throws the error of token `i`, an INVALID or ERROR token. */
  private lexicalError(i: number): never {
    const kind = this.kinds[i];
    if (kind === T.ERROR) throw this.errorAt(i, this.stream.errorMessage ?? 'Invalid input');
    const ch = this.text.slice(this.starts[i], this.ends[i]);
    const shown = ch === '\r' ? 'carriage return' : JSON.stringify(ch);
    throw this.errorAt(i, `Invalid character ${shown}${INVALID_CHARACTER_HINTS.get(ch) ?? ''}`);
  }

  /** The kind of the next significant token (peekIndex's loop, written out: one call and one element read fewer). */
  private peek(): number {
    const kinds = this.kinds;
    let i = this.i;
    let kind = kinds[i]!;
    if (!this.newlines) while (kind === T.NEWLINE) kind = kinds[++i]!;
    if (kind >= T.INVALID) this.lexicalError(i);
    return kind;
  }

  /** Consumes the next significant token and returns its index (peekIndex's loop, written out likewise). */
  private next(): number {
    const kinds = this.kinds;
    let i = this.i;
    let kind = kinds[i]!;
    if (!this.newlines) while (kind === T.NEWLINE) kind = kinds[++i]!;
    if (kind >= T.INVALID) this.lexicalError(i);
    if (kind !== T.EOF) this.i = i + 1;
    return i;
  }

  private tokenText(index: number): string {
    return this.text.slice(this.starts[index], this.ends[index]);
  }

  private isKeyword(index: number, word: string): boolean {
    return this.kinds[index] === T.IDENT && this.ends[index]! - this.starts[index]! === word.length && this.text.startsWith(word, this.starts[index]);
  }

  /** How a token is named in messages: `'foo'` for words and numbers, else its symbol. */
  private describe(index: number): string {
    const kind = this.kinds[index]!;
    if (kind === T.IDENT || kind === T.NUMBER) return `${quoteInput(this.tokenText(index))}`;
    return T.kindName(kind);
  }

  private expect(kind: number, message: string): number {
    const i = this.peekIndex();
    if (this.kinds[i] !== kind) throw this.errorAt(i, `${message}, found ${this.describe(i)}`);
    this.i = i + 1;
    return i;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_NESTING) throw this.errorAt(at, `Nesting deeper than ${MAX_NESTING} levels is not supported`);
  }

  comments(): Comment[] {
    const { commentStarts, commentEnds } = this.stream;
    const out: Comment[] = new Array(commentStarts.length);
    for (let k = 0; k < commentStarts.length; k++) {
      const start = commentStarts[k]!;
      const end = commentEnds[k]!;
      const text = this.text.slice(start, end);
      const style = text.startsWith('#') ? '#' : text.startsWith('//') ? '//' : '/*';
      const content = style === '#' ? text.slice(1) : style === '//' ? text.slice(2) : text.slice(2, -2);
      out[k] = { style, text, content, range: this.plainRange(start, end) };
    }
    return out;
  }

  // ---------------------------------------------------------------- structure

  parseFile(): Body {
    return this.parseBody(-1, -1);
  }

  private fileRange(): SourceRange {
    return this.range(this.text.charCodeAt(0) === 0xfeff ? 1 : 0, this.text.length);
  }

  /**
   * Attributes and blocks up to the closing brace (`openBrace` is its opening
   * brace's token index, `typeIndex` the block type's) or, for the file itself
   * (`openBrace` = -1), up to EOF.
   */
  private parseBody(openBrace: number, typeIndex: number): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    // Duplicate names are found by a scan while the body is small, then by a map.
    let byName: Map<string, Attribute> | undefined;
    for (;;) {
      const i = this.peekIndex();
      const kind = this.kinds[i]!;
      if (kind === T.NEWLINE) {
        this.i = i + 1;
        continue;
      }
      if (kind === T.CBRACE && openBrace >= 0) {
        this.i = i + 1;
        return { kind: 'Body', attributes, blocks, range: this.tokensRange(openBrace, i) };
      }
      if (kind === T.EOF) {
        if (openBrace >= 0) {
          throw this.errorAt(openBrace, `Unclosed block ${this.blockHeader(typeIndex, openBrace)}: no '}' matches this '{' before the end of the file`);
        }
        return { kind: 'Body', attributes, blocks, range: this.fileRange() };
      }
      if (kind === T.IDENT) {
        const item = this.parseBodyItem();
        if (item.kind === 'Block') {
          blocks.push(item);
          continue;
        }
        let previous: Attribute | undefined;
        if (byName) previous = byName.get(item.name);
        else {
          // Indexed (no iterator result object per attribute in interpreted code); at most one can match.
          for (let k = 0; k < attributes.length; k++) if (attributes[k]!.name === item.name) previous = attributes[k];
          if (attributes.length >= 16) byName = new Map(attributes.map((a) => [a.name, a]));
        }
        if (previous) {
          throw new InputError(
            `Argument '${item.name}' is already set at line ${previous.nameRange.start.line}; each argument may be set only once`,
            item.nameRange,
          );
        }
        byName?.set(item.name, item);
        attributes.push(item);
        continue;
      }
      if (kind === T.OQUOTE) throw this.errorAt(i, 'Invalid argument name: argument and block names must not be quoted');
      if (kind === T.CBRACE) throw this.errorAt(i, "Unexpected '}': there is no block to close here");
      throw this.errorAt(i, `Expected an argument or block definition, found ${this.describe(i)}`);
    }
  }

  /** `resource "aws_cloudtrail" "x"`, quoted, for messages: the tokens from the type up to (excluding) `end`. */
  private blockHeader(typeIndex: number, end: number): string {
    return `${quoteInput(this.headerText(typeIndex, end))}`;
  }

  private headerText(typeIndex: number, end: number): string {
    const words: string[] = [];
    for (let k = typeIndex; k < end; k++) {
      const kind = this.kinds[k];
      if (kind === T.IDENT) words.push(this.tokenText(k));
      else if (kind === T.OQUOTE) {
        const chunks: string[] = [];
        for (k++; k < end && this.kinds[k] === T.QUOTED_LIT; k++) chunks.push(this.tokenText(k));
        words.push(`"${chunks.join('')}"`);
      }
    }
    return words.join(' ');
  }

  private parseBodyItem(): Attribute | Block {
    const nameIndex = this.next();
    const next = this.peekIndex();
    const kind = this.kinds[next];
    if (kind === T.EQUAL) return this.parseAttribute(nameIndex, false);
    if (kind === T.OQUOTE || kind === T.IDENT || kind === T.OBRACE) return this.parseBlock(nameIndex);
    throw this.errorAt(next, `Expected '=' or '{' after ${quoteInput(this.tokenText(nameIndex))}, found ${this.describe(next)}`);
  }

  private parseAttribute(nameIndex: number, singleLine: boolean): Attribute {
    const name = this.tokenText(nameIndex);
    this.next(); // '='
    const expr = this.parseExpression();
    if (!singleLine) {
      const end = this.peekIndex();
      const kind = this.kinds[end];
      if (kind === T.NEWLINE) this.i = end + 1;
      else if (kind !== T.EOF) {
        if (kind === T.COMMA) throw this.errorAt(end, `Unexpected ',' after argument ${quoteInput(name)}: arguments are separated by newlines, not commas`);
        throw this.errorAt(end, `Expected a newline after the value of argument ${quoteInput(name)}, found ${this.describe(end)}`);
      }
    }
    // The name range and the range are derived from the name's offset and the expression's range when read (lazy-nodes.ts).
    return new AttributeNode(name, expr, this.starts[nameIndex]!);
  }

  private parseBlock(typeIndex: number): Block {
    this.enter(typeIndex);
    const type = this.tokenText(typeIndex);
    const labels: string[] = [];
    const labelRanges: SourceRange[] = [];
    let openBrace = -1;
    while (openBrace < 0) {
      const i = this.peekIndex();
      const kind = this.kinds[i];
      if (kind === T.OBRACE) {
        openBrace = i;
        this.i = i + 1;
      } else if (kind === T.OQUOTE) {
        const label = this.parseLabelString();
        labels.push(label[0]);
        labelRanges.push(label[1]);
      } else if (kind === T.IDENT) {
        this.i = i + 1;
        labels.push(this.tokenText(i));
        labelRanges.push(this.tokenRange(i));
      } else {
        const header = this.headerText(typeIndex, i);
        if (labels.length === 0 && kind !== T.NEWLINE) {
          throw this.errorAt(i, `Expected '=' or '{' after ${quoteInput(header)}, found ${this.describe(i)}`);
        }
        if (kind === T.NEWLINE) {
          throw this.errorAt(i, `Expected '{' after ${quoteInput(header)}: a block's opening brace must be on the same line as its type and labels`);
        }
        if (kind === T.EQUAL) throw this.errorAt(i, `Expected '{' after ${quoteInput(header)}: '=' assigns arguments and cannot follow block labels`);
        throw this.errorAt(i, `Expected '{' or a label after ${quoteInput(header)}, found ${this.describe(i)}`);
      }
    }
    let body: Body;
    let closeBrace: number;
    const first = this.peekIndex();
    const firstKind = this.kinds[first];
    if (firstKind === T.NEWLINE || firstKind === T.EOF || firstKind === T.CBRACE) {
      body = this.parseBody(openBrace, typeIndex);
      closeBrace = this.i - 1;
    } else {
      // One-line block: `name { attr = value }` holds at most one argument.
      if (firstKind !== T.IDENT) throw this.errorAt(first, `Expected an argument or a newline after '{' of block ${this.blockHeader(typeIndex, openBrace)}, found ${this.describe(first)}`);
      this.i = first + 1;
      const eq = this.peekIndex();
      if (this.kinds[eq] !== T.EQUAL) {
        throw this.errorAt(eq, `Expected '=' after ${quoteInput(this.tokenText(first))}: a block on one line can hold a single argument; put nested blocks on their own lines`);
      }
      const attribute = this.parseAttribute(first, true);
      closeBrace = this.peekIndex();
      const kind = this.kinds[closeBrace];
      if (kind !== T.CBRACE) {
        if (kind === T.COMMA) throw this.errorAt(closeBrace, `A block on one line (${this.blockHeader(typeIndex, openBrace)}) can hold only one argument; write one argument per line`);
        if (kind === T.NEWLINE) throw this.errorAt(closeBrace, `A block on one line (${this.blockHeader(typeIndex, openBrace)}) must be closed with '}' on the same line`);
        if (kind === T.EOF) throw this.errorAt(openBrace, `Unclosed block ${this.blockHeader(typeIndex, openBrace)}: no '}' matches this '{' before the end of the file`);
        throw this.errorAt(closeBrace, `Expected '}' to close block ${this.blockHeader(typeIndex, openBrace)}, found ${this.describe(closeBrace)}`);
      }
      this.i = closeBrace + 1;
      body = {
        kind: 'Body',
        attributes: [attribute],
        blocks: [],
        range: this.tokensRange(openBrace, closeBrace),
      };
    }

    const after = this.peekIndex();
    if (this.kinds[after] === T.NEWLINE) this.i = after + 1;
    else if (this.kinds[after] !== T.EOF) {
      throw this.errorAt(after, `Expected a newline after the closing '}' of block ${this.blockHeader(typeIndex, openBrace)}, found ${this.describe(after)}`);
    }
    this.depth--;
    // The type and brace ranges are derived from the block's and body's ranges when read (lazy-nodes.ts).
    return new BlockNode(type, labels, labelRanges, body, this.tokensRange(typeIndex, closeBrace));
  }

  /** A block label in quotes: a string without interpolation. */
  private parseLabelString(): [string, SourceRange] {
    const open = this.next();
    const chunks: string[] = [];
    for (;;) {
      const i = this.peekIndex();
      const kind = this.kinds[i];
      if (kind === T.CQUOTE) {
        this.i = i + 1;
        return [chunks.join(''), this.tokensRange(open, i)];
      }
      if (kind === T.QUOTED_LIT) {
        chunks.push(this.decode(i));
        this.i = i + 1;
        continue;
      }
      if (kind === T.INTERP || kind === T.CONTROL) {
        const which = kind === T.INTERP ? '$' : '%';
        throw this.errorAt(i, `Template sequences are not allowed in a block label; to write a literal '${which}{', double it as '${which}${which}{'`);
      }
      throw this.errorAt(i, `Unexpected ${this.describe(i)} in a block label`);
    }
  }

  private decode(index: number): string {
    try {
      return this.kinds[index] === T.QUOTED_LIT
        ? decodeQuoted(this.text, this.starts[index]!, this.ends[index]!)
        : decodeHeredoc(this.text, this.starts[index]!, this.ends[index]!);
    } catch (e) {
      if (e instanceof TemplateError) throw this.error(e.message, e.start, e.end);
      throw e;
    }
  }

  // -------------------------------------------------------------- expressions

  private parseExpression(): Expression {
    const at = this.i;
    this.enter(at);
    const simple = this.simpleValue();
    if (simple !== undefined) {
      this.depth--;
      return simple;
    }
    const condition = this.parseBinary(1);
    let result = condition;
    if (this.peek() === T.QUESTION) {
      const question = this.next();
      const trueResult = this.parseExpression();
      const colon = this.peekIndex();
      if (this.kinds[colon] !== T.COLON) {
        throw this.errorAt(colon, `Expected ':' and a false result for the conditional '?' at line ${this.tokenRange(question).start.line}, found ${this.describe(colon)}`);
      }
      this.i = colon + 1;
      const falseResult = this.parseExpression();
      result = { kind: 'Conditional', condition, trueResult, falseResult, range: this.spanOf(condition, falseResult) };
    }
    this.depth--;
    return result;
  }

  /**
   * Most values are a plain string (`"text"`) or a number with nothing after them that continues the
   * expression. Those are read here directly, to the same node the descent through parseBinary,
   * parseOperand, parseTerm and parseTraversals would make, without its dozen calls: the parser runs
   * mostly cold (interpreted or baseline-compiled), where each call costs. Anything else: undefined.
   */
  private simpleValue(): Expression | undefined {
    const first = this.peekIndex();
    const kind = this.kinds[first];
    if (kind === T.IDENT) return this.simpleTraversal(first);
    let last: number;
    if (kind === T.NUMBER) last = first;
    else if (kind === T.OQUOTE) {
      const k = this.kinds[first + 1];
      if (k === T.CQUOTE) last = first + 1;
      else if (k === T.QUOTED_LIT && this.kinds[first + 2] === T.CQUOTE) last = first + 2;
      else return undefined;
    } else return undefined;
    let after = last + 1;
    if (!this.newlines) while (this.kinds[after] === T.NEWLINE) after++;
    const next = this.kinds[after]!;
    // What could continue the expression (a traversal, an operator, a conditional), or a token whose
    // error the descent reports: the general path.
    if (next === T.DOT || next === T.OBRACK || next === T.QUESTION || next === T.ERROR || next === T.INVALID || BINARY_LEVEL[next] !== undefined) return undefined;
    if (kind === T.OQUOTE) return this.parseTemplate(T.CQUOTE);
    this.i = first + 1;
    return { kind: 'Literal', value: this.numberValue(first), raw: this.tokenText(first), range: this.tokenRange(first) };
  }

  /**
   * The same for a bare name with attribute steps and nothing after it that continues the expression:
   * `var.x`, `aws_s3_bucket.logs.id`, `true`. Gives what parseTerm and parseTraversals would (a
   * Traversal with one `attr` step per `.name`, or a true/false/null Literal); anything else (a call,
   * an index, a splat, `.0`, an operator, a conditional, a token in error) is left to them: undefined.
   */
  private simpleTraversal(first: number): Expression | undefined {
    const kinds = this.kinds;
    const skip = !this.newlines;
    let at = first + 1;
    if (skip) while (kinds[at] === T.NEWLINE) at++;
    let next = kinds[at]!;
    if (next === T.OPAREN || next === T.DOUBLE_COLON) return undefined;
    let last = first;
    let steps = 0;
    while (next === T.DOT) {
      let n = at + 1;
      if (skip) while (kinds[n] === T.NEWLINE) n++;
      if (kinds[n] !== T.IDENT) return undefined;
      steps++;
      last = n;
      at = n + 1;
      if (skip) while (kinds[at] === T.NEWLINE) at++;
      next = kinds[at]!;
    }
    if (next === T.OBRACK || next === T.QUESTION || next === T.ERROR || next === T.INVALID || BINARY_LEVEL[next] !== undefined) return undefined;
    const name = this.tokenText(first);
    // `true.x` is a step applied to a literal (a RelativeTraversal): the general path.
    if (steps > 0 && (name === 'true' || name === 'false' || name === 'null')) return undefined;
    this.i = last + 1;
    if (steps === 0) {
      if (name === 'true') return { kind: 'Literal', value: true, range: this.tokenRange(first) };
      if (name === 'false') return { kind: 'Literal', value: false, range: this.tokenRange(first) };
      if (name === 'null') return { kind: 'Literal', value: null, range: this.tokenRange(first) };
      return new TraversalNode(name, [], this.file, this.positions, this.starts[first]!, this.ends[first]!);
    }
    const list: TraversalStep[] = new Array(steps);
    let k = 0;
    for (let d = first + 1; d <= last; d++) {
      if (kinds[d] !== T.DOT) continue;
      let n = d + 1;
      while (kinds[n] === T.NEWLINE) n++;
      list[k++] = new AttrStepNode(this.tokenText(n), this.file, this.positions, this.starts[d]!, this.ends[n]!);
      d = n;
    }
    return new TraversalNode(name, list, this.file, this.positions, this.starts[first]!, this.ends[last]!);
  }

  /** Operators of precedence `minLevel` and tighter, left-associative. */
  private parseBinary(minLevel: number): Expression {
    let left = this.parseOperand();
    for (;;) {
      const i = this.peekIndex();
      const level = BINARY_LEVEL[this.kinds[i]!];
      if (level === undefined || level < minLevel) return left;
      this.i = i + 1;
      const right = this.parseBinary(level + 1);
      left = {
        kind: 'Binary',
        op: BINARY_SYMBOL[this.kinds[i]!]!,
        left,
        right,
        range: this.spanOf(left, right),
      };
    }
  }

  /** A term with its postfix traversals, or a unary operator applied to one. */
  private parseOperand(): Expression {
    const i = this.peekIndex();
    const kind = this.kinds[i];
    if (kind === T.MINUS || kind === T.BANG) {
      this.i = i + 1;
      this.enter(i);
      // As in HCL, the operand is a single term: -a + b is (-a) + b.
      const operand = this.parseOperand();
      this.depth--;
      const opRange = this.tokenRange(i);
      return { kind: 'Unary', op: kind === T.MINUS ? '-' : '!', operand, range: this.range(opRange.from, toOf(operand)) };
    }
    return this.parseTraversals(this.parseTerm());
  }

  private parseTerm(): Expression {
    const i = this.peekIndex();
    switch (this.kinds[i]) {
      case T.OPAREN: {
        this.i = i + 1;
        const saved = this.newlines;
        this.newlines = false;
        const expr = this.parseExpression();
        const close = this.peekIndex();
        if (this.kinds[close] !== T.CPAREN) {
          throw this.errorAt(close, `Expected ')' to close the '(' at line ${this.tokenRange(i).start.line}, column ${this.tokenRange(i).start.column}, found ${this.describe(close)}`);
        }
        this.i = close + 1;
        this.newlines = saved;
        return { kind: 'Parens', expr, range: this.tokensRange(i, close) };
      }
      case T.NUMBER:
        this.i = i + 1;
        return { kind: 'Literal', value: this.numberValue(i), raw: this.tokenText(i), range: this.tokenRange(i) };
      case T.IDENT: {
        this.i = i + 1;
        const after = this.peek();
        if (after === T.OPAREN || after === T.DOUBLE_COLON) return this.parseFunctionCall(i);
        const name = this.tokenText(i);
        if (name === 'true') return { kind: 'Literal', value: true, range: this.tokenRange(i) };
        if (name === 'false') return { kind: 'Literal', value: false, range: this.tokenRange(i) };
        if (name === 'null') return { kind: 'Literal', value: null, range: this.tokenRange(i) };
        return new TraversalNode(name, [], this.file, this.positions, this.starts[i]!, this.ends[i]!);
      }
      case T.OQUOTE:
        return this.parseTemplate(T.CQUOTE);
      case T.OHEREDOC:
        return this.parseTemplate(T.CHEREDOC);
      case T.OBRACK:
        return this.parseTuple();
      case T.OBRACE:
        return this.parseObject();
      case T.EOF:
        throw this.errorAt(i, 'Expected an expression, found the end of the file');
      case T.NEWLINE: {
        const prev = this.kinds[i - 1]!;
        const continues = BINARY_LEVEL[prev] !== undefined || prev === T.QUESTION || prev === T.COLON;
        const hint = continues ? '; an expression continues on the next line only inside parentheses, brackets or braces' : '';
        throw this.errorAt(i, `Expected an expression, found newline${hint}`);
      }
      default:
        throw this.errorAt(i, `Expected an expression, found ${this.describe(i)}`);
    }
  }

  private numberValue(index: number): number {
    const raw = this.tokenText(index);
    // NumericLit = digit+ ("." digit+)? (("e"|"E") ("+"|"-")? digit+)?
    let p = 0;
    const n = raw.length;
    const digits = (): boolean => {
      const from = p;
      while (p < n && raw.charCodeAt(p) >= 48 && raw.charCodeAt(p) <= 57) p++;
      return p > from;
    };
    let ok = digits();
    if (ok && raw.charCodeAt(p) === 46) {
      p++;
      ok = digits();
    }
    if (ok && (raw.charCodeAt(p) === 101 || raw.charCodeAt(p) === 69)) {
      p++;
      if (raw.charCodeAt(p) === 43 || raw.charCodeAt(p) === 45) p++;
      ok = digits();
    }
    if (!ok || p !== n) throw this.errorAt(index, `Invalid number literal ${quoteInput(raw)}`);
    return Number(raw);
  }

  private parseTraversals(from: Expression): Expression {
    let expr = from;
    for (;;) {
      const i = this.peekIndex();
      const kind = this.kinds[i];
      if (kind === T.DOT) {
        this.i = i + 1;
        const n = this.peekIndex();
        const nk = this.kinds[n];
        if (nk === T.IDENT) {
          this.i = n + 1;
          expr = this.addStep(expr, new AttrStepNode(this.tokenText(n), this.file, this.positions, this.starts[i]!, this.ends[n]!), this.ends[n]!);
        } else if (nk === T.NUMBER) {
          this.i = n + 1;
          expr = this.addStep(expr, this.legacyIndex(i, n), this.ends[n]!);
        } else if (nk === T.STAR) {
          this.i = n + 1;
          expr = this.parseAttrSplat(expr, i, n);
        } else throw this.errorAt(n, `Expected an attribute name after '.', found ${this.describe(n)}`);
      } else if (kind === T.OBRACK) {
        this.i = i + 1;
        const n = this.peekIndex();
        if (this.kinds[n] === T.STAR) {
          this.i = n + 1;
          const close = this.expect(T.CBRACK, "Expected ']' after '[*' of a splat expression");
          const item = { kind: 'SplatItem' as const, range: this.tokensRange(i, close) };
          const each = this.parseTraversals(item);
          expr = { kind: 'Splat', source: expr, each, attrOnly: false, range: this.spanOf(expr, each) };
          continue;
        }
        const saved = this.newlines;
        this.newlines = false;
        const key = this.parseExpression();
        const close = this.peekIndex();
        if (this.kinds[close] !== T.CBRACK) {
          throw this.errorAt(close, `Expected ']' to close the index opened at line ${this.tokenRange(i).start.line}, column ${this.tokenRange(i).start.column}, found ${this.describe(close)}`);
        }
        this.i = close + 1;
        this.newlines = saved;
        const range = this.tokensRange(i, close);
        const literalKey = indexKeyLiteral(key);
        if (literalKey !== undefined) expr = this.addStep(expr, { kind: 'index', key: literalKey, range }, this.ends[close]!);
        else expr = { kind: 'Index', collection: expr, key, range: this.range(fromOf(expr), range.to) };
      } else return expr;
    }
  }

  /** `.0`: an index written like an attribute (inherited from HCL 1). */
  private legacyIndex(dot: number, number: number): TraversalStep {
    const raw = this.tokenText(number);
    const fraction = raw.indexOf('.');
    if (fraction >= 0) {
      throw this.errorAt(number, `Invalid legacy index '.${raw}': chained indexes must be written as [${raw.slice(0, fraction)}][${raw.slice(fraction + 1)}]`);
    }
    return { kind: 'index', key: this.numberValue(number), range: this.tokensRange(dot, number) };
  }

  /** `source.*.a.b`: only attribute (and legacy index) steps belong to the splat. */
  private parseAttrSplat(source: Expression, dot: number, star: number): Expression {
    const itemRange = this.tokensRange(dot, star);
    const steps: TraversalStep[] = [];
    // Offsets of the first step's start and the last step's end (the steps' ranges are made only when read).
    let firstFrom = -1;
    let lastTo = this.ends[star]!;
    while (this.peek() === T.DOT) {
      const d = this.next();
      const n = this.peekIndex();
      const nk = this.kinds[n];
      this.i = n + 1;
      let step: TraversalStep;
      if (nk === T.IDENT) step = new AttrStepNode(this.tokenText(n), this.file, this.positions, this.starts[d]!, this.ends[n]!);
      else if (nk === T.NUMBER) step = this.legacyIndex(d, n);
      else if (nk === T.STAR) throw this.errorAt(n, "Nested splat expression not allowed: '.*' cannot follow another '.*'");
      else throw this.errorAt(n, `Expected an attribute name after '.', found ${this.describe(n)}`);
      steps.push(step);
      if (firstFrom < 0) firstFrom = this.starts[d]!;
      lastTo = this.ends[n]!;
    }
    const item = { kind: 'SplatItem' as const, range: itemRange };
    const each: Expression = steps.length === 0 ? item : { kind: 'RelativeTraversal', source: item, steps, range: this.range(firstFrom, lastTo) };
    return { kind: 'Splat', source, each, attrOnly: true, range: this.range(fromOf(source), lastTo) };
  }

  /** Appends a literal step ending at offset `to`, extending a traversal in place as hclsyntax does. */
  private addStep(expr: Expression, step: TraversalStep, to: number): Expression {
    if (expr instanceof TraversalNode) {
      expr.steps.push(step);
      expr.to = to;
      return expr;
    }
    if (expr.kind === 'RelativeTraversal') {
      expr.steps.push(step);
      expr.range = this.range((expr.range as OffsetRange).from, to);
      return expr;
    }
    return { kind: 'RelativeTraversal', source: expr, steps: [step], range: this.range(fromOf(expr), to) };
  }

  private parseFunctionCall(nameIndex: number): FunctionCallExpr {
    const nameParts = [this.tokenText(nameIndex)];
    let nameEnd = this.ends[nameIndex]!;
    while (this.peek() === T.DOUBLE_COLON) {
      this.next();
      const part = this.expect(T.IDENT, "Expected a function name after '::'");
      nameParts.push(this.tokenText(part));
      nameEnd = this.ends[part]!;
    }
    const name = nameParts.join('::');
    // As expect(), without building the message for every call.
    const open = this.peekIndex();
    if (this.kinds[open] !== T.OPAREN) throw this.errorAt(open, `Expected '(' after function name ${quoteInput(name)}, found ${this.describe(open)}`);
    this.i = open + 1;
    const saved = this.newlines;
    this.newlines = false;
    const args: Expression[] = [];
    let expandFinal = false;
    let close: number;
    for (;;) {
      const k = this.peek();
      if (k === T.CPAREN) {
        close = this.next();
        break;
      }
      if (k === T.EOF) throw this.errorAt(open, `Unterminated call of function ${quoteInput(name)}: no ')' matches this '('`);
      args.push(this.parseExpression());
      const sep = this.peekIndex();
      const kind = this.kinds[sep];
      this.i = sep + 1;
      if (kind === T.CPAREN) {
        close = sep;
        break;
      }
      if (kind === T.ELLIPSIS) {
        expandFinal = true;
        close = this.expect(T.CPAREN, "Expected ')' right after '...': only the last argument can be expanded");
        break;
      }
      if (kind === T.COMMA) continue;
      if (kind === T.EOF) throw this.errorAt(open, `Unterminated call of function ${quoteInput(name)}: no ')' matches this '('`);
      throw this.errorAt(sep, `Expected ',' or ')' after an argument of function ${quoteInput(name)}, found ${this.describe(sep)}`);
    }
    this.newlines = saved;
    // nameRange is derived from the range and nameEnd when read (lazy-nodes.ts).
    return new FunctionCallNode(name, args, expandFinal, this.tokensRange(nameIndex, close), nameEnd);
  }

  private parseTuple(): TupleExpr | ForExpr {
    const open = this.next();
    const saved = this.newlines;
    this.newlines = false;
    if (this.isKeyword(this.peekIndex(), 'for')) {
      const expr = this.parseFor(open, false);
      this.newlines = saved;
      return expr;
    }
    const elements: Expression[] = [];
    let close: number;
    for (;;) {
      const k = this.peek();
      if (k === T.CBRACK) {
        close = this.next();
        break;
      }
      if (k === T.EOF) throw this.errorAt(open, "Unclosed '[': no ']' matches it before the end of the file");
      elements.push(this.parseExpression());
      const sep = this.peekIndex();
      const kind = this.kinds[sep];
      this.i = sep + 1;
      if (kind === T.CBRACK) {
        close = sep;
        break;
      }
      if (kind === T.COMMA) continue;
      if (kind === T.EOF) throw this.errorAt(open, "Unclosed '[': no ']' matches it before the end of the file");
      throw this.errorAt(sep, `Expected ',' or ']' after a list element, found ${this.describe(sep)}`);
    }
    this.newlines = saved;
    return { kind: 'Tuple', elements, range: this.tokensRange(open, close) };
  }

  private parseObject(): ObjectExpr | ForExpr {
    const open = this.next();
    const saved = this.newlines;
    // `for` expressions ignore newlines, object constructors use them as separators.
    this.newlines = false;
    if (this.isKeyword(this.peekIndex(), 'for')) {
      const expr = this.parseFor(open, true);
      this.newlines = saved;
      return expr;
    }
    this.newlines = true;
    const items: ObjectItem[] = [];
    let close: number;
    for (;;) {
      const i = this.peekIndex();
      const kind = this.kinds[i];
      if (kind === T.NEWLINE) {
        this.i = i + 1;
        continue;
      }
      if (kind === T.CBRACE) {
        close = i;
        this.i = i + 1;
        break;
      }
      if (kind === T.EOF) throw this.errorAt(open, "Unclosed '{': no '}' matches it before the end of the file");
      const forced = kind === T.OPAREN;
      const key = this.parseExpression();
      const sep = this.peekIndex();
      const sepKind = this.kinds[sep];
      if (sepKind !== T.EQUAL && sepKind !== T.COLON) {
        if (sepKind === T.EOF) throw this.errorAt(open, "Unclosed '{': no '}' matches it before the end of the file");
        if (sepKind === T.IDENT) {
          throw this.errorAt(sep, `Expected '=' or ':' after an object key, found ${this.describe(sep)}; quote keys that contain dots or spaces`);
        }
        throw this.errorAt(sep, `Expected '=' or ':' after an object key, found ${this.describe(sep)}`);
      }
      this.i = sep + 1;
      const value = this.parseExpression();
      let keyName: string | undefined;
      if (!forced && key.kind === 'Traversal' && key.steps.length === 0) keyName = key.root;
      // Bare true, false and null are names too (HCL reads those keywords as traversals here).
      else if (!forced && key.kind === 'Literal' && key.raw === undefined) keyName = String(key.value);
      // The item's range is derived from its key's and value's when read (lazy-nodes.ts).
      items.push(new ObjectItemNode(key, value, keyName));
      const after = this.peekIndex();
      const afterKind = this.kinds[after];
      if (afterKind === T.CBRACE) {
        close = after;
        this.i = after + 1;
        break;
      }
      if (afterKind === T.COMMA || afterKind === T.NEWLINE) {
        this.i = after + 1;
        continue;
      }
      if (afterKind === T.EOF) throw this.errorAt(open, "Unclosed '{': no '}' matches it before the end of the file");
      throw this.errorAt(after, `Expected ',' or a newline or '}' after an object item, found ${this.describe(after)}`);
    }
    this.newlines = saved;
    return { kind: 'Object', items, range: this.tokensRange(open, close) };
  }

  /** After `[` or `{` with the `for` keyword next; newlines are not significant. */
  private parseFor(open: number, makeObject: boolean): ForExpr {
    const closer = makeObject ? T.CBRACE : T.CBRACK;
    const closeSymbol = makeObject ? "'}'" : "']'";
    this.next(); // for
    const first = this.expect(T.IDENT, "Expected a variable name after 'for'");
    let keyVar: string | null = null;
    let valueVar = this.tokenText(first);
    if (this.peek() === T.COMMA) {
      this.next();
      keyVar = valueVar;
      valueVar = this.tokenText(this.expect(T.IDENT, "Expected a value variable name after ',' in 'for'"));
    }
    const inIndex = this.peekIndex();
    if (!this.isKeyword(inIndex, 'in')) throw this.errorAt(inIndex, `Expected 'in' after the variable names of 'for', found ${this.describe(inIndex)}`);
    this.i = inIndex + 1;
    const collection = this.parseExpression();
    this.expect(T.COLON, "Expected ':' after the collection of a 'for' expression");
    let keyExpr: Expression | null = null;
    let valueExpr = this.parseExpression();
    if (this.peek() === T.FAT_ARROW) {
      const arrow = this.next();
      if (!makeObject) throw this.errorAt(arrow, "Unexpected '=>' in a list 'for' expression: a key is only valid when building an object with '{for ...}'");
      keyExpr = valueExpr;
      valueExpr = this.parseExpression();
    }
    let group = false;
    if (this.peek() === T.ELLIPSIS) {
      const ellipsis = this.next();
      if (!makeObject) throw this.errorAt(ellipsis, "Unexpected '...' in a list 'for' expression: grouping is only valid when building an object");
      group = true;
    }
    let condition: Expression | null = null;
    if (this.isKeyword(this.peekIndex(), 'if')) {
      this.next();
      condition = this.parseExpression();
    }
    const close = this.peekIndex();
    if (this.kinds[close] !== closer) {
      if (this.kinds[close] === T.EOF) throw this.errorAt(open, `Unclosed 'for' expression: no ${closeSymbol} before the end of the file`);
      throw this.errorAt(close, `Expected ${closeSymbol} to end the 'for' expression, found ${this.describe(close)}`);
    }
    this.i = close + 1;
    if (makeObject && keyExpr === null) {
      throw new InputError("An object 'for' expression needs a key: write {for k, v in coll : key => value}", valueExpr.range);
    }
    return {
      kind: 'For',
      keyVar,
      valueVar,
      collection,
      keyExpr,
      valueExpr,
      condition,
      group,
      makeObject,
      range: this.tokensRange(open, close),
    };
  }

  // ---------------------------------------------------------------- templates

  /** A quoted string (closer CQUOTE) or heredoc (closer CHEREDOC); the opener is next. */
  private parseTemplate(closer: number): TemplateExpr {
    const open = this.next();
    if (closer === T.CQUOTE) {
      // Fast path for the common plain string: "text" or "".
      const k = this.kinds[open + 1];
      if (k === T.CQUOTE || (k === T.QUOTED_LIT && this.kinds[open + 2] === T.CQUOTE)) {
        const close = k === T.CQUOTE ? open + 1 : open + 2;
        const value = k === T.CQUOTE ? '' : this.decode(open + 1);
        this.i = close + 1;
        const range = this.tokensRange(open, close);
        // The part's range, between the quotes, is derived from the template's when read (lazy-nodes.ts).
        return { kind: 'Template', parts: [new QuotedLiteralNode(value, range)], range };
      }
    }
    const saved = this.newlines;
    this.newlines = true; // template tokens never include newlines; read them as they are
    const tokens: FlatToken[] = [];
    let stripNext = false; // the previous sequence ended with `~}`
    let prevWasLiteral = false;
    let close: number;
    for (;;) {
      const i = this.peekIndex();
      const kind = this.kinds[i];
      if (kind === closer) {
        close = i;
        this.i = i + 1;
        break;
      }
      const stripThis = stripNext;
      stripNext = false;
      const canTrimPrev = prevWasLiteral;
      prevWasLiteral = false;
      if (kind === T.QUOTED_LIT || kind === T.HEREDOC_LIT) {
        this.i = i + 1;
        let value = this.decode(i);
        if (stripThis) value = trimLeftSpace(value);
        tokens.push({ t: 'lit', value, start: this.starts[i]!, end: this.ends[i]! });
        prevWasLiteral = true;
        continue;
      }
      if (kind === T.INTERP || kind === T.CONTROL) {
        this.i = i + 1;
        const stripLeft = this.ends[i]! - this.starts[i]! === 3;
        const prev = tokens[tokens.length - 1];
        if (stripLeft && canTrimPrev && prev && prev.t === 'lit') prev.value = trimRightSpace(prev.value);
        this.newlines = false;
        const token = kind === T.INTERP ? this.parseInterpolation(i, stripLeft) : this.parseDirective(i);
        this.newlines = true;
        tokens.push(token);
        stripNext = this.text.charCodeAt(this.starts[this.i - 1]!) === 126; // closed by `~}`
        continue;
      }
      if (kind === T.EOF) throw this.errorAt(open, closer === T.CQUOTE ? "Unterminated string: no closing '\"'" : 'Unterminated heredoc');
      throw this.errorAt(i, `Unexpected ${this.describe(i)} in a template`);
    }
    this.newlines = saved;

    const heredocText = closer === T.CHEREDOC ? this.tokenText(open) : '';
    const flush = heredocText.startsWith('<<-');
    if (tokens.length === 0) {
      const at = this.ends[open]!;
      tokens.push({ t: 'lit', value: '', start: at, end: at });
    }
    if (flush) flushHeredoc(tokens);
    let parts;
    try {
      parts = nestTemplate(meldLiterals(tokens), (s, e) => this.range(s, e));
    } catch (e) {
      if (e instanceof TemplateError) throw this.error(e.message, e.start, e.end);
      throw e;
    }
    const expr: TemplateExpr = { kind: 'Template', parts, range: this.tokensRange(open, close) };
    if (closer === T.CHEREDOC) expr.heredoc = { marker: heredocText.slice(flush ? 3 : 2), flush };
    return expr;
  }

  private parseInterpolation(open: number, stripLeft: boolean): FlatToken {
    const expr = this.parseExpression();
    const close = this.peekIndex();
    if (this.kinds[close] !== T.SEQ_END) {
      const kind = this.kinds[close];
      if (kind === T.EOF || kind === T.OQUOTE || kind === T.CQUOTE) {
        // A quote here means the string ended while the interpolation was still open.
        throw this.errorAt(open, "Unclosed interpolation: no '}' closes this '${' before the end of the string");
      }
      throw this.errorAt(
        close,
        `Expected '}' to end the interpolation, found ${this.describe(close)}; to write a literal '\${' (for example in a shell script), escape it as '$\${'`,
      );
    }
    this.i = close + 1;
    const stripRight = this.ends[close]! - this.starts[close]! === 2;
    return { t: 'interp', expr, stripLeft, stripRight, start: this.starts[open]!, end: this.ends[close]! };
  }

  private parseDirective(open: number): FlatToken {
    const kw = this.peekIndex();
    if (this.kinds[kw] !== T.IDENT) {
      throw this.errorAt(kw, `Expected a directive keyword (if, else, endif, for, endfor) after '%{', found ${this.describe(kw)}; to write a literal '%{', escape it as '%%{'`);
    }
    this.i = kw + 1;
    const word = this.tokenText(kw);
    const start = this.starts[open]!;
    let token: FlatToken;
    switch (word) {
      case 'if':
        token = { t: 'if', condition: this.parseExpression(), start, end: 0 };
        break;
      case 'else':
      case 'endif':
      case 'endfor':
        token = { t: word as 'else' | 'endif' | 'endfor', start, end: 0 };
        break;
      case 'for': {
        let keyVar: string | null = null;
        let valueVar = this.tokenText(this.expect(T.IDENT, "Expected a variable name after '%{ for'"));
        if (this.peek() === T.COMMA) {
          this.next();
          keyVar = valueVar;
          valueVar = this.tokenText(this.expect(T.IDENT, "Expected a value variable name after ',' in '%{ for'"));
        }
        const inIndex = this.peekIndex();
        if (!this.isKeyword(inIndex, 'in')) throw this.errorAt(inIndex, `Expected 'in' in the '%{ for }' directive, found ${this.describe(inIndex)}`);
        this.i = inIndex + 1;
        token = { t: 'for', keyVar, valueVar, collection: this.parseExpression(), start, end: 0 };
        break;
      }
      default:
        throw this.errorAt(kw, `Invalid template directive ${quoteInput(word)}: expected if, else, endif, for or endfor`);
    }
    const close = this.peekIndex();
    if (this.kinds[close] !== T.SEQ_END) {
      throw this.errorAt(close, `Expected '}' to end the '%{ ${word} }' directive, found ${this.describe(close)}`);
    }
    this.i = close + 1;
    token.end = this.ends[close]!;
    return token;
  }
}

/** The literal key of `[0]` or `["k"]` (a traversal step), else undefined (an Index expression). */
function indexKeyLiteral(key: Expression): string | number | undefined {
  if (key.kind === 'Literal') return typeof key.value === 'number' ? key.value : undefined;
  if (key.kind === 'Template' && key.parts.length === 1) {
    const part = key.parts[0]!;
    if (part.kind === 'TemplateLiteral') return part.value;
  }
  return undefined;
}
