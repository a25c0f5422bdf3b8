// Static evaluation of a configuration: variables (defaults, type
// conversions, .tfvars), locals, references between resources, computed
// attributes and data sources.

import { describe, expect, it } from 'vitest';
import { Unknown } from '../../core/unknown.js';
import { jsonDocument, PartialString, UnknownJsonDocument } from '../../parsers/terraform/hcl/structured-unknown.js';
import { byAddress, describeDiagnostics, fixtureFiles, load, loadFixture } from './helpers.js';
import { loadTerraform } from '../../parsers/terraform/config/index.js';

const fixture = loadFixture(['org-audit', 'sandbox']);

const arnOf = (address: string, present = true): Unknown => new Unknown('known after apply', [{ address, attribute: 'arn' }], present);

describe('variables', () => {
  it('converts values to the declared type: bool from "false", number from "365", sets sorted, optional() defaults', () => {
    const trail = byAddress(fixture, 'module.regional["eu-west-1"].aws_cloudtrail.this[0]').values;
    // is_organization_trail: type bool, default "false" (not passed to regional trails).
    expect(trail['is_organization_trail']).toBe(false);
    // enable_log_file_validation: type bool, default "true".
    expect(trail['enable_log_file_validation']).toBe(true);
    expect(trail['is_multi_region_trail']).toBe(false);
    // event_selectors default [{}]: every attribute comes from optional(..., default).
    expect(trail['event_selector']).toEqual([
      {
        read_write_type: 'All',
        include_management_events: true,
        // set(string): distinct and in lexical order.
        exclude_management_event_sources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'],
        data_resource: [],
      },
    ]);
    const lake = byAddress(fixture, 'module.audit.aws_cloudtrail_event_data_store.this[0]').values;
    // lake = { enabled = "true" } by default; retention and protection from optional() defaults.
    expect(lake).toMatchObject({ retention_period: 2557, termination_protection_enabled: true, organization_enabled: true });
  });

  it('takes root variables from terraform.tfvars, then *.auto.tfvars, then the var files given', () => {
    // organization_trail: default "false", terraform.tfvars false, prod.auto.tfvars true.
    expect(byAddress(fixture, 'module.audit.aws_cloudtrail.this[0]').values['is_organization_trail']).toBe(true);
    expect(byAddress(fixture, 'aws_s3_bucket.logs').values['tags']).toEqual({ CostCenter: 'security', Environment: 'prod', ManagedBy: 'terraform' });

    const withVarFile = loadTerraform(fixtureFiles('org-audit'), {
      varFiles: [{ path: 'ci/staging.tfvars', text: 'environment = "staging"\norganization_trail = false\nlog_bucket_name = "acme-staging-trail"\n' }],
    });
    expect(byAddress(withVarFile, 'module.audit.aws_cloudtrail.this[0]').values).toMatchObject({ is_organization_trail: false, s3_bucket_name: 'acme-staging-trail' });
    expect(byAddress(withVarFile, 'aws_s3_bucket.logs').values['tags']).toMatchObject({ Environment: 'staging' });
  });

  it('reads .tfvars.json, ignores var files other than the automatic ones, and applies var files to every root', () => {
    const files = {
      'a/main.tf': 'variable "name" {\n  default = "a-default"\n}\nresource "aws_sns_topic" "t" {\n  name = var.name\n}\n',
      'a/terraform.tfvars.json': '{ "name": "from-json" }',
      'a/staging.tfvars': 'name = "not-loaded-automatically"\n',
      'b/main.tf': 'variable "name" {\n  default = "b-default"\n}\nresource "aws_sns_topic" "t" {\n  name = var.name\n}\n',
    };
    const plain = load(files);
    expect(plain.resources.map((r) => r.values['name'])).toEqual(['from-json', 'b-default']);
    const withVars = load(files, { varFiles: [{ path: 'ci.tfvars', text: 'name = "ci"\n' }] });
    expect(withVars.resources.map((r) => r.values['name'])).toEqual(['ci', 'ci']);
    expect(withVars.diagnostics).toEqual([]);
  });

  it('warns at its line of a value for a variable nothing declares, as Terraform does, and ignores it as Terraform does', () => {
    const files = {
      'a/main.tf': 'variable "log_validation" {\n  default = false\n}\nresource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = "logs"\n  enable_log_file_validation = var.log_validation\n}\n',
      'a/terraform.tfvars': 'log_validation = false\nlog_validaton = true\n',
      'b/main.tf': 'variable "name" {\n  default = "b"\n}\n',
    };
    const result = load(files, { varFiles: [{ path: 'ci.tfvars', text: 'name = "ci"\nlog_validation = true\nregion = "eu-west-1"\n' }] });
    // The --var-file's values serve every root: each is declared by some root but `region`.
    expect(result.diagnostics.map((d) => [d.code, d.file, d.range?.start.line, d.message])).toEqual([
      [
        'undeclared-variable',
        'a/terraform.tfvars',
        2,
        'value for undeclared variable "log_validaton" (did you mean "log_validation"?): no variable block of the configuration declares it, so Terraform ignores it (with a warning) and so does trailguard',
      ],
      ['undeclared-variable', 'ci.tfvars', 3, 'value for undeclared variable "region": no variable block of the configuration declares it, so Terraform ignores it (with a warning) and so does trailguard'],
    ]);
    expect(byAddress(result, 'aws_cloudtrail.t').values['enable_log_file_validation']).toBe(true);
  });

  it('passes null inputs as null unless the variable is not nullable, and converts tuples and any', () => {
    const result = load({
      'main.tf': `
module "trail" {
  source         = "./trail"
  name           = null
  s3_key_prefix  = null
  retention      = ["90", "GLACIER"]
  extra_settings = { insights = ["ApiCallRateInsight"], rate = "5" }
}
`,
      'trail/main.tf': `
variable "name" {
  type     = string
  default  = "organization-trail"
  nullable = false
}

variable "s3_key_prefix" {
  type    = string
  default = "cloudtrail"
}

variable "retention" {
  type = tuple([number, string])
}

variable "extra_settings" {
  type = any
}

resource "aws_cloudtrail" "this" {
  name           = var.name
  s3_bucket_name = "logs"
  s3_key_prefix  = var.s3_key_prefix
  tags = {
    Days  = var.retention[0] + 1
    Class = var.retention[1]
    Rate  = var.extra_settings.rate
  }
}
`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(byAddress(result, 'module.trail.aws_cloudtrail.this').values).toEqual({
      name: 'organization-trail',
      s3_bucket_name: 'logs',
      s3_key_prefix: null,
      tags: { Days: 91, Class: 'GLACIER', Rate: '5' },
    });
  });

  it('leaves a root variable without value unknown (not present), and reports values of the wrong type', () => {
    const result = load({
      'main.tf': `
variable "bucket" {
  type = string
}

variable "retention" {
  type    = number
  default = "two weeks"
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = var.bucket
  retention_in_days = var.retention
}
`,
    });
    const values = byAddress(result, 'aws_cloudwatch_log_group.trail').values;
    expect(values['name']).toEqual(new Unknown('variable "bucket" has no value (no default, not set in a .tfvars file)', [], false));
    expect((values['retention_in_days'] as Unknown).present).toBe(false);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning invalid-variable-value main.tf:8: Invalid value for variable "retention": Invalid value: a number is required, got the string "two weeks"',
    ]);
  });
});

describe('locals', () => {
  it('evaluates merge, concat, for expressions and conditionals, in dependency order', () => {
    const result = load({
      'locals.tf': `
locals {
  # Declared before what it uses: order does not matter.
  bucket_names = [for k, v in local.buckets : "\${local.prefix}-\${k}" if v.enabled]
  prefix       = lower("ACME-\${var.environment}")
  buckets = {
    logs    = { enabled = true, versioned = true }
    scratch = { enabled = false, versioned = false }
    archive = { enabled = true, versioned = false }
  }
  regions   = concat(["us-east-1"], var.extra_regions)
  tags      = merge(var.tags, { Name = local.prefix }, var.environment == "prod" ? { Critical = "yes" } : {})
  versioned = { for k, v in local.buckets : k => v.versioned... }
}

variable "environment" {
  default = "prod"
}

variable "extra_regions" {
  type    = list(string)
  default = ["eu-west-1"]
}

variable "tags" {
  type    = map(string)
  default = { Team = "security" }
}

resource "aws_s3_bucket" "this" {
  for_each = toset(local.bucket_names)
  bucket   = each.value
  tags = merge(local.tags, {
    Regions   = join(",", local.regions)
    Versioned = tostring(local.versioned[split("-", each.key)[2]][0])
  })
}
`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.resources.map((r) => [r.address, r.values['bucket']])).toEqual([
      ['aws_s3_bucket.this["acme-prod-archive"]', 'acme-prod-archive'],
      ['aws_s3_bucket.this["acme-prod-logs"]', 'acme-prod-logs'],
    ]);
    expect(byAddress(result, 'aws_s3_bucket.this["acme-prod-logs"]').values['tags']).toEqual({
      Team: 'security',
      Name: 'acme-prod',
      Critical: 'yes',
      Regions: 'us-east-1,eu-west-1',
      Versioned: 'true',
    });
  });

  it('evaluates each local once however many resources read it', () => {
    const resources = Array.from({ length: 300 }, (_, i) => `resource "aws_sns_topic" "t${i}" {\n  name = "\${local.l9}-${i}"\n}\n`).join('');
    // Each local doubles the work of the one before if not memoized: 2^10 evaluations per resource.
    const locals = Array.from({ length: 10 }, (_, i) => `  l${i} = ${i === 0 ? '"x"' : `"\${local.l${i - 1}}\${local.l${i - 1}}"`}`).join('\n');
    const result = load({ 'main.tf': `locals {\n${locals}\n}\n${resources}` });
    expect(byAddress(result, 'aws_sns_topic.t299').values['name']).toBe(`${'x'.repeat(512)}-299`);
  });
});

describe('references between resources', () => {
  it('keeps computed attributes unknown, with the reference and present', () => {
    const trail = byAddress(fixture, 'module.audit.aws_cloudtrail.this[0]').values;
    // kms_key_arn = aws_kms_key.trail.arn in the root, passed through the module's variable.
    expect(trail['kms_key_id']).toEqual(arnOf('aws_kms_key.trail'));
    expect((trail['kms_key_id'] as Unknown).present).toBe(true);
    expect(byAddress(fixture, 'aws_kms_alias.trail').values['target_key_id']).toEqual(
      new Unknown('known after apply', [{ address: 'aws_kms_key.trail', attribute: 'key_id' }], true),
    );
    const sse = byAddress(fixture, 'aws_s3_bucket_server_side_encryption_configuration.logs').values;
    expect(sse).toEqual({
      bucket: 'acme-org-cloudtrail-logs',
      rule: [{ bucket_key_enabled: true, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: arnOf('aws_kms_key.logs') }] }],
    });
  });

  it('gives the split S3 bucket resources their values, nested blocks as arrays of objects', () => {
    expect(byAddress(fixture, 'aws_s3_bucket.logs').values).toEqual({
      bucket: 'acme-org-cloudtrail-logs',
      force_destroy: false,
      tags: { CostCenter: 'security', Environment: 'prod', ManagedBy: 'terraform' },
    });
    expect(byAddress(fixture, 'aws_s3_bucket_versioning.logs').values).toEqual({
      bucket: 'acme-org-cloudtrail-logs',
      versioning_configuration: [{ status: 'Enabled' }],
    });
    expect(byAddress(fixture, 'aws_s3_bucket_public_access_block.logs').values).toEqual({
      bucket: 'acme-org-cloudtrail-logs',
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(byAddress(fixture, 'aws_s3_bucket_lifecycle_configuration.logs').values).toEqual({
      bucket: 'acme-org-cloudtrail-logs',
      rule: [
        {
          id: 'archive',
          status: 'Enabled',
          filter: [{}],
          transition: [{ days: 90, storage_class: 'GLACIER' }],
          // log_retention_days: type number, default "2557".
          expiration: [{ days: 2557 }],
        },
      ],
    });
  });

  it("derives an S3 bucket's id, bucket and arn from its name", () => {
    for (const address of ['aws_s3_bucket_versioning.logs', 'aws_s3_bucket_public_access_block.logs', 'aws_s3_bucket_policy.logs']) {
      expect(byAddress(fixture, address).values['bucket']).toBe('acme-org-cloudtrail-logs');
    }
    expect(byAddress(fixture, 'module.audit.aws_cloudtrail.this[0]').values['s3_bucket_name']).toBe('acme-org-cloudtrail-logs');
    expect(byAddress(fixture, 'aws_cloudtrail.sandbox["legacy"]').values['s3_bucket_name']).toBe('acme-sandbox-legacy');
    const selectors = byAddress(fixture, 'aws_cloudtrail.sandbox["main"]').values['advanced_event_selector'] as { field_selector: object[] }[];
    expect(selectors[0]!.field_selector[2]).toEqual({ field: 'resources.ARN', not_starts_with: ['arn:aws:s3:::acme-sandbox-legacy/', 'arn:aws:s3:::acme-sandbox-trail/'] });

    // A bucket without a known name: its id is still a reference to it.
    const result = load({
      'main.tf': `
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "named" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket" "generated" {
  bucket_prefix = "trail-"
}

resource "aws_cloudtrail" "a" {
  name           = "a"
  s3_bucket_name = aws_s3_bucket.named.bucket
}

resource "aws_cloudtrail" "b" {
  name           = "b"
  s3_bucket_name = aws_s3_bucket.generated.id
  sns_topic_name = aws_s3_bucket.generated.bucket_prefix
}
`,
    });
    expect(byAddress(result, 'aws_cloudtrail.a').values['s3_bucket_name']).toEqual(new Unknown('known after apply', [{ address: 'aws_s3_bucket.named', attribute: 'bucket' }], true));
    expect(byAddress(result, 'aws_cloudtrail.b').values).toMatchObject({
      s3_bucket_name: new Unknown('known after apply', [{ address: 'aws_s3_bucket.generated', attribute: 'id' }], true),
      sns_topic_name: 'trail-',
    });
  });

  it('gives a written value that is unknown a reference to the resource it is read from', () => {
    const result = load({
      'main.tf': `
variable "topic" {
  type = string
}

resource "aws_sns_topic" "alerts" {
  name = var.topic
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
  sns_topic_name = aws_sns_topic.alerts.name
  kms_key_id     = aws_kms_key.missing.arn
}
`,
    });
    const values = byAddress(result, 'aws_cloudtrail.main').values;
    // The topic's name is unknown, but it is the name of aws_sns_topic.alerts: the linker can use that.
    expect(values['sns_topic_name']).toEqual(new Unknown('variable "topic" has no value (no default, not set in a .tfvars file)', [{ address: 'aws_sns_topic.alerts', attribute: 'name' }], false));
    // A resource not in the scan: the evaluator's usual unknown.
    expect(values['kms_key_id']).toEqual(arnOf('aws_kms_key.missing'));
  });

  it('keeps the empty string, and leaves meta-arguments out of values', () => {
    const result = load({
      'main.tf': `
resource "aws_cloudtrail" "main" {
  provider   = aws.audit
  count      = 1
  depends_on = [aws_s3_bucket.logs]

  name           = "main"
  s3_bucket_name = "logs"
  kms_key_id     = ""

  lifecycle {
    prevent_destroy = true
  }

  provisioner "local-exec" {
    command = "echo created"
  }
}
`,
    });
    expect(byAddress(result, 'aws_cloudtrail.main[0]').values).toEqual({ name: 'main', s3_bucket_name: 'logs', kms_key_id: '' });
  });

  it('turns data.aws_caller_identity, aws_partition and aws_region into references with templates', () => {
    const key = byAddress(fixture, 'aws_kms_key.trail').values['policy'];
    expect(key).toBeInstanceOf(UnknownJsonDocument);
    const statements = (jsonDocument(key) as { Statement: { Principal: { AWS: PartialString } }[] }).Statement;
    const root = statements[0]!.Principal.AWS;
    expect(root).toBeInstanceOf(PartialString);
    expect(root.refs).toEqual([
      { address: 'data.aws_partition.current', attribute: 'partition' },
      { address: 'data.aws_caller_identity.current', attribute: 'account_id' },
    ]);
    expect(root.present).toBe(true);
    expect(root.template).toBe('arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root');

    const result = load({
      'main.tf': `
data "aws_caller_identity" "this" {}
data "aws_region" "home" {
  region = "eu-west-1"
}
data "aws_region" "current" {}

resource "aws_sns_topic" "t" {
  name = "audit-\${data.aws_caller_identity.this.account_id}-\${data.aws_region.home.name}"
  tags = {
    Region = data.aws_region.current.name
  }
}
`,
    });
    const topic = byAddress(result, 'aws_sns_topic.t').values;
    expect((topic['name'] as PartialString).parts.map(String)).toEqual(['audit-', '(unknown: known after apply)', '-eu-west-1']);
    // Whatever the data source is called, the template names the account the way policy analysis knows it.
    expect((topic['name'] as PartialString).template).toBe('audit-${data.aws_caller_identity.current.account_id}-eu-west-1');
    expect((topic['tags'] as Record<string, Unknown>)['Region']!.template).toBe('${data.aws_region.current.name}');
  });

  it('gives no account template to data sources of another provider configuration', () => {
    const result = load({
      'main.tf': `
data "aws_caller_identity" "audit" {
  provider = aws.audit
}

module "logs" {
  source    = "./logs"
  providers = { aws = aws.log_archive }
}

resource "aws_sns_topic" "t" {
  name = "audit-\${data.aws_caller_identity.audit.account_id}"
}
`,
      'logs/main.tf': `
data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "t" {
  name = "logs-\${data.aws_caller_identity.current.account_id}"
}
`,
    });
    // Another account, perhaps: the analysis must not substitute the stack's own account.
    expect((byAddress(result, 'aws_sns_topic.t').values['name'] as PartialString).template).toBe('audit-${data.aws_caller_identity.audit.account_id}');
    expect((byAddress(result, 'module.logs.aws_sns_topic.t').values['name'] as PartialString).template).toBe('logs-${module.logs.data.aws_caller_identity.current.account_id}');
  });

  it('reads path.module relative to the root module, and never reads files', () => {
    const result = load({
      'live/main.tf': 'module "trail" {\n  source = "./modules/trail"\n}\n',
      'live/modules/trail/main.tf': `
resource "aws_iam_policy" "trail" {
  name        = "trail"
  description = "\${path.module}/policy.json"
  policy      = file("\${path.module}/policy.json")
}
`,
    });
    const values = byAddress(result, 'module.trail.aws_iam_policy.trail').values;
    expect(values['description']).toBe('modules/trail/policy.json');
    expect(values['policy']).toBeInstanceOf(Unknown);
  });
});
