// Terraform's file(): configurations keep their SCPs, key policies and bucket policies in JSON files
// beside them (`content = file("${path.module}/policies/protect.json")`). Inside the repository root
// they are read and judged like inline documents; nothing outside the root is ever opened (absolute
// paths, `../` out of the root, links leading out), and what is not read is undetermined with the reason.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';
import { pathGlobMatch } from '../parsers/terraform/config/path-glob.js';

const rules = builtinRules();

const PROTECT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'],
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrganizationSecurityAdmin' } },
    },
  ],
});

function configuration(contentExpr: string): string {
  return `resource "aws_organizations_policy" "protect" {
  name    = "protect-cloudtrail"
  type    = "SERVICE_CONTROL_POLICY"
  content = ${contentExpr}
}
resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.protect.id
  target_id = "r-ab12"
}
resource "aws_cloudtrail" "org" {
  name                          = "org"
  s3_bucket_name                = "logs"
  is_multi_region_trail         = true
  is_organization_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
}
`;
}

/** A repository with the configuration in `live/` (a local module in `live/modules/scp` when `inModule`). */
function repository(contentExpr: string, inModule = false) {
  const root = mkdtempSync(join(tmpdir(), 'trailguard-file-fn-'));
  mkdirSync(join(root, 'live/modules/scp/policies'), { recursive: true });
  writeFileSync(join(root, 'live/modules/scp/policies/protect.json'), PROTECT);
  if (inModule) {
    writeFileSync(join(root, 'live/main.tf'), `module "scp" {\n  source = "./modules/scp"\n}\n`);
    writeFileSync(join(root, 'live/modules/scp/main.tf'), configuration(contentExpr));
  } else {
    writeFileSync(join(root, 'live/main.tf'), configuration(contentExpr));
  }
  return root;
}

const judge = (root: string) => scan({ paths: [join(root, 'live')], rules, root, toolVersion: 'test' });
const tampering = (result: ReturnType<typeof judge>) => ({
  findings: result.findings.filter((f) => f.ruleId === 'cloudtrail-scp-denies-trail-tampering').length,
  undetermined: result.undetermined.filter((u) => u.ruleId === 'cloudtrail-scp-denies-trail-tampering').map((u) => u.reason),
});

describe('file() in Terraform', () => {
  it('reads a policy file relative to the root module, and judges the SCP it holds', () => {
    const root = repository('file("modules/scp/policies/protect.json")');
    expect(tampering(judge(root))).toEqual({ findings: 0, undetermined: [] });
  });

  it('reads "${path.module}/…" from a local module', () => {
    const root = repository('file("${path.module}/policies/protect.json")', true);
    expect(tampering(judge(root))).toEqual({ findings: 0, undetermined: [] });
  });

  it('judges what the file says: a policy that denies nothing is a finding, not a pass', () => {
    const root = repository('file("modules/scp/policies/allow.json")');
    writeFileSync(join(root, 'live/modules/scp/policies/allow.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
    // protect.json, read by nothing now, is still in the scan as a raw SCP whose attachment is not known:
    // whether it protects the trail is undetermined, not a pass. Without it, the finding.
    expect(tampering(judge(root))).toEqual({ findings: 0, undetermined: [expect.stringContaining('a policy file does not say where it is attached')] });
    rmSync(join(root, 'live/modules/scp/policies/protect.json'));
    expect(tampering(judge(root)).findings).toBe(1);
  });

  it('never opens a file outside the repository root, and says why the policy is not judged', () => {
    const outside = mkdtempSync(join(tmpdir(), 'trailguard-file-secret-'));
    writeFileSync(join(outside, 'secret.json'), '{"token": "ghp_SECRETSECRETSECRET"}');
    const cases: [string, RegExp][] = [
      [`file(${JSON.stringify(join(outside, 'secret.json'))})`, /is an absolute path/],
      ['file("../../../../../../../../etc/passwd")', /is outside the repository root/],
      ['file("link.json")', /is not a readable text file inside the repository root/],
      ['file("modules/scp/policies/missing.json")', /is not a readable text file inside the repository root/],
    ];
    for (const [expr, reason] of cases) {
      const root = repository(expr);
      symlinkSync(join(outside, 'secret.json'), join(root, 'live/link.json'));
      const result = judge(root);
      const t = tampering(result);
      expect(t.findings, expr).toBe(0);
      expect(t.undetermined.length, expr).toBeGreaterThan(0);
      expect(t.undetermined.every((r) => reason.test(r)), `${expr}: ${t.undetermined.join('; ')}`).toBe(true);
      expect(JSON.stringify(result)).not.toContain('SECRETSECRET');
      expect(JSON.stringify(result)).not.toContain('root:x:');
    }
  });

  it('renders templatefile() with its variables, loops included, and judges the result', () => {
    const root = repository('templatefile("modules/scp/policies/protect.json.tpl", { admin = "OrganizationSecurityAdmin", actions = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"] })');
    writeFileSync(
      join(root, 'live/modules/scp/policies/protect.json.tpl'),
      `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "Action": [%{ for i, a in actions }%{ if i > 0 },%{ endif }"cloudtrail:\${a}"%{ endfor }],
    "Resource": "*",
    "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/\${admin}"}}
  }]
}
`,
    );
    expect(tampering(judge(root))).toEqual({ findings: 0, undetermined: [] });
  });

  it('leaves a templatefile() whose variables do not cover the template undetermined, with a warning', () => {
    const root = repository('templatefile("modules/scp/policies/protect.json.tpl", {})');
    writeFileSync(join(root, 'live/modules/scp/policies/protect.json.tpl'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "${action}", "Resource": "*"}]}');
    const result = judge(root);
    expect(result.diagnostics.some((d) => d.message.includes('templatefile(): vars has no "action"'))).toBe(true);
    const t = tampering(result);
    expect(t.findings).toBe(0);
    expect(t.undetermined.length).toBeGreaterThan(0);
  });

  it('lists policy files with fileset(), so an SCP repository kept in Terraform (for_each over fileset, file()) is judged', () => {
    const root = mkdtempSync(join(tmpdir(), 'trailguard-fileset-'));
    mkdirSync(join(root, 'live/policies/scp/nested'), { recursive: true });
    writeFileSync(join(root, 'live/policies/scp/nested/protect.json'), PROTECT);
    writeFileSync(join(root, 'live/policies/scp/README.md'), 'not a policy');
    writeFileSync(
      join(root, 'live/main.tf'),
      `resource "aws_organizations_policy" "scp" {
  for_each = fileset("\${path.module}/policies/scp", "**/*.json")
  name     = trimsuffix(basename(each.value), ".json")
  type     = "SERVICE_CONTROL_POLICY"
  content  = file("\${path.module}/policies/scp/\${each.value}")
}
resource "aws_organizations_policy_attachment" "root" {
  for_each  = aws_organizations_policy.scp
  policy_id = each.value.id
  target_id = "r-ab12"
}
` + configuration('"{}"').split('\n').slice(9).join('\n'),
    );
    const result = judge(root);
    expect(tampering(result)).toEqual({ findings: 0, undetermined: [] });
    expect(result.diagnostics.filter((d) => d.level !== 'note')).toEqual([]);
  });
});

describe('fileset() patterns', () => {
  it('matches as Terraform documents: *, **, ?, classes and alternatives', () => {
    const cases: [string, string, boolean][] = [
      ['*.json', 'deny.json', true],
      ['*.json', 'scp/deny.json', false],
      ['**/*.json', 'deny.json', true],
      ['**/*.json', 'a/b/deny.json', true],
      ['scp/**', 'scp/a/b.txt', true],
      ['?.json', 'a.json', true],
      ['?.json', 'ab.json', false],
      ['[a-c]*.json', 'bucket.json', true],
      ['[^a-c]*.json', 'bucket.json', false],
      ['{scp,rcp}/*.json', 'rcp/x.json', true],
      ['{scp,rcp}/*.json', 'tag/x.json', false],
    ];
    for (const [pattern, path, want] of cases) expect(pathGlobMatch(pattern, path), `${pattern} ${path}`).toBe(want);
  });

  it('answers a hostile pattern without backtracking, and refuses an alternative explosion', () => {
    const name = `${'a'.repeat(5000)}.json`;
    expect(pathGlobMatch(`${'*a'.repeat(200)}*b`, name)).toBe(false);
    expect(() => pathGlobMatch('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}', 'a')).toThrow(/alternatives/);
    // A costly pattern over many files spends one budget and stops, instead of running for minutes.
    const budget = { left: 1_000_000 };
    expect(() => {
      for (let i = 0; i < 10_000; i++) pathGlobMatch(`${'*a'.repeat(120)}*b`, name, budget);
    }).toThrow(/too costly/);
    expect(() => pathGlobMatch('*'.repeat(2000), 'a')).toThrow(/longer than/);
  });
});

