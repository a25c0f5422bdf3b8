import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tooDeepAt } from '../../parsers/cloudformation/yaml-limits.js';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { parseYamlDocuments } from '../../parsers/cloudformation/yaml-template.js';
import { InputError } from '../../core/diagnostics.js';

/**
 * The nesting estimate the YAML reader refuses text by before parsing (yaml-limits.ts): the CST parser
 * recurses once per flow level and once per implicit key of a line, and near the stack's end V8 may abort
 * the process ("RegExpCompiler Allocation failed"), which no catch stops.
 */
const repo = join(import.meta.dirname, '../..');

describe('tooDeepAt', () => {
  it('allows the limit and refuses one more, for flow brackets and keys on one line', () => {
    expect(tooDeepAt(`a: ${'['.repeat(1000)}${']'.repeat(1000)}`, 1000)).toBe(-1);
    expect(tooDeepAt(`a: ${'['.repeat(1001)}`, 1000)).toBe(3 + 1000);
    expect(tooDeepAt(`${'e: '.repeat(1000)}x`, 1000)).toBe(-1);
    expect(tooDeepAt(`${'e: '.repeat(1001)}x`, 1000)).toBe(3 * 1000 + 1);
    // Keys are counted per line; brackets across the whole text.
    expect(tooDeepAt(Array.from({ length: 5000 }, () => 'k: v').join('\n'), 1000)).toBe(-1);
    expect(tooDeepAt(`${'[\n'.repeat(1001)}`, 1000)).toBe(2 * 1000);
  });

  it('counts what quotes and comments hold too (a `"` inside a plain scalar starts nothing), and closes what it opened', () => {
    // The fuzzer's shape: `"Trail{"a":{"a":…` pairs its quotes around every `{`.
    expect(tooDeepAt(`"Trail${'{"a":'.repeat(1001)}`, 1000)).toBeGreaterThan(0);
    expect(tooDeepAt(`a: "${'['.repeat(1001)}"`, 1000)).toBeGreaterThan(0);
    expect(tooDeepAt(`a: ${'[x], '.repeat(100_000)}`, 1000)).toBe(-1);
    expect(tooDeepAt(`a: ${'${X}'.repeat(100_000)}`, 1000)).toBe(-1);
  });

  it('lets every YAML and JSON file of the repository through', () => {
    const files = execSync('git ls-files "*.yaml" "*.yml" "*.json"', { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(500);
    const refused = files.filter((f) => tooDeepAt(readFileSync(join(repo, f), 'utf8'), 1000) >= 0);
    expect(refused).toEqual([]);
  });
});

describe('a .json template that is not JSON, nested 4,000 levels deep', () => {
  it('is reported with the JSON error, without reading it as YAML into the stack', () => {
    // The fuzzer's case (seed 120708): a broken key, then `{"a":` 4,161 times. The YAML fallback recursed
    // once per level, and every few runs V8 aborted the process.
    const text = `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Trail${'{"a":'.repeat(4000)}1${'}'.repeat(4000)}": {}\n  }\n}\n`;
    let error: unknown;
    try {
      parseCloudFormation('t.json', text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^Unexpected 'a' at line 4, column \d+: expected ':'/);
    // The YAML reading was refused before the parser ran, not caught after it overflowed.
    let yamlError: unknown;
    try {
      parseYamlDocuments(text, 't.json');
    } catch (e) {
      yamlError = e;
    }
    expect((yamlError as InputError).message).toMatch(/^Invalid YAML at line 4, column \d+: nested too deeply \(deeper than 1000 levels\)$/);
  });
});
