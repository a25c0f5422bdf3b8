import { Unknown } from '../../core/unknown.js';

/**
 * Three-valued (Kleene) logic for questions whose answer may depend on values
 * that are unknown before deployment. `T` and `F` are answers that hold for
 * every possible value of the unknowns; `U` means the unknowns decide.
 *
 * Soundness rests on the atoms below: each returns `T`/`F` only when that is
 * true whatever the unknown strings turn out to be, and Kleene `and`/`or`/`not`
 * preserve that property.
 */
export type Tri = 'T' | 'F' | 'U';

/** A template string: a literal, or a value unknown before deployment. */
export type Val = string | Unknown;

export function and3(...xs: Tri[]): Tri {
  return and3All(xs);
}

/** `and3` of a list of any length (a spread passes each value as an argument: past ~100,000, V8 throws). */
export function and3All(xs: readonly Tri[]): Tri {
  let out: Tri = 'T';
  for (const x of xs) {
    if (x === 'F') return 'F';
    if (x === 'U') out = 'U';
  }
  return out;
}

export function or3(...xs: Tri[]): Tri {
  return or3All(xs);
}

/** `or3` of a list of any length (see and3All). */
export function or3All(xs: readonly Tri[]): Tri {
  let out: Tri = 'F';
  for (const x of xs) {
    if (x === 'T') return 'T';
    if (x === 'U') out = 'U';
  }
  return out;
}

export function not3(x: Tri): Tri {
  return x === 'T' ? 'F' : x === 'F' ? 'T' : 'U';
}

export function anyOf3<A>(items: readonly A[], f: (a: A) => Tri): Tri {
  let out: Tri = 'F';
  for (const a of items) {
    const r = f(a);
    if (r === 'T') return 'T';
    if (r === 'U') out = 'U';
  }
  return out;
}

export function allOf3<A>(items: readonly A[], f: (a: A) => Tri): Tri {
  let out: Tri = 'T';
  for (const a of items) {
    const r = f(a);
    if (r === 'F') return 'F';
    if (r === 'U') out = 'U';
  }
  return out;
}

/**
 * `a` equals `b`. The same Unknown object is equal to itself (one template
 * value referenced twice); two different unknowns, or an unknown and a
 * literal, may or may not be equal.
 */
export function eq3(a: Val, b: Val): Tri {
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 'T' : 'F';
  return a === b ? 'T' : 'U';
}

/**
 * `p` is a prefix of `s`. Selector values are never empty (the CloudFormation
 * schema gives every operator value `minLength: 1`), so an unknown value is
 * not a prefix of the empty string.
 */
export function prefix3(p: Val, s: Val): Tri {
  if (typeof p === 'string' && typeof s === 'string') return s.startsWith(p) ? 'T' : 'F';
  if (p === s) return 'T';
  if (s === '') return 'F';
  return 'U';
}

/** `x` is a suffix of `s`; same conventions as {@link prefix3}. */
export function suffix3(x: Val, s: Val): Tri {
  if (typeof x === 'string' && typeof s === 'string') return s.endsWith(x) ? 'T' : 'F';
  if (x === s) return 'T';
  if (s === '') return 'F';
  return 'U';
}
