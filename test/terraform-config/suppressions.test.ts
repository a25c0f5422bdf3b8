// Inline suppressions in comments: trailguard's own, and checkov's, tfsec's
// and trivy's (which rules honour through their aliases).

import { describe, expect, it } from 'vitest';
import type { Comment } from '../../parsers/terraform/hcl/ast.js';
import { parseSuppressions } from '../../parsers/terraform/config/index.js';
import { at, byAddress, load, loadFixture } from './helpers.js';

function comment(text: string): Comment {
  const style = text.startsWith('#') ? '#' : text.startsWith('//') ? '//' : '/*';
  const content = style === '/*' ? text.slice(2, -2) : text.slice(style.length);
  return { style, text, content, range: { file: 'main.tf', start: { line: 1, column: 1 }, end: { line: 1, column: text.length + 1 } } };
}

const ids = (text: string): [string, string | undefined][] => parseSuppressions(comment(text)).map((s) => [s.ruleId, s.reason]);

describe('suppression comments', () => {
  it('reads every supported form', () => {
    expect(ids('# trailguard:ignore cloudtrail-kms-encryption')).toEqual([['cloudtrail-kms-encryption', undefined]]);
    expect(ids('# trailguard:ignore cloudtrail-kms-encryption, cloudtrail-multi-region -- regional sandbox trail')).toEqual([
      ['cloudtrail-kms-encryption', 'regional sandbox trail'],
      ['cloudtrail-multi-region', 'regional sandbox trail'],
    ]);
    expect(ids('// trailguard:ignore:cloudtrail-insights not needed for a test account')).toEqual([['cloudtrail-insights', 'not needed for a test account']]);
    expect(ids('/* trailguard:ignore * generated fixture */')).toEqual([['*', 'generated fixture']]);
    expect(ids('#checkov:skip=CKV_AWS_67:Regional trail by design')).toEqual([['CKV_AWS_67', 'Regional trail by design']]);
    expect(ids('# checkov:skip=CKV2_AWS_10')).toEqual([['CKV2_AWS_10', undefined]]);
    expect(ids('#tfsec:ignore:aws-cloudtrail-enable-at-rest-encryption')).toEqual([['aws-cloudtrail-enable-at-rest-encryption', undefined]]);
    expect(ids('# tfsec:ignore:aws-s3-enable-bucket-logging:exp:2025-12-31 this is the logging bucket')).toEqual([['aws-s3-enable-bucket-logging', 'this is the logging bucket']]);
    expect(ids('#trivy:ignore:AVD-AWS-0015[ws:sandbox]')).toEqual([['AVD-AWS-0015', undefined]]);
    expect(ids('# trivy:ignore:AVD-AWS-0014 tfsec:ignore:aws-cloudtrail-enable-all-regions')).toEqual([
      ['AVD-AWS-0014', undefined],
      ['aws-cloudtrail-enable-all-regions', undefined],
    ]);
    expect(ids('# see https://example.com/trailguard:ignore-docs')).toEqual([]);
    expect(ids('# ignore this: plain comment')).toEqual([]);
  });

  it('collects suppressions inside the block and in the comment lines directly above it', () => {
    const fixture = loadFixture(['org-audit', 'sandbox']);
    const sandbox = byAddress(fixture, 'aws_cloudtrail.sandbox["main"]');
    expect(sandbox.suppressions?.map((s) => [s.ruleId, s.reason, at(s.range)])).toEqual([
      ['cloudtrail-kms-encryption', 'sandbox trails are short-lived', 'sandbox/main.tf:23:1-23:104'],
      ['cloudtrail-cloudwatch-logs', 'sandbox trails are short-lived', 'sandbox/main.tf:23:1-23:104'],
      ['CKV_AWS_35', 'sandbox trails are not encrypted', 'sandbox/main.tf:24:1-24:58'],
      ['aws-cloudtrail-enable-at-rest-encryption', undefined, 'sandbox/main.tf:31:37-31:92'],
    ]);
    // Every instance carries the suppressions of its block.
    expect(byAddress(fixture, 'aws_cloudtrail.sandbox["legacy"]').suppressions).toEqual(sandbox.suppressions);
    expect(byAddress(fixture, 'aws_cloudtrail.optional').suppressions?.map((s) => [s.ruleId, s.reason])).toEqual([['AVD-AWS-0014', 'single-region by design']]);
    expect(byAddress(fixture, 'aws_s3_bucket.trail["main"]').suppressions).toBeUndefined();
  });

  it('takes only the run of comments directly above: a blank line or code in between ends it', () => {
    const result = load({
      'main.tf': `resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
} # trailguard:ignore cloudtrail-kms-encryption (about the bucket above, not the trail below)
resource "aws_cloudtrail" "first" {
  name           = "first"
  s3_bucket_name = "acme-logs"
}

# trailguard:ignore cloudtrail-multi-region far away

resource "aws_cloudtrail" "second" {
  name           = "second"
  s3_bucket_name = "acme-logs"
}

# trailguard:ignore cloudtrail-insights insights are billed per event
# The sandbox account's trail: short-lived, recreated every week.
// trailguard:ignore:cloudtrail-log-file-validation
resource "aws_cloudtrail" "third" {
  name           = "third"
  s3_bucket_name = "acme-logs"

  event_selector {
    # checkov:skip=CKV_AWS_252:nested blocks count as inside
    read_write_type = "All"
  }
}
`,
    });
    expect(byAddress(result, 'aws_cloudtrail.first').suppressions).toBeUndefined();
    expect(byAddress(result, 'aws_cloudtrail.second').suppressions).toBeUndefined();
    expect(byAddress(result, 'aws_cloudtrail.third').suppressions?.map((s) => `${s.ruleId}@${s.range?.start.line}`)).toEqual([
      'cloudtrail-insights@16',
      'cloudtrail-log-file-validation@18',
      'CKV_AWS_252@24',
    ]);
  });

  it('applies to every instance of a resource in a module', () => {
    const result = load({
      'main.tf': 'module "a" {\n  source = "./trail"\n}\nmodule "b" {\n  source = "./trail"\n}\n',
      'trail/main.tf': '# trailguard:ignore cloudtrail-organization-trail account-level trail\nresource "aws_cloudtrail" "this" {\n  name           = "t"\n  s3_bucket_name = "logs"\n}\n',
    });
    expect(result.resources.map((r) => [r.address, r.suppressions?.[0]?.ruleId, r.suppressions?.[0]?.range?.file])).toEqual([
      ['module.a.aws_cloudtrail.this', 'cloudtrail-organization-trail', 'trail/main.tf'],
      ['module.b.aws_cloudtrail.this', 'cloudtrail-organization-trail', 'trail/main.tf'],
    ]);
  });
});
