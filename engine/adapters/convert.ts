import { Unknown } from '../../core/unknown.js';
import { quoteInput } from '../../parsers/quote.js';

/**
 * Type conversions shared by the CloudFormation and Terraform adapters. Both
 * accept strings where the service wants booleans or numbers ("true", "2557");
 * anything that is neither becomes an Unknown rather than a guess.
 */

/**
 * A value of the wrong type, as a message shows it: text quoted and cut short, a list or a map named as
 * such. Never `String(v)` of an object: a map written with a member called `toString` or `valueOf`
 * (`IsLogging: { toString: 1 }`) makes that throw, and the resource went unread.
 */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return quoteInput(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'a map';
  return typeof v;
}

export function toBool(v: unknown): boolean | Unknown | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return new Unknown(`${describeValue(v)} is not a boolean`);
}

export function toNum(v: unknown): number | Unknown | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return new Unknown(`${describeValue(v)} is not a number`);
}

/** A string property; the empty string is treated as unset, as the providers do. */
export function toStr(v: unknown): string | Unknown | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return new Unknown('not a string');
}

export function toStrList(v: unknown): (string | Unknown)[] | Unknown | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (x instanceof Unknown || typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : new Unknown(`${describeValue(x)} is not a string`)));
}

export function toList<T>(v: unknown, each: (x: unknown) => T): T[] | Unknown | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (!Array.isArray(v)) return [each(v)];
  return v.map(each);
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) ? (v as Record<string, unknown>) : {};
}
