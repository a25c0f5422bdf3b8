// Where resources and their attributes are written: `range` and `locate`.

import { describe, expect, it } from 'vitest';
import { at, byAddress, load, loadFixture } from './helpers.js';

const fixture = loadFixture(['org-audit', 'sandbox']);

describe('positions', () => {
  it('gives each resource the range of its block, from the resource keyword', () => {
    const logs = byAddress(fixture, 'aws_s3_bucket_versioning.logs');
    expect(logs.file).toBe('org-audit/buckets.tf');
    expect(at(logs.range)).toBe('org-audit/buckets.tf:7:1-13:2');
    expect(logs.declaredAt).toEqual(logs.range);
    // Every instance of a for_each resource is declared by the same block.
    expect(at(byAddress(fixture, 'aws_cloudtrail.sandbox["legacy"]').range)).toBe(at(byAddress(fixture, 'aws_cloudtrail.sandbox["main"]').range));
    expect(at(byAddress(fixture, 'data.aws_iam_policy_document.logs_key').range)).toBe('org-audit/kms.tf:39:1-61:2');
  });

  it('locates attributes and nested blocks by their path in values', () => {
    const lifecycle = byAddress(fixture, 'aws_s3_bucket_lifecycle_configuration.logs');
    expect(at(lifecycle.locate(['bucket']))).toBe('org-audit/buckets.tf:36:3-36:33');
    expect(at(lifecycle.locate(['rule']))).toBe('org-audit/buckets.tf:38:3-52:4');
    expect(at(lifecycle.locate(['rule', 0, 'transition', 0, 'storage_class']))).toBe('org-audit/buckets.tf:46:7-46:32');
    expect(at(lifecycle.locate(['rule', 0, 'expiration', 0]))).toBe('org-audit/buckets.tf:49:5-51:6');
    // The block index may be left out for a block that appears once.
    expect(at(lifecycle.locate(['rule', 'id']))).toBe('org-audit/buckets.tf:39:5-39:23');

    const sandbox = byAddress(fixture, 'aws_cloudtrail.sandbox["main"]');
    expect(at(sandbox.locate(['advanced_event_selector', 1, 'field_selector', 0, 'equals']))).toBe('sandbox/main.tf:57:7-57:30');
    expect(at(sandbox.locate([]))).toBe(at(sandbox.range));
  });

  it('returns undefined for what is not written, and the innermost written expression inside a value', () => {
    const trail = byAddress(fixture, 'module.audit.aws_cloudtrail.this[0]');
    expect(trail.locate(['sns_topic_name'])).toBeUndefined();
    expect(trail.locate(['event_selector', 0, 'nonexistent'])).toBeUndefined();
    // tags = local.tags: the keys come from elsewhere; the attribute is where they are set.
    expect(at(trail.locate(['tags', 'Name']))).toBe('org-audit/modules/cloudtrail/main.tf:75:3-75:20');

    const result = load({
      'main.tf': `resource "aws_kms_key" "trail" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Root"
        Effect = "Allow"
      },
    ]
  })
  tags = {
    Name  = "trail"
    Owner = "security"
  }
}
`,
    });
    const key = byAddress(result, 'aws_kms_key.trail');
    expect(at(key.locate(['tags', 'Owner']))).toBe('main.tf:13:5-13:23');
    expect(at(key.locate(['tags', 'Team']))).toBe('main.tf:11:3-14:4');
    // Into jsonencode(...): the document's own paths, so a finding lands on the statement.
    expect(at(key.locate(['policy', 'Statement', 0]))).toBe('main.tf:5:7-8:8');
    expect(at(key.locate(['policy', 'Statement', 0, 'Effect']))).toBe('main.tf:7:9-7:25');
    // Into any other function call: the whole attribute.
    const other = load({ 'main.tf': 'resource "aws_kms_key" "k" {\n  policy = file("policy.json")\n}\n' });
    expect(at(byAddress(other, 'aws_kms_key.k').locate(['policy', 'Statement', 0]))).toBe('main.tf:2:3-2:31');
  });
});
