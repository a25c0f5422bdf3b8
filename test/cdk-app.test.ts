// An AWS CDK app (cdk.json) is code trailguard does not run; what it deploys is `cdk synth`'s output. A
// repository scanned without that output must say so and leave its checks undetermined, not report
// "Nothing was judged" (or nothing at all beside other files).

import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

const rules = builtinRules();
const CDK_JSON = '{\n  "app": "node app.js",\n  "context": {}\n}\n';

describe('a CDK app without its synthesized output', () => {
  it('is a note on its app line, with every check undetermined there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-cdk-app-'));
    writeFileSync(join(dir, 'cdk.json'), CDK_JSON);
    const result = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    const note = result.diagnostics.find((d) => d.code === 'cdk-not-synthesized');
    expect(note?.message).toContain('run `cdk synth` and scan cdk.out too (`trailguard scan . cdk.out`)');
    expect(note?.range?.start.line).toBe(2);
    const there = result.undetermined.filter((u) => u.location.file === 'cdk.json' && u.location.start.line === 2);
    expect(new Set(there.map((u) => u.ruleId))).toEqual(new Set(rules.map((r) => r.spec.id)));
    expect(result.diagnostics.some((d) => d.code === 'nothing-judged')).toBe(false);
  });

  it('is judged from cdk.out when that is scanned with it (a custom "output" directory too)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-cdk-app-'));
    cpSync(join(import.meta.dirname, 'fixtures/cdk/cdk.out'), join(dir, 'synth'), { recursive: true });
    writeFileSync(join(dir, 'cdk.json'), '{ "app": "node app.js", "output": "synth" }\n');
    const result = scan({ paths: [dir, join(dir, 'synth')], rules, root: dir, toolVersion: 'test' });
    expect(result.diagnostics.filter((d) => d.code === 'cdk-not-synthesized')).toEqual([]);
    expect(result.findings.some((f) => f.location.file.startsWith('synth/'))).toBe(true);
  });

  it('leaves other JSON named cdk.json alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-cdk-app-'));
    writeFileSync(join(dir, 'cdk.json'), '{ "notAnApp": true }\n');
    const result = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    expect(result.diagnostics.filter((d) => d.code === 'cdk-not-synthesized')).toEqual([]);
  });
});
