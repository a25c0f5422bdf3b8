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

/**
 * The prototype of emptyTable()'s objects: itself without a prototype and without members, and frozen,
 * so a table inherits nothing (`constructor`, `toString`, the `__proto__` accessor: assigning
 * `table['__proto__']` makes an own member, as on `Object.create(null)`).
 */
const NOTHING_INHERITED: object = Object.freeze(Object.create(null) as object);

/**
 * An object that inherits nothing, for tables built from input keys. Not `Object.create(null)`: V8
 * makes those dictionaries from the start (a hash table each, slower to fill), where an object made
 * from a prototype that is itself empty keeps V8's fast layout; the graph makes five per resource.
 */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(NOTHING_INHERITED) as Record<string, T>;
}
