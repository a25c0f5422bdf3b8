// The benchmark generator's plans, read end to end: every instance found,
// every trail linked to the key of its own module instance, positions right
// in both the one-line and the indented form. Timing is the benchmark's job
// (test/plan/generate-plan.mjs); these check that scale does not change results.

import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../parsers/terraform/plan/index.js';
import { textAt } from '../parsers/helpers.js';
import { generatedInstanceCount, generatePlan } from './generate-plan.mjs';
import { refs, unknown } from './helpers.js';

describe.each([
  ['one line', false],
  ['indented', true],
])('a generated plan of 600 resources (%s)', (_, pretty) => {
  const text: string = generatePlan(600, { pretty });
  const result = parsePlan('plan.json', text);
  const trails = result.resources.filter((r) => r.type === 'aws_cloudtrail');

  it('reads every instance', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.resources).toHaveLength(generatedInstanceCount(600));
    expect(new Set(result.resources.map((r) => r.address)).size).toBe(result.resources.length);
    expect(trails).toHaveLength(200);
  });

  it('links each new trail to the key and bucket of its own account, through coalesce(var, key)', () => {
    const created = trails.filter((t) => t.actions?.[0] === 'create');
    expect(created).toHaveLength(133);
    for (const trail of created) {
      const module = trail.moduleAddress;
      expect(module).toMatch(/^module\.account\["acct-\d{5}"\]\.module\.trail$/);
      expect(refs(trail.values['kms_key_id'])).toEqual([`${module}.aws_kms_key.trail#arn`]);
      expect(unknown(trail.values['kms_key_id']).present).toBe(true);
      expect(refs(trail.values['s3_bucket_name'])).toEqual([`${module}.aws_s3_bucket.logs[0]#id`]);
    }
  });

  it('keeps the known values of existing trails', () => {
    const existing = trails.find((t) => t.address === 'module.account["acct-00003"].module.trail.aws_cloudtrail.this');
    expect(existing?.actions).toEqual(['no-op']);
    expect(existing?.values['kms_key_id']).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\//);
  });

  it('ranges instances over their entries, from the first to the last', () => {
    const sample = [result.resources[0]!, result.resources[299]!, result.resources.at(-2)!, result.resources.at(-1)!];
    for (const r of sample) expect(JSON.parse(textAt(text, r.range)).address).toBe(r.address);
    if (!pretty) expect(sample.every((r) => r.range.start.line === 1)).toBe(true);
  });
});
