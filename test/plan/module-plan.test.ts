// A plan of a module-heavy configuration (Terraform 1.8): module.audit calls
// module.logs, which holds for_each trails and count buckets; a KMS key ARN
// is passed as a variable through both module levels; module.kms has
// count = 1 and is used through an output; module.region has for_each; a
// registry module holds a trail; a count shrink deletes a bucket and a
// `removed` block forgets one.

import { describe, expect, it } from 'vitest';
import { textAt } from '../parsers/helpers.js';
import { configModuleAddress, planModuleSources } from '../../parsers/terraform/plan/index.js';
import { parseFixture, refs, resource, unknown } from './helpers.js';

const { result, text } = parseFixture('modules.json');
const LOGS = 'module.audit.module.logs';

describe('module plan: addresses', () => {
  it('gives fully qualified addresses with count indices and for_each keys, as Terraform prints them', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual([
      'aws_cloudtrail.org',
      'aws_kms_key.org',
      'module.audit.aws_sns_topic.trail',
      `${LOGS}.aws_cloudtrail.this["main"]`,
      `${LOGS}.aws_cloudtrail.this["org"]`,
      `${LOGS}.aws_s3_bucket.logs[0]`,
      `${LOGS}.aws_s3_bucket.logs[1]`,
      `${LOGS}.aws_s3_bucket_versioning.logs[0]`,
      `${LOGS}.aws_s3_bucket_versioning.logs[1]`,
      'module.kms[0].aws_kms_key.this',
      'module.region["eu-west-1"].aws_cloudtrail.regional',
      'module.region["eu-west-1"].aws_kms_key.regional',
      'module.region["us-east-1"].aws_cloudtrail.regional',
      'module.region["us-east-1"].aws_kms_key.regional',
      'module.remote.aws_cloudtrail.default[0]',
      'data.aws_caller_identity.current',
      `${LOGS}.data.aws_iam_policy_document.bucket`,
    ]);
  });

  it('splits each address into module instance, configuration module, type, name and key', () => {
    expect(resource(result, `${LOGS}.aws_cloudtrail.this["main"]`)).toMatchObject({
      moduleAddress: LOGS,
      configModuleAddress: LOGS,
      mode: 'managed',
      type: 'aws_cloudtrail',
      name: 'this',
      index: 'main',
    });
    expect(resource(result, `${LOGS}.aws_s3_bucket.logs[1]`).index).toBe(1);
    expect(resource(result, 'module.kms[0].aws_kms_key.this')).toMatchObject({ moduleAddress: 'module.kms[0]', configModuleAddress: 'module.kms' });
    expect(resource(result, 'module.region["us-east-1"].aws_kms_key.regional')).toMatchObject({
      moduleAddress: 'module.region["us-east-1"]',
      configModuleAddress: 'module.region',
    });
    expect(resource(result, `${LOGS}.data.aws_iam_policy_document.bucket`)).toMatchObject({ mode: 'data', moduleAddress: LOGS });
  });

  it('skips the bucket removed by a smaller count and the bucket a removed block forgets', () => {
    expect(result.resources.some((r) => r.address === `${LOGS}.aws_s3_bucket.logs[2]`)).toBe(false);
    expect(result.resources.some((r) => r.address === 'aws_s3_bucket.archive')).toBe(false);
  });
});

describe('module plan: references of unknown values', () => {
  it('follows a variable through two module levels to the key in the root module', () => {
    for (const key of ['main', 'org']) {
      const kms = unknown(resource(result, `${LOGS}.aws_cloudtrail.this["${key}"]`).values['kms_key_id']);
      expect(kms.refs).toEqual([{ address: 'aws_kms_key.org', attribute: 'arn' }]);
      expect(kms.present).toBe(true);
    }
  });

  it('follows a variable one level up to a resource of the calling module', () => {
    expect(refs(resource(result, `${LOGS}.aws_cloudtrail.this["main"]`).values['sns_topic_name'])).toEqual(['module.audit.aws_sns_topic.trail#name']);
    expect(refs(resource(result, 'module.audit.aws_sns_topic.trail').values['kms_master_key_id'])).toEqual(['aws_kms_key.org#arn']);
  });

  it('resolves a literal count index in the same module instance, without the implied whole-resource refs', () => {
    expect(refs(resource(result, `${LOGS}.aws_cloudtrail.this["org"]`).values['s3_bucket_name'])).toEqual([`${LOGS}.aws_s3_bucket.logs[0]#id`]);
  });

  it('pairs aws_s3_bucket.logs[count.index] with the bucket of the same index', () => {
    for (const i of [0, 1]) {
      const bucket = unknown(resource(result, `${LOGS}.aws_s3_bucket_versioning.logs[${i}]`).values['bucket']);
      expect(bucket.refs).toEqual([{ address: `${LOGS}.aws_s3_bucket.logs[${i}]` }]);
      // No attribute in the reference (the index is an expression), so no promise of a value.
      expect(bucket.present).toBe(false);
    }
  });

  it('follows a module output into the counted module instance', () => {
    const kms = unknown(resource(result, 'aws_cloudtrail.org').values['kms_key_id']);
    expect(kms.refs).toEqual([{ address: 'module.kms[0].aws_kms_key.this', attribute: 'arn' }]);
    expect(kms.present).toBe(true);
  });

  it('resolves references inside each for_each module instance to that instance', () => {
    for (const region of ['eu-west-1', 'us-east-1']) {
      const module = `module.region["${region}"]`;
      expect(refs(resource(result, `${module}.aws_cloudtrail.regional`).values['kms_key_id'])).toEqual([`${module}.aws_kms_key.regional#arn`]);
    }
  });

  it('follows the input of a registry module back to the caller', () => {
    expect(refs(resource(result, 'module.remote.aws_cloudtrail.default[0]').values['kms_key_id'])).toEqual(['aws_kms_key.org#arn']);
  });
});

describe('module plan: module sources and positions', () => {
  it('maps every module to its source, and local ones to a directory relative to the root module', () => {
    expect(Object.fromEntries([...result.modules].map(([k, v]) => [k, [v.source, v.local, v.directory, v.versionConstraint]]))).toEqual({
      '': [undefined, true, '.', undefined],
      'module.audit': ['./modules/audit', true, 'modules/audit', undefined],
      'module.audit.module.logs': ['../logs', true, 'modules/logs', undefined],
      'module.kms': ['./modules/kms', true, 'modules/kms', undefined],
      'module.region': ['./modules/regional', true, 'modules/regional', undefined],
      'module.remote': ['cloudposse/cloudtrail/aws', false, undefined, '0.24.0'],
      'module.remote.module.this': ['cloudposse/label/null', false, undefined, '0.25.0'],
      // Local to a module that is only in .terraform/modules: no directory in the repository.
      'module.remote.module.bucket': ['./modules/bucket', false, undefined, undefined],
    });
  });

  it('finds the declaring module of an instance through configModuleAddress', () => {
    const trail = resource(result, `${LOGS}.aws_cloudtrail.this["main"]`);
    expect(result.modules.get(trail.configModuleAddress)?.directory).toBe('modules/logs');
    expect(result.modules.get(configModuleAddress('module.region["eu-west-1"]'))?.directory).toBe('modules/regional');
  });

  it('gives the same map from a parsed plan', () => {
    expect(planModuleSources(JSON.parse(text))).toEqual(result.modules);
  });

  it('ranges every instance over its own entry', () => {
    for (const r of result.resources) {
      const entry = JSON.parse(textAt(text, r.range));
      expect(entry.address, r.address).toBe(r.address);
    }
  });

  it('ranges a data source of a child module over its entry in prior_state child_modules', () => {
    const doc = resource(result, `${LOGS}.data.aws_iam_policy_document.bucket`);
    expect(JSON.parse(textAt(text, doc.range))).toMatchObject({ mode: 'data', values: { statement: [{ sid: 'DenyInsecureTransport' }] } });
  });
});
