import { describe, expect, it } from 'vitest';
import { naturalOrder, practiceOf, summarizeByPractice } from '../../engine/report/practices.js';
import { builtinRuleSpecs } from '../../engine/builtin-rules.js';
import { finding, MULTI_REGION, TRAIL_CHANGE_FILTER } from './scan-results.js';

describe('catalog practices', () => {
  it('maps check IDs to their practice', () => {
    expect(practiceOf('P1.2')).toBe('P1');
    expect(practiceOf('P10.3')).toBe('P10'); // not P1
    expect(practiceOf('P12.1')).toBe('P12');
    expect(practiceOf('B2.3')).toBe('B2');
    expect(practiceOf('B3')).toBe('B3');
  });

  it('files the CIS 4.x metric-filter checks under P5', () => {
    expect(practiceOf('C4.5')).toBe('P5');
    expect(practiceOf('C4.14')).toBe('P5');
  });

  it('files misconfiguration IDs under the practice whose checks they list', () => {
    expect(practiceOf('M1')).toBe('P1');
    expect(practiceOf('M4')).toBe('P4');
    expect(practiceOf('M7')).toBe('P9');
  });

  it('knows nothing of IDs outside the catalog', () => {
    expect(practiceOf('P13.1')).toBeUndefined();
    expect(practiceOf('B7')).toBeUndefined();
    expect(practiceOf('M8')).toBeUndefined();
    expect(practiceOf('CloudTrail.1')).toBeUndefined();
  });

  it('counts a finding once per practice however many of its checks it cites, in catalog order', () => {
    const cited = { ...MULTI_REGION, catalog: ['P1.2', 'P1.1', 'M1', 'B3'] };
    const both = finding({ rule: cited, file: 'a.yaml', line: 1, column: 1, message: 'm' });
    const filter = finding({ rule: TRAIL_CHANGE_FILTER, file: 'a.yaml', line: 2, column: 1, message: 'm' });
    expect(summarizeByPractice([both, filter])).toEqual([
      { practice: { id: 'P1', title: 'Organization trail across all regions' }, findings: 1, checks: ['P1.1', 'P1.2', 'M1'] },
      { practice: { id: 'P5', title: 'CloudWatch Logs integration with metric filters' }, findings: 1, checks: ['C4.5'] },
      { practice: { id: 'B3', title: 'Monitor changes to CloudTrail itself' }, findings: 2, checks: ['B3'] },
    ]);
  });

  it('orders every catalog ID the built-in rules cite as a numeric collation does (P4.2 before P4.10)', () => {
    const ids = [...new Set(builtinRuleSpecs().flatMap((r) => r.catalog))];
    expect(ids.length).toBeGreaterThan(60);
    const collator = new Intl.Collator('en', { numeric: true });
    const shuffled = [...ids].reverse();
    expect([...shuffled].sort(naturalOrder)).toEqual([...shuffled].sort(collator.compare));
    expect(['C4.10', 'C4.9', 'C4.1', 'P10.1', 'P1.10', 'P1.2'].sort(naturalOrder)).toEqual(['C4.1', 'C4.9', 'C4.10', 'P1.2', 'P1.10', 'P10.1']);
  });
});
