import { describe, expect, it } from 'vitest';
import { and3, and3All, eq3, not3, or3, or3All, prefix3, suffix3, type Tri } from '../../engine/semantics/tri.js';
import { Unknown } from '../../core/unknown.js';

/** The atoms must answer T/F only when every value of the unknowns agrees. */

const a = new Unknown('a');
const b = new Unknown('b');

describe('three-valued atoms', () => {
  it.each([
    ['equal literals', eq3('x', 'x'), 'T'],
    ['different literals', eq3('x', 'y'), 'F'],
    ['an unknown equals itself', eq3(a, a), 'T'],
    ['two unknowns may be equal', eq3(a, b), 'U'],
    ['an unknown may equal a literal', eq3(a, 'x'), 'U'],
    ['literal prefix', prefix3('arn:aws:s3:::', 'arn:aws:s3:::b/k'), 'T'],
    ['not a prefix', prefix3('arn:aws:lambda', 'arn:aws:s3:::b/k'), 'F'],
    ['unknown prefix of a literal', prefix3(a, 'arn:aws:s3:::b/k'), 'U'],
    ['values are never empty, so an unknown is no prefix of ""', prefix3(a, ''), 'F'],
    ['literal suffix', suffix3('.json', 'x.json'), 'T'],
    ['not a suffix', suffix3('.gz', 'x.json'), 'F'],
  ] as const)('%s', (_name, got, want) => {
    expect(got).toBe(want);
  });

  it.each([
    ['and: F dominates U', and3('U', 'F'), 'F'],
    ['and: U over T', and3('T', 'U'), 'U'],
    ['or: T dominates U', or3('U', 'T'), 'T'],
    ['or: U over F', or3('F', 'U'), 'U'],
    ['not U', not3('U'), 'U'],
  ] as const)('%s', (_name, got, want) => {
    expect(got).toBe(want);
  });
});

describe('and3All and or3All', () => {
  it('are and3() and or3() of a list, and take lists longer than a call can spread', () => {
    const all: Tri[] = ['T', 'F', 'U'];
    for (const a of all) for (const b of all) {
      expect(and3All([a, b])).toBe(and3(a, b));
      expect(or3All([a, b])).toBe(or3(a, b));
    }
    const many: Tri[] = Array.from({ length: 300_000 }, (_, i) => (i === 299_999 ? 'U' : 'T'));
    expect(and3All(many)).toBe('U');
    expect(or3All(many.map((v) => (v === 'T' ? 'F' : v)))).toBe('U');
  });
});
