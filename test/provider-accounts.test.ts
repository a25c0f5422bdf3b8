// Account-level checks (at least one logging multi-region trail, P1.1; an event data store, P10.1) are
// judged per account. In Terraform the account is the provider configuration's: a trail created through
// `provider = aws.audit`, which assumes a role in another account, must not answer for the account the
// default configuration deploys into (it did: every Terraform resource was judged in one scope).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';
import { scanFiles } from './scan-files.js';

const rules = builtinRules();
const fixture = join(import.meta.dirname, 'fixtures/terraform/provider-accounts');
const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;


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
    expect(found[0]!.message).toContain('aws_cloudtrail.workload, aws_cloudtrail.workload_us; the default account (other accounts of the scan are judged apart))');
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

// With several accounts in one scan, a scope finding says which account it is about (the addresses
// judged together were all it said, "in this scan"); with one, its message is as it always was; either
// way its fingerprints (baselines, code scanning) do not change.
describe('which account a scope finding is about', () => {
  const lake = (result: ReturnType<typeof scan>) => result.findings.filter((f) => f.ruleId === 'cloudtrail-lake-event-data-store');
  const messageOf = (found: ReturnType<typeof scan>['findings'], address: string) => found.find((f) => f.resource?.address === address)?.message;
  const DEFAULT = 'the default account (other accounts of the scan are judged apart)';

  it('names the account a configuration assumes a role in, and the default account, in sources and in a plan', () => {
    for (const paths of [[join(fixture, 'main.tf'), join(fixture, 'modules')], [join(fixture, 'plan.json')]]) {
      const result = scan({ paths, rules, root: fixture, toolVersion: 'test' });
      expect(messageOf(lake(result), 'aws_cloudtrail.audit'), paths[0]).toContain(
        '(aws_cloudtrail.audit, module.org_trail.aws_cloudtrail.this; account 222233334444, through provider aws.audit)',
      );
      expect(messageOf(lake(result), 'aws_cloudtrail.workload'), paths[0]).toContain(`(aws_cloudtrail.workload, aws_cloudtrail.workload_us; ${DEFAULT})`);
      expect(messageOf(active(result), 'aws_cloudtrail.workload'), paths[0]).toBe(
        `None of the trails in this scan (aws_cloudtrail.workload, aws_cloudtrail.workload_us; ${DEFAULT}) is logging, multi-region and recording both read and write management events; API calls in other regions or of one kind go unrecorded.`,
      );
    }
  });

  it('names the account of a role known only when Terraform runs, and of a named profile, by their configuration', () => {
    const unknownRole = scanFiles({ 'main.tf': `${providers('assume_role { role_arn = var.other_role }')}\nvariable "other_role" { type = string }\n${TRAILS}` });
    expect(messageOf(lake(unknownRole), 'aws_cloudtrail.other')).toContain('(aws_cloudtrail.other; the account of provider aws.other, known only when Terraform runs)');
    expect(messageOf(lake(unknownRole), 'aws_cloudtrail.workload')).toContain(`(aws_cloudtrail.workload; ${DEFAULT})`);
    const profile = scanFiles({ 'main.tf': `${providers('profile = "audit"')}${TRAILS}` });
    expect(messageOf(lake(profile), 'aws_cloudtrail.other')).toContain("(aws_cloudtrail.other; the account of provider aws.other's credentials)");
  });

  it("names a module's own configuration as a plan does (module.<name>:aws), and a stack Terraform deploys by its configuration", () => {
    const result = scanFiles({
      'main.tf': `${providers(OTHER_ACCOUNT_ROLE)}
resource "aws_cloudtrail" "workload" {
  name           = "workload"
  s3_bucket_name = "workload-logs"
}
module "security" {
  source = "./modules/security"
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
          S3BucketName: audit-logs
  EOT
}
`,
      'modules/security/main.tf': `provider "aws" {
  assume_role { role_arn = "arn:aws:iam::333344445555:role/Deploy" }
}
resource "aws_cloudtrail" "this" {
  name           = "security"
  s3_bucket_name = "security-logs"
}
`,
    });
    expect(messageOf(active(result), 'module.security.aws_cloudtrail.this')).toContain('(module.security.aws_cloudtrail.this; account 333344445555, through provider module.security:aws)');
    expect(messageOf(active(result), 'aws_cloudformation_stack.audit/Trail')).toContain('(aws_cloudformation_stack.audit/Trail; account 222233334444, through provider aws.other)');
    expect(messageOf(active(result), 'aws_cloudtrail.workload')).toContain(`(aws_cloudtrail.workload; ${DEFAULT})`);
  });

  it('names the account of a Cloud Control (awscc) configuration', () => {
    const result = scanFiles({
      'main.tf': `provider "aws" { region = "eu-west-1" }
provider "awscc" {
  alias       = "audit"
  assume_role = { role_arn = "arn:aws:iam::222233334444:role/Deploy" }
}
resource "aws_cloudtrail" "workload" {
  name           = "workload"
  s3_bucket_name = "workload-logs"
}
resource "awscc_cloudtrail_trail" "audit" {
  provider       = awscc.audit
  trail_name     = "audit"
  s3_bucket_name = "audit-logs"
  is_logging     = true
}
`,
    });
    expect(messageOf(active(result), 'awscc_cloudtrail_trail.audit')).toContain('(awscc_cloudtrail_trail.audit; account 222233334444, through provider awscc.audit)');
  });

  it('shows a configuration name from the input on one line', () => {
    // A plan's provider_config keys are any text: one with a line break and a bell in it.
    const plan = readFileSync(join(fixture, 'plan.json'), 'utf8').replaceAll('"aws.audit"', '"aws.au\\ndit\\u0007"');
    const result = scanFiles({ 'plan.json': plan }, ['plan.json']);
    expect(messageOf(lake(result), 'aws_cloudtrail.audit')).toContain('account 222233334444, through provider aws.au?dit?)');
  });

  it('says nothing of accounts when the scan holds one (two configurations of the same account)', () => {
    const result = scanFiles({
      'main.tf': `${HEADER}
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
provider "aws" {
  alias  = "other"
  assume_role { role_arn = "arn:aws:iam::111122223333:role/Deploy" }
}
${TRAILS}`,
    });
    expect(lake(result).map((f) => f.message)).toEqual([
      'The scan has trails (aws_cloudtrail.workload, aws_cloudtrail.other) but no CloudTrail Lake event data store: there is no immutable, queryable long-term copy of the events.',
    ]);
    const one = scanFiles({ 'main.tf': `${providers('region = "us-east-1"')}${TRAILS.replace('is_multi_region_trail         = true', 'is_multi_region_trail         = false')}` });
    expect(active(one).map((f) => f.message)).toEqual([
      'None of the trails in this scan (aws_cloudtrail.workload, aws_cloudtrail.other) is logging, multi-region and recording both read and write management events; API calls in other regions or of one kind go unrecorded.',
    ]);
  });

  it('keeps the fingerprints scope findings had before they named their account', () => {
    // Recorded before the label existed: a baseline or a code scanning alert keeps matching.
    const scopeFindings = (result: ReturnType<typeof scan>) =>
      Object.fromEntries(
        result.findings
          .filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail' || f.ruleId === 'cloudtrail-lake-event-data-store')
          .map((f) => [`${f.ruleId} ${f.location.file} ${f.resource?.address}`, [f.fingerprint, f.locationFingerprint]]),
      );
    const sources = scan({ paths: [join(fixture, 'main.tf'), join(fixture, 'modules')], rules, root: fixture, toolVersion: 'test' });
    const plan = scan({ paths: [join(fixture, 'plan.json')], rules, root: fixture, toolVersion: 'test' });
    expect(sources.findings.some((f) => f.message.includes('through provider aws.audit'))).toBe(true);
    expect(scopeFindings(sources)).toEqual(SOURCE_FINGERPRINTS);
    expect(scopeFindings(plan)).toEqual(PLAN_FINGERPRINTS);
  });
});

const SOURCE_FINGERPRINTS = {
  'cloudtrail-active-multi-region-trail main.tf aws_cloudtrail.workload': ['83992aeeb81e291f761803582449d638', 'ed9122c2189e7886c9b6eb755e6048ce'],
  'cloudtrail-lake-event-data-store main.tf aws_cloudtrail.workload': ['3d642be6d3e943a9caef1b69b5702294', '042e8396f0f6db3a9c577b0309976115'],
  'cloudtrail-lake-event-data-store main.tf aws_cloudtrail.audit': ['ec5541cefe87b58c468ef0054f184981', '1478a32545aa5b0733cd0a4956079fb7'],
};
const PLAN_FINGERPRINTS = {
  'cloudtrail-active-multi-region-trail plan.json aws_cloudtrail.workload': ['6f137cd2f79e009e2e4709d0cde8bdad', 'b1fb7909fd0de7feb4ae0fe8370401dd'],
  'cloudtrail-lake-event-data-store plan.json aws_cloudtrail.workload': ['bd1b306e384cf32cdc14df57920f6486', 'fdc82e12a33bbc63d881693db5743696'],
  'cloudtrail-lake-event-data-store plan.json aws_cloudtrail.audit': ['0f42c4620c2de928aad61b6dd06e3ff6', '24c35011b0738a84a1d684cc369c8939'],
};
