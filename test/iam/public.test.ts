// "Public" by S3's definition (P4.3, B2.1) and "grants to everyone" for key policies (P2.3).
import { describe, expect, it } from 'vitest';
import { grantsToEveryone, isPublicPolicy } from '../../engine/iam/index.js';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { one, policy, V } from './helpers.js';

const S3_PUBLIC =
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status';
const KMS_EVERYONE = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html';

type Expect = boolean | 'unknown';
const verdict = (v: boolean | Unknown): Expect => (isUnknown(v) ? 'unknown' : v);

const grant = (extra: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::logs/*',
  ...extra,
});
const condition = (c: Record<string, unknown>) => grant({ Condition: c });

const rows: { rule: string; statement: Record<string, unknown>; expected: Expect }[] = [
  { rule: 'Principal "*" without a condition is public', statement: grant({}), expected: true },
  // S3's first example of a public policy (issue 9: was judged not public).
  { rule: 'a Federated web-identity principal is public (S3 example: graph.facebook.com)', statement: grant({ Principal: { Federated: 'graph.facebook.com' }, Action: 's3:PutObject' }), expected: true },
  { rule: 'cognito-identity.amazonaws.com as a Federated principal is public', statement: grant({ Principal: { Federated: 'cognito-identity.amazonaws.com' } }), expected: true },
  { rule: 'accounts.google.com beside a fixed role is still public', statement: grant({ Principal: { AWS: 'arn:aws:iam::111122223333:role/R', Federated: 'accounts.google.com' } }), expected: true },
  { rule: 'a Federated principal with a fixed aws:SourceVpce is not public', statement: grant({ Principal: { Federated: 'accounts.google.com' }, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }), expected: false },
  { rule: '{"AWS": "*"} without a condition is public', statement: grant({ Principal: { AWS: '*' } }), expected: true },
  { rule: 'a fixed aws:SourceArn makes it non-public', statement: condition({ StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' } }), expected: false },
  { rule: 'ArnEquals with a fixed aws:SourceArn is non-public', statement: condition({ ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' } }), expected: false },
  { rule: 'aws:SourceArn with a wildcard is public', statement: condition({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }), expected: true },
  { rule: 'a fixed aws:SourceVpc is non-public (S3 example)', statement: condition({ StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } }), expected: false },
  { rule: 'aws:SourceVpc "vpc-*" is public (S3 example)', statement: condition({ StringLike: { 'aws:SourceVpc': 'vpc-*' } }), expected: true },
  { rule: 'a fixed aws:SourceVpce is non-public', statement: condition({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }), expected: false },
  { rule: 'a fixed aws:SourceAccount is non-public', statement: condition({ StringEquals: { 'aws:SourceAccount': '111122223333' } }), expected: false },
  { rule: 'a fixed aws:SourceOwner is non-public', statement: condition({ StringEquals: { 'aws:SourceOwner': '111122223333' } }), expected: false },
  { rule: 'aws:SourceIp with a /24 is non-public', statement: condition({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), expected: false },
  { rule: 'aws:SourceIp 0.0.0.0/0 is public', statement: condition({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }), expected: true },
  { rule: 'a very broad aws:SourceIp (0.0.0.0/1) is public', statement: condition({ IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } }), expected: true },
  { rule: 'a fixed s3:x-amz-server-side-encryption-aws-kms-key-id is non-public', statement: condition({ StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:111122223333:key/abc' } }), expected: false },
  { rule: 'a fixed aws:userid is non-public', statement: condition({ StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } }), expected: false },
  { rule: 'aws:userid in the pattern "AROLEID:*" is public', statement: condition({ StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } }), expected: true },
  { rule: 's3:DataAccessPointAccount fixed is non-public', statement: condition({ StringEquals: { 's3:DataAccessPointAccount': '111122223333' } }), expected: false },
  { rule: 's3:DataAccessPointArn may name any access point of a fixed account', statement: condition({ StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-east-1:111122223333:accesspoint/*' } }), expected: false },
  { rule: 's3:DataAccessPointArn with a wildcard account is public', statement: condition({ StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-east-1:*:accesspoint/*' } }), expected: true },
  { rule: 'a fixed aws:PrincipalOrgID is non-public (the page’s example of a principal key)', statement: condition({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), expected: false },
  { rule: 'a fixed aws:PrincipalAccount pins an account principal', statement: condition({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } }), expected: false },
  { rule: 'a fixed account principal is non-public', statement: grant({ Principal: { AWS: '111122223333' } }), expected: false },
  { rule: 'a fixed role principal is non-public', statement: grant({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Reader' } }), expected: false },
  { rule: 'a service principal is non-public', statement: grant({ Principal: { Service: 'cloudtrail.amazonaws.com' } }), expected: false },
  { rule: 'a fixed principal beside "*" is still public', statement: grant({ Principal: { AWS: ['arn:aws:iam::111122223333:role/Reader', '*'] } }), expected: true },
  { rule: 'Allow with NotPrincipal grants to everyone else: public', statement: { ...grant({}), Principal: undefined, NotPrincipal: { AWS: '111122223333' } }, expected: true },
  { rule: 'IfExists does not restrict: requests without the key pass', statement: condition({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }), expected: true },
  { rule: 'a negated operator does not restrict', statement: condition({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }), expected: true },
  { rule: 'ForAllValues does not restrict: an absent key passes', statement: condition({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }), expected: true },
  { rule: 'a policy variable is not a fixed value', statement: condition({ StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }), expected: true },
  { rule: 'a condition on a key S3 does not list does not restrict', statement: condition({ Bool: { 'aws:SecureTransport': 'true' } }), expected: true },
  { rule: 'an encryption-context condition does not restrict (the caller chooses it)', statement: condition({ StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' } }), expected: true },
  { rule: 'a fixed key S3 does not list (aws:SourceOrgID) is not decided', statement: condition({ StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } }), expected: 'unknown' },
  { rule: 'one restricting condition among others is enough (conditions AND)', statement: condition({ Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceAccount': '111122223333' } }), expected: false },
  { rule: 'a Deny statement grants nothing', statement: { ...grant({}), Effect: 'Deny' }, expected: false },
  { rule: 'a value referencing a created resource is fixed', statement: condition({ StringEquals: { 'aws:SourceArn': new Unknown('known after apply', [{ address: 'aws_cloudtrail.org', attribute: 'arn' }], true) } }), expected: false },
  { rule: 'a value from a variable without default is not known', statement: condition({ StringEquals: { 'aws:SourceArn': new Unknown('var.source_arn') } }), expected: 'unknown' },
  { rule: 'an unknown condition operator is not decided', statement: condition({ StringEqualz: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' } }), expected: 'unknown' },
];

describe('S3 "The meaning of public"', () => {
  it.each(rows)('$rule', ({ statement, expected }) => {
    expect(verdict(isPublicPolicy(one(statement)).public), S3_PUBLIC).toBe(expected);
  });

  it('names the statements that make a policy public', () => {
    const p = policy({
      Version: V,
      Statement: [
        { Sid: 'CloudTrail', ...grant({ Principal: { Service: 'cloudtrail.amazonaws.com' } }) },
        { Sid: 'Everyone', ...grant({}) },
      ],
    });
    const r = isPublicPolicy(p);
    expect(r.public).toBe(true);
    expect(r.statements.map((s) => s.sid)).toEqual(['Everyone']);
  });

  it('a grant confined only by a Deny is not called non-public (S3 documents grants)', () => {
    const p = policy({
      Version: V,
      Statement: [
        grant({}),
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
      ],
    });
    expect(isUnknown(isPublicPolicy(p).public)).toBe(true);
  });

  it('a Deny that does not cover the grant leaves it public', () => {
    const p = policy({
      Version: V,
      Statement: [
        grant({ Action: ['s3:GetObject', 's3:PutObject'] }),
        { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
      ],
    });
    expect(isPublicPolicy(p).public).toBe(true);
  });
});

describe('grantsToEveryone (P2.3, key policies)', () => {
  const key = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', ...extra });
  const cases: { rule: string; statement: Record<string, unknown>; expected: Expect }[] = [
    { rule: '"*" without a condition grants to everyone', statement: key({}), expected: true },
    { rule: 'kms:CallerAccount pins the caller’s account', statement: key({ Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }), expected: false },
    { rule: 'kms:ViaService alone does not pin the caller', statement: key({ Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } }), expected: true },
    { rule: 'aws:PrincipalOrgID pins the organization', statement: key({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), expected: false },
    { rule: 'the encryption context is chosen by the caller and restricts nothing', statement: key({ Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } } }), expected: true },
    { rule: 'a named role is not everyone', statement: key({ Principal: { AWS: 'arn:aws:iam::111122223333:role/SecurityAuditRole' } }), expected: false },
    { rule: 'a Deny grants nothing', statement: key({ Effect: 'Deny' }), expected: false },
    { rule: 'an unknown principal is not decided', statement: key({ Principal: { AWS: new Unknown('var.readers') } }), expected: 'unknown' },
  ];
  it.each(cases)('$rule', ({ statement, expected }) => {
    expect(verdict(grantsToEveryone(one(statement).statements[0]!)), KMS_EVERYONE).toBe(expected);
  });
});
