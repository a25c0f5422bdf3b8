// Memoized evaluation with cycle detection.
//
// Locals, variables, outputs and resource attributes are evaluated on first
// use and remembered: a local read by a hundred resources is computed once,
// so evaluation stays linear in the size of the configuration. A value that
// is asked for while it is being computed is a reference cycle (Terraform
// rejects those); the second request gets a stand-in instead of recursing
// forever, and the caller reports the cycle with its path.

const PENDING: unique symbol = Symbol('pending');

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
   * outer computation still completes and caches its own value).
   */
  memo<K, V>(cache: MemoCache<K>, key: K, label: string, compute: () => V, onCycle: (cycle: string[]) => V): V {
    const hit = cache.get(key);
    if (hit === PENDING) {
      const from = this.stack.lastIndexOf(label);
      return onCycle([...(from >= 0 ? this.stack.slice(from) : [label]), label]);
    }
    if (hit !== undefined || cache.has(key)) return hit as V;
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
