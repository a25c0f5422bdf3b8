// count, for_each and dynamic blocks: known values expand into instances and
// blocks; unknown ones are checked once as written.

import { describe, expect, it } from 'vitest';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { at, byAddress, describeDiagnostics, load, loadFixture } from './helpers.js';

describe('count and for_each on resources', () => {
  it('expands a known count, binds count.index, and gives no instance for count = 0', () => {
    const result = load({
      'main.tf': `
variable "enabled" {
  type    = bool
  default = true
}

variable "legacy_enabled" {
  type    = bool
  default = "false"
}

resource "aws_cloudtrail" "this" {
  count          = var.enabled ? 1 : 0
  name           = "org"
  s3_bucket_name = "logs"
}

resource "aws_cloudtrail" "legacy" {
  count          = var.legacy_enabled ? 1 : 0
  name           = "legacy"
  s3_bucket_name = "logs"
}

resource "aws_s3_bucket" "replica" {
  count  = 3
  bucket = "acme-replica-\${count.index}"
}
`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.resources.map((r) => [r.address, r.index])).toEqual([
      ['aws_cloudtrail.this[0]', 0],
      ['aws_s3_bucket.replica[0]', 0],
      ['aws_s3_bucket.replica[1]', 1],
      ['aws_s3_bucket.replica[2]', 2],
    ]);
    expect(byAddress(result, 'aws_s3_bucket.replica[2]').values['bucket']).toBe('acme-replica-2');
  });

  it('expands for_each over a map and over a set, binding each.key and each.value', () => {
    const fixture = loadFixture(['sandbox']);
    const legacy = byAddress(fixture, 'aws_cloudtrail.sandbox["legacy"]');
    expect(legacy.index).toBe('legacy');
    // multi_region = "false" in the variable's default, converted by its object type.
    expect(legacy.values).toMatchObject({ name: 'sandbox-legacy', is_multi_region_trail: false, s3_bucket_name: 'acme-sandbox-legacy' });

    const result = load({
      'main.tf': `
resource "aws_cloudwatch_log_group" "service" {
  for_each          = toset(["vpc-flow", "cloudtrail", "vpc-flow"])
  name              = "/aws/\${each.key}"
  retention_in_days = each.value == "cloudtrail" ? 2557 : 90
}
`,
    });
    expect(result.resources.map((r) => [r.address, r.values['name'], r.values['retention_in_days']])).toEqual([
      ['aws_cloudwatch_log_group.service["cloudtrail"]', '/aws/cloudtrail', 2557],
      ['aws_cloudwatch_log_group.service["vpc-flow"]', '/aws/vpc-flow', 90],
    ]);
  });

  it('checks a block with an unknown count or for_each once, without an index, and says so', () => {
    const fixture = loadFixture(['sandbox']);
    const optional = byAddress(fixture, 'aws_cloudtrail.optional');
    expect(optional.index).toBeUndefined();
    expect(optional.values).toEqual({ name: 'sandbox-optional', s3_bucket_name: 'acme-sandbox-trail' });
    expect(describeDiagnostics(fixture.diagnostics)).toEqual([
      // Loaded without org-audit, the log-group module it calls is not in the scan.
      'warning module-not-found sandbox/main.tf:70: module "extra_log_groups" (source "../org-audit/modules/log-group"): no .tf files at org-audit/modules/log-group; the checks its resources would answer are not judged',
      'note unknown-count sandbox/main.tf:63: aws_cloudtrail.optional: count is known only after apply (depends on a condition known only after apply (variable "create_optional_trail" has no value (no default, not set in a .tfvars file))); checked once as written, without an index',
    ]);

    const result = load({
      'main.tf': `
data "aws_availability_zones" "available" {}

resource "aws_s3_bucket" "per_zone" {
  for_each = toset(data.aws_availability_zones.available.names)
  bucket   = "acme-\${each.key}"
}

resource "aws_kms_key" "zone" {
  count       = length(data.aws_availability_zones.available.names)
  description = "zone \${count.index}"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
  kms_key_id     = aws_kms_key.zone[0].arn
}
`,
    });
    expect(result.resources.map((r) => r.address)).toEqual(['data.aws_availability_zones.available', 'aws_s3_bucket.per_zone', 'aws_kms_key.zone', 'aws_cloudtrail.main']);
    expect(describeDiagnostics(result.diagnostics).map((d) => d.split(':')[0])).toEqual(['note unknown-for-each main.tf', 'note unknown-count main.tf']);
    expect(isUnknown(byAddress(result, 'aws_s3_bucket.per_zone').values['bucket'])).toBe(true);
    // The key may not exist at all: the reference is to the resource as checked, and not certain.
    expect(byAddress(result, 'aws_cloudtrail.main').values['kms_key_id']).toEqual(
      new Unknown('the instances of aws_kms_key.zone are known only after apply', [{ address: 'aws_kms_key.zone', attribute: 'arn' }], false),
    );
  });

  it('refers to counted instances by their instance address', () => {
    const result = load({
      'main.tf': `
resource "aws_kms_key" "trail" {
  count = 1
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
  kms_key_id     = aws_kms_key.trail[0].arn
  sns_topic_name = one(aws_kms_key.trail[*].key_id)
}
`,
    });
    expect(byAddress(result, 'aws_cloudtrail.main').values).toMatchObject({
      kms_key_id: new Unknown('known after apply', [{ address: 'aws_kms_key.trail[0]', attribute: 'arn' }], true),
      sns_topic_name: new Unknown('known after apply', [{ address: 'aws_kms_key.trail[0]', attribute: 'key_id' }], true),
    });
  });

  it('reports a count Terraform would reject and still checks the block once', () => {
    const result = load({
      'main.tf': 'resource "aws_cloudtrail" "main" {\n  count          = -1\n  name           = "main"\n  s3_bucket_name = "logs"\n}\n',
    });
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main']);
    expect(describeDiagnostics(result.diagnostics)).toEqual(['warning invalid-count main.tf:2: aws_cloudtrail.main: count must not be negative, got -1; checked once as written']);
  });
});

describe('dynamic blocks', () => {
  const fixture = loadFixture(['org-audit']);

  it('expands nested dynamic blocks over a list of objects, with a renamed iterator', () => {
    const trail = byAddress(fixture, 'module.audit.aws_cloudtrail.this[0]');
    expect(trail.values['event_selector']).toEqual([
      {
        read_write_type: 'All',
        include_management_events: true,
        exclude_management_event_sources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'],
        data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
      },
      {
        read_write_type: 'WriteOnly',
        include_management_events: false,
        exclude_management_event_sources: null,
        data_resource: [{ type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] }],
      },
    ]);
    // An empty collection generates no block; over toset() the iterator's value is the element.
    expect(trail.values['advanced_event_selector']).toEqual([]);
    expect(trail.values['insight_selector']).toEqual([{ insight_type: 'ApiCallRateInsight' }, { insight_type: 'ApiErrorRateInsight' }]);
  });

  it('points generated blocks at the content of their dynamic block', () => {
    const trail = byAddress(fixture, 'module.audit.aws_cloudtrail.this[0]');
    const file = 'org-audit/modules/cloudtrail/main.tf';
    expect(at(trail.locate(['event_selector']))).toBe(`${file}:33:3-50:4`);
    expect(at(trail.locate(['event_selector', 1]))).toBe(`${file}:33:3-50:4`);
    expect(at(trail.locate(['event_selector', 1, 'read_write_type']))).toBe(`${file}:38:7-38:72`);
    expect(at(trail.locate(['event_selector', 1, 'data_resource', 0, 'values']))).toBe(`${file}:46:11-46:46`);
    expect(at(trail.locate(['advanced_event_selector']))).toBe(`${file}:52:3-66:4`);
    expect(trail.locate(['advanced_event_selector', 0])).toBeUndefined();
    expect(trail.locate(['event_selector', 2])).toBeUndefined();
  });

  it('expands a map, and a mix of static and dynamic blocks in source order', () => {
    const result = load({
      'main.tf': `
variable "buckets" {
  default = {
    "acme-logs"  = "WriteOnly"
    "acme-assets" = "ReadOnly"
  }
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"

  event_selector {
    read_write_type = "All"
  }

  dynamic "event_selector" {
    for_each = var.buckets
    content {
      read_write_type = event_selector.value
      data_resource {
        type   = "AWS::S3::Object"
        values = ["arn:aws:s3:::\${event_selector.key}/"]
      }
    }
  }
}
`,
    });
    expect(byAddress(result, 'aws_cloudtrail.main').values['event_selector']).toEqual([
      { read_write_type: 'All' },
      { read_write_type: 'ReadOnly', data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::acme-assets/'] }] },
      { read_write_type: 'WriteOnly', data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::acme-logs/'] }] },
    ]);
  });

  it('makes a single block with unknown values of a dynamic block over an unknown collection', () => {
    const result = load({
      'main.tf': `
variable "selectors" {
  type = list(object({ read_write_type = string, data_types = list(string) }))
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"

  dynamic "event_selector" {
    for_each = var.selectors
    content {
      read_write_type           = event_selector.value.read_write_type
      include_management_events = true

      dynamic "data_resource" {
        for_each = event_selector.value.data_types
        content {
          type   = data_resource.value
          values = ["arn:aws:s3"]
        }
      }
    }
  }
}
`,
    });
    const selectors = byAddress(result, 'aws_cloudtrail.main').values['event_selector'] as Record<string, unknown>[];
    expect(selectors).toHaveLength(1);
    expect(isUnknown(selectors[0]!['read_write_type'])).toBe(true);
    expect(selectors[0]!['include_management_events']).toBe(true);
    const dataResources = selectors[0]!['data_resource'] as Record<string, unknown>[];
    expect(dataResources).toHaveLength(1);
    expect(isUnknown(dataResources[0]!['type'])).toBe(true);
    expect(dataResources[0]!['values']).toEqual(['arn:aws:s3']);
    expect(result.diagnostics).toEqual([]);
  });
});
