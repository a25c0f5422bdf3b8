// `count` and `for_each` on resources and module calls: which instances exist.
//
// Known values expand as Terraform expands them (count → [0]..[n-1],
// for_each → its keys in lexical order). A value known only after apply
// cannot be expanded; the block is then checked once as written, without an
// instance key, with `count.index` / `each.*` unknown, and a note says so.
// Values Terraform would reject are reported and treated the same way, so the
// block is still checked rather than silently dropped.

import { Unknown } from '../../../core/unknown.js';
import type { Attribute, Expression } from '../hcl/ast.js';
import { compareStrings, isObject, sortedKeys, toIntegerValue, toStringValue, typeName, ValueError } from '../hcl/values.js';
import type { InstanceKey } from './addresses.js';
import type { Problems } from './problems.js';

/** More instances than this for one block is not a configuration anyone deploys; it is treated as unknown. */
export const MAX_INSTANCES = 10_000;

export interface InstanceBinding {
  /** Undefined for a block without count/for_each and for an unknown expansion. */
  key?: InstanceKey;
  countIndex?: unknown;
  each?: { key: unknown; value: unknown };
}

export type Expansion =
  | { kind: 'single' }
  | { kind: 'known'; instances: InstanceBinding[] }
  | { kind: 'unknown'; binding: InstanceBinding; cause: Unknown };

export interface ExpansionSite {
  count?: Attribute;
  forEach?: Attribute;
}

/**
 * The instances of a block. `what` names it in messages (`aws_cloudtrail.this`,
 * `module.audit`); `evaluate` evaluates the meta-argument in the block's module.
 */
export function expandInstances(site: ExpansionSite, what: string, evaluate: (e: Expression) => unknown, problems: Problems): Expansion {
  if (site.count) return expandCount(site.count, what, evaluate(site.count.expr), problems);
  if (site.forEach) return expandForEach(site.forEach, what, evaluate(site.forEach.expr), problems);
  return { kind: 'single' };
}

function unknownExpansion(meta: 'count' | 'for_each', cause: Unknown): Expansion {
  if (meta === 'count') return { kind: 'unknown', cause, binding: { countIndex: new Unknown('count.index of an instance whose count is known only after apply', cause.refs, true) } };
  const key = new Unknown('each.key of an instance whose for_each is known only after apply', cause.refs, true);
  const value = new Unknown('each.value of an instance whose for_each is known only after apply', cause.refs, false);
  return { kind: 'unknown', cause, binding: { each: { key, value } } };
}

function invalid(meta: 'count' | 'for_each', attr: Attribute, what: string, message: string, problems: Problems): Expansion {
  problems.warning(`invalid-${meta.replace('_', '-')}`, `${what}: ${message}; checked once as written`, attr.range.file, attr.range);
  return unknownExpansion(meta, new Unknown(message, [], false));
}

function expandCount(attr: Attribute, what: string, value: unknown, problems: Problems): Expansion {
  if (value instanceof Unknown) {
    problems.note('unknown-count', `${what}: count is known only after apply (${value.reason}); checked once as written, without an index`, attr.range.file, attr.range);
    return unknownExpansion('count', value);
  }
  if (value === null) return invalid('count', attr, what, 'count is null', problems);
  let n: number;
  try {
    n = toIntegerValue(value, 'count');
  } catch (e) {
    if (e instanceof ValueError) return invalid('count', attr, what, e.message, problems);
    throw e;
  }
  if (n < 0) return invalid('count', attr, what, `count must not be negative, got ${n}`, problems);
  if (n > MAX_INSTANCES) return invalid('count', attr, what, `count ${n} is more than ${MAX_INSTANCES} instances`, problems);
  const instances: InstanceBinding[] = [];
  for (let i = 0; i < n; i++) instances.push({ key: i, countIndex: i });
  return { kind: 'known', instances };
}

function expandForEach(attr: Attribute, what: string, value: unknown, problems: Problems): Expansion {
  if (value instanceof Unknown) {
    problems.note('unknown-for-each', `${what}: for_each is known only after apply (${value.reason}); checked once as written, without a key`, attr.range.file, attr.range);
    return unknownExpansion('for_each', value);
  }
  let entries: [string, unknown][];
  if (isObject(value)) {
    entries = sortedKeys(value).map((k) => [k, value[k]]);
  } else if (Array.isArray(value)) {
    // A set of strings (Terraform rejects lists; toset() makes them sets, which are lists here).
    const keys = new Set<string>();
    for (const element of value) {
      if (element instanceof Unknown) {
        problems.note('unknown-for-each', `${what}: an element of for_each is known only after apply (${element.reason}); checked once as written, without a key`, attr.range.file, attr.range);
        return unknownExpansion('for_each', element);
      }
      if (element === null || typeof element === 'object') return invalid('for_each', attr, what, `for_each must be a map or a set of strings, but an element is ${typeName(element)}`, problems);
      keys.add(toStringValue(element));
    }
    entries = [...keys].sort(compareStrings).map((k) => [k, k]);
  } else {
    return invalid('for_each', attr, what, `for_each must be a map or a set of strings, got ${typeName(value)}`, problems);
  }
  if (entries.length > MAX_INSTANCES) return invalid('for_each', attr, what, `for_each has ${entries.length} elements, more than ${MAX_INSTANCES}`, problems);
  return { kind: 'known', instances: entries.map(([key, v]) => ({ key, each: { key, value: v } })) };
}
