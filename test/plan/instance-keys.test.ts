import { describe, expect, it } from 'vitest';
import { withoutInstanceKeys } from '../../parsers/terraform/plan/address.js';

describe('withoutInstanceKeys', () => {
  it('removes what /\\[[^\\]]*\\]/g removes, over every short address of the characters that matter', () => {
    const alphabet = ['[', ']', 'a', '"', '.', '0'];
    const texts: string[] = [''];
    for (let n = 0; n < 7; n++) for (const t of texts.splice(0)) for (const c of alphabet) texts.push(t + c);
    expect(texts.length).toBe(6 ** 7);
    for (const t of texts) expect(withoutInstanceKeys(t), t).toBe(t.replace(/\[[^\]]*\]/g, ''));
    expect(withoutInstanceKeys('module.a["x"].aws_s3_bucket.b[0]')).toBe('module.a.aws_s3_bucket.b');
  });

  it('answers at once on an address with a million "[" and no "]" (a plan is input; the pattern is quadratic there)', () => {
    const hostile = `aws_s3_bucket.b${'['.repeat(1_000_000)}`;
    expect(withoutInstanceKeys(hostile)).toBe(hostile);
    expect(withoutInstanceKeys(`${hostile}]`)).toBe('aws_s3_bucket.b');
  });
});
