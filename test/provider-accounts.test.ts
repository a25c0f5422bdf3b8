// Account-level checks (at least one logging multi-region trail, P1.1; an event data store, P10.1) are
// judged per account. In Terraform the account is the provider configuration's: a trail created through
// `provider = aws.audit`, which assumes a role in another account, must not answer for the account the
// default configuration deploys into (it did: every Terraform resource was judged in one scope).

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

const rules = builtinRules();
const fixture = join(import.meta.dirname, 'fixtures/terraform/provider-accounts');
const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

function scanFiles(files: Record<string, string>, paths: string[] = ['.']) {
  const root = mkdtempSync(join(tmpdir(), 'trailguard-accounts-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return scan({ paths: paths.map((p) => join(root, p)), rules, root, toolVersion: 'test' });
}

const active = (result: ReturnType<typeof scan>) => result.findings.filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail');

const HEADER = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
`;
/** The default configuration (eu-west-1) and an alias `name` with `settings` (HCL lines). */
const providers = (settings: string, name = 'other') => `${HEADER}
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias = "${name}"
  ${settings}
}
`;
const OTHER_ACCOUNT_ROLE = 'assume_role { role_arn = "arn:aws:iam::222233334444:role/Deploy" }';

/** A single-region trail through the default configuration, and a multi-region one through `aws.other`. */
const TRAILS = `
resource "aws_cloudtrail" "workload" {
  name           = "workload"
  s3_bucket_name = "workload-logs"
}

resource "aws_cloudtrail" "other" {
  provider                      = aws.other
  name                          = "other"
  s3_bucket_name                = "other-logs"
  is_multi_region_trail         = true
  include_global_service_events = true
}
`;

describe('account scopes of Terraform provider configurations', () => {
  const main = join(fixture, 'main.tf');

  it('does not let the audit account’s trails answer for the default account (.tf sources)', () => {
    const result = scan({ paths: [main, join(fixture, 'modules')], rules, root: fixture, toolVersion: 'test' });
    const found = active(result);
    expect(found.map((f) => [f.location.file, f.location.start.line])).toEqual([['main.tf', lineOf(main, 'resource "aws_cloudtrail" "workload"')]]);
    // The region-only alias is the same account: its trail is judged with the default's.
    expect(found[0]!.message).toContain('aws_cloudtrail.workload, aws_cloudtrail.workload_us');
    expect(found[0]!.message).not.toContain('audit');
    // The audit account (the alias and the module it is passed to) has its multi-region trails.
    const lake = result.findings.filter((f) => f.ruleId === 'cloudtrail-lake-event-data-store').map((f) => f.message);
    expect(lake).toHaveLength(2);
    expect(lake.some((m) => m.includes('aws_cloudtrail.audit, module.org_trail.aws_cloudtrail.this'))).toBe(true);
  });

  it('reads the same accounts from a real Terraform 1.11 plan (provider_config, provider_config_key)', () => {
    const plan = join(fixture, 'plan.json');
    const result = scan({ paths: [plan], rules, root: fixture, toolVersion: 'test' });
    const found = active(result);
    expect(found.map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
    expect(found[0]!.message).toContain('aws_cloudtrail.workload, aws_cloudtrail.workload_us)');
    // With the sources beside it, the plan's finding goes to the .tf line.
    const both = active(scan({ paths: [fixture], rules, root: fixture, toolVersion: 'test' }));
    expect(both.map((f) => [f.location.file, f.location.start.line])).toEqual([['main.tf', lineOf(main, 'resource "aws_cloudtrail" "workload"')]]);
  });

  it('keeps a configuration whose role is known only when Terraform runs apart from the default', () => {
    const result = scanFiles({
      'main.tf': `${providers('assume_role { role_arn = var.other_role }')}
variable "other_role" { type = string }
${TRAILS}`,
    });
    expect(active(result).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
  });

  it('judges two configurations of the same account together (a role in it, or allowed_account_ids)', () => {
    const result = scanFiles({
      'main.tf': `${HEADER}
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
provider "aws" {
  alias  = "other"
  region = "us-east-1"
  assume_role { role_arn = "arn:aws:iam::111122223333:role/Deploy" }
}
${TRAILS}`,
    });
    expect(active(result)).toEqual([]);
  });

  it('judges configurations of the same named profile together, and another profile apart', () => {
    const providers = (other: string) => `${HEADER}
provider "aws" { profile = "prod" }
provider "aws" {
  alias   = "other"
  region  = "us-east-1"
  profile = "${other}"
}
${TRAILS}`;
    expect(active(scanFiles({ 'main.tf': providers('prod') }))).toEqual([]);
    expect(active(scanFiles({ 'main.tf': providers('audit') })).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
  });

  it('follows the role an override file gives a configuration', () => {
    const result = scanFiles({
      'main.tf': `${providers('region = "eu-west-1"')}${TRAILS}`,
      'accounts_override.tf': `provider "aws" {
  alias = "other"
  assume_role { role_arn = "arn:aws:iam::444455556666:role/Deploy" }
}
`,
    });
    expect(active(result).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
  });

  it('puts a module that is not read in the account of the configuration passed to it', () => {
    const files = (passed: string) => ({
      'main.tf': `${providers(OTHER_ACCOUNT_ROLE, 'audit')}
resource "aws_cloudtrail" "workload" {
  name           = "workload"
  s3_bucket_name = "workload-logs"
}
module "baseline" {
  source = "git::https://example.com/baseline.git"
  ${passed}
}
`,
    });
    // Passed the audit account's configuration, the module cannot create the default account's trail.
    const passedAudit = scanFiles(files('providers = { aws = aws.audit }'));
    expect(active(passedAudit).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
    // Inheriting the default configuration, it may: undetermined there, not a finding.
    const inherited = scanFiles(files(''));
    expect(active(inherited)).toEqual([]);
    expect(inherited.undetermined.some((u) => u.ruleId === 'cloudtrail-active-multi-region-trail' && u.resource?.address === 'module.baseline')).toBe(true);
  });

  it('puts the resources of a stack Terraform deploys in the account of its provider configuration', () => {
    const result = scanFiles({
      'main.tf': `${providers(OTHER_ACCOUNT_ROLE)}
resource "aws_cloudtrail" "workload" {
  name           = "workload"
  s3_bucket_name = "workload-logs"
}
resource "aws_cloudformation_stack" "audit" {
  provider      = aws.other
  name          = "audit"
  template_body = <<-EOT
    Resources:
      Trail:
        Type: AWS::CloudTrail::Trail
        Properties:
          IsLogging: true
          IsMultiRegionTrail: true
          IncludeGlobalServiceEvents: true
          S3BucketName: audit-logs
  EOT
}
`,
    });
    expect(active(result).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
  });

  it('reads aliases named after Object.prototype members as any other', () => {
    const result = scanFiles({
      'main.tf': `${providers(OTHER_ACCOUNT_ROLE, 'constructor')}${TRAILS.replace('aws.other', 'aws.constructor')}`,
    });
    expect(active(result).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
    expect(result.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });

  it('lets an organization trail of another account answer for every account (CloudTrail creates it in each member)', () => {
    const result = scanFiles({
      'main.tf': `${providers(OTHER_ACCOUNT_ROLE)}${TRAILS.replace('is_multi_region_trail         = true', 'is_multi_region_trail         = true\n  is_organization_trail         = true')}`,
    });
    expect(active(result)).toEqual([]);
  });

  it('reads provider configurations written in JSON syntax (.tf.json) the same way', () => {
    const config = {
      provider: { aws: [{ region: 'eu-west-1' }, { alias: 'other', assume_role: [{ role_arn: 'arn:aws:iam::222233334444:role/Deploy' }] }] },
      resource: {
        aws_cloudtrail: {
          workload: { name: 'workload', s3_bucket_name: 'workload-logs' },
          other: { provider: 'aws.other', name: 'other', s3_bucket_name: 'other-logs', is_multi_region_trail: true, include_global_service_events: true },
        },
      },
    };
    const result = scanFiles({ 'main.tf.json': JSON.stringify(config, null, 2) });
    expect(active(result).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
  });

  it('puts Cloud Control (awscc) resources in the account of their provider configuration', () => {
    // awscc's assume_role is one nested object, not a list of blocks.
    const header = `terraform {
  required_providers {
    aws   = { source = "hashicorp/aws" }
    awscc = { source = "hashicorp/awscc" }
  }
}
provider "aws" { region = "eu-west-1" }
provider "awscc" { region = "eu-west-1" }
provider "awscc" {
  alias       = "audit"
  region      = "eu-west-1"
  assume_role = { role_arn = "arn:aws:iam::222233334444:role/Deploy" }
}
`;
    const workload = `
resource "aws_cloudtrail" "workload" {
  name           = "workload"
  s3_bucket_name = "workload-logs"
}
`;
    const auditTrail = (provider: string) => `
resource "awscc_cloudtrail_trail" "audit" {
  ${provider}
  trail_name                    = "audit"
  s3_bucket_name                = "audit-logs"
  is_logging                    = true
  is_multi_region_trail         = true
  include_global_service_events = true
}
`;
    // Through the audit account's configuration: it does not answer for the workload account.
    const apart = scanFiles({ 'main.tf': `${header}${workload}${auditTrail('provider = awscc.audit')}` });
    expect(active(apart).map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
    expect(apart.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    // Through the default awscc configuration (ambient credentials, like the default aws one): it does.
    const together = scanFiles({ 'main.tf': `${header}${workload}${auditTrail('')}` });
    expect(active(together)).toEqual([]);
  });

  it('judges region-only aliases with the default configuration, as before', () => {
    const result = scanFiles({
      'main.tf': `${providers('region = "us-east-1"')}${TRAILS}`,
    });
    expect(active(result)).toEqual([]);
  });
});
