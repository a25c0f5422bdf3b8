import { describe, expect, it } from 'vitest';
import { causeText, disambiguate, fingerprint } from '../../engine/report/fingerprint.js';

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

  describe('with a cause (recipe v2, what baselines compare)', () => {
    const parse = { ruleId: 'parse-error', file: 'cfn/broken.yaml', address: '', property: 'yaml-syntax' };

    it('changes when the cause changes, and differs from the v1 fingerprint', () => {
      const a = fingerprint({ ...base, cause: 'The log group keeps events 30 days, less than the required 365.' });
      const b = fingerprint({ ...base, cause: 'The log group keeps events 60 days, less than the required 365.' });
      expect(a).not.toBe(b);
      expect(a).not.toBe(fingerprint(base));
    });

    it('ignores line and column numbers and the layout of white space in the message', () => {
      const at = (line: number, col: number) => fingerprint({ ...parse, cause: `YAML syntax error at line ${line}, column ${col}: All mapping items must start at the same column` });
      expect(at(26, 1)).toBe(at(30, 3));
      expect(fingerprint({ ...parse, cause: 'bad value at cfn/x.yaml:12:5' })).toBe(fingerprint({ ...parse, cause: 'bad  value\nat cfn/x.yaml:40:1' }));
      expect(causeText('Duplicate key "A" at line 370, column 3; see lines 2 and offset 40')).toBe('Duplicate key "A" at line #, column #; see lines # and offset #');
    });

    it('keeps numbers that are not positions', () => {
      expect(causeText('keeps events 30 days, less than the required 365')).toBe('keeps events 30 days, less than the required 365');
    });

    it('is the three replacements of recipe v2 on any text (it skips those that cannot match)', () => {
      // The recipe as first written: fingerprints in existing baselines were made with it.
      const recipe = (m: string): string =>
        m.replace(/\b(lines?|columns?|col|offset|position|pos|index)\s+\d+/gi, '$1 #').replace(/\d+:\d+/g, '#:#').replace(/\s+/g, ' ').trim();
      const pieces = ['line', 'Lines', 'COL', 'offset', 'pos', 'index', 'x', '12', '3', ':', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'é', '"', 'a.b'];
      let seed = 7;
      const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) >>> 12;
      for (let i = 0; i < 3000; i++) {
        let m = '';
        for (let n = next() % 12; n > 0; n--) m += pieces[next() % pieces.length];
        expect(causeText(m), JSON.stringify(m)).toBe(recipe(m));
      }
    });

    it('reads a long run of digits with no colon after it in linear time (a message quotes input)', () => {
      // `/\d+:\d+/` started again at every digit of the run and read to its end: 100,000 digits took
      // minutes. 300,000 here would take far longer than the test's time limit.
      const name = `${'0'.repeat(300_000)}x1:2`;
      expect(causeText(`Trail ${name} is not logging`)).toBe(`Trail ${'0'.repeat(300_000)}x#:# is not logging`);
    });

    it('numbers repeats within one scan so each finding has its own', () => {
      expect(disambiguate(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', expect.stringMatching(/^[0-9a-f]{32}$/), expect.stringMatching(/^[0-9a-f]{32}$/)]);
      const [, , second, third] = disambiguate(['a', 'b', 'a', 'a']);
      expect(new Set(['a', 'b', second, third]).size).toBe(4);
      expect(disambiguate(['a', 'b', 'a', 'a'])).toEqual(disambiguate(['a', 'b', 'a', 'a']));
    });
  });
});
