// Differential test against hcl2-parser (HashiCorp's Go HCL parser compiled to
// JavaScript, via hcl2json): for each file, the block structure and every
// literal value must be the same. hcl2json renders non-literal expressions as
// "${...}" source text, so for those only the shape is compared.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { SourceRange } from '../../core/location.js';
import type { Body, Expression, TemplateExpr, TemplatePart } from '../../parsers/terraform/hcl/ast.js';
import { staticString } from '../../parsers/terraform/hcl/ast.js';
import { evaluate } from '../../parsers/terraform/hcl/evaluate.js';
import { parseHcl } from '../../parsers/terraform/hcl/parser.js';

const require = createRequire(import.meta.url);
const hcl2 = require('hcl2-parser') as { parseToObject(text: string): [unknown, unknown] };

/** Where hcl2json shows an expression as its "${...}" source text. */
const EXPRESSION = Symbol('expression');

function isLiteral(e: Expression): boolean {
  switch (e.kind) {
    case 'Literal':
      return true;
    case 'Template':
      return e.parts.every((p) => p.kind === 'TemplateLiteral');
    case 'Unary':
      return e.operand.kind === 'Literal';
    case 'Tuple':
      return e.elements.every(isLiteral);
    case 'Object':
      return e.items.every((i) => (i.keyName !== undefined || staticString(i.key) !== undefined) && isLiteral(i.value));
    default:
      return false;
  }
}

const noReferences = { lookup: (): never => { throw new Error('a literal has no references'); } };

/** Our value of an attribute, in hcl2json's shape. */
function ours(e: Expression, counter: { literals: number }): unknown {
  if (isLiteral(e)) {
    counter.literals++;
    return evaluate(e, noReferences);
  }
  if (e.kind === 'Tuple') return e.elements.map((x) => ours(x, counter));
  if (e.kind === 'Object' && e.items.every((i) => i.keyName !== undefined || staticString(i.key) !== undefined)) {
    const out: Record<string, unknown> = {};
    for (const i of e.items) out[i.keyName ?? staticString(i.key)!] = ours(i.value, counter);
    return out;
  }
  return EXPRESSION;
}

/** Blocks nest by type and labels into lists of bodies, as hcl2json lays them out. */
function shape(body: Body, counter: { literals: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const block of body.blocks) {
    let target = out;
    let key = block.type;
    for (const label of block.labels) {
      target = (target[key] ??= {}) as Record<string, unknown>;
      key = label;
    }
    ((target[key] ??= []) as unknown[]).push(shape(block.body, counter));
  }
  for (const a of body.attributes) out[a.name] = ours(a.expr, counter);
  return out;
}

/** The source text of a range of `text`. */
function sourceOf(text: string, range: SourceRange): string {
  const offset = (p: { line: number; column: number }): number => {
    let at = 0;
    for (let l = 1; l < p.line; l++) at = text.indexOf('\n', at) + 1;
    return at + p.column - 1;
  };
  return text.slice(offset(range.start), offset(range.end));
}

/** A template's parts printed the way hcl2json prints a non-literal template. */
function renderLikeHcl2json(parts: readonly TemplatePart[], text: string): string {
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'TemplateLiteral':
          return p.value;
        case 'TemplateInterpolation':
          return staticString(p.expr) ?? `\${${sourceOf(text, p.expr.range)}}`;
        case 'TemplateFor':
          return `%{for ${p.keyVar === null ? '' : `${p.keyVar}, `}${p.valueVar} in ${sourceOf(text, p.collection.range)}}${renderLikeHcl2json(p.body, text)}%{endfor}`;
        case 'TemplateIf': {
          const otherwise = p.else ? renderLikeHcl2json(p.else, text) : '';
          return `%{if ${sourceOf(text, p.condition.range)}}${renderLikeHcl2json(p.then, text)}${otherwise ? `%{else}${otherwise}` : ''}%{endif}`;
        }
      }
    })
    .join('');
}

function compare(mine: unknown, theirs: unknown, path: string): void {
  if (mine === EXPRESSION) {
    expect(typeof theirs, path).toBe('string');
    return;
  }
  if (Array.isArray(mine)) {
    expect(Array.isArray(theirs), path).toBe(true);
    const list = theirs as unknown[];
    expect(list.length, path).toBe(mine.length);
    mine.forEach((m, i) => compare(m, list[i], `${path}[${i}]`));
    return;
  }
  if (mine !== null && typeof mine === 'object') {
    expect(theirs !== null && typeof theirs === 'object' && !Array.isArray(theirs), path).toBe(true);
    const obj = theirs as Record<string, unknown>;
    expect(Object.keys(obj).sort(), path).toEqual(Object.keys(mine).sort());
    for (const [k, v] of Object.entries(mine)) compare(v, obj[k], `${path}.${k}`);
    return;
  }
  expect(theirs, path).toEqual(mine);
}

/** Compares both parsers on `text`; returns how many literal values were compared. */
function agree(text: string, name: string): number {
  const [theirs, error] = hcl2.parseToObject(text);
  expect(error, `hcl2-parser failed on ${name}`).toBeNull();
  const counter = { literals: 0 };
  compare(shape(parseHcl(text, name).body, counter), theirs, name);
  return counter.literals;
}

describe('oracle: hcl2-parser', () => {
  const dir = new URL('../fixtures/terraform/hcl/', import.meta.url);
  const fixtures = readdirSync(dir).filter((f) => f.endsWith('.tf'));

  it('has the realistic fixtures to compare', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(7);
  });

  for (const name of fixtures) {
    it(`agrees on ${name}`, () => {
      const literals = agree(readFileSync(new URL(name, dir), 'utf8'), name);
      expect(literals).toBeGreaterThan(5);
    });
  }

  it('agrees on the Terraform examples of the Trivy corpus', () => {
    const root = new URL('../fixtures/corpus/trivy-checks/', import.meta.url).pathname;
    const snippets: Array<[string, string]> = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.yaml')) {
          const doc = parseYaml(readFileSync(p, 'utf8')) as { terraform?: { good?: string[]; bad?: string[] } } | null;
          for (const kind of ['good', 'bad'] as const) (doc?.terraform?.[kind] ?? []).forEach((s, i) => snippets.push([`${p}#${kind}[${i}]`, s]));
        }
      }
    };
    walk(root);
    expect(snippets.length).toBeGreaterThan(50);
    let literals = 0;
    for (const [name, text] of snippets) literals += agree(text, name);
    expect(literals).toBeGreaterThan(100);
  });

  it('agrees on tricky literals', () => {
    const text = [
      'a = "caf\\u00e9 \\"q\\" \\\\ $${x} %%{y} $5 100%"',
      'b = -12.5e-1',
      'c = [1, [2, [3]], { k = "v", "q k" = null }]',
      'd = <<-EOT',
      '\t\tindented with tabs',
      '\t\t\tdeeper',
      '',
      '\t\tback',
      '\tEOT',
      'e = <<EOT',
      '  keep  ',
      '    EOT',
      // (A bare `null` key is left out: hcl2json itself panics on it.)
      'f = { "for" = 1, if = 2, in = 3, true = 5, false = 6 }',
      'g = 1e3',
      'h = !false',
      'i = ""',
      'j = "${"nested"}"',
      'k = "a$$b%%c$"',
      '',
    ].join('\n');
    expect(agree(text, 'tricky.tf')).toBeGreaterThan(8);
  });

  it('strips and flushes template literals exactly as HCL does', () => {
    // hcl2json prints a template's literal parts after HCL's strip-marker and
    // <<- processing, and its interpolations and directives as source text.
    const cases = [
      'a = <<-EOT\n    x ${"a" ~}\n    y\n    %{ for r in ["p"] ~}\n    z ${r}\n    %{ endfor ~}\n    w\n  EOT\n',
      'a = <<-EOT\n    #!/bin/bash\n    echo "trail: ${local.trail_name}"\n    %{ for r in var.regions ~}\n    echo "region ${r}"\n    %{ endfor ~}\n    %{ if var.enabled }enabled%{ else }disabled%{ endif }\n  EOT\n',
      'a = <<EOT\nname: ${var.name}\n%{ for r in var.regions ~}\n- ${r}\n%{ endfor ~}\nEOT\n',
      'a = <<-EOT\n  name: ${var.name}\n  %{~ for r in var.regions }\n  - ${r}\n  %{~ endfor }\nEOT\n',
      'a = "hello ${~ var.x ~}   world %{ if var.y ~}  yes  %{~ else ~}  no  %{~ endif }"\n',
      'a = <<-EOT\n\t\tkeep\n\n\t\t  ${var.x}\n\tEOT\n',
    ];
    for (const text of cases) {
      const [theirs, error] = hcl2.parseToObject(text);
      expect(error, text).toBeNull();
      const expr = parseHcl(text, 'tpl.tf').body.attributes[0]!.expr;
      expect(expr.kind).toBe('Template');
      expect(renderLikeHcl2json((expr as TemplateExpr).parts, text), text).toBe((theirs as { a: string }).a);
    }
  });

  it('rejects what hcl2-parser rejects', () => {
    const invalid = [
      'resource "a" "b" {\n  x = 1\n',
      'a = "unterminated\n',
      'a = 1, b = 2\n',
      'a {\n  b = 1 c = 2\n}\n',
      'a = { for = 1 }\n',
      'a = [1 2]\n',
      'a = <<EOT\nno end\n',
      'a "b" = 1\n',
      'a = "${x"\n',
      'a = 1 +\n',
      'b { x = 1, y = 2 }\n',
      'a = x.0.1\n',
    ];
    for (const text of invalid) {
      const [, error] = hcl2.parseToObject(text);
      expect(error, `hcl2-parser accepted ${JSON.stringify(text)}`).not.toBeNull();
      expect(() => parseHcl(text, 'bad.tf'), JSON.stringify(text)).toThrow();
    }
  });
});
