// Nested blocks as values: `event_selector { ... }` blocks become an array of
// objects (the shape of `terraform show -json`), `dynamic "x"` blocks are
// expanded in place over their collection, and each produced block remembers
// the body it was written in, so that `locate` can point at the `content`
// attribute that produced a value.

import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import type { Block, Body } from '../hcl/ast.js';
import { isObject, setKey, sortedKeys, unknownFrom, typeName, type HclObject } from '../hcl/values.js';
import { attributeOf, indexBody } from './body-index.js';
import type { EvalScope } from './scope.js';

/**
 * Most blocks `dynamic` blocks may generate in one load. Nested dynamic
 * blocks multiply (1,000 × 1,000 is a million blocks); real configurations
 * stay orders of magnitude below.
 */
export const MAX_DYNAMIC_BLOCKS = 100_000;

/** Where one evaluated block came from. */
export interface BlockOrigin {
  /** The body its values were read from: the block's own, or the `content` of a `dynamic` block. */
  body: Body;
  /** The block, or the `dynamic` block that generated it. */
  range: SourceRange;
  /** Origins of its own nested blocks, by type. */
  nested: Map<string, BlockGroupOrigin>;
}

export interface BlockGroupOrigin {
  /** The first block (or `dynamic` block) of this type as written, even if it generated nothing. */
  range: SourceRange;
  elements: BlockOrigin[];
}

/** Evaluates the blocks of one type (static and dynamic, in source order) into an array of objects. */
export function evaluateBlockGroup(blocks: readonly Block[], scope: EvalScope): { values: HclObject[]; origin: BlockGroupOrigin } {
  const values: HclObject[] = [];
  const elements: BlockOrigin[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.type === 'dynamic') expandDynamic(block, scope, values, elements);
    else {
      const { value, origin } = evaluateBlockBody(block.body, block.range, scope);
      values.push(value);
      elements.push(origin);
    }
  }
  return { values, origin: { range: blocks[0]!.range, elements } };
}

/** A block body's arguments and nested blocks as one object. */
export function evaluateBlockBody(body: Body, range: SourceRange, scope: EvalScope): { value: HclObject; origin: BlockOrigin } {
  const index = indexBody(body);
  const value: HclObject = {};
  // Map.forEach, not for-of over entries: this runs for every block of every resource instance, mostly
  // interpreted, where each step of a for-of with [key, value] destructuring makes several objects.
  index.attributes.forEach((attribute, name) => setKey(value, name, scope.module.evaluate(attribute.expr, scope)));
  const nested = new Map<string, BlockGroupOrigin>();
  index.blocks.forEach((group, type) => {
    const evaluated = evaluateBlockGroup(group, scope);
    setKey(value, type, evaluated.values);
    nested.set(type, evaluated.origin);
  });
  return { value, origin: { body, range, nested } };
}

function expandDynamic(block: Block, scope: EvalScope, values: HclObject[], elements: BlockOrigin[]): void {
  const label = block.labels[0]!;
  const problems = scope.module.problems;
  const report = (message: string, range: SourceRange): void =>
    problems.warning('invalid-dynamic-block', `dynamic "${label}": ${message}`, range.file, range);
  const content = block.body.blocks.find((b) => b.type === 'content');
  const forEach = attributeOf(block.body, 'for_each');
  if (!content || !forEach) return report(`needs a for_each argument and a content block`, block.range);
  const iterator = iteratorName(block, label);
  const collection = scope.module.evaluate(forEach.expr, scope);

  const budget = scope.module.dynamicBlockBudget;
  const emit = (key: unknown, value: unknown): void => {
    budget.remaining--;
    const iterators = new Map(scope.iterators);
    iterators.set(iterator, { key, value });
    const evaluated = evaluateBlockBody(content.body, block.range, { ...scope, iterators });
    values.push(evaluated.value);
    elements.push({ ...evaluated.origin, range: block.range });
  };

  if (collection instanceof Unknown) {
    // One block stands for the unknown number of them: what is written in it
    // is still checked, and what depends on the iterator is unknown.
    const key = new Unknown(`${iterator}.key is known only after apply`, collection.refs, false);
    emit(key, unknownFrom([collection]));
    return;
  }
  let entries: [unknown, unknown][];
  if (Array.isArray(collection)) {
    // A set's key is the element itself; a list's is the index.
    const isSet = forEach.expr.kind === 'FunctionCall' && forEach.expr.name === 'toset';
    entries = collection.map((v, i) => [isSet ? v : i, v]);
  } else if (isObject(collection)) {
    entries = sortedKeys(collection).map((k) => [k, collection[k]]);
  } else {
    return report(`for_each must be a collection, got ${typeName(collection)}`, forEach.range);
  }
  if (entries.length > budget.remaining) {
    report(`dynamic blocks would generate more than ${MAX_DYNAMIC_BLOCKS} blocks; the rest are not expanded`, forEach.range);
    entries = entries.slice(0, Math.max(0, budget.remaining));
  }
  for (const [key, value] of entries) emit(key, value);
}

/** `iterator = sel` names the iterator; by default it is the block's label. */
function iteratorName(block: Block, label: string): string {
  const attr = attributeOf(block.body, 'iterator');
  if (attr?.expr.kind === 'Traversal' && attr.expr.steps.length === 0) return attr.expr.root;
  return label;
}
