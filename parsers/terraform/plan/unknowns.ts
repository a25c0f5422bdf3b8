// Folding `after_unknown` and `after_sensitive` into the planned values.
//
// Terraform prints a planned object in three parallel trees: `after` with the
// known values (unknown object attributes omitted, unknown list elements
// null), `after_unknown` with `true` where a value is known only after apply,
// and `after_sensitive` with `true` where a value is sensitive. In the marker
// trees objects omit known members but lists keep one entry per element
// (`false`, or `{}` for a fully known block), and a whole block or list that is
// unknown is a single `true`.

import type { Unknown } from '../../../core/unknown.js';
import { isObject, MAX_WALK_DEPTH, own, setMember, type JsonObject } from './json-values.js';

export type ValuePath = (string | number)[];

/**
 * Where applyUnknowns takes the Unknown for each path `after_unknown` marks. One object can serve every
 * resource of a plan (the reader resets it per resource): no closure, context and path array made for
 * each, in code that mostly runs unoptimised.
 *
 * `written` and `unwritten`: what a top-level attribute wholly unknown is when the configuration does not
 * write it. `written` is the resource's configuration block (its `expressions`, a block and not an
 * expression), and an attribute it does not hold is `unwritten` (the provider computes it). The same
 * answer `at` gives for such a path, without its walk: most unknowns of a plan are these (`arn`, `id`,
 * twenty computed bucket arguments). Without `written`, every path is asked of `at`.
 */
export interface UnknownSource {
  at(path: ValuePath): Unknown;
  readonly written: JsonObject | undefined;
  readonly unwritten: Unknown;
  /**
   * The walk's array, valid only during a call of `at`; at least one element (`['']`), and every walk
   * leaves it at one, so it is reused from one resource to the next.
   */
  readonly path: ValuePath;
}

/**
 * Puts `source.at(path)` into `values` at every path where `marker` is true,
 * in place (the planned values are not copied: a large plan is large
 * enough once). Containers missing from `values` are created on the way.
 */
export function applyUnknowns(values: JsonObject, marker: unknown, source: UnknownSource): void {
  if (!isObject(marker)) return;
  // The top level sets path[0] rather than pushing and popping it: V8 gives an array popped down to
  // length 0 a new backing store on its next push, one allocation per attribute of every resource.
  const path = source.path;
  const written = source.written;
  // for…in, not Object.keys: no array of keys per marker. Markers are parsed JSON, whose prototype holds
  // nothing enumerable, and the loop changes `values`, never the marker.
  for (const key in marker) {
    const m = marker[key];
    if (m !== true && (typeof m !== 'object' || m === null)) continue;
    path[0] = key;
    const before = own(values, key);
    const after = m === true && written !== undefined && !Object.hasOwn(written, key) ? source.unwritten : merge(before, m, path, source, 1);
    if (after !== before) setMember(values, key, after);
  }
}

/** The value at `path` with the unknowns of `marker` in it; `value` itself when marker has none. */
function merge(value: unknown, marker: unknown, path: ValuePath, source: UnknownSource, depth: number): unknown {
  if (marker === true) return source.at(path);
  if (depth > MAX_WALK_DEPTH) return value;
  // A container the marker needs but `after` lacks is created, and kept only if something was set in it.
  if (Array.isArray(marker)) {
    const list = Array.isArray(value) ? value : [];
    return mergeArray(list, marker, path, source, depth) ? list : value;
  }
  if (isObject(marker)) {
    const object = isObject(value) ? value : {};
    return mergeObject(object, marker, path, source, depth) ? object : value;
  }
  return value;
}

/** Merges into `list`; true if anything was set. */
function mergeArray(list: unknown[], marker: unknown[], path: ValuePath, source: UnknownSource, depth: number): boolean {
  let changed = false;
  for (let i = 0; i < marker.length; i++) {
    const m = marker[i];
    if (m !== true && (typeof m !== 'object' || m === null)) continue;
    path.push(i);
    const before = list[i];
    const after = merge(before, m, path, source, depth + 1);
    path.pop();
    if (after !== before) {
      // Only an inconsistent plan has a marker longer than the list; pad with null, never leave holes.
      while (list.length < i) list.push(null);
      list[i] = after;
      changed = true;
    }
  }
  return changed;
}

/** Merges into `object`; true if anything was set. */
function mergeObject(object: JsonObject, marker: JsonObject, path: ValuePath, source: UnknownSource, depth: number): boolean {
  let changed = false;
  // for…in over the parsed marker, as in applyUnknowns.
  for (const key in marker) {
    const m = marker[key];
    if (m !== true && (typeof m !== 'object' || m === null)) continue;
    path.push(key);
    const before = own(object, key);
    const after = merge(before, m, path, source, depth + 1);
    path.pop();
    if (after !== before) {
      setMember(object, key, after);
      changed = true;
    }
  }
  return changed;
}

/**
 * Dot-joined paths (`master_password`, `tags.secret`, `rule.0.token`) where
 * `marker` (`after_sensitive` / `sensitive_values`) is true. A plain `true`
 * for the whole object marks every top-level attribute. Most markers hold
 * no `true` at all (`{"tags": {}, "versioning": []}`), so nothing is
 * allocated until one is found.
 */
export function sensitivePaths(marker: unknown, values: JsonObject): Set<string> | undefined {
  if (marker === true) {
    const keys = Object.keys(values);
    return keys.length > 0 ? new Set(keys) : undefined;
  }
  if (!isObject(marker) || !holdsTrue(marker, 0)) return undefined;
  const found: { paths?: Set<string> } = {};
  collectSensitive(marker, [], found, 0);
  return found.paths;
}

/** Whether `true` occurs anywhere in `marker` (within the depth collectSensitive walks). */
function holdsTrue(marker: unknown, depth: number): boolean {
  if (depth > MAX_WALK_DEPTH) return false;
  if (Array.isArray(marker)) {
    for (let i = 0; i < marker.length; i++) {
      const m = marker[i];
      if (m === true || (typeof m === 'object' && m !== null && holdsTrue(m, depth + 1))) return true;
    }
  } else if (isObject(marker)) {
    // for…in, not Object.keys: no array of keys per object (ten thousand markers, each a few levels
    // deep). The markers are parsed JSON: their prototype holds nothing enumerable.
    for (const key in marker) {
      const m = marker[key];
      if (m === true || (typeof m === 'object' && m !== null && holdsTrue(m, depth + 1))) return true;
    }
  }
  return false;
}

function collectSensitive(marker: unknown, path: (string | number)[], found: { paths?: Set<string> }, depth: number): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (Array.isArray(marker)) {
    for (let i = 0; i < marker.length; i++) visitSensitive(marker[i], i, path, found, depth);
  } else if (isObject(marker)) {
    const keys = Object.keys(marker);
    for (let k = 0; k < keys.length; k++) visitSensitive(marker[keys[k]!], keys[k]!, path, found, depth);
  }
}

function visitSensitive(marker: unknown, step: string | number, path: (string | number)[], found: { paths?: Set<string> }, depth: number): void {
  if (marker === true) {
    (found.paths ??= new Set()).add(path.length === 0 ? String(step) : `${path.join('.')}.${step}`);
  } else if (typeof marker === 'object' && marker !== null) {
    path.push(step);
    collectSensitive(marker, path, found, depth + 1);
    path.pop();
  }
}
