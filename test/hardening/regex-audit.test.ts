import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSync, type Diagnostics } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Schema } from 'yaml';
import { CLOUDFORMATION_YAML_OPTIONS } from '../../parsers/cloudformation/yaml-schema.js';
import { eachNode, placeOf, repo, shippedSources, type ShippedSource } from './shipped-sources.js';

/**
 * Every regular expression in the shipped code is checked for catastrophic backtracking with recheck
 * (https://makenowjust-labs.github.io/recheck/, MIT): exponential and polynomial (quadratic and worse)
 * run times that a crafted input triggers. Issue 11's hangs were all of this kind (`${` with no `}`,
 * 40,000 newlines through `chomp()`, a trail name of 100,000 digits in a fingerprint): each was found by
 * hand, after the fact. This test finds the next one when it is written.
 *
 * - A pattern written as a literal (`/…/` or `RegExp('…')`), or as a JSON schema's `pattern`, must be safe.
 * - A pattern built at run time (`new RegExp(text)`) must be listed in BUILT below with the patterns it
 *   can produce, each of which must be safe, and the code that builds it as it is today: changing that
 *   code makes this test ask for the list to be reviewed again.
 *
 * recheck answers `safe` or `vulnerable` with an attack string; it may also give up (`unknown`, a
 * timeout), which fails here too rather than passing silently.
 */

interface Found {
  where: string;
  source?: string;
  flags: string;
  /** The code of a RegExp built from something other than a string literal. */
  built?: string;
}

/**
 * Patterns built at run time, by file and the exact code that builds them, with every pattern that code
 * can produce (or, where the inserted part is a fixed set, all of them).
 */
const BUILT: { file: string; code: string; patterns: [source: string, flags: string][]; why: string }[] = [
  {
    file: 'engine/report/escape.ts',
    code: 'new RegExp(UNSAFE_OR_BREAK.source)',
    patterns: [],
    why: 'a copy of the literal UNSAFE_OR_BREAK in the same file (without its flags), which is checked as a literal',
  },
  {
    file: 'engine/semantics/selector-model.ts',
    code: 'new RegExp(`^arn:[^:]+:${exactService}$`)',
    patterns: [
      ['^arn:[^:]+:lambda$', ''],
      ['^arn:[^:]+:dynamodb$', ''],
    ],
    why: 'exactService is "lambda" or "dynamodb"',
  },
  {
    file: 'parsers/cloudformation/yaml-schema.ts',
    code: 'new RegExp(`^(?=.*[0-9])(?:${tag.test.source})`, tag.test.flags)',
    patterns: [],
    why: "the yaml package's YAML 1.1 float pattern with a digit required; checked below as it is built",
  },
  {
    file: 'parsers/terraform/config/suppressions.ts',
    code: 'new RegExp(`^:(${ID})(.*)$`, \'s\')',
    patterns: [['^:([A-Za-z0-9_.*/-]+)(.*)$', 's']],
    why: 'ID is the constant character class beside it',
  },
  {
    file: 'parsers/terraform/config/suppressions.ts',
    code: 'new RegExp(`^\\\\s+(${ID}(?:\\\\s*,\\\\s*${ID})*)(.*)$`, \'s\')',
    patterns: [['^\\s+([A-Za-z0-9_.*/-]+(?:\\s*,\\s*[A-Za-z0-9_.*/-]+)*)(.*)$', 's']],
    why: 'ID is the constant character class beside it',
  },
  {
    file: 'parsers/terraform/hcl/structured-unknown.ts',
    code: "new RegExp(`__${tag}_\\\\d+__`, 'g')",
    patterns: [
      ['__tg_unknown_\\d+__', 'g'],
      ['__tg_unknown12x_\\d+__', 'g'],
    ],
    why: 'tag is `tg_unknown`, or `tg_unknown<n>x` when the document already holds that word',
  },
];

function regexesIn(sources: ShippedSource[]): Found[] {
  const found: Found[] = [];
  eachNode(sources, (node, source) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = (node as ts.RegularExpressionLiteral).text;
      const slash = text.lastIndexOf('/');
      found.push({ where: placeOf(node, source), source: text.slice(1, slash), flags: text.slice(slash + 1) });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [pattern, flags] = node.arguments ?? [];
      const literal = (n: ts.Expression | undefined): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
        n !== undefined && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n));
      if (literal(pattern) && (flags === undefined || literal(flags))) found.push({ where: placeOf(node, source), source: pattern.text, flags: flags?.text ?? '' });
      else found.push({ where: placeOf(node, source), flags: '', built: node.getText(source.tree) });
    }
  });
  return found;
}

/**
 * recheck's verdict. `g` and `y` are left out: recheck judges one search from every start position,
 * which is what a global or sticky pattern does over a loop of calls too.
 */
function verdict(source: string, flags: string): Diagnostics {
  return checkSync(source, flags.replace(/[gy]/g, ''), { timeout: 30_000, randomSeed: 20261207 });
}

function describeVerdict(d: Diagnostics): string {
  if (d.status === 'vulnerable') return `vulnerable, ${d.complexity.summary}: attack ${d.attack.pattern.slice(0, 200)}`;
  if (d.status === 'unknown') return `unknown (${d.error.kind})`;
  return d.status;
}

const all = regexesIn(shippedSources());

describe('regular expressions in the shipped code', () => {
  it('are found (the scan of the sources works)', () => {
    // The code holds about two hundred; a broken walk or parse would find none and pass everything.
    expect(all.filter((r) => r.source !== undefined).length).toBeGreaterThan(150);
    expect(all.some((r) => r.where.startsWith('engine/report/fingerprint.ts:') && r.source === '(?<!\\d)\\d+:\\d+')).toBe(true);
  });

  it('written as literals have no catastrophic backtracking (recheck)', { timeout: 300_000 }, () => {
    const bad: string[] = [];
    for (const r of all) {
      if (r.source === undefined) continue;
      const d = verdict(r.source, r.flags);
      if (d.status !== 'safe') bad.push(`${r.where} /${r.source}/${r.flags}: ${describeVerdict(d)}`);
    }
    expect(bad).toEqual([]);
  });

  it('built at run time are each listed with the patterns they can be, and those are safe', { timeout: 120_000 }, () => {
    const built = all.filter((r) => r.built !== undefined);
    const unlisted = built.filter((r) => !BUILT.some((b) => r.where.startsWith(`${b.file}:`) && b.code === r.built));
    expect(unlisted.map((r) => `${r.where}: ${r.built}`), 'a RegExp built at run time: add it to BUILT with the patterns it can produce').toEqual([]);
    const stale = BUILT.filter((b) => !built.some((r) => r.where.startsWith(`${b.file}:`) && b.code === r.built));
    expect(stale.map((b) => `${b.file}: ${b.code}`), 'listed in BUILT but no longer in the code').toEqual([]);
    const bad: string[] = [];
    for (const b of BUILT) {
      for (const [source, flags] of b.patterns) {
        const d = verdict(source, flags);
        if (d.status !== 'safe') bad.push(`${b.file} /${source}/${flags}: ${describeVerdict(d)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("include the tests the yaml package applies to every plain scalar of a CloudFormation template", () => {
    // Its YAML 1.1 tags (ints, floats, null, timestamps…) and ours: each `test` is tried on each scalar.
    const tests = new Schema(CLOUDFORMATION_YAML_OPTIONS).tags.flatMap((t) => ((t as { test?: unknown }).test instanceof RegExp ? [[t.tag, (t as { test: RegExp }).test] as const] : []));
    expect(tests.some(([tag, test]) => tag === 'tag:yaml.org,2002:float' && test.source.startsWith('^(?=.*[0-9])'))).toBe(true);
    const bad = tests.map(([tag, test]) => [tag, test.source, describeVerdict(verdict(test.source, test.flags))]).filter(([, , d]) => d !== 'safe');
    expect(bad).toEqual([]);
  });

  it('in the JSON schemas (ajv applies them to configuration and rule files) have no catastrophic backtracking', () => {
    const patterns: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'pattern' && typeof value === 'string') patterns.push(value);
          if (key === 'patternProperties' && typeof value === 'object' && value !== null) patterns.push(...Object.keys(value));
          collect(value);
        }
      }
    };
    for (const name of readdirSync(join(repo, 'schemas')).filter((n) => n.endsWith('.json'))) collect(JSON.parse(readFileSync(join(repo, 'schemas', name), 'utf8')));
    expect(patterns.length).toBeGreaterThan(5);
    // ajv compiles schema patterns with the `u` flag.
    const bad = patterns.map((p) => [p, describeVerdict(verdict(p, 'u'))]).filter(([, d]) => d !== 'safe');
    expect(bad).toEqual([]);
  });

  it('are judged by recheck as expected on known cases (the checker works)', () => {
    // The patterns issue 11's hangs came from, and their replacements.
    expect(verdict('\\d+:\\d+', 'g').status).toBe('vulnerable');
    expect(verdict('\\$\\{([^}]*)\\}', 'g').status).toBe('vulnerable');
    expect(verdict('\\n+$', '').status).toBe('vulnerable');
    expect(verdict('(?<!\\d)\\d+:\\d+', 'g').status).toBe('safe');
  });
});
