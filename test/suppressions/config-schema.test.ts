// `.trailguard.yaml` suppressions: the loader (engine/config.ts) and the JSON Schema
// (schemas/config.schema.json, for editors and CI) accept and refuse the same shapes.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import { applyConfig, ConfigError, loadConfig } from '../../engine/config.js';

const require = createRequire(import.meta.url);
const Ajv = (require('ajv') as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } }).default;
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/config.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const dir = mkdtempSync(join(tmpdir(), 'trailguard-config-'));
function load(text: string): () => unknown {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return () => applyConfig(builtinRules(), loadConfig(file, dir));
}

describe('.trailguard.yaml suppressions', () => {
  it('the fixture is valid for the schema and the loader', () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/suppressions/config/.trailguard.yaml'), 'utf8');
    // Its 'tomorrow' is there to be reported by the scan; the schema's pattern flags it already.
    const withRealDates = text.replace('expires: tomorrow', 'expires: 2027-01-31');
    expect(validate(parse(withRealDates))).toBe(true);
    expect(load(text)).not.toThrow();
  });

  const shapes: [string, string, RegExp][] = [
    ['an unknown field', 'suppressions:\n  - rule: cloudtrail-insights\n    reson: typo\n', /:3: unknown field suppressions\[0\]\.'reson'/],
    ['no rule', 'suppressions:\n  - reason: why\n', /:2: suppressions\[0\] needs a rule/],
    ['a rule that is not a string', 'suppressions:\n  - rule: [cloudtrail-insights]\n', /:2: suppressions\[0\]\.rule must be a non-empty string/],
    ['an empty reason', 'suppressions:\n  - rule: cloudtrail-insights\n    reason: ""\n', /:3: suppressions\[0\]\.reason must be a non-empty string/],
    ['not a list', 'suppressions:\n  rule: cloudtrail-insights\n', /:2: 'suppressions' must be a list/],
  ];
  it.each(shapes)('refuses %s, naming file and line, and so does the schema', (_name, text, message) => {
    expect(validate(parse(text))).toBe(false);
    expect(load(text)).toThrow(ConfigError);
    expect(load(text)).toThrow(message);
  });

  it('refuses an unknown rule id with its line, suggesting near ones', () => {
    expect(load('suppressions:\n  - rule: cloudtrail-multi-region\n    reason: x\n  - rule: cloudtrail-insight\n    reason: y\n')).toThrow(
      /:4: suppressions: unknown rule 'cloudtrail-insight' \(did you mean cloudtrail-insights/,
    );
  });

  it('accepts rule, path, resource, reason and expires, as the schema does', () => {
    const text = 'suppressions:\n  - rule: cloudtrail-insights\n    path: sandbox/*\n    resource: aws_cloudtrail.sandbox*\n    reason: sandbox\n    expires: 2027-03-31\n';
    expect(validate(parse(text))).toBe(true);
    expect(load(text)).not.toThrow();
  });
});
