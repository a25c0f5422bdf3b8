import { describe, expect, it } from 'vitest';
import { addressSteps, configModuleAddress, ModuleAddresses, moduleSegments, parseResourceAddress, type ModuleSegment } from '../../parsers/terraform/plan/address.js';

/** moduleSegments as it was written first, from the general steps: what the direct reading must equal. */
function segmentsFromSteps(moduleAddress: string): ModuleSegment[] | undefined {
  if (moduleAddress === '') return [];
  const steps = addressSteps(moduleAddress);
  if (!steps) return undefined;
  const segments: ModuleSegment[] = [];
  for (let i = 0; i < steps.length; ) {
    const word = steps[i];
    const call = steps[i + 1];
    if (word?.kind !== 'name' || word.name !== 'module' || call?.kind !== 'name') return undefined;
    const key = steps[i + 2];
    if (key?.kind === 'key') {
      segments.push({ call: call.name, key: key.key, end: key.end });
      i += 3;
    } else {
      segments.push({ call: call.name, end: call.end });
      i += 2;
    }
  }
  return segments;
}


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

  it('reads module addresses as the general address steps do, on odd and broken ones too', () => {
    const cases = [
      'module.a', 'module.a.module.b', 'module.a[0]', 'module.a[-1].module.b', 'module.a["x.y[0]"].module.b["\\"]',
      'module.a["q\\"].module.b', 'module.a["$${x}"]', 'module', 'module.', 'module.a.', 'module.a..module.b', '.module.a',
      'module.a[0][1]', 'module.a[0]module.b', 'module.a[x]', 'module.a[', 'module.a["x"', 'module.a["x"]]', 'module-x.a',
      'modules.a', 'module.a.b', 'module.a.module', 'module.a.module.', 'module.a b', 'module.é', 'module.a_b-c9.module.D',
      '[0].module.a', 'module.a[0].data.x', 'module.a[ 0]', 'module.a[0x1]', 'module.a["\u0041"]',
    ];
    // And random splices of the pieces addresses are made of.
    const pieces = ['module', '.', 'a', 'b_1', '-', '[', ']', '0', '-2', '"', '\\', 'x', ' ', '["k"]', '[3]', 'module.'];
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 3000; i++) {
      let text = random(2) === 0 ? 'module.' : '';
      for (let j = random(10); j >= 0; j--) text += pieces[random(pieces.length)];
      cases.push(text);
    }
    const addresses = new ModuleAddresses();
    for (const text of cases) {
      expect(moduleSegments(text), text).toEqual(segmentsFromSteps(text));
      expect(addresses.segments(text), text).toEqual(segmentsFromSteps(text));
      expect(addresses.configPath(text), text).toBe(configModuleAddress(text));
    }
    // Some of them are addresses, most are not.
    expect(cases.filter((t) => segmentsFromSteps(t) !== undefined).length).toBeGreaterThan(100);
  });

  it('drops instance keys to give the configuration path', () => {
    expect(configModuleAddress('module.audit[0].module.logs["a.b"]')).toBe('module.audit.module.logs');
    expect(configModuleAddress('module.audit.module.logs')).toBe('module.audit.module.logs');
    expect(configModuleAddress('')).toBe('');
  });
});
