// Character offsets to the 1-based line and column of SourceRange.

import type { Position, SourceRange } from '../../../core/location.js';

/**
 * Offsets to 1-based line/column (UTF-16 columns, as LineIndex in
 * engine/location.ts). The parser asks mostly in increasing order, so the
 * line of the previous answer is tried before a binary search.
 */
export class Positions {
  private readonly lineStarts: Int32Array;
  private readonly lines: number;
  private cursor = 0;

  constructor(text: string) {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n);
    // A byte order mark is invisible in editors: the first line starts after it.
    starts[0] = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let k = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.lineStarts = starts;
    this.lines = n;
  }

  at(offset: number): Position {
    const starts = this.lineStarts;
    let l = this.cursor;
    if (offset < starts[l]! || (l + 1 < this.lines && offset >= starts[l + 1]!)) {
      if (l + 2 < this.lines && offset >= starts[l + 1]! && offset < starts[l + 2]!) l++;
      else {
        let lo = 0;
        let hi = this.lines - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid]! <= offset) lo = mid;
          else hi = mid - 1;
        }
        l = lo;
      }
      this.cursor = l;
    }
    return { line: l + 1, column: offset - starts[l]! + 1 };
  }
}

/**
 * A range of the syntax tree, kept as two character offsets and turned into
 * line and column when `start` or `end` is read (each read computes a new
 * Position). A 500 KB file has ~60,000 node ranges and, before, ~80,000
 * Position objects behind them, of which only the few that reach a finding,
 * a diagnostic or a suppression are ever read; making them all was about a
 * tenth of a scan's time (allocation and garbage collection).
 *
 * `start` and `end` are accessors on the prototype, so a copy made by spreading
 * (`{ ...range }`) would lack them, and each read computes its Position again.
 * So they stay inside the Terraform loader: what leaves it as a range (a
 * resource's range and `locate` answers, module and Terragrunt stand-ins,
 * InputError and diagnostic ranges) is made plain with `plainRange`
 * (core/location.ts), and comments (suppressions) get plain ranges from the
 * parser. `toJSON` gives the plain form.
 */
export class OffsetRange implements SourceRange {
  // Declared, not class fields: a class field costs a call of V8's member initializer per object.
  declare readonly file: string;
  declare readonly lines: Positions;
  /** Offsets of the first character and of the character after the last. */
  declare readonly from: number;
  declare readonly to: number;

  constructor(file: string, lines: Positions, from: number, to: number) {
    this.file = file;
    this.lines = lines;
    this.from = from;
    this.to = to;
  }

  get start(): Position {
    return this.lines.at(this.from);
  }

  get end(): Position {
    return this.lines.at(this.to);
  }

  toJSON(): SourceRange {
    return { file: this.file, start: this.start, end: this.end };
  }
}
