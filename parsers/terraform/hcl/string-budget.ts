import { ValueError } from './values.js';

/**
 * How much text static evaluation may build. One value longer than
 * MAX_STRING_LENGTH, or more than MAX_TOTAL_STRING_CHARS built by one load
 * (600 locals of 10 M characters each once exhausted the heap), is not a
 * configuration anyone deploys: the value becomes unknown with a warning at
 * its expression (a ValueError is reported like any other evaluation error),
 * and the resource that uses it is still checked as written.
 *
 * Only strings of at least CHARGE_FROM characters are counted, so that the
 * common small values cost one comparison.
 */
export const MAX_STRING_LENGTH = 1_000_000;
export const MAX_TOTAL_STRING_CHARS = 64_000_000;
/** Strings shorter than this are not counted. */
export const CHARGE_FROM = 4096;

let built = 0;

/** Starts a new load's budget (called once per `loadTerraform`). */
export function resetStringBudget(): void {
  built = 0;
}

/** Throws a ValueError when one value of `length` characters would be too long (checked while building it). */
export function checkStringLength(length: number): void {
  if (length > MAX_STRING_LENGTH) throw new ValueError(`the result would be longer than ${MAX_STRING_LENGTH} characters`);
}

/**
 * Charges a finished string to the load's budget (once per built value: the
 * evaluator calls it for every function and template result); throws a
 * ValueError when it is over.
 */
export function chargeString(length: number): void {
  checkStringLength(length);
  if (length < CHARGE_FROM) return;
  built += length;
  if (built > MAX_TOTAL_STRING_CHARS) {
    throw new ValueError(`the configuration builds more than ${MAX_TOTAL_STRING_CHARS} characters of strings; this value is not evaluated`);
  }
}
