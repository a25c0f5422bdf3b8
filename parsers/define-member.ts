/**
 * Sets a member of a parsed mapping the way JSON.parse does. Plain assignment
 * of "__proto__" would replace the object's prototype instead of creating a
 * property: wrong data, and a prototype-pollution foothold for hostile input.
 */
export function defineMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}
