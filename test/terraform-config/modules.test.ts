// Root modules, local module calls and module instances: which directories
// are configurations of their own, how calls are followed, and the addresses
// of what they contain.

import { describe, expect, it } from 'vitest';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { PartialString } from '../../parsers/terraform/hcl/structured-unknown.js';
import { at, byAddress, describeDiagnostics, load, loadFixture } from './helpers.js';

const fixture = loadFixture(['org-audit', 'sandbox']);

describe('root modules and local module calls', () => {
  it('evaluates called directories inside their callers, never as roots of their own', () => {
    const addresses = fixture.resources.map((r) => r.address);
    // modules/cloudtrail and modules/log-group are in the scan but only reached through calls.
    expect(addresses.filter((a) => !a.startsWith('module.'))).toEqual([
      'aws_s3_bucket.logs',
      'aws_s3_bucket_versioning.logs',
      'aws_s3_bucket_public_access_block.logs',
      'aws_s3_bucket_server_side_encryption_configuration.logs',
      'aws_s3_bucket_lifecycle_configuration.logs',
      'data.aws_iam_policy_document.logs',
      'aws_s3_bucket_policy.logs',
      'aws_kms_key.trail',
      'aws_kms_alias.trail',
      'data.aws_iam_policy_document.logs_key',
      'aws_kms_key.logs',
      'data.aws_caller_identity.current',
      'data.aws_partition.current',
      'data.aws_region.current',
      'aws_ssm_parameter.data_event_types',
      'aws_s3_bucket.trail["legacy"]',
      'aws_s3_bucket.trail["main"]',
      'aws_cloudtrail.sandbox["legacy"]',
      'aws_cloudtrail.sandbox["main"]',
      'aws_cloudtrail.optional',
    ]);
    expect(fixture.resources.filter((r) => r.type === 'aws_cloudtrail').map((r) => r.address)).toEqual([
      'module.audit.aws_cloudtrail.this[0]',
      'module.regional["eu-west-1"].aws_cloudtrail.this[0]',
      'aws_cloudtrail.sandbox["legacy"]',
      'aws_cloudtrail.sandbox["main"]',
      'aws_cloudtrail.optional',
    ]);
  });

  it('gives module instances fully qualified addresses, nested calls included', () => {
    const logGroups = fixture.resources.filter((r) => r.type === 'aws_cloudwatch_log_group');
    expect(logGroups.map((r) => [r.address, r.moduleAddress])).toEqual([
      ['module.audit.module.logs.aws_cloudwatch_log_group.this', 'module.audit.module.logs'],
      ['module.regional["ap-south-1"].module.logs.aws_cloudwatch_log_group.this', 'module.regional["ap-south-1"].module.logs'],
      ['module.regional["eu-west-1"].module.logs.aws_cloudwatch_log_group.this', 'module.regional["eu-west-1"].module.logs'],
      // The sandbox root calls the same directory through ../org-audit/modules/log-group, with count = 2.
      ['module.extra_log_groups[0].aws_cloudwatch_log_group.this', 'module.extra_log_groups[0]'],
      ['module.extra_log_groups[1].aws_cloudwatch_log_group.this', 'module.extra_log_groups[1]'],
    ]);
    const trail = byAddress(fixture, 'module.regional["eu-west-1"].aws_cloudtrail.this[0]');
    expect(trail).toMatchObject({ moduleAddress: 'module.regional["eu-west-1"]', mode: 'managed', type: 'aws_cloudtrail', name: 'this', index: 0 });
  });

  it('evaluates each module instance with its own inputs', () => {
    expect(byAddress(fixture, 'module.audit.module.logs.aws_cloudwatch_log_group.this').values).toMatchObject({
      name: '/aws/cloudtrail/acme-organization-trail',
      retention_in_days: 400,
    });
    expect(byAddress(fixture, 'module.regional["eu-west-1"].module.logs.aws_cloudwatch_log_group.this').values).toMatchObject({
      name: '/aws/cloudtrail/acme-eu-west-1',
      // The cloudtrail module's default, "365" converted to a number.
      retention_in_days: 365,
    });
    expect(byAddress(fixture, 'module.extra_log_groups[1].aws_cloudwatch_log_group.this').values).toMatchObject({
      name: '/sandbox/extra-1',
      retention_in_days: 365,
      kms_key_id: null,
    });
    // ap-south-1 is disabled in terraform.tfvars: count = var.enabled ? 1 : 0 gives no trail, no lake.
    expect(fixture.resources.filter((r) => r.moduleAddress === 'module.regional["ap-south-1"]')).toEqual([]);
    // Regional trails pass lake = { enabled = false }; the organization trail keeps the default "true".
    expect(fixture.resources.filter((r) => r.type === 'aws_cloudtrail_event_data_store').map((r) => r.address)).toEqual([
      'module.audit.aws_cloudtrail_event_data_store.this[0]',
    ]);
  });

  it('resolves module outputs to what the module computes, with qualified references', () => {
    const trail = byAddress(fixture, 'module.audit.aws_cloudtrail.this[0]');
    const logGroupArn = trail.values['cloud_watch_logs_group_arn'];
    expect(logGroupArn).toBeInstanceOf(PartialString);
    expect((logGroupArn as PartialString).parts[1]).toBe(':*');
    expect((logGroupArn as PartialString).refs).toEqual([{ address: 'module.audit.module.logs.aws_cloudwatch_log_group.this', attribute: 'arn' }]);
    expect((logGroupArn as PartialString).template).toBe('${module.audit.module.logs.aws_cloudwatch_log_group.this.arn}:*');
    expect(trail.values['cloud_watch_logs_role_arn']).toEqual(
      new Unknown('known after apply', [{ address: 'module.audit.module.logs.aws_iam_role.cloudtrail_to_cloudwatch', attribute: 'arn' }], true),
    );
  });

  it("reads module outputs computed from the module's locals", () => {
    // data_event_types = flatten([for s in var.event_selectors : [for r in s.data_resources : r.type]])
    expect(byAddress(fixture, 'aws_ssm_parameter.data_event_types').values['value']).toBe('AWS::S3::Object,AWS::Lambda::Function');
  });

  it('places module instances at their declarations in the module files', () => {
    const trail = byAddress(fixture, 'module.regional["eu-west-1"].aws_cloudtrail.this[0]');
    expect(trail.file).toBe('org-audit/modules/cloudtrail/main.tf');
    expect(at(trail.range)).toBe('org-audit/modules/cloudtrail/main.tf:18:1-82:2');
    expect(at(trail.locate(['s3_key_prefix']))).toBe('org-audit/modules/cloudtrail/main.tf:23:3-23:52');
  });

  it('notes remote modules not installed by terraform init at the module block and leaves their outputs unknown', () => {
    expect(describeDiagnostics(fixture.diagnostics).filter((d) => d.includes('remote-module'))).toEqual([
      'note remote-module org-audit/main.tf:79: module "network_baseline" (source "terraform-aws-modules/vpc/aws") is not installed: run terraform init to check what module network_baseline creates; until then the checks its resources would answer are not judged',
    ]);
    const result = load({
      'main.tf': `
module "trail" {
  source = "git::https://github.com/acme/terraform-aws-cloudtrail.git//modules/trail?ref=v2.1.0"
}

module "bucket" {
  source  = "registry.terraform.io/acme/log-bucket/aws"
  version = "3.2.0"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = module.bucket.bucket_id
  kms_key_id     = module.trail.key_arn
}
`,
    });
    expect(result.diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([
      ['remote-module', 2],
      ['remote-module', 6],
    ]);
    const values = byAddress(result, 'aws_cloudtrail.main').values;
    // A module output may be null: unknown, pointing at the module, not certainly present.
    expect(values['s3_bucket_name']).toEqual(new Unknown('module output known after apply', [{ address: 'module.bucket', attribute: 'bucket_id' }], false));
  });

  it('tells which configuration each instance belongs to, for modules shared by several roots', () => {
    const roots = (address: string): string[] => fixture.resources.filter((r) => r.address === address).map((r) => r.rootDirectory);
    expect(roots('aws_cloudtrail.optional')).toEqual(['sandbox']);
    expect(roots('module.audit.module.logs.aws_cloudwatch_log_group.this')).toEqual(['org-audit']);
    // org-audit/modules/log-group is evaluated for both configurations.
    expect(roots('module.extra_log_groups[0].aws_cloudwatch_log_group.this')).toEqual(['sandbox']);
    expect(load({ 'main.tf': 'resource "aws_sns_topic" "t" {}\n' }).resources[0]!.rootDirectory).toBe('');
  });

  it('follows ../ sources and makes an uncalled module directory a root', () => {
    const result = load({
      'envs/prod/main.tf': 'module "trail" {\n  source = "../../shared/trail"\n  name   = "prod"\n}\n',
      'shared/trail/main.tf': 'variable "name" {\n  type = string\n}\n\nresource "aws_cloudtrail" "this" {\n  name           = var.name\n  s3_bucket_name = "logs"\n}\n',
      'tools/bootstrap/main.tf': 'resource "aws_s3_bucket" "state" {\n  bucket = "acme-terraform-state"\n}\n',
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.resources.map((r) => [r.address, r.values['name'] ?? r.values['bucket']])).toEqual([
      ['module.trail.aws_cloudtrail.this', 'prod'],
      ['aws_s3_bucket.state', 'acme-terraform-state'],
    ]);
  });

  it('expands count and for_each on module blocks, and checks an unknown count once', () => {
    const result = load({
      'main.tf': `
variable "regions" {
  type    = set(string)
  default = ["us-east-1", "eu-west-1"]
}

variable "extra" {
  type = number
}

module "regional" {
  source   = "./modules/trail"
  for_each = var.regions
  name     = "trail-\${each.key}"
}

module "maybe" {
  source = "./modules/trail"
  count  = var.extra
  name   = "extra-\${count.index}"
}

resource "aws_sns_topic" "alerts" {
  name = module.regional["eu-west-1"].trail_name
}
`,
      'modules/trail/main.tf': `
variable "name" {
  type = string
}

resource "aws_cloudtrail" "this" {
  name           = var.name
  s3_bucket_name = "logs"
}

output "trail_name" {
  value = aws_cloudtrail.this.name
}
`,
    });
    expect(result.resources.map((r) => r.address)).toEqual([
      'aws_sns_topic.alerts',
      'module.regional["eu-west-1"].aws_cloudtrail.this',
      'module.regional["us-east-1"].aws_cloudtrail.this',
      'module.maybe.aws_cloudtrail.this',
    ]);
    expect(byAddress(result, 'aws_sns_topic.alerts').values['name']).toBe('trail-eu-west-1');
    expect(byAddress(result, 'module.regional["us-east-1"].aws_cloudtrail.this').values['name']).toBe('trail-us-east-1');
    const maybe = byAddress(result, 'module.maybe.aws_cloudtrail.this');
    expect(isUnknown(maybe.values['name'])).toBe(true);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'note unknown-count main.tf:19: module.maybe: count is known only after apply (variable "extra" has no value (no default, not set in a .tfvars file)); checked once as written, without an index',
    ]);
  });

  it('does not follow a module that calls itself through another', () => {
    const result = load({
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\nresource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
    });
    // Neither is called from outside the cycle; a is taken as the root so that nothing goes unchecked.
    expect(result.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.a', 'module.b.aws_s3_bucket.b']);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning module-cycle b/main.tf:1: module "a" calls a module that is already being called (a → b → a); it is not followed',
    ]);
  });
});
