// What an expression can see: its module instance (variables, locals,
// resources, module outputs) and the names bound around it: `count.index`,
// `each.key`/`each.value`, and the iterators of enclosing `dynamic` blocks.

import type { Expression } from '../hcl/ast.js';
import type { HclObject } from '../hcl/values.js';
import type { Problems } from './problems.js';

export interface ScopeModule {
  /** Evaluates `expr` in `scope`; evaluation errors are reported and give an Unknown. */
  evaluate(expr: Expression, scope: EvalScope): unknown;
  readonly problems: Problems;
  /** Blocks `dynamic` may still generate in this load (nested dynamic blocks multiply). */
  readonly dynamicBlockBudget: { remaining: number };
}

export interface EvalScope {
  readonly module: ScopeModule;
  readonly countIndex?: unknown;
  readonly each?: { readonly key: unknown; readonly value: unknown };
  /** `dynamic` block iterators by name: `{ key, value }` objects. */
  readonly iterators?: ReadonlyMap<string, HclObject>;
}
