// What a block body declares, by name: its arguments, and its nested blocks
// grouped by type with `dynamic "x"` blocks counted as blocks of type x (in
// source order, as Terraform expands them in place).
//
// Bodies are indexed once and shared by every instance that evaluates them
// (a module called ten times, a resource with count = 10).

import type { Attribute, Block, Body } from '../hcl/ast.js';

export interface BodyIndex {
  attributes: Map<string, Attribute>;
  /** Block type → the static blocks of that type and the `dynamic` blocks generating it, in source order. */
  blocks: Map<string, Block[]>;
}

const EMPTY = new Set<string>();
const cache = new WeakMap<Body, BodyIndex>();

/** Indexes `body`, leaving out meta-arguments and meta-blocks (`count`, `lifecycle`, ...). */
export function indexBody(body: Body, metaAttributes: ReadonlySet<string> = EMPTY, metaBlocks: ReadonlySet<string> = EMPTY): BodyIndex {
  const plain = metaAttributes === EMPTY && metaBlocks === EMPTY;
  if (plain) {
    const hit = cache.get(body);
    if (hit) return hit;
  }
  const attributes = new Map<string, Attribute>();
  // Indexed loops: every body of every resource instance is indexed, mostly by interpreted code.
  const written = body.attributes;
  for (let i = 0; i < written.length; i++) {
    const a = written[i]!;
    if (!metaAttributes.has(a.name)) attributes.set(a.name, a);
  }
  const blocks = new Map<string, Block[]>();
  const nested = body.blocks;
  for (let i = 0; i < nested.length; i++) {
    const b = nested[i]!;
    const type = generatedType(b);
    if (type === undefined || metaBlocks.has(type)) continue;
    const group = blocks.get(type);
    if (group) group.push(b);
    else blocks.set(type, [b]);
  }
  const index = { attributes, blocks };
  if (plain) cache.set(body, index);
  return index;
}

/** The block type a block stands for: its own, or the label of a `dynamic` block. */
export function generatedType(b: Block): string | undefined {
  if (b.type !== 'dynamic') return b.type;
  return b.labels.length === 1 ? b.labels[0] : undefined;
}

export function attributeOf(body: Body, name: string): Attribute | undefined {
  // Indexed: asked for every attribute a resource's adapter reads, mostly in interpreted code, where a
  // for-of makes an iterator result object per attribute passed.
  const attributes = body.attributes;
  for (let i = 0; i < attributes.length; i++) if (attributes[i]!.name === name) return attributes[i];
  return undefined;
}
