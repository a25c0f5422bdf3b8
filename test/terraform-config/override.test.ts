// Override files are merged into their module as Terraform merges them, so
// what is checked is the configuration Terraform would apply.

import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../parsers/terraform/hcl/index.js';
import { mergeBlock, RESOURCE_MERGED_BLOCKS } from '../../parsers/terraform/config/override.js';
import { at, byAddress, describeDiagnostics, load } from './helpers.js';

const main = `variable "region_count" { default = 1 }

locals { bucket = "acme-logs" }

resource "aws_cloudtrail" "t" {
  name                  = "t"
  s3_bucket_name        = local.bucket
  is_multi_region_trail = true
  enable_logging        = true

  event_selector {
    read_write_type = "All"
  }
  event_selector {
    read_write_type = "WriteOnly"
  }
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags]
  }
}

output "name" { value = aws_cloudtrail.t.name }
`;

describe('override files', () => {
  it('replace arguments one by one and nested blocks by type, and point at the override', () => {
    const result = load({
      'main.tf': main,
      'override.tf': `resource "aws_cloudtrail" "t" {
  is_multi_region_trail = false
  event_selector {
    read_write_type = "ReadOnly"
  }
}
`,
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    const t = byAddress(result, 'aws_cloudtrail.t');
    expect(t.values['is_multi_region_trail']).toBe(false);
    expect(t.values['enable_logging']).toBe(true);
    expect(t.values['s3_bucket_name']).toBe('acme-logs');
    expect(t.values['event_selector']).toEqual([{ read_write_type: 'ReadOnly' }]);
    expect(at(t.locate(['is_multi_region_trail']))).toBe('override.tf:2:3-2:32');
    expect(at(t.locate(['enable_logging']))).toBe('main.tf:9:3-9:31');
    // The resource is still declared where it was.
    expect(at(t.range)).toMatch(/^main\.tf:5:1-/);
  });

  it('apply in name order after every other file, .tf.json forms and locals included', () => {
    const result = load({
      'main.tf': main,
      'a_override.tf.json': JSON.stringify({ locals: { bucket: 'from-json' }, resource: { aws_cloudtrail: { t: { name: 'json' } } } }),
      'b_override.tf': 'resource "aws_cloudtrail" "t" {\n  name = "hcl"\n}\n',
      'z.tf': 'resource "aws_sns_topic" "s" { name = local.bucket }\n',
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    expect(byAddress(result, 'aws_cloudtrail.t').values['name']).toBe('hcl');
    expect(byAddress(result, 'aws_cloudtrail.t').values['s3_bucket_name']).toBe('from-json');
    expect(byAddress(result, 'aws_sns_topic.s').values['name']).toBe('from-json');
  });

  it('override variables, outputs and module calls, and warn about a block that overrides nothing', () => {
    const result = load({
      'main.tf': `${main}module "m" {\n  source = "./m"\n  name   = "a"\n}\n`,
      'm/main.tf': 'variable "name" {}\nresource "aws_sns_topic" "x" { name = var.name }\n',
      'override.tf': `variable "region_count" { default = 3 }
module "m" { name = "b" }
resource "aws_cloudtrail" "other" { name = "x" }
resource "aws_cloudtrail" "t" { count = var.region_count }
`,
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning override-without-original override.tf:3: aws_cloudtrail.other in an override file overrides nothing: no other file of this module declares it; it is ignored',
    ]);
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.t[0]', 'aws_cloudtrail.t[1]', 'aws_cloudtrail.t[2]', 'module.m.aws_sns_topic.x']);
    expect(byAddress(result, 'module.m.aws_sns_topic.x').values['name']).toBe('b');
  });

  it('keep the suppressions of the original and of the override', () => {
    const result = load({
      'main.tf': main.replace('resource "aws_cloudtrail"', '# trailguard:ignore cloudtrail-kms-encryption key elsewhere\nresource "aws_cloudtrail"'),
      'override.tf': '# trailguard:ignore cloudtrail-insights not here\nresource "aws_cloudtrail" "t" {\n  lifecycle {\n    prevent_destroy = false\n  }\n}\n',
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    const t = byAddress(result, 'aws_cloudtrail.t');
    expect(t.suppressions?.map((s) => [s.ruleId, s.range?.file])).toEqual([
      ['cloudtrail-kms-encryption', 'main.tf'],
      ['cloudtrail-insights', 'override.tf'],
    ]);
  });
});

describe('mergeBlock', () => {
  it('merges a resource lifecycle argument by argument, and replaces a dynamic block type with static blocks', () => {
    const original = parseHcl(main.replace('  event_selector {\n    read_write_type = "All"\n  }', '  dynamic "event_selector" {\n    for_each = []\n    content {}\n  }'), 'main.tf').body.blocks[2]!;
    const override = parseHcl('resource "aws_cloudtrail" "t" {\n  lifecycle {\n    prevent_destroy = false\n  }\n  event_selector {}\n}\n', 'override.tf').body.blocks[0]!;
    const merged = mergeBlock(original, override, RESOURCE_MERGED_BLOCKS);
    const lifecycle = merged.body.blocks.filter((b) => b.type === 'lifecycle');
    expect(lifecycle).toHaveLength(1);
    expect(lifecycle[0]!.body.attributes.map((a) => `${a.name}@${a.range.file}`)).toEqual(['prevent_destroy@override.tf', 'ignore_changes@main.tf']);
    expect(merged.body.blocks.map((b) => `${b.type}@${b.range.file}`)).toEqual(['lifecycle@main.tf', 'event_selector@override.tf']);
    // Without the resource rule a nested block replaces the original's whole.
    expect(mergeBlock(original, override).body.blocks.find((b) => b.type === 'lifecycle')!.body.attributes.map((a) => a.name)).toEqual(['prevent_destroy']);
  });
});
