import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';
import { attributeName, awsccCloudFormationType, awsccTypeName, awsccTypes, cloudFormationView, propertyName } from '../../engine/adapters/terraform/awscc.js';
import { unjudgedEffect } from '../../engine/adapters/unmodelled.js';
import { renderText } from '../../engine/report/text.js';
import { Unknown } from '../../core/unknown.js';

/**
 * hashicorp/awscc resources are read by the CloudFormation mappings of their
 * types (engine/adapters/terraform/awscc.ts), and types of judged services
 * that nothing reads are noted (engine/adapters/unmodelled.ts).
 */
const rules = builtinRules();
const dir = mkdtempSync(join(tmpdir(), 'trailguard-awscc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scanFiles(name: string, files: Record<string, string>) {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return scan({ paths: [root], rules, root, toolVersion: 'test' });
}

const active = (r: ReturnType<typeof scan>, id: string) => r.findings.filter((f) => f.ruleId === id && !f.suppressed);

describe('CloudFormation property names as awscc attribute names', () => {
  it.each([
    ['TrailName', 'trail_name'],
    ['IsMultiRegionTrail', 'is_multi_region_trail'],
    ['KMSKeyId', 'kms_key_id'],
    ['KmsKeyId', 'kms_key_id'],
    ['S3BucketName', 's3_bucket_name'],
    ['SSEAlgorithm', 'sse_algorithm'],
    ['KMSMasterKeyID', 'kms_master_key_id'],
    ['ServerSideEncryptionByDefault', 'server_side_encryption_by_default'],
    ['PublicAccessBlockConfiguration', 'public_access_block_configuration'],
    ['RetentionInDays', 'retention_in_days'],
    ['Ipv6CidrBlock', 'ipv_6_cidr_block'],
  ])('%s → %s', (property, attribute) => {
    expect(attributeName(property)).toBe(attribute);
  });

  it('follows the generator where a mechanical snake_case would not: CloudWatch is one word', () => {
    expect(attributeName('CloudWatchLogsLogGroupArn')).toBe('cloudwatch_logs_log_group_arn');
    expect(attributeName('CloudWatchLogsRoleArn')).toBe('cloudwatch_logs_role_arn');
  });

  it('lists keys in a form that maps back to the same attribute', () => {
    for (const a of ['s3_bucket_name', 'read_write_type', 'cloudwatch_logs_role_arn', 'kms_key_id']) expect(attributeName(propertyName(a))).toBe(a);
    expect(propertyName('__proto__')).toBe('__proto__');
  });

  it('names awscc types after CloudFormation types', () => {
    expect(awsccTypeName('AWS::CloudTrail::Trail')).toBe('awscc_cloudtrail_trail');
    expect(awsccTypeName('AWS::CloudTrail::EventDataStore')).toBe('awscc_cloudtrail_event_data_store');
    expect(awsccTypeName('AWS::CloudWatch::Alarm')).toBe('awscc_cloudwatch_alarm');
    expect(awsccTypeName('AWS::SecurityHub::Hub')).toBe('awscc_securityhub_hub');
    expect(awsccTypeName('AWS::Logs::MetricFilter')).toBe('awscc_logs_metric_filter');
    expect(awsccTypeName('Custom::Thing')).toBeUndefined();
    for (const t of [
      'awscc_cloudtrail_trail', 'awscc_cloudtrail_event_data_store', 'awscc_s3_bucket', 'awscc_s3_bucket_policy', 'awscc_kms_key',
      'awscc_logs_log_group', 'awscc_logs_metric_filter', 'awscc_cloudwatch_alarm', 'awscc_sns_topic', 'awscc_sns_topic_policy',
      'awscc_organizations_policy', 'awscc_config_config_rule', 'awscc_securityhub_hub', 'awscc_securityhub_standard',
    ]) expect(awsccTypes(), t).toContain(t);
    expect(awsccCloudFormationType('awscc_kms_key')).toBe('AWS::KMS::Key');
  });

  it('treats hostile type and attribute names as names', () => {
    expect(awsccCloudFormationType('awscc___proto__')).toBeUndefined();
    expect(awsccCloudFormationType('awscc_constructor')).toBeUndefined();
    const view = cloudFormationView(JSON.parse('{"__proto__": {"x": 1}, "read_write_type": "All"}')) as Record<string, unknown>;
    expect(view['ReadWriteType']).toBe('All');
    expect(view['Constructor']).toBeUndefined();
    expect(view['constructor']).toBeUndefined();
    expect(view['toString']).toBeUndefined();
    expect(Object.getPrototypeOf(view)).toBeNull();
    const u = new Unknown('known after apply');
    expect(cloudFormationView(u)).toBe(u);
  });
});

describe('awscc resources in a scan', () => {
  it('reads the trail of the silent pass that started this', () => {
    const r = scanFiles('silent', {
      'main.tf': 'resource "awscc_cloudtrail_trail" "t" {\n  trail_name     = "t"\n  s3_bucket_name = "b"\n  is_logging     = false\n}\n',
    });
    const logging = active(r, 'cloudtrail-logging-enabled');
    expect(logging.map((f) => [f.location.file, f.location.start.line, f.resource?.address])).toEqual([['main.tf', 4, 'awscc_cloudtrail_trail.t']]);
    expect(active(r, 'cloudtrail-multi-region')).toHaveLength(1);
  });

  it('links by reference and judges the linked key, bucket and log group', () => {
    const r = scanFiles('links', {
      'main.tf': `
resource "awscc_cloudtrail_trail" "t" {
  trail_name                    = "t"
  s3_bucket_name                = awscc_s3_bucket.b.id
  kms_key_id                    = awscc_kms_key.k.arn
  cloudwatch_logs_log_group_arn = awscc_logs_log_group.g.arn
  cloudwatch_logs_role_arn      = "arn:aws:iam::111122223333:role/trail-logs"
  is_logging                    = true
  is_multi_region_trail         = true
}
resource "awscc_s3_bucket" "b" {
  bucket_name = "trail-logs"
  versioning_configuration = { status = "Suspended" }
}
resource "awscc_kms_key" "k" {
  enable_key_rotation = false
}
resource "awscc_logs_log_group" "g" {
  log_group_name    = "trail"
  retention_in_days = 30
}
`,
    });
    const trail = r.graph.resources.find((x) => x.address === 'awscc_cloudtrail_trail.t')!;
    expect(Object.fromEntries(Object.entries(trail.edges).map(([k, e]) => [k, e.status === 'resolved' ? e.target.address : e.status]))).toMatchObject({
      bucket: 'awscc_s3_bucket.b',
      key: 'awscc_kms_key.k',
      logGroup: 'awscc_logs_log_group.g',
    });
    expect(active(r, 'cloudtrail-bucket-versioning').map((f) => f.location.start.line)).toEqual([13]);
    expect(active(r, 'cloudtrail-key-rotation').map((f) => f.location.start.line)).toEqual([16]);
    expect(active(r, 'cloudtrail-log-group-retention').map((f) => f.location.start.line)).toEqual([20]);
  });

  it('merges an awscc bucket policy into its bucket by name and judges the JSON string', () => {
    const r = scanFiles('bucket-policy', {
      'main.tf': `
resource "awscc_cloudtrail_trail" "t" {
  trail_name     = "t"
  s3_bucket_name = "trail-logs"
  is_logging     = true
}
resource "awscc_s3_bucket" "b" {
  bucket_name = "trail-logs"
}
resource "awscc_s3_bucket_policy" "p" {
  bucket = "trail-logs"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-logs/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
`,
    });
    expect(active(r, 'cloudtrail-bucket-tls-only')).toEqual([]);
    expect(r.undetermined.filter((u) => u.ruleId === 'cloudtrail-bucket-tls-only')).toEqual([]);
  });

  it('keeps Terraform unknowns undetermined', () => {
    const r = scanFiles('unknown', {
      'main.tf': `
variable "validation" { type = bool }
resource "awscc_cloudtrail_trail" "t" {
  trail_name                 = "t"
  s3_bucket_name             = "b"
  is_logging                 = true
  enable_log_file_validation = var.validation
}
`,
    });
    expect(active(r, 'cloudtrail-log-file-validation')).toEqual([]);
    expect(r.undetermined.filter((u) => u.ruleId === 'cloudtrail-log-file-validation')).toHaveLength(1);
  });

  it('places findings of an awscc plan scanned with its sources on the .tf lines', () => {
    const plan = readFileSync(join(rulesDir(), 'cloudtrail-multi-region/cases/fail-awscc.plan.json'), 'utf8');
    const r = scanFiles('plan-with-sources', {
      'plan.json': plan,
      'main.tf': `
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "regional-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = false
}
`,
    });
    expect(active(r, 'cloudtrail-multi-region').map((f) => `${f.location.file}:${f.location.start.line}`)).toEqual(['main.tf:6']);
  });

  it('reads nested arguments an awscc plan shows as unknown because the configuration leaves them out as unset', () => {
    // Each field selector's other operators (ends_with, not_equals…) are in after_unknown: the constant leaves them out.
    const plan = readFileSync(join(rulesDir(), 'cloudtrail-data-events-s3/cases/pass-awscc-advanced.plan.json'), 'utf8');
    const r = scanFiles('plan-nested', { 'plan.json': plan });
    const selectorRules = ['cloudtrail-data-events-s3', 'cloudtrail-management-events', 'cloudtrail-event-selectors-valid'];
    expect(r.undetermined.filter((u) => selectorRules.includes(u.ruleId))).toEqual([]);
    expect(r.findings.filter((f) => selectorRules.includes(f.ruleId))).toEqual([]);
    // A nested value the configuration computes (a reference) stays unknown.
    const doc = JSON.parse(plan) as { configuration: { root_module: { resources: { expressions: Record<string, unknown> }[] } } };
    doc.configuration.root_module.resources[0]!.expressions['advanced_event_selectors'] = { references: ['local.selectors'] };
    const u = scanFiles('plan-nested-reference', { 'plan.json': JSON.stringify(doc) });
    expect(u.undetermined.filter((x) => selectorRules.includes(x.ruleId)).length).toBeGreaterThan(0);
  });

  it('reads an attribute named constructor, and a type named awscc___proto__, as names', () => {
    const r = scanFiles('hostile', {
      'main.tf': `
resource "awscc___proto__" "x" {
  constructor = { __proto__ = 1 }
}
resource "awscc_cloudtrail_trail" "t" {
  trail_name     = "t"
  s3_bucket_name = "b"
  is_logging     = true
  constructor    = { toString = 1 }
  event_selectors = [{ read_write_type = "All", __proto__ = { polluted = true } }]
}
`,
    });
    expect(r.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(r.graph.resources.map((x) => x.address)).toContain('awscc_cloudtrail_trail.t');
    expect(active(r, 'cloudtrail-multi-region')).toHaveLength(1);
  });
});

describe('types of judged services that nothing reads', () => {
  it('names the service a type belongs to, for the AWS providers and CloudFormation only', () => {
    expect(unjudgedEffect('AWS::CloudTrail::Channel')).toMatch(/CloudTrail/);
    expect(unjudgedEffect('aws_cloudtrail_organization_delegated_admin_account')).toMatch(/CloudTrail/);
    expect(unjudgedEffect('awscc_kms_replica_key')).toMatch(/KMS/);
    expect(unjudgedEffect('google_kms_key_ring')).toBeUndefined();
    expect(unjudgedEffect('aws_instance')).toBeUndefined();
    expect(unjudgedEffect('aws_cloudwatch_log_stream')).toBeUndefined();
  });

  it('notes each such type once, and says on the last line when they are all the scan holds', () => {
    const r = scanFiles('unmodelled-only', {
      'main.tf': `
resource "aws_cloudtrail_organization_delegated_admin_account" "a" {
  account_id = "111122223333"
}
resource "aws_cloudtrail_organization_delegated_admin_account" "b" {
  account_id = "444455556666"
}
resource "awscc_cloudtrail_channel" "c" {
  name = "c"
}
resource "aws_instance" "i" {}
`,
      'stack.yaml': 'Resources:\n  Channel:\n    Type: AWS::CloudTrail::Channel\n    Properties:\n      Name: c\n',
    });
    const notes = r.diagnostics.filter((d) => d.code === 'unmodelled-type');
    expect(notes.map((d) => `${d.file}:${d.range?.start.line} ${d.message.split(' ')[0]}`).sort()).toEqual([
      'main.tf:2 aws_cloudtrail_organization_delegated_admin_account',
      'main.tf:8 awscc_cloudtrail_channel',
      'stack.yaml:2 AWS::CloudTrail::Channel',
    ]);
    expect(notes.every((d) => d.level === 'note' && /is not modelled by trailguard: its effect on CloudTrail .* is not judged/.test(d.message))).toBe(true);
    const text = renderText(r, { color: false, root: r.root });
    const last = text.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^Nothing was judged: the only CloudTrail-related resources in the scan are of types trailguard does not model \(/);
    expect(text).not.toContain('Every check could be judged');
  });

  it('keeps the usual last line when the scan also holds resources it judges', () => {
    const r = scanFiles('unmodelled-beside', {
      'main.tf': `
resource "awscc_cloudtrail_channel" "c" {
  name = "c"
}
resource "awscc_cloudtrail_trail" "t" {
  trail_name            = "t"
  s3_bucket_name        = "b"
  is_logging            = true
  is_multi_region_trail = true
}
`,
    });
    expect(r.diagnostics.filter((d) => d.code === 'unmodelled-type')).toHaveLength(1);
    expect(r.diagnostics.some((d) => d.code === 'only-unmodelled-types')).toBe(false);
    expect(renderText(r, { color: false, root: r.root })).not.toContain('Nothing was judged');
  });
});
