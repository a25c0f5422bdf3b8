// The one wildcard matcher (engine/iam/wildcard.ts) and the ARN / action / condition matching built on it.
// The hostile patterns come from issue 9: with the backtracking RegExp they replaced, a 15-star Resource
// against a 24-letter bucket name took 11 s and a 30-letter one did not finish in 300 s. Their cost is
// measured by `npm run bench` (policy case); here we assert the answers, which must come back at all.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionMatches, arnLikeMatches, resourceMatches } from '../../engine/iam/index.js';
import { compileGlob, Glob, globMatch } from '../../engine/iam/wildcard.js';
import { globMatch as ruleGlob } from '../../engine/rules/condition.js';
import { condition, IAM } from './helpers.js';

const RESOURCE = IAM('reference_policies_elements_resource.html');
const OPERATORS = IAM('reference_policies_elements_condition_operators.html');

/** A reference matcher by dynamic programming over (pattern, text): obviously right, quadratic, fine for small inputs. */
function reference(pattern: string, text: string): boolean {
  const p = Array.from(pattern);
  const t = Array.from(text);
  let row = new Array<boolean>(t.length + 1).fill(false);
  row[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(t.length + 1).fill(false);
    if (c === '*') {
      let any = false;
      for (let i = 0; i <= t.length; i++) next[i] = any ||= row[i]!;
    } else {
      for (let i = 1; i <= t.length; i++) next[i] = row[i - 1]! && (c === '?' || c === t[i - 1]);
    }
    row = next;
  }
  return row[t.length]!;
}

describe('glob semantics: * any run, ? one character', () => {
  it.each([
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['?', '', false],
    ['?', 'é', true],
    ['?', '😀', true], // one code point, not one UTF-16 unit
    ['??', '😀', false],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['a*a', 'a', false],
    ['*ab*ab*', 'abab', true],
    ['*aab', 'aaab', true],
    ['a?c*', 'abcd', true],
    ['[.]+(x)', '[.]+(x)', true], // RegExp syntax is plain text
  ])('%j ~ %j → %s', (pattern, text, want) => {
    expect(globMatch(pattern, text)).toBe(want);
    expect(reference(pattern, text)).toBe(want);
  });

  it('agrees with a reference matcher on 5,000 random small cases', () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const word = (alphabet: string, max: number) => Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 5_000; i++) {
      const p = word('ab*?', 7);
      const t = word('ab', 8);
      expect(globMatch(p, t), `${p} ~ ${t}`).toBe(reference(p, t));
    }
  });

  it('a plain string pattern (cut with native string operations) matches as the same pattern given as pieces', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const word = (alphabet: string[], max: number) => Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join('');
    const patternChars = ['a', 'B', '*', '?', ':', '/', 'İ', '\u00e9', '\u{1f600}'];
    const textChars = ['a', 'b', 'B', ':', '/', 'i\u0307', '\u00e9', '\u00c9', '\u{1f600}'];
    for (let i = 0; i < 3_000; i++) {
      const p = word(patternChars, 7);
      const t = word(textChars, 8);
      for (const ignoreCase of [false, true]) {
        const fast = new Glob(p, ignoreCase);
        const pieces = new Glob([{ text: p, literal: false }], ignoreCase);
        expect(fast.matches(t), `${p} ~ ${t} (${ignoreCase})`).toBe(pieces.matches(t));
        expect(fast.isLiteral).toBe(pieces.isLiteral);
        const starts = [0, 1, 2].filter((s) => s <= t.length);
        expect(fast.matchesSuffix(t, starts), `${p} ~ suffixes of ${t}`).toBe(pieces.matchesSuffix(t, starts));
      }
    }
  });

  it('case-insensitive on request (actions)', () => {
    expect(globMatch('CloudTrail:Stop*', 'cloudtrail:stoplogging', true)).toBe(true);
    expect(globMatch('CloudTrail:Stop*', 'cloudtrail:stoplogging')).toBe(false);
  });

  it('a policy variable’s substituted text is literal: its * and ? are plain characters', () => {
    const parts = [
      { text: 'home/', literal: false },
      { text: '*', literal: true },
      { text: '/*', literal: false },
    ];
    expect(globMatch(parts, 'home/*/x')).toBe(true);
    expect(globMatch(parts, 'home/bob/x')).toBe(false);
  });

  it('compiles a pattern once (bounded cache)', () => {
    expect(compileGlob('org-*')).toBe(compileGlob('org-*'));
    expect(compileGlob('org-*', true)).not.toBe(compileGlob('org-*'));
    expect(new Glob('x').isLiteral).toBe(true);
  });

  it('the rule language and .trailguard.yaml globs are the same matcher', () => {
    expect(ruleGlob).toBe(globMatch);
  });
});

describe('hostile patterns answer (no backtracking)', () => {
  const stars15 = `arn:aws:s3:::${'*a'.repeat(15)}*b`;
  it.each([24, 27, 30])('15 stars against a %i-letter bucket name', (n) => {
    const bucket = 'a'.repeat(n);
    expect(resourceMatches(stars15, `arn:aws:s3:::${bucket}`), RESOURCE).toBe(false);
    expect(resourceMatches(stars15, `arn:aws:s3:::${bucket}b`), RESOURCE).toBe(true);
  });

  const stars40 = `${'*a'.repeat(40)}*b`;
  const long = 'a'.repeat(10_000);
  it('40 stars against a 10,000-character value: StringLike, ArnLike, actions, resources, rule globs', () => {
    expect(globMatch(stars40, long)).toBe(false);
    expect(globMatch(stars40, `${long}b`)).toBe(true);
    expect(actionMatches(`s3:${stars40}`, `s3:${long}`)).toBe(false);
    expect(resourceMatches(`arn:aws:s3:::${stars40}`, `arn:aws:s3:::${long}`)).toBe(false);
    expect(arnLikeMatches(`arn:aws:s3:::${stars40}`, `arn:aws:s3:::${long}`), OPERATORS).toBe(false);
    expect(ruleGlob(stars40, long)).toBe(false);
    expect(condition({ StringLike: { 'aws:userid': stars40 } }, { context: { 'aws:userid': long } }), OPERATORS).toBe(false);
    expect(condition({ StringNotLike: { 'aws:userid': stars40 } }, { context: { 'aws:userid': long } }), OPERATORS).toBe(true);
    expect(condition({ ArnNotLike: { 'aws:SourceArn': `arn:aws:s3:::${stars40}` } }, { context: { 'aws:SourceArn': `arn:aws:s3:::${long}` } })).toBe(true);
  });

  it('an ARN with thousands of colons and spanning segment wildcards', () => {
    const value = `arn:${'x:'.repeat(5000)}end`;
    expect(resourceMatches('arn:*:*:*:*:*end', value)).toBe(true);
    expect(resourceMatches('arn:*:x:x:x:nope*', value)).toBe(false);
    expect(resourceMatches('arn:*:x:x:x:x', value)).toBe(false);
  });
});

describe('ARN wildcards stay within their colon segment, except as AWS documents', () => {
  it.each([
    // Resource element: a * that ends a segment may expand beyond the colon boundaries.
    ['arn:aws:logs:*', 'arn:aws:logs:us-east-1:111122223333:log-group:trail:*', true],
    ['arn:aws:logs:us-*:111122223333:log-group:x', 'arn:aws:logs:us-east-1:111122223333:log-group:x', true],
    // A * inside a segment (not its last character) does not cross a colon.
    ['arn:aws:logs:us*1:111122223333:log-group:x', 'arn:aws:logs:us:east:1:111122223333:log-group:x', false],
    // ? never stands for a colon.
    ['arn:aws:sqs:us-east-1?111122223333:q', 'arn:aws:sqs:us-east-1:111122223333:q', false],
    // In the resource part, * spans / and :.
    ['arn:aws:logs:us-east-1:111122223333:log-group:*', 'arn:aws:logs:us-east-1:111122223333:log-group:a:log-stream:b', true],
    ['arn:aws:s3:::logs/*', 'arn:aws:s3:::logs/AWSLogs/111122223333/CloudTrail/x.json.gz', true],
    ['arn:aws:s3:::logs/*', 'arn:aws:s3:::logs', false],
    ['arn:aws:cloudtrail:*:*:trail/*', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org', true],
    ['arn:aws:cloudtrail:*:*:trail/*', 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/x', false],
  ])('Resource %s ~ %s → %s', (pattern, arn, want) => {
    expect(resourceMatches(pattern, arn), RESOURCE).toBe(want);
  });

  it.each([
    // ArnLike: each of the six components separately; no spanning rule.
    ['arn:aws:logs:*', 'arn:aws:logs:us-east-1:111122223333:log-group:x', 'unknown'],
    ['arn:aws:logs:us*:*:*', 'arn:aws:logs:us-east-1:111122223333:log-group:x', true],
    ['arn:aws:*:*:*:*', 'arn:aws:s3:::bucket', true],
    ['arn:aws:cloudtrail:*:111122223333:trail/*', 'arn:aws:cloudtrail:us-east-1:444455556666:trail/x', false],
    ['arn:aws:s3:::*', 'not-an-arn', false],
  ] as const)('ArnLike %s ~ %s → %s', (pattern, value, want) => {
    expect(arnLikeMatches(pattern, value), OPERATORS).toBe(want);
  });
});

describe('no regular expression is built from policy text', () => {
  it('engine/iam has no `new RegExp`', () => {
    const dir = join(import.meta.dirname, '../../engine/iam');
    const offenders = readdirSync(dir).filter((f) => f.endsWith('.ts') && /new RegExp\s*\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
