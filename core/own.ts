/**
 * Lookups in tables keyed by input text. A plain object answers `obj[name]`
 * for names it does not hold itself but inherits from `Object.prototype`
 * (`constructor`, `toString`, `hasOwnProperty`, `__proto__`…), so a template
 * naming a parameter `valueOf` would read a function where a value belongs.
 * Every lookup with a name taken from input goes through `own`.
 */

/** `table[key]` when the table holds `key` itself; undefined otherwise (inherited members never count). */
export function own<T>(table: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  if (table === null || table === undefined || typeof table !== 'object') return undefined;
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Whether `table` holds `key` itself. */
export function hasOwn(table: unknown, key: string): boolean {
  return table !== null && typeof table === 'object' && Object.hasOwn(table, key);
}

/** An object with no prototype, for tables built from input keys. */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
