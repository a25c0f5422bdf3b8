// Shared helpers for the HCL parser and evaluator tests.

import { expect } from 'vitest';
import { InputError } from '../../core/diagnostics.js';
import type { SourceRange } from '../../core/location.js';
import { traversalText, type Expression, type HclFile, type TraversalExpr } from '../../parsers/terraform/hcl/ast.js';
import { evaluate, traverse, type EvalContext } from '../../parsers/terraform/hcl/evaluate.js';
import { parseHcl } from '../../parsers/terraform/hcl/parser.js';

export function parse(text: string, file = 'main.tf'): HclFile {
  return parseHcl(text, file);
}

/** The expression of `v = <src>`. */
export function expr(src: string): Expression {
  const attr = parseHcl(`v = ${src}\n`, 'expr.tf').body.attributes[0];
  if (!attr) throw new Error('no attribute parsed');
  return attr.expr;
}

/** `line:column-line:column`, compact for assertions. */
export function at(range: SourceRange | undefined): string {
  if (!range) return 'none';
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

export type Scope = Record<string, Record<string, unknown>>;

/**
 * An EvalContext over plain maps: `{ var: { x: 1 }, local: {...} }` resolves
 * `var.x`, then applies the remaining steps. Everything else is unresolved.
 */
export function scope(values: Scope = {}, extra: Partial<EvalContext> = {}): EvalContext {
  return {
    lookup(t: TraversalExpr): unknown {
      const group = Object.hasOwn(values, t.root) ? values[t.root] : undefined;
      const first = t.steps[0];
      if (!group || !first || first.kind !== 'attr' || !Object.hasOwn(group, first.name)) return undefined;
      return traverse(group[first.name], t.steps.slice(1));
    },
    ...extra,
  };
}

/** Evaluates `<src>` as the value of an attribute. */
export function run(src: string, values: Scope = {}, extra: Partial<EvalContext> = {}): unknown {
  return evaluate(expr(src), scope(values, extra));
}

/** The InputError thrown by `fn`, failing the test if nothing (or something else) is thrown. */
export function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

/** The syntax error for `text`, with its position as `line:column`. */
export function syntaxError(text: string): { message: string; at: string } {
  const e = thrown(() => parseHcl(text, 'bad.tf'));
  expect(e.range?.file).toBe('bad.tf');
  return { message: e.message, at: `${e.range?.start.line}:${e.range?.start.column}` };
}

/** A compact, unambiguous rendering of an expression tree, for structural assertions. */
export function sexpr(e: Expression): string {
  switch (e.kind) {
    case 'Literal':
      return e.raw ?? JSON.stringify(e.value);
    case 'Template': {
      const parts = e.parts.map((p) => {
        switch (p.kind) {
          case 'TemplateLiteral':
            return JSON.stringify(p.value);
          case 'TemplateInterpolation':
            return `\${${sexpr(p.expr)}}`;
          case 'TemplateIf':
            return `%if(${sexpr(p.condition)})`;
          case 'TemplateFor':
            return `%for(${p.valueVar})`;
        }
      });
      return parts.length === 1 && e.parts[0]!.kind === 'TemplateLiteral' ? parts[0]! : `(tpl ${parts.join(' ')})`;
    }
    case 'Tuple':
      return `[${e.elements.map(sexpr).join(' ')}]`;
    case 'Object':
      return `{${e.items.map((i) => `${i.keyName ?? sexpr(i.key)}=${sexpr(i.value)}`).join(' ')}}`;
    case 'Traversal':
      return traversalText(e.root, e.steps);
    case 'RelativeTraversal':
      return `(rel ${sexpr(e.source)} ${traversalText('', e.steps)})`;
    case 'Index':
      return `(index ${sexpr(e.collection)} ${sexpr(e.key)})`;
    case 'Splat':
      return `(splat${e.attrOnly ? '.*' : '[*]'} ${sexpr(e.source)} ${sexpr(e.each)})`;
    case 'SplatItem':
      return '*';
    case 'FunctionCall':
      return `(${e.name}${e.args.map((a) => ` ${sexpr(a)}`).join('')}${e.expandFinal ? ' ...' : ''})`;
    case 'Unary':
      return `(${e.op} ${sexpr(e.operand)})`;
    case 'Binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'Conditional':
      return `(? ${sexpr(e.condition)} ${sexpr(e.trueResult)} ${sexpr(e.falseResult)})`;
    case 'For': {
      const vars = e.keyVar === null ? e.valueVar : `${e.keyVar},${e.valueVar}`;
      const body = e.keyExpr ? `${sexpr(e.keyExpr)} => ${sexpr(e.valueExpr)}${e.group ? '...' : ''}` : sexpr(e.valueExpr);
      return `(for${e.makeObject ? '{}' : '[]'} ${vars} in ${sexpr(e.collection)} : ${body}${e.condition ? ` if ${sexpr(e.condition)}` : ''})`;
    }
    case 'Parens':
      return `(paren ${sexpr(e.expr)})`;
  }
}
