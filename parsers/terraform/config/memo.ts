// Memoized evaluation with cycle detection.
//
// Locals, variables, outputs and resource attributes are evaluated on first
// use and remembered: a local read by a hundred resources is computed once,
// so evaluation stays linear in the size of the configuration. A value that
// is asked for while it is being computed is a reference cycle (Terraform
// rejects those); the second request gets a stand-in instead of recursing
// forever, and the caller reports the cycle with its path.

const PENDING: unique symbol = Symbol('pending');

/**
 * Most values being computed at once: a chain of references longer than this (`local.l300` using
 * `local.l299` … using `local.l0`, or modules passing a value down through their variables) stops at
 * this depth, and the value there is unknown with a warning. Without it the chain ran until V8's stack
 * ran out (about 500 locals, depending on the stack and the caller), and near the stack's end V8 can
 * abort the whole process (compiling a regular expression there fails); real configurations chain a few
 * dozen at most, through every module level included.
 */
export const MAX_REFERENCE_DEPTH = 200;

/** Why `memo` could not compute a value: it is part of a reference cycle, or too deep a chain. */
export type Unfollowable = 'cycle' | 'depth';

export type MemoCache<K> = Map<K, unknown>;

/** What `cached` returns for a value not computed yet (or being computed). */
export const NOT_CACHED: unique symbol = Symbol('not cached');

/**
 * The value `memo` has finished computing for `key`, else NOT_CACHED. Hot
 * callers check it first, so that a cache hit costs no cycle label string
 * and no closures.
 */
export function cached<K>(cache: MemoCache<K>, key: K): unknown {
  const hit = cache.get(key);
  if (hit === PENDING || (hit === undefined && !cache.has(key))) return NOT_CACHED;
  return hit;
}

export class CycleGuard {
  /** Labels of the values being computed, outermost first (`local.a`, `local.b`, ...). */
  private readonly stack: string[] = [];

  /**
   * The cached value of `key`, else `compute()` cached. When `key` is already
   * being computed, `onCycle` gets the labels of the cycle (`['local.a',
   * 'local.b', 'local.a']`) and its result is returned (and not cached, so the
   * outer computation still completes and caches its own value); so it does,
   * with `why` 'depth' and the ends of the chain, when MAX_REFERENCE_DEPTH values
   * are being computed already.
   */
  memo<K, V>(cache: MemoCache<K>, key: K, label: string, compute: () => V, onCycle: (path: string[], why: Unfollowable) => V): V {
    const hit = cache.get(key);
    if (hit === PENDING) {
      const from = this.stack.lastIndexOf(label);
      return onCycle([...(from >= 0 ? this.stack.slice(from) : [label]), label], 'cycle');
    }
    if (hit !== undefined || cache.has(key)) return hit as V;
    // Not cached either: asked again from less deep, it is computed then.
    if (this.stack.length >= MAX_REFERENCE_DEPTH) return onCycle([...this.stack.slice(0, 2), '…', ...this.stack.slice(-2), label], 'depth');
    cache.set(key, PENDING);
    this.stack.push(label);
    let value: V;
    try {
      value = compute();
    } catch (e) {
      cache.delete(key);
      throw e;
    } finally {
      this.stack.pop();
    }
    cache.set(key, value);
    return value;
  }
}
