import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';
import { show } from '../../engine/rules/template.js';
import { Unknown } from '../../core/unknown.js';

/**
 * Messages are sentences whatever is unknown or unset: no "((known only after
 * deployment))", "(not set)" or "read: false" (issue 8, part 6).
 */
const rules = builtinRules();
const repo = join(rulesDir(), '..');

function messages(...paths: string[]): string[] {
  const r = scan({ paths: paths.map((p) => join(rulesDir(), p)), rules, root: repo, toolVersion: 'test' });
  return [...new Set(r.findings.map((f) => f.message))];
}

describe('rule messages', () => {
  it('name a bucket whose name is known only after deployment by its address, in single brackets', () => {
    // The bucket's name comes from a variable without a value.
    const ms = messages('cloudtrail-bucket-policy-not-public/cases/fail-heredoc.tf');
    expect(ms).toContain(
      'No SCP attached to the organization root or an OU denies s3:DeleteBucket, s3:DeleteBucketPolicy, s3:PutBucketPolicy on the bucket of trail t (aws_s3_bucket.logs).',
    );
  });

  it('say "none", "yes" and "no" for empty lists, unset lists and booleans', () => {
    const ms = messages('cloudtrail-management-events/cases', 'cloudtrail-insights/cases', 'iam-trail-admin-policies-restricted/cases');
    expect(ms.some((m) => /\(read: no, write: yes\)/.test(m))).toBe(true);
    expect(ms.some((m) => /selected: none\./.test(m))).toBe(true);
    expect(ms.some((m) => /\(users: none; groups: Developers; roles: none\)/.test(m))).toBe(true);
    for (const m of ms) expect(m).not.toMatch(/\(\(|\(not set\)|\(none\)|\(known only|: (true|false)\b|undefined|\[object/);
  });

  it('render unknown and unset values as words, without brackets of their own', () => {
    expect(show(new Unknown('a parameter without default'))).toBe('known only after deployment');
    expect(show(undefined)).toBe('not set');
    expect(show([])).toBe('none');
    expect(show([true, 'x'])).toBe('yes, x');
  });
});
