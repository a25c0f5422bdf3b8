// The generator-free port of the `yaml` package's Lexer and Parser (parsers/cloudformation/yaml-cst/)
// against the package itself: on every YAML file of the repository and on seeded mutations of them, the
// same lexemes, the same CST tokens and the same line offsets. The YAML reader's fast path reads these
// tokens, so a difference here would be a difference in what a template means.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Lexer, Parser } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Lexer as PortedLexer } from '../../parsers/cloudformation/yaml-cst/lexer.js';
import { Parser as PortedParser } from '../../parsers/cloudformation/yaml-cst/parser.js';
import { FILES, ROOT, mutate, random } from './yaml-samples.js';

interface Outcome {
  lexemes: string[] | string;
  tokens: unknown[] | string;
  lines: number[];
}

/** As JSON: the nested tokens of the hostile cases are too deep for a structural comparison. (Deeper
 * nesting is the reader's budgets' business: test/hardening.) */
const json = (o: Outcome) => JSON.stringify(o);

/** What `f` returns, or what it threw, as text: both sides must fail alike. */
function attempt<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

function library(text: string): Outcome {
  const lines: number[] = [];
  return {
    lexemes: attempt(() => Array.from(new Lexer().lex(text))),
    tokens: attempt(() => Array.from(new Parser((offset) => lines.push(offset)).parse(text))),
    lines,
  };
}

function ported(text: string): Outcome {
  const lines: number[] = [];
  return {
    lexemes: attempt(() => new PortedLexer().lex(text)),
    tokens: attempt(() => new PortedParser((offset) => lines.push(offset)).parse(text)),
    lines,
  };
}

/** Texts no mutation of a template produces, but an attacker or a careless editor may. */
const ODD = [
  '',
  '\uFEFFa: 1',
  '%YAML 1.2\n---\na: 1\n...\n--- !!map\nb: 2',
  'a:\t1\n\tb: 2',
  '? complex key\n: value\n? [a, b]\n: c',
  '- &x {a: *x}\n- !<tag:yaml.org,2002:str> s\n- !!binary aGk=',
  'k: "unterminated',
  "k: 'it''s'\nm: \"\\u263A \\x41 \\\n  folded\"",
  'a: |+2\n    keep\n\n\nb: >-\n  folded\n  text\n',
  '[a, b: c, {d: e}, ? f : g, ]',
  '{ a: [1, 2, { b: [3, { c: 4 }] }] }',
  '- - - - x\n    - y\n  - z',
  'a: b: c',
  '@reserved: `x`',
  '- # comment\n  - x #not a comment#\n',
  '\r\na: 1\r\nb:\r\n  - 2\r\n',
  '['.repeat(300) + ']'.repeat(300),
  Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' end',
];

describe('the yaml-cst port', () => {
  it(`gives the library's lexemes, tokens and line offsets on all ${FILES.length} YAML files of the repository`, () => {
    expect(FILES.length).toBeGreaterThan(300);
    for (const path of FILES) {
      const text = readFileSync(path, 'utf8');
      expect(json(ported(text)), relative(ROOT, path)).toBe(json(library(text)));
    }
  }, 120_000);

  it('gives them on seeded mutations of those files', () => {
    const next = random(Number(process.env.YAML_FAST_SEED ?? 20261207));
    const variants = Number(process.env.YAML_FAST_VARIANTS ?? 2);
    let compared = 0;
    for (const path of FILES) {
      const original = readFileSync(path, 'utf8');
      for (let variant = 0; variant < variants; variant++) {
        let text = original;
        const edits = 1 + Math.floor(next() * 4);
        for (let e = 0; e < edits; e++) text = mutate(text, next);
        expect(json(ported(text)), `${relative(ROOT, path)}#${variant}\n${text}`).toBe(json(library(text)));
        compared++;
      }
    }
    expect(compared).toBe(FILES.length * variants);
  }, 240_000);

  it('is the port of the installed yaml package (regenerated when the package is updated)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'test/tools/port-yaml-cst.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('gives them on odd and hostile YAML', () => {
    for (const text of ODD) expect(json(ported(text)), JSON.stringify(text).slice(0, 200)).toBe(json(library(text)));
  });
});
