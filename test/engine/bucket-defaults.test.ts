import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';

/** S3's defaults for new buckets apply to buckets a plan creates, not to buckets that exist already. */
const rules = builtinRules();
const plan = join(rulesDir(), 'cloudtrail-bucket-public-access-block/cases/pass-new-bucket-defaults.plan.json');
const dir = mkdtempSync(join(tmpdir(), 'trailguard-defaults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function p41(text: string) {
  const file = join(dir, 'plan.json');
  writeFileSync(file, text);
  const r = scan({ paths: [file], rules, root: dir, toolVersion: 'test' });
  const id = 'cloudtrail-bucket-public-access-block';
  return { findings: r.findings.filter((f) => f.ruleId === id), undetermined: r.undetermined.filter((u) => u.ruleId === id) };
}

describe('Block Public Access defaults in a plan', () => {
  it('a bucket the plan creates has all four settings on', () => {
    const r = p41(readFileSync(plan, 'utf8'));
    expect(r.findings).toEqual([]);
    expect(r.undetermined).toEqual([]);
  });

  it('a bucket that exists already (no-op) is undetermined, with the reason', () => {
    const doc = JSON.parse(readFileSync(plan, 'utf8')) as { resource_changes: { address: string; change: { actions: string[] } }[] };
    const bucket = doc.resource_changes.find((c) => c.address === 'aws_s3_bucket.trail')!;
    bucket.change.actions = ['no-op'];
    const r = p41(JSON.stringify(doc, null, 2));
    expect(r.findings).toEqual([]);
    expect(r.undetermined.map((u) => u.reason).join(' ')).toMatch(/exists already/);
  });
});
