import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rangeAt } from '../../core/location.js';
import { LinkBaseError, locationLink, parseLinkBase } from '../../engine/report/links.js';

const repo = join(import.meta.dirname, '../..');
const cli = join(repo, 'bin/trailguard.js');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--link-base', () => {
  it('takes an http or https URL and drops a trailing slash', () => {
    expect(parseLinkBase('https://github.com/o/r/blob/0123abc/')).toBe('https://github.com/o/r/blob/0123abc');
    expect(parseLinkBase('http://git.example.test/o/r/src/main')).toBe('http://git.example.test/o/r/src/main');
  });

  it.each([
    ['javascript:alert(1)', /http or https URL, not javascript/],
    ['data:text/html,<script>alert(1)</script>', /http or https URL, not data/],
    ['ftp://example.test/r', /http or https URL, not ftp/],
    ['github.com/o/r/blob/x', /absolute http or https URL/],
    ['https://user:token@github.com/o/r/blob/x', /user name or password/],
    ['https://github.com/o/r/blob/x?plain=1', /query/],
    ['https://github.com/o/r/blob/x#readme', /fragment/],
  ])('refuses %s', (text, message) => {
    expect(() => parseLinkBase(text)).toThrow(LinkBaseError);
    expect(() => parseLinkBase(text)).toThrow(message);
  });

  it('cannot be made to end a Markdown link: parentheses and spaces in the base are percent-encoded', () => {
    expect(parseLinkBase('https://example.test/a (b)/c')).toBe('https://example.test/a%20%28b%29/c');
  });

  it('links a file and its lines, each path segment encoded; nothing for files outside the repository', () => {
    const base = 'https://github.com/o/r/blob/abc';
    expect(locationLink(base, 'stacks/trail.yaml', rangeAt('stacks/trail.yaml', 12, 5, 14, 1))).toBe(`${base}/stacks/trail.yaml#L12-L14`);
    expect(locationLink(base, 'stacks/trail.yaml', rangeAt('stacks/trail.yaml', 12, 5, 12, 9))).toBe(`${base}/stacks/trail.yaml#L12`);
    expect(locationLink(base, 'a b/c#d/e(1)|[x].tf', undefined)).toBe(`${base}/a%20b/c%23d/e%281%29%7C%5Bx%5D.tf`);
    expect(locationLink(base, '../elsewhere/trail.yaml', undefined)).toBeUndefined();
    expect(locationLink(base, '/abs/trail.yaml', undefined)).toBeUndefined();
  });

  it('on the command line: links the Markdown report, and a bad URL is a usage error (exit 2)', () => {
    const ok = run(['scan', 'examples/cloudformation/insecure-trail.yaml', '--format', 'markdown', '--link-base', 'https://github.com/o/r/blob/abc']);
    expect(ok.code).toBe(1);
    expect(ok.stdout).toContain('[`examples/cloudformation/insecure-trail.yaml:8:3`](https://github.com/o/r/blob/abc/examples/cloudformation/insecure-trail.yaml#L8)');
    const bad = run(['scan', 'examples/cloudformation/insecure-trail.yaml', '--format', 'markdown', '--link-base', 'javascript:alert(1)']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('trailguard: --link-base must be an http or https URL, not javascript\n');
  });
});
