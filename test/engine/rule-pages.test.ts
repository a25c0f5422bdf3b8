import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesDir } from '../../engine/builtin-rules.js';
import { GENERATED_MARK } from '../../engine/rules/docs.js';
import { cleanPage, rulePage } from '../../engine/rules/pages.js';

/** Rule pages as `trailguard explain` and SARIF `help` show them (engine/rules/pages.ts). */

const ids = readdirSync(rulesDir(), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('rule pages', () => {
  it('reduce relative links to their text and keep absolute ones', () => {
    expect(cleanPage('See [the catalog](../../docs/catalog.md#p3) and [AWS](https://docs.aws.amazon.com/x).\n')).toBe(
      'See the catalog and [AWS](https://docs.aws.amazon.com/x).\n',
    );
  });

  it('leave no relative link in any built-in rule page, as the pattern that allowed brackets inside did', () => {
    // The pattern before 2026-12-07 (quadratic on a long line of `[`): on every shipped page it gives the
    // same text as the linear one.
    const before = (page: string): string => {
      let text = page.replace(GENERATED_MARK, '');
      const cases = text.indexOf('\n## Test cases');
      if (cases >= 0) text = text.slice(0, cases);
      return `${text.replace(/\[([^\]\n]*)\]\((?![a-z]+:)[^)\s]*\)/g, '$1').trim()}\n`;
    };
    expect(ids.length).toBeGreaterThan(60);
    for (const id of ids) {
      const page = rulePage(id);
      expect(page, id).toBeDefined();
      expect(page, id).not.toMatch(/\]\((?![a-z]+:)/);
      expect(page).toBe(before(readPage(id)));
    }
  });

  it('read a long line of brackets in linear time', () => {
    // 300,000 `[` then a tab: each `[` was read to the end of the line, minutes of work.
    const line = '[\t'.repeat(300_000);
    expect(cleanPage(`${line}\n[a](b)`)).toBe(`${line}\na\n`);
    expect(cleanPage('[a]('.repeat(100_000)).length).toBeGreaterThan(0);
  });
});

function readPage(id: string): string {
  return readFileSync(join(rulesDir(), id, 'README.md'), 'utf8');
}
