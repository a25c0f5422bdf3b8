// Where an SCP is attached decides P9 (an SCP protects the trail only when attached to the root or an OU).
// A target known only at deployment was always undetermined, even when it plainly names the root or an OU
// created beside the policy (`aws_organizations_organization.org.roots[0].id`, `!Ref WorkloadsOU`), and an
// attachment only to an account created beside it was never reported. Both are judged now.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

const rules = builtinRules();
const RULE = 'cloudtrail-scp-denies-trail-tampering';
const cases = join(rulesDir(), RULE, 'cases');

function judged(path: string, root = join(rulesDir(), '..')) {
  const result = scan({ paths: [path], rules, root, toolVersion: 'test' });
  return {
    findings: result.findings.filter((f) => f.ruleId === RULE).length,
    undetermined: result.undetermined.filter((u) => u.ruleId.startsWith('cloudtrail-scp-')).map((u) => u.reason),
  };
}

describe('SCP attachment targets known only at deployment', () => {
  it.each([
    'pass-root-by-reference.tf',
    'pass-root-by-reference.plan.json',
    'pass-ou-by-reference.tf',
    'pass-ou-by-reference.plan.json',
    'pass-ou-by-reference.cfn.yaml',
    'pass-ou-by-reference.cfn.json',
  ])('judges an attachment to the root or an OU created beside the policy (%s): protected, nothing undetermined', (name) => {
    expect(judged(join(cases, name))).toEqual({ findings: 0, undetermined: [] });
  });

  it.each(['fail-account-by-reference.tf', 'fail-account-by-reference.plan.json', 'fail-account-by-reference.cfn.yaml'])(
    'reports an attachment only to an account created beside the policy (%s)',
    (name) => {
      expect(judged(join(cases, name)).findings).toBe(1);
    },
  );

  it('reads the root of a data source (data.aws_organizations_organization.org.roots[0].id), in a module too', () => {
    const root = mkdtempSync(join(tmpdir(), 'trailguard-scp-targets-'));
    mkdirSync(join(root, 'modules/guardrails'), { recursive: true });
    writeFileSync(
      join(root, 'main.tf'),
      `resource "aws_cloudtrail" "t" {
  name                  = "t"
  s3_bucket_name        = "logs"
  is_multi_region_trail = true
}
module "guardrails" {
  source = "./modules/guardrails"
}
`,
    );
    writeFileSync(
      join(root, 'modules/guardrails/main.tf'),
      `data "aws_organizations_organization" "org" {}
resource "aws_organizations_policy" "deny" {
  name    = "deny"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"], Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.deny.id
  target_id = data.aws_organizations_organization.org.roots[0].id
}
`,
    );
    expect(judged(root, root)).toEqual({ findings: 0, undetermined: [] });
  });

  it('reads the type of a reference whose module instance key holds dots and brackets, a long one too', () => {
    for (const key of ['a.b[c]"d', `x${'[.'.repeat(20_000)}`]) {
      const root = mkdtempSync(join(tmpdir(), 'trailguard-scp-targets-'));
      mkdirSync(join(root, 'modules/ou'), { recursive: true });
      writeFileSync(
        join(root, 'main.tf'),
        `resource "aws_cloudtrail" "t" {
  name                  = "t"
  s3_bucket_name        = "logs"
  is_multi_region_trail = true
}
module "ou" {
  source   = "./modules/ou"
  for_each = toset([${JSON.stringify(key)}])
}
resource "aws_organizations_policy" "deny" {
  name    = "deny"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"], Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "ou" {
  policy_id = aws_organizations_policy.deny.id
  target_id = module.ou[${JSON.stringify(key)}].id
}
`,
      );
      writeFileSync(
        join(root, 'modules/ou/main.tf'),
        'resource "aws_organizations_organizational_unit" "this" {\n  name      = "workloads"\n  parent_id = "r-ab12"\n}\noutput "id" { value = aws_organizations_organizational_unit.this.id }\n',
      );
      expect(judged(root, root)).toEqual({ findings: 0, undetermined: [] });
    }
  });

  it('keeps a target it cannot tell (a variable without default) undetermined', () => {
    const root = mkdtempSync(join(tmpdir(), 'trailguard-scp-targets-'));
    writeFileSync(
      join(root, 'main.tf'),
      `variable "target" { type = string }
resource "aws_cloudtrail" "t" {
  name                  = "t"
  s3_bucket_name        = "logs"
  is_multi_region_trail = true
}
resource "aws_organizations_policy" "deny" {
  name    = "deny"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "cloudtrail:*", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "x" {
  policy_id = aws_organizations_policy.deny.id
  target_id = var.target
}
`,
    );
    const r = judged(root, root);
    expect(r.findings).toBe(0);
    expect(r.undetermined.length).toBeGreaterThan(0);
  });
});
