// Reading parsed JSON of unknown shape without trusting it.
//
// A plan is produced by Terraform, but the scanner also meets hand-edited,
// truncated and foreign files. Every access goes through these helpers so a
// wrong shape yields "absent" instead of a TypeError, and a key taken from the
// data (`constructor`, `__proto__`) never reaches Object.prototype.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `object[key]` if it is the object's own member, else undefined. */
export function own(object: unknown, key: string): unknown {
  return isObject(object) && Object.hasOwn(object, key) ? object[key] : undefined;
}

export function ownObject(object: unknown, key: string): JsonObject | undefined {
  const value = own(object, key);
  return isObject(value) ? value : undefined;
}

export function ownArray(object: unknown, key: string): unknown[] | undefined {
  const value = own(object, key);
  return Array.isArray(value) ? value : undefined;
}

export function ownString(object: unknown, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Sets a member the way JSON.parse creates one: assigning `__proto__` would
 * replace the prototype instead (wrong data, and a pollution foothold).
 */
export function setMember(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/**
 * Nesting deeper than this is not walked. JSON.parse copes with any depth,
 * but the walks here recurse; no provider schema nests anywhere near this.
 */
export const MAX_WALK_DEPTH = 200;
