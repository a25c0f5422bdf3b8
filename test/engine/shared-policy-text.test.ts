import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';

// A module instantiated per account repeats one policy text in every instance; the analysis parses
// and evaluates it once (engine/analysis/policy-facts.ts), but each resource must still get its own
// verdicts, problems and names.
const dir = mkdtempSync(join(tmpdir(), 'trailguard-shared-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
    { Sid: 'Typo', Effect: 'Permit', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Encrypt', Resource: '*' },
  ],
});

function key(account: string, text: string) {
  const address = `module.account["${account}"].aws_kms_key.trail`;
  return {
    address,
    module_address: `module.account["${account}"]`,
    mode: 'managed',
    type: 'aws_kms_key',
    name: 'trail',
    change: { actions: ['create'], after: { enable_key_rotation: true, policy: text }, after_unknown: { arn: true }, after_sensitive: {} },
  };
}

describe('a policy text shared by several resources', () => {
  it('gives each resource its own verdicts, policy name and policy problems', () => {
    const other = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] });
    const plan = { format_version: '1.2', terraform_version: '1.9.8', resource_changes: [key('a', policy), key('b', other), key('c', policy)] };
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    const r = scan({ paths: [file], rules: builtinRules(), root: dir, toolVersion: 'test' });
    const keys = r.graph.ofKind('key');
    expect(keys.map((k) => k.address)).toEqual(['module.account["a"].aws_kms_key.trail', 'module.account["b"].aws_kms_key.trail', 'module.account["c"].aws_kms_key.trail']);
    expect(keys.map((k) => k.props['policyDecryptToEveryone'])).toEqual([true, false, true]);
    for (const k of keys) {
      const parsed = k.parsedPolicy as { policy: { name?: string } };
      expect(parsed.policy.name).toBe(k.address);
    }
    expect(keys.map((k) => (k.props['policyIssues'] as string[] | undefined)?.length ?? 0)).toEqual([1, 0, 1]);
    const invalid = r.findings.filter((f) => f.ruleId === 'iam-policy-invalid').map((f) => f.message);
    expect(invalid).toHaveLength(2);
    expect(invalid[0]).toMatch(/^module\.account\["a"\]\.aws_kms_key\.trail: .*Effect/);
    expect(invalid[1]).toMatch(/^module\.account\["c"\]\.aws_kms_key\.trail: .*Effect/);
  });
});
