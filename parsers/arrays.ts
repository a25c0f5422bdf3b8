/**
 * Array helpers that stay safe at any size. `a.push(...b)` and
 * `Math.max(...b)` pass every element as an argument, and V8 throws "Maximum
 * call stack size exceeded" somewhere past ~100,000 of them: sizes an input
 * controls (resources, findings, list elements) must go through these.
 */

/** Appends every item of `items` to `target`, in order. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** The largest `measure(item)`, or `empty` for no items. */
export function maxOf<T>(items: Iterable<T>, measure: (item: T) => number, empty = 0): number {
  let best: number | undefined;
  for (const x of items) {
    const m = measure(x);
    if (best === undefined || m > best) best = m;
  }
  return best ?? empty;
}

/** The smallest `measure(item)`, or `empty` for no items. */
export function minOf<T>(items: Iterable<T>, measure: (item: T) => number, empty = 0): number {
  let best: number | undefined;
  for (const x of items) {
    const m = measure(x);
    if (best === undefined || m < best) best = m;
  }
  return best ?? empty;
}
