// A PositionIndex for JSON documents that does its work on demand.
//
// Filling a PositionIndex eagerly costs a joined path string, a Map entry and
// a range object per value: measured at about 12x the time of JSON.parse on a
// 5 MB template, while a scan asks for the positions of only the handful of
// values that have findings. So the JSON parser records just four offsets per
// value in a flat typed array (in document order), and this index turns a
// path into a node by walking that table, building line/column only for the
// ranges actually asked for.

import type { PathSegment, SourceRange } from '../core/location.js';
import { LineIndex, PositionIndex } from '../core/location.js';

/** Slots per node in the table. */
const STRIDE = 5;
const KEY_START = 0; // offset of the key's opening quote, or -1 for array elements and the root
const KEY_END = 1; // offset just after the key's closing quote
const VALUE_START = 2;
const VALUE_END = 3; // offset just after the value
const SUBTREE_END = 4; // index of the first node that is not a descendant (the next sibling, if any)

const LBRACE = 123;
const LBRACKET = 91;

/**
 * The parser's record of where each value was written: nodes in pre-order
 * (a container, then its members), so a container's children are the nodes
 * between it and its SUBTREE_END, and each child's SUBTREE_END is the index
 * of the next child.
 */
export class JsonNodeTable {
  private data = new Int32Array(STRIDE * 1024);
  count = 0;

  /** Starts a node for a value beginning at `valueStart`; returns its index. */
  open(keyStart: number, keyEnd: number, valueStart: number): number {
    const index = this.count++;
    if (index * STRIDE + STRIDE > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const base = index * STRIDE;
    this.data[base + KEY_START] = keyStart;
    this.data[base + KEY_END] = keyEnd;
    this.data[base + VALUE_START] = valueStart;
    return index;
  }

  /** Completes a node once its value (and every descendant) has been read. */
  close(index: number, valueEnd: number): void {
    const base = index * STRIDE;
    this.data[base + VALUE_END] = valueEnd;
    this.data[base + SUBTREE_END] = this.count;
  }

  get(index: number, slot: number): number {
    return this.data[index * STRIDE + slot]!;
  }
}

export class JsonPositionIndex extends PositionIndex {
  private lines: LineIndex | undefined;
  /** Per object node: member name → node index, built the first time the object is searched. */
  private readonly memberIndex = new Map<number, Map<string, number>>();
  /** Per array node: element node indices, built the first time the array is searched. */
  private readonly elementIndex = new Map<number, Int32Array>();

  constructor(
    file: string,
    private readonly text: string,
    private readonly nodes: JsonNodeTable,
  ) {
    super(file);
  }

  override get(path: readonly PathSegment[]): SourceRange | undefined {
    const explicit = super.get(path);
    if (explicit) return explicit;
    const node = this.find(path);
    return node === undefined ? undefined : this.range(this.nodes.get(node, VALUE_START), this.nodes.get(node, VALUE_END));
  }

  override getKey(path: readonly PathSegment[]): SourceRange | undefined {
    const explicit = super.getKey(path);
    if (explicit) return explicit;
    const node = this.find(path);
    if (node === undefined) return undefined;
    const keyStart = this.nodes.get(node, KEY_START);
    return keyStart >= 0
      ? this.range(keyStart, this.nodes.get(node, KEY_END))
      : this.range(this.nodes.get(node, VALUE_START), this.nodes.get(node, VALUE_END));
  }

  override get size(): number {
    return super.size + this.nodes.count;
  }

  /** Node index of the value at `path`, or undefined when the document has no such value. */
  private find(path: readonly PathSegment[]): number | undefined {
    if (this.nodes.count === 0) return undefined;
    let node = 0;
    for (const segment of path) {
      const opener = this.text.charCodeAt(this.nodes.get(node, VALUE_START));
      let child: number | undefined;
      if (opener === LBRACE) child = this.members(node).get(String(segment));
      else if (opener === LBRACKET) child = this.element(node, segment);
      if (child === undefined) return undefined;
      node = child;
    }
    return node;
  }

  private members(node: number): Map<string, number> {
    let members = this.memberIndex.get(node);
    if (!members) {
      members = new Map();
      // Later duplicates overwrite earlier ones, matching the parsed value (last wins).
      for (let child = node + 1; child < this.nodes.get(node, SUBTREE_END); child = this.nodes.get(child, SUBTREE_END)) {
        members.set(this.keyText(child), child);
      }
      this.memberIndex.set(node, members);
    }
    return members;
  }

  private element(node: number, segment: PathSegment): number | undefined {
    // PositionIndex keys are joined strings, so "3" and 3 name the same element there too.
    const position = typeof segment === 'number' ? segment : /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : -1;
    let elements = this.elementIndex.get(node);
    if (!elements) {
      const found: number[] = [];
      for (let child = node + 1; child < this.nodes.get(node, SUBTREE_END); child = this.nodes.get(child, SUBTREE_END)) {
        found.push(child);
      }
      elements = Int32Array.from(found);
      this.elementIndex.set(node, elements);
    }
    return Number.isInteger(position) && position >= 0 ? elements[position] : undefined;
  }

  /** The decoded member name of a node; the parser already validated it as a JSON string. */
  private keyText(node: number): string {
    const start = this.nodes.get(node, KEY_START);
    const end = this.nodes.get(node, KEY_END);
    const raw = this.text.slice(start + 1, end - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, end)) as string) : raw;
  }

  private range(start: number, end: number): SourceRange {
    this.lines ??= new LineIndex(this.text);
    return { file: this.file, start: this.lines.position(start), end: this.lines.position(end) };
  }
}
