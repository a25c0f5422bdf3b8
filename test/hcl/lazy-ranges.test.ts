// The native parser derives some rarely read ranges when they are read (parsers/terraform/hcl/lazy-nodes.ts):
// a block's type and brace ranges, an argument's name range and range, an object item's range, a traversal's
// range and root range, an attribute step's range, a function call's name range and a plain string's
// literal part. Here each of them, over every .tf file of the repository and a generated 100 KB file, is
// checked against the source text it must cover, found independently of the parser's offsets (line and
// column turned back into an offset with the file's own lines), and against the start or end it shares
// with a neighbouring range.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Position, SourceRange } from '../../core/location.js';
import { mergeBlock } from '../../parsers/terraform/config/override.js';
import type { Block, Expression, HclFile } from '../../parsers/terraform/hcl/ast.js';
import { stringExpression } from '../../parsers/terraform/hcl/json-expressions.js';
import { parseHcl } from '../../parsers/terraform/hcl/parser.js';
import { generateTerraform } from './generate-tf.js';

const root = join(import.meta.dirname, '..', '..');

function tfFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tfFiles(path, out);
    else if (name.endsWith('.tf')) out.push(path);
  }
  return out;
}

/** The text a range covers, through the file's lines (not the parser's line table). */
function textOf(text: string): (range: SourceRange) => string {
  const lineStarts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => lineStarts[p.line - 1]! + p.column - 1;
  return (range) => text.slice(offset(range.start), offset(range.end));
}

const same = (a: Position, b: Position) => a.line === b.line && a.column === b.column;

interface Seen {
  blocks: number;
  attributes: number;
  roots: number;
  steps: number;
  calls: number;
  strings: number;
}

/** Checks every derived range of `file`; counts what it checked. */
function check(text: string, file: HclFile, seen: Seen): void {
  const slice = textOf(text);
  const expression = (e: Expression | null | undefined): void => {
    if (!e || typeof e !== 'object') return;
    if (e.kind === 'Traversal') {
      seen.roots++;
      expect(slice(e.rootRange)).toBe(e.root);
      expect(same(e.rootRange.start, e.range.start)).toBe(true);
      const last = e.steps[e.steps.length - 1];
      expect(same(e.range.end, (last ?? { range: e.rootRange }).range.end)).toBe(true);
    }
    if (e.kind === 'Traversal' || e.kind === 'RelativeTraversal') {
      for (const step of e.steps) {
        if (step.kind !== 'attr') continue;
        seen.steps++;
        expect(slice(step.range)).toMatch(new RegExp(`^\\.\\s*${step.name}$`));
      }
    }
    if (e.kind === 'FunctionCall') {
      seen.calls++;
      expect(slice(e.nameRange).replace(/\s+/g, '')).toBe(e.name);
      expect(same(e.nameRange.start, e.range.start)).toBe(true);
    }
    for (const value of Object.values(e)) {
      if (Array.isArray(value)) for (const v of value) expression(v as Expression);
      else if (value && typeof value === 'object' && 'kind' in value) expression(value as Expression);
      else if (value && typeof value === 'object' && 'key' in value) expression(value as Expression);
    }
    // Object items, template parts and splat items hold expressions under other names.
    if (e.kind === 'Object') {
      for (const item of e.items) {
        expect(same(item.range.start, item.key.range.start) && same(item.range.end, item.value.range.end)).toBe(true);
        [item.key, item.value].forEach(expression);
      }
    }
    if (e.kind === 'Template') {
      const only = e.parts[0];
      if (!e.heredoc && e.parts.length === 1 && only?.kind === 'TemplateLiteral') {
        seen.strings++;
        expect(slice(only.range)).toBe(slice(e.range).slice(1, -1));
      }
      for (const part of e.parts) if ('expr' in part) expression(part.expr);
    }
  };
  const body = (b: Block['body']): void => {
    for (const a of b.attributes) {
      seen.attributes++;
      expect(slice(a.nameRange)).toBe(a.name);
      expect(same(a.nameRange.start, a.range.start)).toBe(true);
      expect(same(a.range.end, a.expr.range.end)).toBe(true);
      expect(a.range.file).toBe(a.expr.range.file);
      expression(a.expr);
    }
    for (const block of b.blocks) {
      seen.blocks++;
      expect(slice(block.typeRange)).toBe(block.type);
      expect(slice(block.openBraceRange)).toBe('{');
      expect(slice(block.closeBraceRange)).toBe('}');
      expect(same(block.typeRange.start, block.range.start)).toBe(true);
      expect(same(block.closeBraceRange.end, block.range.end)).toBe(true);
      expect(same(block.openBraceRange.start, block.body.range.start)).toBe(true);
      for (const r of [block.typeRange, block.openBraceRange, block.closeBraceRange]) expect(r.file).toBe(block.range.file);
      body(block.body);
    }
  };
  body(file.body);
}

describe('ranges derived when read', () => {
  it('cover the text of their names, braces and steps in every .tf file of the repository', () => {
    const files = [...tfFiles(join(root, 'test')), ...tfFiles(join(root, 'rules')), ...tfFiles(join(root, 'examples'))];
    expect(files.length).toBeGreaterThan(100);
    const seen: Seen = { blocks: 0, attributes: 0, roots: 0, steps: 0, calls: 0, strings: 0 };
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      let parsed: HclFile;
      try {
        parsed = parseHcl(text, path);
      } catch {
        continue; // fixtures of syntax errors
      }
      check(text, parsed, seen);
    }
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(50);
  });

  it('cover the same text in 100 KB of generated Terraform, and in a file with a byte order mark, odd spacing and provider functions', () => {
    const seen: Seen = { blocks: 0, attributes: 0, roots: 0, steps: 0, calls: 0, strings: 0 };
    const generated = generateTerraform(100 * 1024);
    check(generated, parseHcl(generated, 'gen.tf'), seen);
    const odd = '\ufeffresource "a" "b" {\n  x = provider :: aws :: f ( a . b , [c .\n d], ( e\n .f ))\n  y {  z = g(h.i)  }\n}\n';
    check(odd, parseHcl(odd, 'odd.tf'), seen);
    expect(seen.calls).toBeGreaterThan(100);
  });

  it('survive a merge of override blocks, which copies a block field by field', () => {
    const original = parseHcl('resource "a" "b" {\n  x = 1\n}\n', 'main.tf').body.blocks[0]!;
    const override = parseHcl('resource "a" "b" {\n  x = 2\n}\n', 'override.tf').body.blocks[0]!;
    const merged = mergeBlock(original, override);
    expect(merged.body.attributes[0]!.range.file).toBe('override.tf');
    for (const key of ['typeRange', 'openBraceRange', 'closeBraceRange', 'range'] as const) {
      expect(JSON.stringify(merged[key])).toBe(JSON.stringify(original[key]));
    }
    expect(merged.labelRanges).toBe(original.labelRanges);
  });

  it('are moved with the rest when an expression comes from a .tf.json string', () => {
    // `"${aws_s3_bucket.b.id}"` written at line 7, columns 10-33 of a .tf.json file.
    const range: SourceRange = { file: 'main.tf.json', start: { line: 7, column: 10 }, end: { line: 7, column: 33 } };
    const expr = stringExpression('${aws_s3_bucket.b.id}', range, 'template');
    expect(expr.kind).toBe('Template');
    const part = expr.kind === 'Template' ? expr.parts[0] : undefined;
    const inner = part && 'expr' in part ? part.expr : undefined;
    expect(inner?.kind).toBe('Traversal');
    if (inner?.kind !== 'Traversal') return;
    const at = (r: SourceRange) => `${r.file}:${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
    expect(at(inner.rootRange)).toBe('main.tf.json:7:13-7:26');
    expect(inner.steps.map((s) => at(s.range))).toEqual(['main.tf.json:7:26-7:28', 'main.tf.json:7:28-7:31']);
    const call = stringExpression('upper(var.x)', { ...range, end: { line: 7, column: 24 } }, 'expression');
    expect(call.kind === 'FunctionCall' && at(call.nameRange)).toBe('main.tf.json:7:11-7:16');
  });
});
