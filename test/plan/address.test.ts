import { describe, expect, it } from 'vitest';
import { addressSteps, configModuleAddress, moduleSegments, parseResourceAddress } from '../../parsers/terraform/plan/address.js';

describe('resource addresses', () => {
  it('splits module path, mode, type, name and key, keeping the module path as printed', () => {
    expect(parseResourceAddress('module.audit["eu"].module.logs.aws_cloudtrail.this["main"]')).toEqual({
      moduleAddress: 'module.audit["eu"].module.logs',
      moduleCalls: ['audit', 'logs'],
      mode: 'managed',
      type: 'aws_cloudtrail',
      name: 'this',
      index: 'main',
    });
    expect(parseResourceAddress('data.aws_iam_policy_document.p')).toEqual({ moduleAddress: '', moduleCalls: [], mode: 'data', type: 'aws_iam_policy_document', name: 'p' });
    expect(parseResourceAddress('module.kms[0].aws_kms_key.this[2]')).toMatchObject({ moduleAddress: 'module.kms[0]', index: 2 });
  });

  it('reads a resource type called data only as a data source prefix when followed by type and name', () => {
    expect(parseResourceAddress('module.data.aws_s3_bucket.b')).toMatchObject({ moduleAddress: 'module.data', mode: 'managed', type: 'aws_s3_bucket' });
  });

  it('decodes quoted keys: escapes, dots and brackets inside, HCL template escapes', () => {
    expect(parseResourceAddress('aws_s3_bucket.b["a.b[0] \\"q\\" \\\\ \\u00e9"]')?.index).toBe('a.b[0] "q" \\ é');
    expect(parseResourceAddress('aws_s3_bucket.b["$${x}-%%{y}"]')?.index).toBe('${x}-%{y}');
    expect(parseResourceAddress('aws_s3_bucket.b["\\x41"]')?.index).toBe('\\x41');
  });

  it('refuses what is not an address', () => {
    for (const text of ['', 'aws_s3_bucket', 'aws_s3_bucket.b.c', 'aws_s3_bucket.b[', 'aws_s3_bucket.b[*]', 'aws_s3_bucket.b[x]', 'module.a', '.a.b', 'a..b', 'a.b["x"', 'a.b["x"]]']) {
      expect(parseResourceAddress(text), text).toBeUndefined();
    }
  });

  it('gives reference steps with their end offsets', () => {
    const text = 'module.logs["a"].key_arn';
    const steps = addressSteps(text);
    expect(steps?.map((s) => (s.kind === 'name' ? s.name : s.key))).toEqual(['module', 'logs', 'a', 'key_arn']);
    expect(text.slice(0, steps![2]!.end)).toBe('module.logs["a"]');
  });
});

describe('module addresses', () => {
  it('lists module instances with keys', () => {
    expect(moduleSegments('module.a[0].module.b["x"].module.c')).toEqual([
      { call: 'a', key: 0, end: 11 },
      { call: 'b', key: 'x', end: 25 },
      { call: 'c', end: 34 },
    ]);
    expect(moduleSegments('')).toEqual([]);
    expect(moduleSegments('module')).toBeUndefined();
    expect(moduleSegments('aws_s3_bucket.b')).toBeUndefined();
  });

  it('drops instance keys to give the configuration path', () => {
    expect(configModuleAddress('module.audit[0].module.logs["a.b"]')).toBe('module.audit.module.logs');
    expect(configModuleAddress('module.audit.module.logs')).toBe('module.audit.module.logs');
    expect(configModuleAddress('')).toBe('');
  });
});
