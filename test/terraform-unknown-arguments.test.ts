// A misspelt argument in `.tf` sources (`enable_loging`), which Terraform rejects, is said at its line
// with the likely name, instead of being read as not set; the names come from the AWS provider's schema
// (engine/adapters/terraform/aws-arguments.ts, test/tools/terraform-arguments.mjs).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';
import { AWS_NESTED_BLOCK_ARGUMENTS, AWS_RESOURCE_ARGUMENTS } from '../engine/adapters/terraform/aws-arguments.js';
import { TF_RESOURCE_ADAPTERS } from '../engine/adapters/terraform/resources.js';

const rules = builtinRules();

function scanTree(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'trailguard-tf-args-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return scan({ paths: [root], rules, root, toolVersion: 'test' });
}

const TRAIL = `resource "aws_cloudtrail" "org" {
  name                  = "org"
  s3_bucket_name        = "logs"
  is_multi_region_trial = true
  enable_loging         = true
  Enable_Log_File_Validation = true
  region                = "eu-west-1"
  depends_on            = []
  lifecycle {
    prevent_destroy = true
  }
  event_selector {
    read_write_type = "All"
  }
}
`;

describe('unknown arguments in .tf sources', () => {
  it('are warnings at their lines, with the likely name; meta-arguments, region and blocks are not', () => {
    const r = scanTree({ 'main.tf': TRAIL });
    const warnings = r.diagnostics.filter((d) => d.code === 'unknown-argument');
    expect(warnings.map((d) => [d.range?.start.line, d.message])).toEqual([
      [4, "aws_cloudtrail has no argument or block 'is_multi_region_trial' in AWS provider 5.100.0 (did you mean 'is_multi_region_trail'?); Terraform rejects it and trailguard ignores it"],
      [5, "aws_cloudtrail has no argument or block 'enable_loging' in AWS provider 5.100.0 (did you mean 'enable_logging'?); Terraform rejects it and trailguard ignores it"],
      [6, "aws_cloudtrail has no argument or block 'Enable_Log_File_Validation' in AWS provider 5.100.0 (did you mean 'enable_log_file_validation'?); Terraform rejects it and trailguard ignores it"],
    ]);
    // The misspelt argument is still read as not set: the finding stands, now explained.
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-multi-region')).toBe(true);
  });

  it('include those of nested blocks, block by block and at every depth', () => {
    const r = scanTree({
      'main.tf': `resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = "logs"
  event_selector {
    read_write_typ            = "All"
    include_management_events = true
    data_resource {
      type   = "AWS::S3::Object"
      valuez = ["arn:aws:s3"]
    }
  }
  event_selector {
    read_write_type = "WriteOnly"
  }
  tags = { anything_goes = "tags are an attribute, not a block" }
}
`,
    });
    expect(r.diagnostics.filter((d) => d.code === 'unknown-argument').map((d) => [d.range?.start.line, d.range?.start.column, d.message])).toEqual([
      [5, 5, "aws_cloudtrail event_selector has no argument or block 'read_write_typ' in AWS provider 5.100.0 (did you mean 'read_write_type'?); Terraform rejects it and trailguard ignores it"],
      [9, 7, "aws_cloudtrail event_selector.data_resource has no argument or block 'valuez' in AWS provider 5.100.0 (did you mean 'values'?); Terraform rejects it and trailguard ignores it"],
    ]);
  });

  it('are said once per line, not once per instance of a module called many times', () => {
    const r = scanTree({
      'main.tf': 'module "a" {\n  source = "./trail"\n}\nmodule "b" {\n  source = "./trail"\n}\n',
      'trail/main.tf': TRAIL,
    });
    expect(r.diagnostics.filter((d) => d.code === 'unknown-argument')).toHaveLength(3);
  });

  it('include resource types the AWS provider does not have, with the likely name; other providers are not judged', () => {
    const r = scanTree({
      'main.tf': 'resource "aws_cloudtrial" "org" {\n  name = "org"\n}\nresource "aws_made_up_thing" "x" {}\nresource "aws_sqs_queue" "q" {}\nresource "google_storage_bucket" "g" {}\n',
    });
    expect(r.diagnostics.filter((d) => d.code === 'unknown-resource-type').map((d) => [d.range?.start.line, d.message])).toEqual([
      [1, "aws_cloudtrial is not a resource type of AWS provider 5.100.0 (did you mean 'aws_cloudtrail'?); Terraform rejects it and trailguard does not judge it"],
      [4, 'aws_made_up_thing is not a resource type of AWS provider 5.100.0; Terraform rejects it and trailguard does not judge it'],
    ]);
  });

  it('end a scan of nothing else with "Nothing was judged", naming why, not "no configuration found"', () => {
    const r = scanTree({ 'main.tf': 'resource "aws_cloudtrial" "org" {\n  name = "org"\n}\n' });
    const last = r.diagnostics.find((d) => d.code === 'nothing-judged');
    expect(last?.message).toMatch(/^Nothing was judged: the resources found in .* could not be read \(see the warnings above\)\.$/);
  });

  it('cover every resource type the Terraform mappings read', () => {
    expect(Object.keys(AWS_RESOURCE_ARGUMENTS).sort()).toEqual(Object.keys(TF_RESOURCE_ADAPTERS).sort());
    expect(AWS_NESTED_BLOCK_ARGUMENTS['aws_cloudtrail event_selector.data_resource']).toEqual(['type', 'values']);
    expect(AWS_RESOURCE_ARGUMENTS['aws_cloudtrail']).toEqual(expect.arrayContaining(['enable_logging', 'is_multi_region_trail', 'event_selector', 'advanced_event_selector']));
  });
});
