// The P9 rules ask for service control policies. An organization policy of another type attached to the
// root (a resource control policy, a tag policy) denied "stopping the trail" as if it were an SCP, and an
// RCP's required `Principal: "*"` drew an SCP warning. Only SCPs count now; a type known only after
// deployment leaves the check undetermined.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';

const rules = builtinRules();
const P9_1 = 'cloudtrail-scp-denies-trail-tampering';

/** A trail and an organization policy attached to the root, `type` and `content` as given. */
function scanPolicy(type: string, content: string, extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-org-policy-'));
  writeFileSync(
    join(dir, 'main.tf'),
    `${extra}
resource "aws_cloudtrail" "org" {
  name                  = "org"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  is_organization_trail = true
}
resource "aws_organizations_policy" "guard" {
  name    = "guard"
  type    = ${type}
  content = ${content}
}
resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.guard.id
  target_id = "r-ab12"
}
`,
  );
  return scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
}

const denyTampering = (principal: string) => `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Deny"${principal}
      Action = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"]
      Resource = "*"
    }]
  })`;

describe('organization policy types in the P9 checks', () => {
  it('counts a service control policy', () => {
    const r = scanPolicy('"SERVICE_CONTROL_POLICY"', denyTampering(''));
    expect(r.findings.filter((f) => f.ruleId === P9_1)).toEqual([]);
  });

  it('does not count a resource control policy, and reads its Principal without an SCP warning', () => {
    const r = scanPolicy('"RESOURCE_CONTROL_POLICY"', denyTampering('\n      Principal = "*"'));
    expect(r.findings.filter((f) => f.ruleId === P9_1)).toHaveLength(1);
    expect(r.diagnostics.filter((d) => d.code.startsWith('policy-'))).toEqual([]);
  });

  it('does not read a tag policy as an IAM document', () => {
    const r = scanPolicy('"TAG_POLICY"', 'jsonencode({ tags = { costcenter = { tag_key = { "@@assign" = "CostCenter" } } } })');
    expect(r.findings.filter((f) => f.ruleId === P9_1)).toHaveLength(1);
    expect(r.diagnostics.filter((d) => d.code.startsWith('policy-'))).toEqual([]);
  });

  it('leaves the check undetermined when the type is known only after deployment', () => {
    const r = scanPolicy('var.policy_type', denyTampering(''), 'variable "policy_type" { type = string }');
    expect(r.findings.filter((f) => f.ruleId === P9_1)).toEqual([]);
    const why = r.undetermined.filter((u) => u.ruleId === P9_1).map((u) => u.reason);
    expect(why).toHaveLength(1);
    expect(why[0]).toContain('whether it is a service control policy is known only after deployment');
  });
});
