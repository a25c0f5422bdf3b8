import { describe, expect, it } from 'vitest';
import { isExpired, parseExpiryDate, todayFromEnvironment, todayUtc } from '../../engine/suppressions/date.js';

describe('expiry dates', () => {
  it('reads YYYY-MM-DD days that exist, leap days included', () => {
    for (const d of ['2027-03-31', '2028-02-29', '2000-02-29', '2026-12-01', '9999-12-31']) expect(parseExpiryDate(d)).toBe(d);
  });

  it('refuses what Date.parse would accept or roll over', () => {
    for (const d of [
      '2027-02-30', // rolls over to March 2nd with Date.parse
      '2027-02-29', // not a leap year
      '2100-02-29', // a century is not a leap year unless divisible by 400
      '2027-04-31',
      '2027-13-01',
      '2027-00-10',
      '2027-01-00',
      '2027-3-1',
      '27-03-31',
      '2027/03/31',
      '2027-03-31T00:00:00Z',
      ' 2027-03-31',
      '2027-03-31 ',
      'tomorrow',
      'March 31, 2027',
      '２０２７-０３-３１', // full-width digits
      '',
    ]) {
      expect(parseExpiryDate(d), d).toBeUndefined();
    }
  });

  it('applies through the expiry day itself', () => {
    expect(isExpired('2026-11-30', '2026-11-30')).toBe(false);
    expect(isExpired('2026-11-30', '2026-12-01')).toBe(true);
    expect(isExpired('2026-12-31', '2027-01-01')).toBe(true);
  });

  it('takes today in UTC, or TRAILGUARD_TODAY for tests, and refuses a malformed one', () => {
    // 23:30 on Dec 31 in UTC-05:00 is already Jan 1 in UTC.
    expect(todayUtc(new Date('2026-12-31T23:30:00-05:00'))).toBe('2027-01-01');
    expect(todayFromEnvironment({ TRAILGUARD_TODAY: '2030-01-15' })).toBe('2030-01-15');
    expect(todayFromEnvironment({})).toBe(todayUtc());
    expect(() => todayFromEnvironment({ TRAILGUARD_TODAY: '2030-02-30' })).toThrow(/TRAILGUARD_TODAY must be a date written YYYY-MM-DD/);
  });
});
