/**
 * `JSON.stringify(value, null, 2)` in pieces: the large arrays of a report
 * (SARIF results, JSON findings) are serialised one item at a time as the
 * writer takes them, so a report of tens of megabytes is never one string,
 * and its items need not all exist as objects at once.
 *
 * The skeleton holds each streamed array empty; a hole names it by its key
 * and the indentation of that key. With two-space indentation a key at a
 * given depth starts its line with exactly that many spaces, and strings
 * never hold a raw newline, so `\n<indent>"key": []` occurs once, where the
 * key is. The text is byte-identical to stringifying the whole value.
 */
export interface JsonHole {
  /** The key of the empty array in the skeleton. */
  key: string;
  /** Spaces before the key: two per level of nesting. */
  depth: number;
  /** The array's items, in order; produced lazily as they are written. */
  items: Iterable<unknown>;
}

/** Pieces are joined to about this size: few enough writes, small enough strings. */
const CHUNK = 1 << 20;

export function* jsonChunks(skeleton: unknown, holes: readonly JsonHole[]): Generator<string> {
  const text = JSON.stringify(skeleton, null, 2);
  let from = 0;
  for (const hole of holes) {
    const keyIndent = ' '.repeat(hole.depth);
    const anchor = `\n${keyIndent}${JSON.stringify(hole.key)}: []`;
    const at = text.indexOf(anchor, from);
    if (at < 0 || text.indexOf(anchor, at + 1) >= 0) throw new Error(`report skeleton: '${hole.key}' is not one empty array at depth ${hole.depth}`);
    const open = at + anchor.length - 1; // just after '['
    let pending = text.slice(from, open);
    const itemIndent = `${keyIndent}  `;
    const newline = `\n${itemIndent}`;
    let any = false;
    for (const item of hole.items) {
      pending += `${any ? ',' : ''}${newline}${JSON.stringify(item, null, 2).replaceAll('\n', newline)}`;
      any = true;
      if (pending.length >= CHUNK) {
        yield pending;
        pending = '';
      }
    }
    pending += any ? `\n${keyIndent}]` : ']';
    yield pending;
    from = open + 1;
  }
  yield text.slice(from);
}

/** Every report ends with a newline. */
export function* withFinalNewline(chunks: Iterable<string>): Generator<string> {
  yield* chunks;
  yield '\n';
}
