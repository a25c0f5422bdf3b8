// Parsing and validation of policy documents.
import { describe, expect, it } from 'vitest';
import { type IssueCode, parsePolicy, type PolicyKind } from '../../engine/iam/index.js';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { V } from './helpers.js';

const GRAMMAR = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html';

const stmt = (extra: Record<string, unknown>) => ({ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*', ...extra });
const doc = (statement: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ Version: V, Statement: [statement], ...top });

const cases: { rule: string; doc: unknown; kind?: PolicyKind; code: IssueCode; path: (string | number)[] }[] = [
  { rule: 'an unknown top-level field', doc: doc(stmt({}), { Statements: [] }), code: 'unknown-field', path: ['Statements'] },
  { rule: 'an unknown statement field', doc: doc(stmt({ Actions: ['s3:GetObject'] })), code: 'unknown-field', path: ['Statement', 0, 'Actions'] },
  { rule: 'both Action and NotAction', doc: doc(stmt({ NotAction: 's3:GetObject' })), code: 'action-and-not-action', path: ['Statement', 0] },
  { rule: 'neither Action nor NotAction', doc: doc({ Effect: 'Deny', Resource: '*' }), code: 'missing-action', path: ['Statement', 0] },
  { rule: 'a missing Effect', doc: doc({ Action: 'cloudtrail:StopLogging', Resource: '*' }), code: 'missing-effect', path: ['Statement', 0] },
  { rule: 'an invalid Effect', doc: doc(stmt({ Effect: 'deny' })), code: 'invalid-effect', path: ['Statement', 0, 'Effect'] },
  { rule: 'an unknown condition operator', doc: doc(stmt({ Condition: { StringEqualz: { 'aws:SourceVpce': 'vpce-1' } } })), code: 'unknown-condition-operator', path: ['Statement', 0, 'Condition', 'StringEqualz'] },
  { rule: 'a misspelt global condition key', doc: doc(stmt({ Condition: { Bool: { 'aws:SecureTransprot': 'false' } } })), code: 'unknown-condition-key', path: ['Statement', 0, 'Condition', 'Bool', 'aws:SecureTransprot'] },
  { rule: 'a Bool value other than true/false', doc: doc(stmt({ Condition: { Bool: { 'aws:SecureTransport': 'maybe' } } })), code: 'invalid-condition-value', path: ['Statement', 0, 'Condition', 'Bool', 'aws:SecureTransport'] },
  { rule: 'a numeric operator with a value that is not a number', doc: doc(stmt({ Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } })), code: 'invalid-condition-value', path: ['Statement', 0, 'Condition', 'NumericLessThan', 's3:max-keys'] },
  { rule: 'a bad CIDR', doc: doc(stmt({ Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '300.1.1.1/8'] } } })), code: 'invalid-condition-value', path: ['Statement', 0, 'Condition', 'IpAddress', 'aws:SourceIp', 1] },
  { rule: 'a bucket name where an ARN is expected', doc: doc(stmt({ Resource: ['arn:aws:s3:::ok', 'my-bucket'] })), code: 'malformed-arn', path: ['Statement', 0, 'Resource', 1] },
  { rule: 'an ARN with too few segments', doc: doc(stmt({ Resource: 'arn:aws:s3:my-bucket' })), code: 'malformed-arn', path: ['Statement', 0, 'Resource'] },
  { rule: 'a wildcard in the service segment', doc: doc(stmt({ Resource: 'arn:aws:*:us-east-1:111122223333:x' })), code: 'malformed-arn', path: ['Statement', 0, 'Resource'] },
  { rule: 'a misspelt action', doc: doc(stmt({ Action: ['cloudtrail:DeleteTrail', 'cloudtrail:StopLoging'] })), code: 'unknown-action', path: ['Statement', 0, 'Action', 1] },
  { rule: 'a wildcard action that matches nothing', doc: doc(stmt({ Action: 'cloudtrail:Stopz*' })), code: 'unknown-action', path: ['Statement', 0, 'Action'] },
  { rule: 'an unknown service prefix', doc: doc(stmt({ Action: 'cloudtrial:StopLogging' })), code: 'unknown-service', path: ['Statement', 0, 'Action'] },
  { rule: 'an action without a service prefix', doc: doc(stmt({ Action: 'StopLogging' })), code: 'invalid-action', path: ['Statement', 0, 'Action'] },
  { rule: 'Version 2008-10-17', doc: { Version: '2008-10-17', Statement: [stmt({})] }, code: 'outdated-version', path: ['Version'] },
  { rule: 'no Version', doc: { Statement: [stmt({})] }, code: 'missing-version', path: [] },
  { rule: 'an invalid Version', doc: { Version: '2012-10-18', Statement: [stmt({})] }, code: 'invalid-version', path: ['Version'] },
  { rule: 'a Principal in an SCP', doc: doc(stmt({ Principal: '*' })), kind: 'scp', code: 'unexpected-principal', path: ['Statement', 0, 'Principal'] },
  { rule: 'no Principal in a resource-based policy', doc: doc(stmt({})), kind: 'resource', code: 'missing-principal', path: ['Statement', 0] },
  { rule: 'a partial wildcard in a principal ARN', doc: doc(stmt({ Principal: { AWS: 'arn:aws:iam::*:role/Admin' } })), code: 'invalid-principal', path: ['Statement', 0, 'Principal', 'AWS'] },
  { rule: 'an unknown principal type', doc: doc(stmt({ Principal: { Users: 'x' } })), code: 'invalid-principal', path: ['Statement', 0, 'Principal', 'Users'] },
  { rule: 'a Sid that is not a string', doc: doc(stmt({ Sid: { a: 1 } })), code: 'invalid-document', path: ['Statement', 0, 'Sid'] },
  { rule: 'duplicate Sids', doc: { Version: V, Statement: [stmt({ Sid: 'A' }), stmt({ Sid: 'A' })] }, code: 'duplicate-sid', path: ['Statement', 1, 'Sid'] },
  { rule: 'a document that is not JSON', doc: '{"Version": ', code: 'invalid-document', path: [] },
  // Issue 9: IAM Access Analyzer's INVALID_ARN_RESOURCE; wildcards belong in the resource ID.
  { rule: 'a wildcard in the resource type of an ARN', doc: doc(stmt({ Resource: 'arn:aws:cloudtrail:*:*:tr*/x' })), code: 'wildcard-resource-type', path: ['Statement', 0, 'Resource'] },
  { rule: 'a ? in the resource type of an ARN', doc: doc(stmt({ NotResource: 'arn:aws:kms:*:111122223333:ke?/abc' })), code: 'wildcard-resource-type', path: ['Statement', 0, 'NotResource'] },
];

describe('policy validation', () => {
  it.each(cases)('reports $rule', ({ doc: d, kind, code, path }) => {
    const { issues } = parsePolicy(d, { kind });
    expect(issues, GRAMMAR).toContainEqual(expect.objectContaining({ code, path }));
  });

  it('accepts the fine forms without issues: wildcards that match, lone statements, string Action', () => {
    const fine = [
      doc(stmt({ Action: ['cloudtrail:Stop*', 'cloudtrail:*', '*', 'CloudTrail:stoplogging'] })),
      { Version: V, Statement: stmt({ Resource: 'arn:aws:cloudtrail:*:*:trail/org-security-trail' }) },
      doc(stmt({ Resource: ['arn:aws:logs:*', 'arn:aws:s3:::b/*'], Condition: { StringLike: { 'aws:PrincipalTag/team': 'sec*' } } })),
      // Wildcards in the resource ID, a whole-resource "*", S3 bucket names (no type word): all fine.
      doc(stmt({ Resource: ['arn:aws:cloudtrail:*:*:trail/*', 'arn:aws:kms:*:*:key/*', 'arn:aws:logs:*:*:log-group:*', 'arn:aws:cloudtrail:us-east-1:111122223333:*', 'arn:aws:s3:::*-logs/*'] })),
    ];
    for (const d of fine) expect(parsePolicy(d).issues).toEqual([]);
  });

  it('variables without Version 2012-10-17 are an error, not a warning', () => {
    const { issues } = parsePolicy({ Statement: [stmt({ Resource: 'arn:aws:s3:::home/${aws:username}/*' })] });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'missing-version', level: 'error' }));
  });

  it('normalizes principals: bare account IDs become root ARNs, "*" becomes {AWS: "*"}', () => {
    const { policy } = parsePolicy(doc(stmt({ Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:role/R'], Service: 'cloudtrail.amazonaws.com' } })));
    expect(policy.statements[0]!.principal!.entries.map((e) => [e.type, e.value])).toEqual([
      ['AWS', 'arn:aws:iam::111122223333:root'],
      ['AWS', 'arn:aws:iam::444455556666:role/R'],
      ['Service', 'cloudtrail.amazonaws.com'],
    ]);
    const star = parsePolicy(doc(stmt({ Principal: '*' }))).policy.statements[0]!.principal!;
    expect(star.entries.map((e) => [e.type, e.value])).toEqual([['AWS', '*']]);
  });

  it('keeps Unknown values where they are, and does not report them', () => {
    const u = new Unknown('known after apply', [{ address: 'aws_cloudtrail.org', attribute: 'arn' }], true);
    const { policy, issues } = parsePolicy(doc(stmt({ Resource: [u], Condition: { StringEquals: { 'aws:SourceArn': u } } })));
    expect(issues).toEqual([]);
    const s = policy.statements[0]!;
    expect(isUnknown(s.resource!.entries[0]!.value)).toBe(true);
    expect(s.conditions[0]!.unknown).toBe(u);
  });

  it('stringifies boolean and number condition values as IAM does', () => {
    const { policy } = parsePolicy(doc(stmt({ Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } } })));
    expect(policy.statements[0]!.conditions.map((c) => c.values)).toEqual([['false'], ['10']]);
  });

  // Issue 9: an unknown action in an Allow grants nothing more: a note. In a Deny or a NotAction it changes what the policy does.
  it('an unknown action in an Allow is a warning (a note in reports); in a Deny or a NotAction an error', () => {
    const level = (statement: Record<string, unknown>) => parsePolicy(doc(statement)).issues.find((i) => i.code === 'unknown-action')?.level;
    expect(level({ Effect: 'Allow', Action: ['sns:Publish', 'sns:PublishBatchz'], Resource: '*' })).toBe('warning');
    expect(level({ Effect: 'Deny', Action: 'sns:PublishBatchz', Resource: '*' })).toBe('error');
    expect(level({ Effect: 'Allow', NotAction: 'sns:PublishBatchz', Resource: '*' })).toBe('error');
    expect(parsePolicy(doc({ Effect: 'Allow', Action: 'snz:Publish', Resource: '*' })).issues.find((i) => i.code === 'unknown-service')?.level).toBe('warning');
    // A malformed action is rejected by IAM whatever the Effect.
    expect(parsePolicy(doc({ Effect: 'Allow', Action: 'Publish', Resource: '*' })).issues.find((i) => i.code === 'invalid-action')?.level).toBe('error');
  });

  it('can skip the catalogue check', () => {
    expect(parsePolicy(doc(stmt({ Action: 'cloudtrail:StopLoging' })), { catalog: false }).issues).toEqual([]);
  });
});
