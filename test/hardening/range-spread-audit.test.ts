import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { rangeIn, type SourceRange } from '../../core/location.js';
import { OffsetRange, Positions } from '../../parsers/terraform/hcl/positions.js';
import { eachNode, placeOf, shippedSources } from './shipped-sources.js';

/**
 * A spread copies own enumerable members only. The HCL parser's ranges compute `start` and `end` in
 * prototype accessors (parsers/terraform/hcl/positions.ts), so `{ ...range, file }` of one is a range
 * without positions, and a report that reads `range.start.line` crashes on it: the plan reader's lazy
 * ranges did exactly that once (fuzz seed 120706), before their accessors were made own. Which kind of
 * range reaches a given spread depends on paths a test may never take, so ranges are not spread at all
 * in the shipped code: `rangeIn(range, file)` (core/location.ts) reads the positions by name.
 *
 * Found by name: an object spread of anything called `range`, `…Range`, `location` or `loc`.
 */

const RANGE_NAME = /^(?:range|.*Range|location|loc)$/;

function lastName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isNonNullExpression(expr) || ts.isParenthesizedExpression(expr)) return lastName(expr.expression);
  return undefined;
}

function rangeSpreads(): string[] {
  const found: string[] = [];
  eachNode(shippedSources(), (node, source) => {
    if (!ts.isSpreadAssignment(node)) return;
    const name = lastName(node.expression);
    if (name !== undefined && RANGE_NAME.test(name)) found.push(`${placeOf(node, source)}: ${node.getText(source.tree)}`);
  });
  return found;
}

describe('ranges in the shipped code', () => {
  it('are never copied by spreading (rangeIn reads their positions by name)', () => {
    expect(rangeSpreads()).toEqual([]);
  });

  it('the audit finds a spread of a range (it is not vacuous)', () => {
    const tree = ts.createSourceFile('x.ts', 'const a = { ...e.range, file }; const b = { ...part.Range!, file };', ts.ScriptTarget.Latest, true);
    const names: string[] = [];
    const walk = (node: ts.Node): void => {
      if (ts.isSpreadAssignment(node)) names.push(lastName(node.expression) ?? '');
      ts.forEachChild(node, walk);
    };
    walk(tree);
    expect(names.filter((n) => RANGE_NAME.test(n))).toEqual(['range', 'Range']);
  });

  it('rangeIn keeps the positions a spread would lose', () => {
    const lines = new Positions('resource "aws_cloudtrail" "t" {\n  name = "t"\n}\n');
    const range: SourceRange = new OffsetRange('main.tf', lines, 34, 44);
    expect(({ ...range, file: 'moved.tf' } as SourceRange).start).toBeUndefined();
    expect(rangeIn(range, 'moved.tf')).toEqual({ file: 'moved.tf', start: { line: 2, column: 3 }, end: { line: 2, column: 13 } });
  });
});
