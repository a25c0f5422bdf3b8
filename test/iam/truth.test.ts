import { describe, expect, it } from 'vitest';
import { type Truth } from '../../engine/iam/index.js';
import { and, andAll, or, orAll, orOf } from '../../engine/iam/truth.js';

describe('orOf', () => {
  it('is or(a, b) for every pair of answers, and folds to or() of a list', () => {
    const all: Truth[] = [true, false, 'depends', 'unknown'];
    for (const a of all) for (const b of all) expect(orOf(a, b), `${a} ${b}`).toBe(or(a, b));
    for (const a of all) for (const b of all) for (const c of all) expect(orOf(orOf(false, a), orOf(b, c))).toBe(or(a, b, c));
  });
});

describe('andAll and orAll', () => {
  it('are and() and or() of a list, for every list of up to three answers', () => {
    const all: Truth[] = [true, false, 'depends', 'unknown'];
    const lists: Truth[][] = [[]];
    for (const a of all) lists.push([a]);
    for (const a of all) for (const b of all) lists.push([a, b]);
    for (const a of all) for (const b of all) for (const c of all) lists.push([a, b, c]);
    for (const l of lists) {
      expect(andAll(l), l.join(' ')).toBe(and(...l));
      expect(orAll(l), l.join(' ')).toBe(or(...l));
    }
  });

  it('take lists longer than a call can spread (a condition with 300,000 values)', () => {
    const many: Truth[] = Array.from({ length: 300_000 }, (_, i) => (i === 299_999 ? 'unknown' : true));
    expect(andAll(many)).toBe('unknown');
    expect(orAll(many.map((v) => (v === true ? false : v)))).toBe('unknown');
  });
});
