// The YAML reader's fast path (parsers/cloudformation/yaml-fast.ts) against the
// composed-Document path it stands in for: on every YAML file of the repository
// and on seeded mutations of them, both must give the same values, position
// tables (in the same order), warnings and errors; and most real files must take
// the fast path, or it is no use.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Parser } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/diagnostics.js';
import { LineIndex } from '../../core/location.js';
import { composeFast } from '../../parsers/cloudformation/yaml-fast.js';
import { parseYamlDocuments, parseYamlDocumentsComposed, type YamlDocument } from '../../parsers/cloudformation/yaml-template.js';
import { FILES, ROOT, mutate, random } from './yaml-samples.js';

/** Numbers JSON cannot show (NaN, ±Infinity, -0) spelled out, so the comparison sees them. */
function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `number:${Object.is(v, -0) ? '-0' : String(v)}` : v));
}

type Outcome = { docs: unknown[] } | { error: unknown };

function outcome(read: () => YamlDocument[]): Outcome {
  try {
    return {
      docs: read().map((doc) => ({
        value: show(doc.value),
        prototypes: prototypesOf(doc.value),
        positions: [...doc.positions.values()],
        keys: [...doc.positions.keys()],
        warnings: doc.warnings,
      })),
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { error: { message: error.message, range: error.range, code: (error as { code?: unknown }).code } };
  }
}

/** Every object of a value is a plain object or an array (a `__proto__` key must not change a prototype). */
function prototypesOf(value: unknown): string {
  const seen: string[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    seen.push(Array.isArray(v) ? 'a' : Object.getPrototypeOf(v) === Object.prototype ? 'o' : 'other');
    for (const child of Object.values(v)) stack.push(child);
  }
  return seen.join('');
}

class Bailed extends InputError {
  constructor() {
    super('the fast path gave up');
  }
}

/** Both paths on one text: the fast one's result (unless it gave up) must be the composed one's; says whether it was used. */
function tookFastPath(text: string, file: string): boolean {
  const composed = outcome(() => parseYamlDocumentsComposed(text, file));
  const tokens = Array.from(new Parser().parse(text));
  let bailed = false;
  const fast = outcome(() => {
    const docs = composeFast(text, file, new LineIndex(text), tokens);
    if (docs === undefined) {
      bailed = true;
      throw new Bailed();
    }
    return docs;
  });
  if (!bailed) expect(fast, `${file}\n${text}`).toEqual(composed);
  expect(outcome(() => parseYamlDocuments(text, file)), file).toEqual(composed);
  return !bailed;
}

describe('the YAML fast path', () => {
  it(`reads all ${FILES.length} YAML files of the repository as the composed path does, most of them itself`, () => {
    expect(FILES.length).toBeGreaterThan(300);
    let fast = 0;
    let valid = 0;
    const slow: string[] = [];
    for (const path of FILES) {
      const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      const file = relative(ROOT, path);
      const ok = !('error' in outcome(() => parseYamlDocumentsComposed(text, file)));
      if (tookFastPath(text, file)) fast++;
      else if (ok) slow.push(file);
      if (ok) valid++;
    }
    console.log(`yaml fast path: ${fast} of ${FILES.length} files (${valid} valid); composed path for ${slow.length} valid ones`);
    expect(fast).toBeGreaterThan(valid * 0.9);
  }, 120_000);

  it('reads seeded mutations of them as the composed path does, errors included', () => {
    // YAML_FAST_VARIANTS / YAML_FAST_SEED widen the search when the fast path changes (the default keeps `npm test` quick).
    const next = random(Number(process.env.YAML_FAST_SEED ?? 20261207));
    const variants = Number(process.env.YAML_FAST_VARIANTS ?? 2);
    let fast = 0;
    let total = 0;
    for (const path of FILES) {
      const original = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      for (let variant = 0; variant < variants; variant++) {
        let text = original;
        const edits = 1 + Math.floor(next() * 3);
        for (let e = 0; e < edits; e++) text = mutate(text, next);
        total++;
        if (tookFastPath(text, `${relative(ROOT, path)}#${variant}`)) fast++;
      }
    }
    console.log(`yaml fast path on mutations: ${fast} of ${total}`);
    expect(fast).toBeGreaterThan(total / 3);
  }, 600_000);

  it('handles hand-written shapes: aliases, tags, flow, empty values, comments, documents', () => {
    const cases = [
      'a: &x {b: [1, 2]}\nc: *x\nd: *x\n',
      'a: &x !Ref r\nb: *x\nc: &x 2\nd: *x\n',
      'A: !GetAtt Db.Endpoint.Address\nB: !GetAtt "Db.Port"\nC: !GetAtt [Db, Arn]\nD: !GetAtt\n  - Db\n  - Arn\n',
      'A: !If\n  - C\n  - !Ref X\n  - !Ref AWS::NoValue\nB: !Sub\n  - "${a}"\n  - a: !Join ["", [x, !Ref y]]\n',
      'A:\nB: # c\nC:   \n- \n',
      'list:\n  -\n  - # c\n  - x\n',
      'a: 1\na: 2\nb: {c: 1, c: 2}\n',
      '__proto__: {polluted: yes}\nconstructor: x\ntoString: y\nhasOwnProperty: z\n',
      'x: &p {__proto__: {a: 1}, constructor: 2, "__proto__": 3}\ny: *p\n',
      'a: [1, 2, ]\nb: {x: 1, }\nc: []\nd: {}\n',
      '---\na: 1\n---\nb: 2\n',
      '# leading\n---\na: |\n  line\n   more\nb: >-\n  folded\n  text\nc: "esc\\t\\u00e9"\nd: \'it\'\'s\'\n',
      'a: yes\nb: Off\nc: 0777\nd: 0x1F\ne: 1_000\nf: 1:30\ng: .inf\nh: .nan\ni: ~\nj: 1e3\nk: .\nl: -0\nm: 2012-10-17\nn: y\n',
      '"quoted key": 1\n\'single\': 2\n1: 3\non: 4\n',
      'a: &a [*a]\n',
      'a: *missing\n',
      'a: &b\n  - 1\nb: !Ref\n  - x\n',
      '<<: {a: 1}\nb: 2\n',
      'a: !Unknown 1\n',
      'a: b: c\n',
      'a:\n\t- x\n',
    ];
    for (const [i, text] of cases.entries()) tookFastPath(text, `case-${i}.yaml`);
    // Windows line ends: the same positions by both paths (LineIndex counts \n only).
    for (const path of FILES.filter((f) => f.includes('/examples/')).slice(0, 10)) {
      const crlf = readFileSync(path, 'utf8').replaceAll('\n', '\r\n');
      expect(tookFastPath(crlf, `${relative(ROOT, path)} (CRLF)`)).toBe(true);
    }
    expect(tookFastPath(cases[0]!, 'aliases.yaml')).toBe(true);
    expect(tookFastPath(cases[3]!, 'nested.yaml')).toBe(true);
    expect(tookFastPath(cases[7]!, 'proto.yaml')).toBe(true);
    expect(tookFastPath(cases[8]!, 'proto-flow.yaml')).toBe(true);
  });

  it('gives up on hostile input, leaving the composed path to refuse or read it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) bomb.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
    const bombText = `${bomb.join('\n')}\n`;
    expect(tookFastPath(bombText, 'bomb.yaml')).toBe(false);
    expect(outcome(() => parseYamlDocuments(bombText, 'bomb.yaml'))).toMatchObject({ error: { message: expect.stringContaining('alias bomb') } });

    const deep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    // Not compared field by field: where the library's composer runs out of stack depends on the stack left.
    expect(composeFast(deep, 'deep.yaml', new LineIndex(deep), Array.from(new Parser().parse(deep)))).toBeUndefined();
    expect(outcome(() => parseYamlDocuments(deep, 'deep.yaml'))).toMatchObject({ error: { message: expect.stringContaining('nested too deeply') } });

    const deepBlock = `${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n`;
    expect(tookFastPath(deepBlock, 'deep-block.yaml')).toBe(true);
    const deepFlow = `a: ${'['.repeat(1100)}${']'.repeat(1100)}\n`;
    expect(composeFast(deepFlow, 'deep-flow.yaml', new LineIndex(deepFlow), Array.from(new Parser().parse(deepFlow)))).toBeUndefined();
    expect(outcome(() => parseYamlDocuments(deepFlow, 'deep-flow.yaml'))).toMatchObject({ error: { message: expect.stringMatching(/nested too deeply|deeper than 1000/) } });

    const huge = 'x'.repeat(1_000_000);
    expect(tookFastPath(`a: ${huge}\nb: "${huge}"\nc: |\n  ${huge}\n`, 'huge.yaml')).toBe(true);
  }, 120_000);
});
