// Source positions shared by every parser, the graph and the reporters.
// Lines and columns are 1-based, as SARIF regions and editors count them.

export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  /** Path as given to the scanner (reporters make it repository-relative). */
  file: string;
  start: Position;
  end: Position;
}

/**
 * `range` as a plain object: the HCL parser's ranges compute their positions in accessors on a class
 * (parsers/terraform/hcl/positions.ts), which a spread (`{ ...range, file }`) would not copy. Plain
 * objects are returned as they are; the plan reader's lazy ranges (own accessors on a class) are copied,
 * which finds their positions.
 */
export function plainRange(range: SourceRange): SourceRange {
  return Object.getPrototypeOf(range) === Object.prototype ? range : { file: range.file, start: range.start, end: range.end };
}

/**
 * `range` moved to `file`: the copy reads `start` and `end` by name, so it holds positions whatever kind
 * of range it is given (a spread, `{ ...range, file }`, copies own enumerable members only and would lose
 * the positions of a range that computes them in prototype accessors; test/hardening/range-spread-audit
 * keeps spreads of ranges out of the shipped code).
 */
export function rangeIn(range: SourceRange, file: string): SourceRange {
  return { file, start: range.start, end: range.end };
}

export type PathSegment = string | number;

/**
 * Where each node of a parsed document was written. Parsers fill it while
 * decoding; adapters ask it for the range of a property path such as
 * ["Resources", "Trail", "Properties", "IsMultiRegionTrail"].
 *
 * Keys are the path segments joined by \u0001 (a byte that cannot appear in a
 * CloudFormation or HCL name), which keeps lookups a single Map access.
 */
export class PositionIndex {
  private readonly ranges = new Map<string, SourceRange>();
  private readonly keyRanges = new Map<string, SourceRange>();

  constructor(readonly file: string) {}

  static key(path: readonly PathSegment[]): string {
    return path.join('\u0001');
  }

  /** Range of the value at `path`. */
  set(path: readonly PathSegment[], range: SourceRange): void {
    this.ranges.set(PositionIndex.key(path), range);
  }

  /** Range of the key (map entry name) that introduces the value at `path`. */
  setKey(path: readonly PathSegment[], range: SourceRange): void {
    this.keyRanges.set(PositionIndex.key(path), range);
  }

  /**
   * `set` and `setKey` for a path already joined with `PositionIndex.key`: a reader that walks a tree
   * can extend its parent's key by one segment instead of joining the whole path at every node.
   */
  setJoined(key: string, range: SourceRange): void {
    this.ranges.set(key, range);
  }

  setKeyJoined(key: string, range: SourceRange): void {
    this.keyRanges.set(key, range);
  }

  /** Exact range of the value at `path`, or undefined. */
  get(path: readonly PathSegment[]): SourceRange | undefined {
    return this.ranges.get(PositionIndex.key(path));
  }

  /** Range of the key naming `path` (falls back to the value's range). */
  getKey(path: readonly PathSegment[]): SourceRange | undefined {
    const k = PositionIndex.key(path);
    return this.keyRanges.get(k) ?? this.ranges.get(k);
  }

  /**
   * The best range for `path`: its key if written, else the nearest written
   * ancestor. A finding on a missing property then lands on the resource
   * that lacks it rather than on line 1.
   */
  nearest(path: readonly PathSegment[]): SourceRange | undefined {
    for (let n = path.length; n >= 0; n--) {
      const r = this.getKey(path.slice(0, n));
      if (r) return r;
    }
    return undefined;
  }

  get size(): number {
    return this.ranges.size;
  }

  /** Every recorded value range with its path (for tooling that maps lines back to paths). */
  *values(): IterableIterator<[string[], SourceRange]> {
    for (const [k, r] of this.ranges) yield [k === '' ? [] : k.split('\u0001'), r];
  }

  /** Every recorded key range with its path (for tooling that maps lines back to paths). */
  *keys(): IterableIterator<[string[], SourceRange]> {
    for (const [k, r] of this.keyRanges) yield [k === '' ? [] : k.split('\u0001'), r];
  }
}

export function rangeAt(file: string, line: number, column: number, endLine = line, endColumn = column): SourceRange {
  return { file, start: { line, column }, end: { line: endLine, column: endColumn } };
}

/**
 * Converts character offsets to line/column. Built once per file; lookups are
 * a binary search over line starts, so positions for thousands of nodes stay cheap.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    // Line feeds found with indexOf (a native search) rather than a test of every character: this runs
    // once per file, cold, in the interpreter, where the loop cost ≈ 5 ms for a 30 KB template and
    // indexOf 0.1 ms.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The line of the last lookup: readers ask mostly in text order, so the answer is usually here or next. */
  private hint = 0;

  position(offset: number): Position {
    const starts = this.starts;
    const h = this.hint;
    if (starts[h]! <= offset) {
      if (h + 1 >= starts.length || offset < starts[h + 1]!) return { line: h + 1, column: offset - starts[h]! + 1 };
      if (h + 2 >= starts.length || offset < starts[h + 2]!) {
        this.hint = h + 1;
        return { line: h + 2, column: offset - starts[h + 1]! + 1 };
      }
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/**
 * The range of the first `"<key>"` in a JSON text, counting lines only up to it: for a key near the top
 * of a file that is otherwise not indexed (a plan's `format_version`, a `cdk.json`'s `app`).
 */
export function firstJsonKeyRange(file: string, text: string, key: string): SourceRange | undefined {
  const offset = text.indexOf(`"${key}"`);
  if (offset < 0) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = offset - lineStart + 1;
  return { file, start: { line, column }, end: { line, column: column + key.length + 2 } };
}

