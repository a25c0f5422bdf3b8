import { describe, expect, it } from 'vitest';
import { decodeHeredoc, leadingSpaces } from '../../parsers/terraform/hcl/template.js';
import { random } from '../seeded-random.js';

// The template helpers search natively (indexOf, sticky regular expressions) where they once went character
// by character. These are the character-by-character versions they replaced, as the reference.

function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function decodeHeredocByCharacter(text: string, start: number, end: number): string {
  let i = text.indexOf('{', start);
  if (i < 0 || i >= end) return text.slice(start, end);
  const chunks: string[] = [];
  let from = start;
  for (i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
      chunks.push(text.slice(from, i + 1));
      from = i + 2;
      i += 2;
    }
  }
  chunks.push(text.slice(from, end));
  return chunks.join('');
}

function textOf(next: () => number, alphabet: readonly string[], max: number): string {
  let text = '';
  const length = Math.floor(next() * max);
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

describe('heredoc text', () => {
  it('resolves $${ and %%{ as a scan of every character does, within any range of the text (an escape may end past it)', () => {
    const next = random(7);
    for (let n = 0; n < 3000; n++) {
      const text = textOf(next, ['$', '%', '{', '}', 'a', '\n', ' '], 14);
      for (let k = 0; k < 4; k++) {
        const start = Math.floor(next() * (text.length + 1));
        const end = start + Math.floor(next() * (text.length - start + 1));
        expect(decodeHeredoc(text, start, end), `${JSON.stringify(text)} [${start}, ${end})`).toBe(decodeHeredocByCharacter(text, start, end));
      }
    }
    expect(decodeHeredoc('a $${x} %%{y} $$${z}', 0, 20)).toBe('a ${x} %{y} $${z}');
    // An escape whose `{` lies just past the range is resolved when the range has a brace of its own.
    expect(decodeHeredoc('a{b$${', 0, 5)).toBe('a{b$');
    expect(decodeHeredoc('ab$${', 0, 4)).toBe('ab$$');
  });

  it("counts a line's leading white space as Go's unicode.IsSpace does", () => {
    const next = random(8);
    const spaces = [' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'];
    const others = ['a', '\u0008', '\u000e', '\u001f', '\u200b', '\u2027', '\u180e', '\ufeff', '\u3001', '{'];
    for (let n = 0; n < 3000; n++) {
      const text = textOf(next, n % 2 ? spaces : [...spaces, ...others], 10) + textOf(next, others, 3);
      let byCharacter = 0;
      while (byCharacter < text.length && isSpace(text.charCodeAt(byCharacter))) byCharacter++;
      expect(leadingSpaces(text), JSON.stringify(text)).toBe(byCharacter);
    }
    for (let c = 0; c < 0x10000; c++) expect(leadingSpaces(String.fromCharCode(c)), c.toString(16)).toBe(isSpace(c) ? 1 : 0);
  });
});
