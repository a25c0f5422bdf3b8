import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

/**
 * A real plan (Terraform 1.11, see test/fixtures/terraform/modules-plan/SOURCE.md) of a root
 * module calling a local module with for_each, whose trail has count: findings carry the fully
 * qualified address and, with the sources in the scan, land on the module's .tf lines.
 */
const repo = join(import.meta.dirname, '..');
const dir = join(repo, 'test/fixtures/terraform/modules-plan');
const rules = builtinRules();
const trail = 'module.audit["main"].aws_cloudtrail.this[0]';

describe('plan of a module-heavy configuration', () => {
  it('alone: fully qualified addresses, findings at the plan entry, unknown key ARN still a key', () => {
    const r = scan({ paths: [join(dir, 'plan.json')], rules, root: repo, toolVersion: 'test' });
    const multi = r.findings.find((f) => f.ruleId === 'cloudtrail-multi-region');
    expect(multi?.resource?.address).toBe(trail);
    expect(multi?.location.file).toBe('test/fixtures/terraform/modules-plan/plan.json');
    // kms_key_id = aws_kms_key.trail.arn inside the module: known after apply, still a KMS key.
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-kms-encryption')).toBe(false);
    const edge = r.graph.resources.find((x) => x.address === trail)?.edges['key'];
    expect(edge).toMatchObject({ status: 'resolved', target: { address: 'module.audit["main"].aws_kms_key.trail' } });
  });

  it('with its sources: one finding per check, on the module file lines', () => {
    const r = scan({ paths: [dir], rules, root: repo, toolVersion: 'test' });
    const multi = r.findings.filter((f) => f.ruleId === 'cloudtrail-multi-region');
    expect(multi).toHaveLength(1);
    expect(multi[0]!.resource?.address).toBe(trail);
    expect(multi[0]!.location.file).toBe('test/fixtures/terraform/modules-plan/modules/trail/main.tf');
    expect(multi[0]!.location.start.line).toBe(23); // is_multi_region_trail = var.multi_region (false from the caller)
    expect(r.findings.every((f) => !f.location.file.endsWith('plan.json'))).toBe(true);
  });
});
