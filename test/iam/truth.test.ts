import { describe, expect, it } from 'vitest';
import { or, type Truth } from '../../engine/iam/index.js';
import { orOf } from '../../engine/iam/truth.js';

describe('orOf', () => {
  it('is or(a, b) for every pair of answers, and folds to or() of a list', () => {
    const all: Truth[] = [true, false, 'depends', 'unknown'];
    for (const a of all) for (const b of all) expect(orOf(a, b), `${a} ${b}`).toBe(or(a, b));
    for (const a of all) for (const b of all) for (const c of all) expect(orOf(orOf(false, a), orOf(b, c))).toBe(or(a, b, c));
  });
});
