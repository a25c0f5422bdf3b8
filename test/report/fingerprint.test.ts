import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../engine/report/fingerprint.js';

const base = { ruleId: 'cloudtrail-multi-region', file: 'cfn/trail.yaml', address: 'MyTrail', property: 'IsMultiRegionTrail' };

describe('fingerprint', () => {
  it('is 32 lowercase hex characters', () => {
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is the same for the same rule, file, resource and property', () => {
    expect(fingerprint({ ...base })).toBe(fingerprint(base));
  });

  it('tells apart findings that differ in any part', () => {
    const variants = [
      base,
      { ...base, ruleId: 'cloudtrail-log-file-validation' },
      { ...base, file: 'cfn/other.yaml' },
      { ...base, address: 'OtherTrail' },
      { ...base, property: 'IncludeGlobalServiceEvents' },
      { ruleId: base.ruleId, file: base.file, address: base.address },
    ];
    expect(new Set(variants.map(fingerprint)).size).toBe(variants.length);
  });

  it('does not let parts run into each other', () => {
    expect(fingerprint({ ruleId: 'a', file: 'bc', address: 'd' })).not.toBe(fingerprint({ ruleId: 'ab', file: 'c', address: 'd' }));
  });

  it('is the same on a Windows checkout and with a leading ./', () => {
    expect(fingerprint({ ...base, file: 'cfn\\trail.yaml' })).toBe(fingerprint(base));
    expect(fingerprint({ ...base, file: './cfn/trail.yaml' })).toBe(fingerprint(base));
  });

  it('keeps its recipe: sha256 of the parts joined by NUL (a change would reopen every code scanning alert)', () => {
    // printf 'cloudtrail-multi-region\0cfn/trail.yaml\0MyTrail\0IsMultiRegionTrail' | sha256sum | cut -c1-32
    expect(fingerprint(base)).toBe('bff7ea4adcbd62434e1555cda9a4e12d');
  });
});
