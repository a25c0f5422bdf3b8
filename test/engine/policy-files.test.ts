import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';
import { classifyPolicy, looksLikePolicyDocument } from '../../parsers/policy/detect.js';

/** Raw policy documents: found by content, classified, and bad ones reported with their line. */
const rules = builtinRules();

function scanFiles(files: Record<string, string>): ReturnType<typeof scan> {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-policy-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
}

describe('raw policy documents', () => {
  it('are recognised by content, not by name', () => {
    expect(looksLikePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })).toBe(true);
    expect(looksLikePolicyDocument({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } })).toBe(true);
    expect(looksLikePolicyDocument({ name: 'pkg', version: '1.0.0' })).toBe(false);
    expect(looksLikePolicyDocument({ Statement: [{ Action: 'x' }] })).toBe(false);
  });

  it('are classified by file name first, then by content', () => {
    const deny = { Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }] };
    expect(classifyPolicy('org/scps/deny-trail.json', deny)).toEqual({ kind: 'scp', by: 'name' });
    expect(classifyPolicy('x.json', deny)).toEqual({ kind: 'scp', by: 'content' });
    expect(classifyPolicy('logs-bucket-policy.json', { Statement: [] })).toEqual({ kind: 'bucket', by: 'name' });
    expect(classifyPolicy('a.json', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }).kind).toBe('bucket');
    expect(classifyPolicy('a.json', { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }).kind).toBe('key');
    expect(classifyPolicy('a.json', { Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }).kind).toBe('identity');
  });

  it('recognises role trust policies, by name or content, and judges nothing in them (they were read as key policies)', () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const oidc = {
      Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'], Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }],
    };
    expect(classifyPolicy('roles/ci.json', trust)).toEqual({ kind: 'trust', by: 'content' });
    expect(classifyPolicy('roles/github.json', oidc)).toEqual({ kind: 'trust', by: 'content' });
    expect(classifyPolicy('roles/ci-assume-role-policy.json', { Statement: [] })).toEqual({ kind: 'trust', by: 'name' });
    expect(classifyPolicy('roles/ci-trust-policy.json', { Statement: [] })).toEqual({ kind: 'trust', by: 'name' });
    // A key policy that lets a role use the key is not a trust policy.
    expect(classifyPolicy('a.json', { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:*', 'sts:AssumeRole'], Resource: '*' }] }).kind).toBe('key');
    const result = scanFiles({ 'ci.json': JSON.stringify(trust, null, 2), 'github.json': JSON.stringify(oidc, null, 2) });
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.filter((d) => d.code === 'policy-not-judged').map((d) => d.file).sort()).toEqual(['ci.json', 'github.json']);
    expect(result.diagnostics.find((d) => d.code === 'nothing-judged')?.message).toContain('are 2 role trust policies, which no check applies to');
  });

  it('tells resource control policies from bucket and key policies', () => {
    const perimeter = { Statement: [{ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'kms:*'], Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg' } } }] };
    expect(classifyPolicy('guardrails/perimeter.json', perimeter)).toEqual({ kind: 'rcp', by: 'content' });
    expect(classifyPolicy('org/rcps/perimeter.json', { Statement: [] })).toEqual({ kind: 'rcp', by: 'name' });
    expect(classifyPolicy('a.json', { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }).kind).toBe('rcp');
    // A bucket policy names its bucket; a key policy that only denies everyone would lock its key.
    expect(classifyPolicy('a.json', { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }] }).kind).toBe('bucket');
    expect(classifyPolicy('a.json', { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }).kind).toBe('key');
  });

  it('never counts a resource control policy as the SCP that protects the trail', () => {
    const rcp = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'], Resource: '*' }],
    });
    const trail = JSON.stringify({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, IsMultiRegionTrail: true, S3BucketName: 'logs' } } } });
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-policy-'));
    writeFileSync(join(dir, 'guard.json'), rcp);
    writeFileSync(join(dir, 'trail.json'), trail);
    const policySetting = (path: string) => (path === 'guard.json' ? { type: 'rcp' as const, attachedTo: ['r-ab12'] } : undefined);
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test', policySetting });
    expect(r.diagnostics.filter((d) => d.code.startsWith('policy-'))).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-scp-denies-trail-tampering')).toHaveLength(1);
  });

  it('a policy file that is not valid JSON is a parse error with its line and column', () => {
    const r = scanFiles({ 'bucket-policy.json': '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Deny", "Action": "s3:*",}\n  ]\n}\n' });
    const errors = r.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.location.file).toBe('bucket-policy.json');
    expect(errors[0]!.location.start.line).toBe(4);
  });

  it('unknown fields, operators, actions and malformed ARNs are findings on their line', () => {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Sid": "DenyStop",',
      '      "Effect": "Deny",',
      '      "Action": ["cloudtrail:StopLoging"],',
      '      "Resource": "arn:aws:cloudtrail",',
      '      "Conditions": {}',
      '    },',
      '    {',
      '      "Effect": "Deny",',
      '      "Action": "cloudtrail:DeleteTrail",',
      '      "Resource": "*",',
      '      "Condition": {"StringEqualz": {"aws:PrincipalArn": "x"}}',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n');
    const r = scanFiles({ 'deny-scp.json': text });
    const found = r.findings.filter((f) => f.ruleId === 'iam-policy-invalid').map((f) => [f.location.start.line, f.message]);
    const lines = found.map(([l]) => l);
    expect(lines).toContain(7); // misspelt action
    expect(lines).toContain(8); // malformed ARN
    expect(lines).toContain(9); // unknown statement field
    expect(lines).toContain(15); // unknown condition operator
    expect(found.find(([l]) => l === 7)![1]).toMatch(/StopLoging/);
  });

  it('a misspelt action in an SCP protects nothing: the trail is reported unprotected', () => {
    const scp = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['cloudtrail:StopLoging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'], Resource: '*' }],
    }, null, 2);
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-scp-'));
    writeFileSync(join(dir, 'trail.yaml'), 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: t\n      IsLogging: true\n      S3BucketName: b\n');
    writeFileSync(join(dir, 'scp.json'), scp);
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test', policySetting: () => ({ type: 'scp', attachedTo: ['r-ab12'] }) });
    expect(r.findings.map((f) => f.ruleId)).toContain('cloudtrail-scp-denies-trail-tampering');
    expect(r.findings.map((f) => f.ruleId)).toContain('iam-policy-invalid');
  });
});
