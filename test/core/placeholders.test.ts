import { describe, expect, it } from 'vitest';
import { hasPlaceholder, placeholders, replacePlaceholders } from '../../core/placeholders.js';
import { random as seeded } from '../seeded-random.js';

/**
 * The placeholder scanner stands in for the patterns /\$\{([^}]*)\}/g and /\$\{([^}]+)\}/g, which are
 * quadratic on hostile text. Over random texts made of the characters that matter ($, {, }, letters,
 * "Partition"), it must find what the patterns find and replace what they replace.
 */

const PIECES = ['$', '{', '}', '${', '$${', 'a', 'x.y', ' ', '!', 'Partition', 'partition', 'AWS::', '}}'];
const random = seeded(20261207);
const texts = Array.from({ length: 20_000 }, () => {
  let s = '';
  const n = Math.floor(random() * 12);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(random() * PIECES.length)];
  return s;
});

describe('placeholders', () => {
  it('finds what /\\$\\{([^}]*)\\}/g matches, and with nonEmpty what /\\$\\{([^}]+)\\}/g matches', () => {
    for (const text of texts) {
      expect(placeholders(text), text).toEqual([...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, inner: m[1] })));
      expect(placeholders(text, true), text).toEqual([...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, inner: m[1] })));
      expect(hasPlaceholder(text), text).toBe(/\$\{[^}]*\}/.test(text));
    }
  });

  it('replaces as String.replace with those patterns does, without searching replacements again', () => {
    let n = 0;
    const tag = (inner: string, whole: string) => `<${inner}|${whole.length}|${n++}>`;
    for (const text of texts) {
      n = 0;
      const ours = replacePlaceholders(text, tag);
      n = 0;
      expect(ours, text).toBe(text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => tag(inner, whole)));
      n = 0;
      const nonEmpty = replacePlaceholders(text, tag, true);
      n = 0;
      expect(nonEmpty, text).toBe(text.replace(/\$\{([^}]+)\}/g, (whole, inner: string) => tag(inner, whole)));
      // The inference of an account from a template (policy-facts.ts) replaced partition placeholders first.
      expect(replacePlaceholders(text, (inner, whole) => (inner.includes('Partition') || inner.includes('partition') ? 'aws' : whole)), text).toBe(
        text.replace(/\$\{[^}]*[Pp]artition[^}]*\}/g, 'aws'),
      );
    }
    expect(replacePlaceholders('${a}$${b}', () => '${c}')).toBe('${c}$${c}');
  });

  it('answers at once on a megabyte of "${" with no "}" (the patterns took minutes)', () => {
    const hostile = '${'.repeat(500_000);
    expect(placeholders(hostile)).toEqual([]);
    expect(hasPlaceholder(hostile)).toBe(false);
    expect(replacePlaceholders(hostile, () => 'x')).toBe(hostile);
    expect(placeholders(`${hostile}}`)).toEqual([{ start: 0, end: hostile.length + 1, inner: hostile.slice(2) }]);
  });
});
