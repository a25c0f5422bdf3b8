// The Serverless Framework's `resources` section is CloudFormation the framework deploys: a trail declared
// there must be judged on its line, values holding Serverless variables are unknown (not false), and a
// fragment from another file is undetermined, never silently passed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

const dir = join(import.meta.dirname, 'fixtures/serverless');
const rules = builtinRules();
const lineOf = (file: string, needle: string) => readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('serverless.yml', () => {
  const result = scan({ paths: [join(dir, 'serverless.yml')], rules, root: dir, toolVersion: 'test' });

  it('judges the CloudFormation of its resources section on its own lines, references included', () => {
    const at = (ruleId: string) => result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.location.file}:${f.location.start.line}`);
    expect(at('cloudtrail-logging-enabled')).toEqual([`serverless.yml:${lineOf('serverless.yml', 'IsLogging: false')}`]);
    // S3BucketName: !Ref LogBucket links the trail to the bucket of the same section.
    expect(at('cloudtrail-bucket-versioning')).toEqual([`serverless.yml:${lineOf('serverless.yml', 'LogBucket:')}`]);
  });

  it('takes a value holding a Serverless variable as unknown, naming it', () => {
    expect(result.findings.filter((f) => f.ruleId === 'cloudtrail-multi-region')).toEqual([]);
    const u = result.undetermined.find((x) => x.ruleId === 'cloudtrail-multi-region');
    expect(u?.reason).toContain('${self:custom.multiRegion} is a Serverless variable, resolved at deployment');
    expect(u?.location.start.line).toBe(lineOf('serverless.yml', 'IsMultiRegionTrail'));
  });

  it('leaves a resources fragment from another file undetermined, and judges the inline one', () => {
    const r = scan({ paths: [join(dir, 'fragments')], rules, root: dir, toolVersion: 'test' });
    const line = lineOf('fragments/serverless.yml', '${file(');
    expect(r.diagnostics.find((d) => d.code === 'serverless-unseen')?.range?.start.line).toBe(line);
    expect(r.undetermined.filter((u) => u.location.start.line === line).length).toBeGreaterThan(40);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-key-rotation')).toEqual([]);
    expect(r.diagnostics.some((d) => d.code === 'nothing-judged')).toBe(false);
  });
});
