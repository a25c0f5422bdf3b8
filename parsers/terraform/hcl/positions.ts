// Character offsets to the 1-based line and column of SourceRange.

import type { Position } from '../../../core/location.js';

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
