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
  /**
   * Adds an item's text to `out`, in pieces, as JSON.stringify(…, null, 2) writes it at `depth + 2` spaces
   * (its first line without them), for items whose writer knows their shape: tens of thousands of findings
   * are written faster from their shape than by the general serialiser over objects made for it
   * (json-finding-text.ts). Pieces rather than one string: they are joined once, into one flat string.
   * Made with `textHole`, which keeps the items' type and this function's together.
   */
  writeItem?: (item: unknown, out: string[]) => void;
}

/** A hole whose items are written by `writeItem` (see JsonHole). */
export function textHole<T>(key: string, depth: number, items: Iterable<T>, writeItem: (item: T, out: string[]) => void): JsonHole {
  return { key, depth, items, writeItem: writeItem as (item: unknown, out: string[]) => void };
}

/** Pieces are joined to about this size: few enough writes, small enough strings. */
const CHUNK = 1 << 20;
/** Items serialised by one JSON.stringify call, or joined as text at once. */
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
    /** Items' text (each after its comma and line break) added; a piece handed out when it is large enough. */
    const append = function* (body: string): Generator<string> {
      any = true;
      if (pending.length + body.length > CHUNK && pending) {
        yield pending;
        pending = '';
      }
      pending += body;
    };
    if (hole.writeItem) {
      const writeItem = hole.writeItem;
      const lead = `\n${' '.repeat(hole.depth + 2)}`;
      const comma = `,${lead}`;
      let parts: string[] = [];
      let count = 0;
      for (const item of hole.items) {
        parts.push(any || count > 0 ? comma : lead);
        writeItem(item, parts);
        if (++count === BATCH) {
          yield* append(parts.join(''));
          parts = [];
          count = 0;
        }
      }
      if (count > 0) yield* append(parts.join(''));
    } else {
      let batch: unknown[] = [];
      for (const item of hole.items) {
        batch.push(item);
        if (batch.length === BATCH) {
          yield* append(`${any ? ',' : ''}${itemsAtDepth(batch, hole.depth + 2)}`);
          batch = [];
        }
      }
      if (batch.length > 0) yield* append(`${any ? ',' : ''}${itemsAtDepth(batch, hole.depth + 2)}`);
    }
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

/** A value's text as JSON.stringify(…, null, 2) writes it as an item at `indent` spaces, its first line without them. */
export function valueAt(value: unknown, indent: number): string {
  return itemsAtDepth([value], indent).slice(1 + indent);
}

/**
 * JSON.stringify of a string, each distinct one quoted once: the report writers quote the same few dozen
 * rule ids, severities and levels for tens of thousands of findings.
 */
export function quotedOnce(): (s: string) => string {
  const quoted = new Map<string, string>();
  return (s) => {
    let q = quoted.get(s);
    if (q === undefined) quoted.set(s, (q = JSON.stringify(s)));
    return q;
  };
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
