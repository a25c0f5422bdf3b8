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
/** Items serialised by one JSON.stringify call. */
const BATCH = 256;

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
    let any = false;
    const flush = function* (batch: unknown[]): Generator<string> {
      const body = `${any ? ',' : ''}${itemsAtDepth(batch, hole.depth + 2)}`;
      any = true;
      if (pending.length + body.length > CHUNK && pending) {
        yield pending;
        pending = '';
      }
      pending += body;
    };
    let batch: unknown[] = [];
    for (const item of hole.items) {
      batch.push(item);
      if (batch.length === BATCH) {
        yield* flush(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield* flush(batch);
    pending += any ? `\n${keyIndent}]` : ']';
    yield pending;
    from = open + 1;
  }
  yield text.slice(from);
}

/**
 * `\n<indent>item,\n<indent>item…` for items at `indent` spaces, as JSON.stringify(…, null, 2) writes
 * them there: the batch stringified inside indent/2 nested arrays (whose items land at exactly that
 * indentation, their insides too), with the wrapping brackets cut off. One native call per batch,
 * and no re-indenting pass.
 */
function itemsAtDepth(items: unknown[], indent: number): string {
  let wrapped: unknown = items;
  for (let level = 1; level < indent / 2; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Opening: `[` and, per extra level, `\n<spaces>[`; closing: the same in reverse.
  let head = 1;
  for (let level = 1; level < indent / 2; level++) head += 1 + 2 * level + 1;
  return text.slice(head, text.length - closingOf(indent / 2).length);
}

const closings = new Map<number, string>();

/** `\n<indent-2>]…\n]`: the closing brackets of `levels` nested arrays after their last item. */
function closingOf(levels: number): string {
  let c = closings.get(levels);
  if (c === undefined) {
    c = '';
    for (let level = levels - 1; level >= 0; level--) c += `\n${' '.repeat(2 * level)}]`;
    closings.set(levels, c);
  }
  return c;
}

/** Every report ends with a newline. */
export function* withFinalNewline(chunks: Iterable<string>): Generator<string> {
  yield* chunks;
  yield '\n';
}
