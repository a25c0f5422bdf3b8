import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../core/diagnostics.js';
import { renderGithub } from '../../engine/report/github.js';
import { MAX_PROBLEMS_SHOWN_PER_KIND, problemsForPeople } from '../../engine/report/input-problems.js';
import { renderMarkdown } from '../../engine/report/markdown.js';
import { renderText } from '../../engine/report/text.js';
import { OPTIONS, ROOT, fullScan } from './scan-results.js';

/** Problems people read are capped per file and kind; JSON and SARIF keep every one (json/sarif tests). */

const note = (file: string, code: string, i: number): Diagnostic => ({
  level: 'note',
  code,
  file,
  range: { file, start: { line: 1, column: 10 + i }, end: { line: 1, column: 11 + i } },
  message: `"s3:Get${i}*" matches no s3 action`,
});

describe('problemsForPeople', () => {
  it('keeps the first few of each kind in each file, in order, and counts the rest', () => {
    const problems: Diagnostic[] = [];
    for (let i = 0; i < 25; i++) {
      problems.push(note(`${ROOT}/a.json`, 'policy-unknown-action', i));
      if (i < 12) problems.push(note(`${ROOT}/b.json`, 'policy-unknown-action', i));
      if (i < 3) problems.push({ ...note(`${ROOT}/a.json`, 'policy-unknown-action', i), level: 'warning' });
    }
    const { shown, more } = problemsForPeople(problems);
    expect(shown).toHaveLength(MAX_PROBLEMS_SHOWN_PER_KIND * 2 + 3);
    expect(shown.filter((d) => d.file.endsWith('a.json') && d.level === 'note').map((d) => d.message)).toEqual(problems.filter((d) => d.file.endsWith('a.json') && d.level === 'note').slice(0, 10).map((d) => d.message));
    expect(more).toEqual([
      { file: `${ROOT}/a.json`, level: 'note', code: 'policy-unknown-action', count: 15 },
      { file: `${ROOT}/b.json`, level: 'note', code: 'policy-unknown-action', count: 2 },
    ]);
  });

  it('keeps everything when nothing repeats that often', () => {
    const problems = Array.from({ length: MAX_PROBLEMS_SHOWN_PER_KIND }, (_, i) => note(`${ROOT}/a.json`, 'policy-unknown-action', i));
    expect(problemsForPeople(problems)).toEqual({ shown: problems, more: [] });
  });
});

describe('200,000 notes of one kind', () => {
  const diagnostics = Array.from({ length: 200_000 }, (_, i) => note(`${ROOT}/bucket-policy.json`, 'policy-unknown-action', i));
  const result = fullScan({ findings: [], undetermined: [], diagnostics, files: ['bucket-policy.json'] });
  const more = '199,990 more notes like these (policy-unknown-action) in this file: the JSON and SARIF reports list every one';

  it('are ten lines and a count in the text report', () => {
    const text = renderText(result, OPTIONS);
    expect(text.split('\n').filter((l) => l.includes('policy-unknown-action'))).toHaveLength(11);
    expect(text).toContain(`  bucket-policy.json: ${more}`);
  });

  it('are ten items and a count in the Markdown report (a pull request comment stays under GitHub\'s limit)', () => {
    const md = renderMarkdown(result, OPTIONS);
    expect(md.split('\n').filter((l) => l.startsWith('- ') && l.includes('bucket-policy.json'))).toHaveLength(11);
    expect(md).toContain(more);
    expect(md.length).toBeLessThan(65_536);
  });

  it('are ten annotations and a count in the GitHub format', () => {
    const out = renderGithub(result, OPTIONS);
    expect(out.split('\n').filter((l) => l.startsWith('::notice'))).toHaveLength(11);
    expect(out).toContain('199,990 more notes like these');
  });
});
