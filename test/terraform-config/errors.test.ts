// Bad input: every problem is a diagnostic with file and line, the rest of the
// scan goes on, and nothing crashes or hangs.

import { describe, expect, it } from 'vitest';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { MAX_INSTANCES_IN_FULL } from '../../parsers/terraform/config/index.js';
import { at, byAddress, describeDiagnostics, load } from './helpers.js';

const trail = (name: string, extra = ''): string => `resource "aws_cloudtrail" "${name}" {\n  name           = "${name}"\n  s3_bucket_name = "logs"\n${extra}}\n`;

describe('bad input', () => {
  it('reports a file that does not parse with its line and column, and loads the others', () => {
    const result = load({
      'infra/main.tf': trail('main'),
      'infra/broken.tf': 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n  tags = {\n    Team = "security"\n}\n',
      'infra/variables.tf': 'variable "x" {\n  default = "a" "b"\n}\n',
      'other/main.tf': trail('other'),
    });
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main', 'aws_cloudtrail.other']);
    expect(result.diagnostics.map((d) => [d.level, d.code, at(d.range)])).toEqual([
      ['error', 'parse-error', 'infra/broken.tf:1:33-1:34'],
      ['error', 'parse-error', 'infra/variables.tf:2:17-2:18'],
    ]);
    expect(result.diagnostics[0]!.message).toMatch(/^Unclosed block 'resource "aws_s3_bucket" "logs"'/);
    expect(result.diagnostics[0]!.file).toBe('infra/broken.tf');
  });

  it('reports a reference cycle between locals with its path, and makes the values unknown', () => {
    const result = load({
      'main.tf': `locals {
  prefix = "\${local.name}-trail"
  name   = "\${local.prefix}-x"
}

${trail('main', '  sns_topic_name = local.name\n')}`,
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning reference-cycle main.tf:3: Reference cycle: local.name → local.prefix → local.name; these values are treated as unknown',
    ]);
    expect(isUnknown(byAddress(result, 'aws_cloudtrail.main').values['sns_topic_name'])).toBe(true);
  });

  it('reports a cycle through a module input and its output', () => {
    const result = load({
      'main.tf': 'module "trail" {\n  source = "./trail"\n  name   = module.trail.name\n}\n',
      'trail/main.tf': `variable "name" {
  type = string
}

${trail('this', '  sns_topic_name = var.name\n')}
output "name" {
  value = var.name
}
`,
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning reference-cycle trail/main.tf:1: Reference cycle: module.trail.var.name → module.trail.output.name → module.trail.var.name; these values are treated as unknown',
    ]);
    expect(isUnknown(byAddress(result, 'module.trail.aws_cloudtrail.this').values['sns_topic_name'])).toBe(true);
  });

  it('reports a module whose source directory is not in the scan, and leaves its outputs unknown', () => {
    const result = load({
      'live/main.tf': `module "logs" {
  source = "./modules/log-bucket"
}

module "shared" {
  source = "../../../shared"
}

${trail('main', '  kms_key_id = module.logs.key_arn\n')}`,
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning module-not-found live/main.tf:1: module "logs" (source "./modules/log-bucket"): no .tf files at live/modules/log-bucket; the checks its resources would answer are not judged',
      'note module-outside-root live/main.tf:5: module "shared" (source "../../../shared") is outside the repository root (--root); it is not read and the checks its resources would answer are not judged',
    ]);
    expect(byAddress(result, 'aws_cloudtrail.main').values['kms_key_id']).toEqual(
      new Unknown('module output known after apply', [{ address: 'module.logs', attribute: 'key_arn' }], false),
    );
  });

  it('reports expressions Terraform would reject where they are written, and goes on', () => {
    const result = load({
      'main.tf': `locals {
  tags = { Team = "security" }
}

variable "retention" {
  type    = list(number)
  default = ["30", "sixty"]
}

module "trail" {
  source = var.module_path
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = local.tags.Owner
  retention_in_days = var.retention[0]
  tags              = local.tags
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"

  dynamic "event_selector" {
    for_each = ["All"]
  }
}
`,
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning invalid-module-source main.tf:11: module "trail" has no literal source string; it is not followed',
      'warning hcl-evaluation-error main.tf:15: Unsupported attribute: this object does not have an attribute named "Owner"',
      'warning invalid-variable-value main.tf:7: Invalid value for variable "retention": Invalid value: a number is required, got the string "sixty" at [1]',
      'warning invalid-dynamic-block main.tf:24: dynamic "event_selector": needs a for_each argument and a content block',
    ]);
    const logGroup = byAddress(result, 'aws_cloudwatch_log_group.trail').values;
    expect(isUnknown(logGroup['name'])).toBe(true);
    expect(isUnknown(logGroup['retention_in_days'])).toBe(true);
    expect(logGroup['tags']).toEqual({ Team: 'security' });
    expect(byAddress(result, 'aws_cloudtrail.main').values['event_selector']).toEqual([]);
  });

  it('reports duplicate declarations, invalid types and invalid var files', () => {
    const result = load({
      'main.tf': `variable "enabled" {
  type = boolean
}

${trail('main')}`,
      'more.tf': trail('main'),
      'terraform.tfvars': 'enabled = true\nlocals {\n  x = 1\n}\n',
      'prod.auto.tfvars': 'enabled = \n',
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning invalid-variable-type main.tf:2: variable "enabled": Invalid type specification: expected a type such as string, number, bool, list(...), map(...), object({...}); its value is not converted',
      'warning duplicate-declaration more.tf:1: aws_cloudtrail.main is already declared in main.tf; this declaration is ignored',
      'warning invalid-tfvars terraform.tfvars:2: Unexpected block "locals" in a variables file: only name = value assignments are allowed',
      `error parse-error prod.auto.tfvars:1: ${result.diagnostics[3]!.message}`,
    ]);
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main']);
  });

  it('bounds absurd expansions instead of hanging', () => {
    const result = load({
      'main.tf': `resource "aws_s3_bucket" "many" {
  count  = 100000000
  bucket = "b-\${count.index}"
}

resource "aws_cloudtrail" "deep" {
  name           = "deep"
  s3_bucket_name = "logs"

  dynamic "event_selector" {
    for_each = range(1000)
    content {
      read_write_type = "All"
      dynamic "data_resource" {
        for_each = range(1000)
        content {
          type   = "AWS::S3::Object"
          values = ["arn:aws:s3:::b\${data_resource.value}/"]
        }
      }
    }
  }
}

module "self" {
  source = "./"
}
`,
    });
    expect(result.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.many', 'aws_cloudtrail.deep']);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning module-cycle main.tf:25: module "self" calls a module that is already being called (. → .); it is not followed',
      'warning invalid-count main.tf:2: aws_s3_bucket.many: count 100000000 is more than 10000 instances; checked once as written',
      'warning invalid-dynamic-block main.tf:15: dynamic "data_resource": dynamic blocks would generate more than 100000 blocks; the rest are not expanded',
    ]);
  });

  it('expands instances in full up to the budget, then checks each further block once as written, saying so once', () => {
    const topics = Array.from({ length: 11 }, (_, i) => `resource "aws_sns_topic" "t${i}" {\n  count = 10000\n}\n`).join('');
    const result = load({ 'main.tf': topics });
    // t0 fills the budget (its last instance is the one that finds it spent), t1..t10 once each.
    expect(result.resources.filter((r) => r.name === 't0')).toHaveLength(MAX_INSTANCES_IN_FULL);
    for (let i = 1; i <= 10; i++) expect(result.resources.filter((r) => r.name === `t${i}`)).toHaveLength(1);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      `warning too-many-instances main.tf:1: The configuration expands to more than ${MAX_INSTANCES_IN_FULL} module and resource instances; from here on each resource block is checked once as written and each module call in its first instance`,
    ]);
  });

  it('survives a chain of locals deeper than the stack', () => {
    const depth = 20_000;
    const locals = Array.from({ length: depth }, (_, i) => `  l${i} = ${i === 0 ? '"base"' : `local.l${i - 1}`}`).join('\n');
    const result = load({ 'main.tf': `locals {\n${locals}\n}\n${trail('main', `  sns_topic_name = local.l${depth - 1}\n`)}` });
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main']);
    const topic = byAddress(result, 'aws_cloudtrail.main').values['sns_topic_name'];
    // Either the chain was followed to the end or its depth was reported; never a crash.
    if (topic !== 'base') {
      expect(isUnknown(topic)).toBe(true);
      expect(result.diagnostics.length).toBeGreaterThan(0);
    }
  });
});
