// Override files (`override.tf`, `*_override.tf` and their `.tf.json` forms),
// merged into the module's blocks as Terraform does it: after every other
// file, one override file after another in name order.
//
//  - A block in an override file changes the block of the same type and
//    labels in the other files: each argument it sets replaces the argument
//    of that name; each nested block type it has replaces *all* the nested
//    blocks of that type (a `dynamic "x"` block counts as type x). Nested
//    blocks are not merged, except a resource's `lifecycle`, which is merged
//    argument by argument.
//  - A `locals` entry replaces the local value of that name.
//  - A block with nothing to override is an error in Terraform; here it is a
//    warning and the block is ignored.
//
// The merged block keeps the original's range (the resource is declared
// there) while every argument keeps its own: a finding about an argument the
// override sets points at the override file.

import type { Block, Body } from '../hcl/ast.js';
import { generatedType } from './body-index.js';

/** `original` with `override`'s arguments and nested block types in place of its own. */
export function mergeBlock(original: Block, override: Block, mergedBlockTypes: ReadonlySet<string> = NONE): Block {
  // Field by field, not `{ ...original, body }`: a parsed block's type and brace ranges are accessors
  // (hcl/lazy-nodes.ts), which a spread would not copy. They are read here, from the original's own body.
  return {
    kind: 'Block',
    type: original.type,
    typeRange: original.typeRange,
    labels: original.labels,
    labelRanges: original.labelRanges,
    body: mergeBody(original.body, override.body, mergedBlockTypes),
    openBraceRange: original.openBraceRange,
    closeBraceRange: original.closeBraceRange,
    range: original.range,
  };
}

const NONE: ReadonlySet<string> = new Set();
/** In resources and data sources, `lifecycle` is merged argument by argument. */
export const RESOURCE_MERGED_BLOCKS: ReadonlySet<string> = new Set(['lifecycle']);

function mergeBody(original: Body, override: Body, mergedBlockTypes: ReadonlySet<string>): Body {
  const replacing = new Map(override.attributes.map((a) => [a.name, a]));
  const attributes = original.attributes.map((a) => replacing.get(a.name) ?? a);
  const kept = new Set(original.attributes.map((a) => a.name));
  for (const a of override.attributes) if (!kept.has(a.name)) attributes.push(a);

  const overridden = new Set<string>();
  for (const b of override.blocks) {
    const type = generatedType(b);
    if (type !== undefined) overridden.add(type);
  }
  const blocks: Block[] = [];
  for (const b of original.blocks) {
    const type = generatedType(b);
    if (type === undefined || !overridden.has(type)) blocks.push(b);
  }
  for (const b of override.blocks) {
    const type = generatedType(b);
    const first = type !== undefined && mergedBlockTypes.has(type) && b.type === type ? original.blocks.find((o) => o.type === type) : undefined;
    blocks.push(first ? mergeBlock(first, b) : b);
  }
  return { ...original, attributes, blocks };
}
