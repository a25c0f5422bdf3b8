// `locate(path)` for a resource instance: the source range of an attribute or
// nested block, by the path its value has in `values`
// (`['event_selector', 0, 'read_write_type']`).
//
// Blocks are followed through their origins, so the element a `dynamic` block
// generated resolves to the attribute of its `content`. Inside an argument's
// value, object and tuple literals are followed key by key; a path that goes
// deeper than what is literally written (into a value computed from a
// variable) gets the range of the innermost written expression. A name that is
// not written at all gives undefined.

import type { SourceRange } from '../../../core/location.js';
import { staticString, type Attribute, type Expression } from '../hcl/ast.js';
import { attributeOf } from './body-index.js';
import type { BlockOrigin } from './block-values.js';

export function locateIn(origin: BlockOrigin, path: readonly (string | number)[], from = 0): SourceRange | undefined {
  if (from >= path.length) return origin.range;
  const name = path[from];
  if (typeof name !== 'string') return undefined;
  const attribute = attributeOf(origin.body, name);
  if (attribute) return locateInValue(attribute, path, from + 1);
  const group = origin.nested.get(name);
  if (!group) return undefined;
  if (from + 1 >= path.length) return group.range;
  const index = path[from + 1];
  // `['versioning_configuration', 'status']` without the index means the first block.
  if (typeof index === 'string') return group.elements[0] ? locateIn(group.elements[0], path, from + 1) : undefined;
  const element = group.elements[index!];
  return element ? locateIn(element, path, from + 2) : undefined;
}

function locateInValue(attribute: Attribute, path: readonly (string | number)[], from: number): SourceRange {
  let range = attribute.range;
  let expr: Expression = attribute.expr;
  for (let i = from; i < path.length; i++) {
    // `policy = jsonencode({...})`: the document's paths are the paths of jsonencode's argument.
    while (expr.kind === 'Parens' || (expr.kind === 'FunctionCall' && expr.name === 'jsonencode' && expr.args.length === 1)) {
      expr = expr.kind === 'Parens' ? expr.expr : expr.args[0]!;
    }
    const step = path[i];
    if (expr.kind === 'Object' && typeof step === 'string') {
      const item = expr.items.find((it) => (it.keyName ?? staticString(it.key)) === step);
      if (!item) return range;
      range = item.range;
      expr = item.value;
    } else if (expr.kind === 'Tuple' && typeof step === 'number') {
      const element = expr.elements[step];
      if (!element) return range;
      range = element.range;
      expr = element;
    } else return range;
  }
  return range;
}
