import { describe, expect, it } from 'vitest';
import { trimTrailing } from '../../core/trim.js';

/** trimTrailing stands in for /[…]+$/ replacements, which are quadratic on a long run followed by something else. */
describe('trimTrailing', () => {
  const cases: [string, RegExp][] = [
    ['\n', /\n+$/],
    ['/', /\/+$/],
    ['.', /\.+$/],
    ['\\/', /[\\/]+$/],
    ['\r\n', /(?:\r\n|\r|\n)+$/],
  ];

  it('gives what the pattern gives, over every short text of the characters that matter', () => {
    const alphabet = ['a', '\n', '\r', '/', '\\', '.', ''];
    const texts = new Set<string>();
    const grow = (s: string, n: number): void => {
      texts.add(s);
      if (n > 0) for (const c of alphabet) grow(s + c, n - 1);
    };
    grow('', 6);
    for (const [chars, pattern] of cases) for (const t of texts) expect(trimTrailing(t, chars), JSON.stringify([chars, t])).toBe(t.replace(pattern, ''));
  });

  it('answers at once on a run of a million followed by another character (chomp() took 8 s on 40,000 newlines)', () => {
    const text = `a${'\n'.repeat(1_000_000)}b`;
    expect(trimTrailing(text, '\r\n')).toBe(text);
    expect(trimTrailing(`${text}\r\n\n`, '\r\n')).toBe(text);
    expect(trimTrailing(`x${'/'.repeat(1_000_000)}`, '/')).toBe('x');
  });
});
