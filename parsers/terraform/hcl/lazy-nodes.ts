// Syntax-tree nodes of the native parser whose rarely read ranges are computed when read.
//
// A 500 KB file had ~59,000 OffsetRanges (positions.ts), nearly all read only for an error, a warning, a
// finding's location or a test. Blocks, arguments, object items, traversals, attribute steps, function calls
// and the literal part of a plain quoted string make theirs here when read (18,000 are left): from offsets
// the node already holds (its own range, its body's, its expression's or its template's range, the length of
// its name), or from the two offsets a traversal or a step keeps. Fewer objects to make and for the
// scavenger to copy twice on their way to the old generation. Deriving pays most where no field is added:
// a traversal keeps three more fields for its one range object and saves far less than an argument.
//
// The derived ranges are accessors on the prototype: a spread (`{ ...block }`) does not copy them, and
// `Object.keys` and `JSON.stringify` do not see them. The only places that copy or walk nodes generically
// copy them by name: `mergeBlock` (config/override.ts) lists a block's fields, and `relocate`
// (json-expressions.ts) makes them own properties (`materializeLazyRanges`) before it moves the ranges of
// an expression parsed from a `.tf.json` string. Each read makes a new range (like OffsetRange's `start`).
//
// Every class sets its fields (`kind` first, where it has one) in one order in its constructor (one hidden class each) and
// declares them rather than using class fields (a class field costs a call of V8's member initializer
// per object).

import type { SourceRange } from '../../../core/location.js';
import type { AttrStep, Attribute, Block, Body, Expression, FunctionCallExpr, ObjectItem, TemplateLiteral, TraversalExpr, TraversalStep } from './ast.js';
import { OffsetRange, type Positions } from './positions.js';

/** A block: `typeRange` is the type keyword at the start of `range`, the braces are the first character of the body's range and the last of `range`. */
export class BlockNode implements Block {
  declare readonly kind: 'Block';
  declare type: string;
  declare labels: string[];
  declare labelRanges: SourceRange[];
  declare body: Body;
  declare range: SourceRange;

  constructor(type: string, labels: string[], labelRanges: SourceRange[], body: Body, range: OffsetRange) {
    this.kind = 'Block';
    this.type = type;
    this.labels = labels;
    this.labelRanges = labelRanges;
    this.body = body;
    this.range = range;
  }

  get typeRange(): SourceRange {
    const r = this.range as OffsetRange;
    return new OffsetRange(r.file, r.lines, r.from, r.from + this.type.length);
  }

  get openBraceRange(): SourceRange {
    const b = this.body.range as OffsetRange;
    return new OffsetRange(b.file, b.lines, b.from, b.from + 1);
  }

  get closeBraceRange(): SourceRange {
    const r = this.range as OffsetRange;
    return new OffsetRange(r.file, r.lines, r.to - 1, r.to);
  }
}

/**
 * An argument: its name is the identifier at offset `from`, and its range runs from there to the end of
 * its expression's range (an OffsetRange: the parser made it).
 */
export class AttributeNode implements Attribute {
  declare readonly kind: 'Attribute';
  declare name: string;
  declare expr: Expression;
  declare readonly from: number;

  constructor(name: string, expr: Expression, from: number) {
    this.kind = 'Attribute';
    this.name = name;
    this.expr = expr;
    this.from = from;
  }

  get nameRange(): SourceRange {
    const e = this.expr.range as OffsetRange;
    return new OffsetRange(e.file, e.lines, this.from, this.from + this.name.length);
  }

  get range(): SourceRange {
    const e = this.expr.range as OffsetRange;
    return new OffsetRange(e.file, e.lines, this.from, e.to);
  }
}

/** An object constructor's item: from the start of its key's range to the end of its value's (OffsetRanges). */
export class ObjectItemNode implements ObjectItem {
  declare key: Expression;
  declare value: Expression;
  declare keyName?: string;

  constructor(key: Expression, value: Expression, keyName: string | undefined) {
    this.key = key;
    this.value = value;
    // Always set (undefined when the key is evaluated), so that every item has one hidden class.
    this.keyName = keyName;
  }

  get range(): SourceRange {
    const k = this.key.range as OffsetRange;
    return new OffsetRange(k.file, k.lines, k.from, (this.value.range as OffsetRange).to);
  }
}

/**
 * A traversal, from offset `from` to `to` (`to` grows as the parser adds steps); its root is the identifier
 * at `from`. Both ranges are derived when read: a traversal is the commonest expression (7,400 in 500 KB),
 * and its range is read only for an error, a warning or a finding's location. The parser reads its
 * offsets directly (`fromOf`, `toOf`).
 */
export class TraversalNode implements TraversalExpr {
  declare readonly kind: 'Traversal';
  declare root: string;
  declare steps: TraversalStep[];
  declare readonly file: string;
  declare readonly lines: Positions;
  declare readonly from: number;
  declare to: number;

  constructor(root: string, steps: TraversalStep[], file: string, lines: Positions, from: number, to: number) {
    this.kind = 'Traversal';
    this.root = root;
    this.steps = steps;
    this.file = file;
    this.lines = lines;
    this.from = from;
    this.to = to;
  }

  get range(): SourceRange {
    return new OffsetRange(this.file, this.lines, this.from, this.to);
  }

  get rootRange(): SourceRange {
    return new OffsetRange(this.file, this.lines, this.from, this.from + this.root.length);
  }
}

/** The start offset of an expression the parser made, without making a range for a TraversalNode. */
export function fromOf(e: Expression): number {
  return e instanceof TraversalNode ? e.from : (e.range as OffsetRange).from;
}

/** The end offset of an expression the parser made, without making a range for a TraversalNode. */
export function toOf(e: Expression): number {
  return e instanceof TraversalNode ? e.to : (e.range as OffsetRange).to;
}

/** `.name`, from the dot to the end of the name (there may be spaces or, inside brackets, newlines between them). */
export class AttrStepNode implements AttrStep {
  declare readonly kind: 'attr';
  declare name: string;
  declare readonly file: string;
  declare readonly lines: Positions;
  declare readonly from: number;
  declare readonly to: number;

  constructor(name: string, file: string, lines: Positions, from: number, to: number) {
    this.kind = 'attr';
    this.name = name;
    this.file = file;
    this.lines = lines;
    this.from = from;
    this.to = to;
  }

  get range(): SourceRange {
    return new OffsetRange(this.file, this.lines, this.from, this.to);
  }
}

/** A call: `nameTo` is where its name (`f`, or `provider::aws::f` with whatever spaces) ends. */
export class FunctionCallNode implements FunctionCallExpr {
  declare readonly kind: 'FunctionCall';
  declare name: string;
  declare args: Expression[];
  declare expandFinal: boolean;
  declare range: SourceRange;
  declare readonly nameTo: number;

  constructor(name: string, args: Expression[], expandFinal: boolean, range: OffsetRange, nameTo: number) {
    this.kind = 'FunctionCall';
    this.name = name;
    this.args = args;
    this.expandFinal = expandFinal;
    this.range = range;
    this.nameTo = nameTo;
  }

  get nameRange(): SourceRange {
    const r = this.range as OffsetRange;
    return new OffsetRange(r.file, r.lines, r.from, this.nameTo);
  }
}

/**
 * The one literal part of a plain quoted string (`"text"` or `""`): the text between the quotes of its
 * template's range `quoted` (each quote is one character).
 */
export class QuotedLiteralNode implements TemplateLiteral {
  declare readonly kind: 'TemplateLiteral';
  declare value: string;
  declare readonly quoted: OffsetRange;

  constructor(value: string, quoted: OffsetRange) {
    this.kind = 'TemplateLiteral';
    this.value = value;
    this.quoted = quoted;
  }

  get range(): SourceRange {
    const q = this.quoted;
    return new OffsetRange(q.file, q.lines, q.from + 1, q.to - 1);
  }
}

/** The range keys a node may have as accessors here rather than as own properties. */
const LAZY_RANGE_KEYS = ['typeRange', 'openBraceRange', 'closeBraceRange', 'nameRange', 'rootRange', 'range'] as const;

/**
 * Gives `node` its derived ranges as own properties (computed from its present ranges), so that code
 * replacing ranges key by key sees and replaces them too. Call it on a node before changing any of its
 * ranges or its body's: the accessors read them.
 */
export function materializeLazyRanges(node: object): void {
  if (Object.getPrototypeOf(node) === Object.prototype) return;
  const record = node as Record<string, unknown>;
  for (const key of LAZY_RANGE_KEYS) {
    if (key in record && !Object.hasOwn(record, key)) {
      Object.defineProperty(record, key, { value: record[key], writable: true, enumerable: true, configurable: true });
    }
  }
}
