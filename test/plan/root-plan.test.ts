// A root-module plan as Terraform 1.9 prints it (through `jq .`): a trail
// being created whose KMS key is created in the same apply, a deleted trail,
// a replaced bucket policy, a no-op log group with drift, an SSM parameter
// whose value is both sensitive and unknown, and data sources read during
// planning (prior_state only) and during apply (["read"]).

import { describe, expect, it } from 'vitest';
import { textAt } from '../parsers/helpers.js';
import { at, parseFixture, refs, resource, unknown } from './helpers.js';

const { result, text, file } = parseFixture('root-trail.json');
const plan = JSON.parse(text) as { resource_changes: { address: string }[] };

describe('root-module plan: which instances are read', () => {
  it('reads every instance that exists after apply, data sources included, and nothing else', () => {
    expect(result.isPlan).toBe(true);
    expect(result.diagnostics).toEqual([]);
    expect(result.formatVersion).toBe('1.2');
    expect(result.terraformVersion).toBe('1.9.8');
    expect(result.resources.map((r) => r.address)).toEqual([
      'aws_cloudtrail.main',
      'aws_cloudwatch_log_group.trail',
      'aws_kms_key.trail',
      'aws_s3_bucket.data',
      'aws_s3_bucket.trail',
      'aws_s3_bucket_policy.trail',
      'aws_ssm_parameter.trail_key_arn',
      'data.aws_iam_policy_document.key_policy',
      'data.aws_caller_identity.current',
      'data.aws_iam_policy_document.trail_bucket',
    ]);
  });

  it('skips a resource being deleted, although prior_state still holds it', () => {
    expect(result.resources.some((r) => r.address === 'aws_cloudtrail.legacy')).toBe(false);
    expect(text).toContain('"address": "aws_cloudtrail.legacy"');
  });

  it('reads a replaced resource from its new object', () => {
    const policy = resource(result, 'aws_s3_bucket_policy.trail');
    expect(policy.actions).toEqual(['delete', 'create']);
    expect(policy.values['bucket']).toBe('org-audit-trail-logs');
    expect(JSON.parse(policy.values['policy'] as string).Statement[1].Sid).toBe('AWSCloudTrailWrite');
    // Known before apply in the old object, unknown in the new one.
    expect(unknown(policy.values['id']).refs).toEqual([]);
  });

  it('takes values from resource_changes, not from resource_drift', () => {
    const group = resource(result, 'aws_cloudwatch_log_group.trail');
    expect(group.actions).toEqual(['no-op']);
    expect(group.values['retention_in_days']).toBe(365);
  });

  it('gives mode, type, name and module of each instance', () => {
    const trail = resource(result, 'aws_cloudtrail.main');
    expect(trail).toMatchObject({ mode: 'managed', type: 'aws_cloudtrail', name: 'main', moduleAddress: '', configModuleAddress: '', file });
    expect(trail.index).toBeUndefined();
    expect(resource(result, 'data.aws_caller_identity.current')).toMatchObject({ mode: 'data', type: 'aws_caller_identity', name: 'current' });
  });
});

describe('root-module plan: values known only after apply', () => {
  const trail = resource(result, 'aws_cloudtrail.main');

  it('keeps the reference of kms_key_id to the key created with it (checkov #800)', () => {
    const kms = unknown(trail.values['kms_key_id']);
    expect(kms.refs).toEqual([{ address: 'aws_kms_key.trail', attribute: 'arn' }]);
    expect(kms.present).toBe(true);
    expect(kms.reason).toBe('known after apply');
  });

  it('puts an Unknown exactly where a nested list element is unknown', () => {
    const selector = at(trail.values, 'event_selector', 0) as Record<string, unknown>;
    expect(selector['read_write_type']).toBe('All');
    expect(at(selector, 'data_resource', 0, 'type')).toBe('AWS::S3::Object');
    const values = at(selector, 'data_resource', 0, 'values') as unknown[];
    expect(values).toHaveLength(1);
    expect(refs(values[0])).toEqual(['aws_s3_bucket.data#arn']);
    expect(unknown(values[0]).present).toBe(true);
  });

  it('leaves known values alone, including ones with references', () => {
    expect(trail.values['s3_bucket_name']).toBe('org-audit-trail-logs');
    expect(trail.values['cloud_watch_logs_group_arn']).toBe('arn:aws:logs:eu-west-1:111122223333:log-group:/aws/cloudtrail/org-audit:*');
    expect(trail.values['is_multi_region_trail']).toBe(true);
    expect(trail.values['s3_key_prefix']).toBeNull();
  });

  it('marks computed attributes unknown without refs and not certainly present', () => {
    for (const name of ['arn', 'id', 'home_region', 'sns_topic_arn']) {
      const value = unknown(trail.values[name]);
      expect(value.refs, name).toEqual([]);
      expect(value.present, name).toBe(false);
    }
  });

  it('does not invent unknowns for markers that only hold empty containers', () => {
    expect(trail.values['tags']).toEqual({ Team: 'security', Purpose: 'audit' });
    expect(trail.values['advanced_event_selector']).toEqual([]);
    expect(trail.values['insight_selector']).toEqual([]);
  });

  it('records sensitive paths, also where the value is unknown', () => {
    const parameter = resource(result, 'aws_ssm_parameter.trail_key_arn');
    expect(parameter.sensitive).toEqual(new Set(['value']));
    expect(refs(parameter.values['value'])).toEqual(['aws_kms_key.trail#arn']);
    expect(trail.sensitive).toBeUndefined();
  });
});

describe('root-module plan: data sources', () => {
  it('reads a data source from prior_state with its full values', () => {
    const doc = resource(result, 'data.aws_iam_policy_document.trail_bucket');
    expect(doc.actions).toBeUndefined();
    expect(at(doc.values, 'statement', 1, 'condition', 0, 'variable')).toBe('s3:x-amz-acl');
    expect(JSON.parse(doc.values['json'] as string).Statement).toHaveLength(2);
  });

  it('reads a data source read during apply from its change, unknowns resolved', () => {
    const doc = resource(result, 'data.aws_iam_policy_document.key_policy');
    expect(doc.actions).toEqual(['read']);
    expect(unknown(doc.values['json']).refs).toEqual([]);
    const values = at(doc.values, 'statement', 0, 'condition', 0, 'values') as unknown[];
    expect(refs(values[0])).toEqual(['aws_cloudtrail.main#arn']);
    expect(at(doc.values, 'statement', 0, 'principals', 0, 'identifiers')).toEqual(['cloudtrail.amazonaws.com']);
  });
});

describe('root-module plan: positions', () => {
  it('ranges each changed resource over exactly its resource_changes entry', () => {
    for (const r of result.resources.filter((x) => x.actions)) {
      const entry = JSON.parse(textAt(text, r.range));
      expect(entry.address).toBe(r.address);
      expect(entry).toEqual(plan.resource_changes.find((c) => c.address === r.address));
    }
  });

  it('points at the line of the entry', () => {
    const trail = resource(result, 'aws_cloudtrail.main');
    expect(trail.range.start).toEqual({ line: 465, column: 5 });
    expect(trail.range.file).toBe(file);
    expect(text.split('\n')[465]).toBe('      "address": "aws_cloudtrail.main",');
  });

  it('ranges a data source over its prior_state entry', () => {
    const doc = resource(result, 'data.aws_iam_policy_document.trail_bucket');
    const entry = JSON.parse(textAt(text, doc.range));
    expect(entry).toMatchObject({ address: 'data.aws_iam_policy_document.trail_bucket', mode: 'data' });
    expect(doc.range.start.line).toBeGreaterThan(text.split('\n').findIndex((l) => l.includes('"prior_state"')));
  });

  it('locates any attribute at the entry', () => {
    const trail = resource(result, 'aws_cloudtrail.main');
    expect(trail.locate(['kms_key_id'])).toEqual(trail.range);
    expect(trail.locate(['event_selector', 0, 'data_resource', 0, 'values'])).toEqual(trail.range);
  });

  it('keeps range and locate when a resource is copied', () => {
    const copy = { ...resource(result, 'aws_kms_key.trail') };
    expect(JSON.parse(textAt(text, copy.range)).address).toBe('aws_kms_key.trail');
    expect(copy.locate([])).toEqual(copy.range);
  });

  it('lists only the root module when there are no module calls', () => {
    expect([...result.modules.entries()]).toEqual([['', { moduleAddress: '', local: true, directory: '.' }]]);
  });
});
