/**
 * Four-valued truth for questions about policies.
 *
 * A scanner does not see the request, and some policy values are known only
 * after deployment. So "does this statement apply?" has four answers:
 * - `true` / `false`: the same in every request consistent with what is known;
 * - `'depends'`: true for some requests and false for others, because a
 *   request property that was left open (an unspecified context key, an
 *   unspecified principal) decides it;
 * - `'unknown'`: it rests on a value the scan cannot know (a Terraform value
 *   known after apply, an unresolved policy variable, an unknown operator).
 *
 * Rules built on this never treat `'depends'` or `'unknown'` as `true` when
 * that would let them conclude that something is protected.
 */
export type Truth = true | false | 'depends' | 'unknown';

/** Kleene conjunction: a single `false` decides; otherwise the weakest certainty wins. */
// and / or run for every statement of every request, in a fresh process mostly interpreted: indexed loops,
// because a for-of there makes an iterator result object per value.
export function and(...values: Truth[]): Truth {
  return andAll(values);
}

/** `and` of a list of any length (a spread passes each value as an argument: past ~100,000, V8 throws). */
export function andAll(values: readonly Truth[]): Truth {
  let result: Truth = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === false) return false;
    if (v === 'unknown') result = 'unknown';
    else if (v === 'depends' && result === true) result = 'depends';
  }
  return result;
}

/** Kleene disjunction: a single `true` decides; otherwise the weakest certainty wins. */
export function or(...values: Truth[]): Truth {
  return orAll(values);
}

/** `or` of a list of any length (see andAll). */
export function orAll(values: readonly Truth[]): Truth {
  let result: Truth = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === true) return true;
    if (v === 'unknown') result = 'unknown';
    else if (v === 'depends' && result === false) result = 'depends';
  }
  return result;
}

/** `or(a, b)` without an argument array: loops that fold many answers (evaluate.ts) call it per value. */
export function orOf(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  if (a === 'depends' || b === 'depends') return 'depends';
  return false;
}

export function not(v: Truth): Truth {
  if (v === true) return false;
  if (v === false) return true;
  return v;
}

/**
 * The answer when one of two alternatives holds but we cannot tell which:
 * equal answers survive, different ones become uncertain.
 */
export function either(a: Truth, b: Truth, why: 'depends' | 'unknown'): Truth {
  if (a === b) return a;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return why;
}
