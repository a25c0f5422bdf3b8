import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

/**
 * One stack written as CloudFormation, as Terraform sources and as the plan
 * of those sources (test/fixtures/parity) must draw the same checks: the rules
 * read the normalized graph, never a format's attribute names. And when the
 * plan is scanned together with its sources, its findings land on the `.tf`
 * lines that declare and set what is wrong, as code scanning needs.
 */
const repo = join(import.meta.dirname, '..');
const dir = join(repo, 'test/fixtures/parity');
const rules = builtinRules();

function ruleIds(path: string): string[] {
  const r = scan({ paths: [path], rules, root: repo, toolVersion: 'test' });
  expect(r.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  return [...new Set(r.findings.filter((f) => !f.suppressed).map((f) => f.ruleId))].sort();
}

describe('parity between CloudFormation, Terraform sources and plan', () => {
  const cfn = ruleIds(join(dir, 'stack.yaml'));

  it('the stack fails and passes a meaningful mix of checks', () => {
    expect(cfn).toContain('cloudtrail-multi-region');
    expect(cfn).toContain('cloudtrail-management-events');
    expect(cfn).toContain('cloudtrail-lake-retention');
    expect(cfn).not.toContain('cloudtrail-bucket-versioning');
    expect(cfn).not.toContain('cloudtrail-global-service-events');
    expect(cfn).not.toContain('cloudtrail-lake-termination-protection');
  });

  it('.tf sources draw the same checks as the CloudFormation template', () => {
    expect(ruleIds(join(dir, 'tf/main.tf'))).toEqual(cfn);
  });

  it('the plan draws the same checks as the CloudFormation template', () => {
    expect(ruleIds(join(dir, 'tf/plan.json'))).toEqual(cfn);
  });

  it('plan and sources scanned together: one finding per check, on the .tf lines', () => {
    const r = scan({ paths: [join(dir, 'tf')], rules, root: repo, toolVersion: 'test' });
    const active = r.findings.filter((f) => !f.suppressed);
    expect([...new Set(active.map((f) => f.ruleId))].sort()).toEqual(cfn);
    expect(active.length).toBe(cfn.length);
    expect(active.every((f) => f.location.file === 'test/fixtures/parity/tf/main.tf')).toBe(true);
    const at = (id: string): number | undefined => active.find((f) => f.ruleId === id)?.location.start.line;
    expect(at('cloudtrail-multi-region')).toBe(15); // is_multi_region_trail = false
    expect(at('cloudtrail-management-events')).toBe(17); // the event_selector block
    expect(at('cloudtrail-lake-retention')).toBe(29); // retention_period = 365
    // In the split aws_s3_bucket_versioning resource (lines 5-10), where mfa_delete belongs.
    expect(at('cloudtrail-bucket-mfa-delete')).toBeGreaterThanOrEqual(5);
    expect(at('cloudtrail-bucket-mfa-delete')).toBeLessThanOrEqual(10);
    expect(at('cloudtrail-kms-encryption')).toBe(12); // missing: the resource block
  });
});
