// The three policies of shared/seeds/003_4ee2ab301abb9972.txt (KMS key policy, bucket policy, SCP),
// and the variants that a text-based checker gets wrong.
import { describe, expect, it } from 'vitest';
import {
  type AccessRequest,
  ANY_VALUE,
  evaluateRequest,
  fullAwsAccessScp,
  grantsToEveryone,
  isPublicPolicy,
  parsePolicy,
  type Policy,
  type PolicySet,
  principalFromArn,
  servicePrincipal,
} from '../../engine/iam/index.js';
import { policy, V } from './helpers.js';

// ---------------------------------------------------------------- the seed's policies, verbatim

const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowCloudTrailEncrypt',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-security-trail' },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:123456789012:trail/*' },
      },
    },
    {
      Sid: 'AllowSecurityTeamDecrypt',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/SecurityAuditRole' },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
    },
  ],
};

const BUCKET_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyUnencryptedTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::my-org-cloudtrail-logs', 'arn:aws:s3:::my-org-cloudtrail-logs/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyDeleteActions',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: 'arn:aws:s3:::my-org-cloudtrail-logs/*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/SecurityBreakGlass' } },
    },
  ],
};

const TAMPER_ACTIONS = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
];

function scpDoc(overrides: { actions?: unknown; condition?: unknown; notAction?: unknown } = {}) {
  const exemption = { ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/OrganizationSecurityAdmin'] } };
  const first: Record<string, unknown> = {
    Sid: 'DenyCloudTrailTampering',
    Effect: 'Deny',
    Action: overrides.actions ?? TAMPER_ACTIONS,
    Resource: 'arn:aws:cloudtrail:*:*:trail/org-security-trail',
    Condition: overrides.condition ?? exemption,
  };
  if (overrides.notAction) {
    delete first.Action;
    first.NotAction = overrides.notAction;
  }
  return {
    Version: '2012-10-17',
    Statement: [
      first,
      {
        Sid: 'DenyCloudTrailBucketDeletion',
        Effect: 'Deny',
        Action: ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
        Resource: 'arn:aws:s3:::my-org-cloudtrail-logs',
        Condition: exemption,
      },
    ],
  };
}

// ---------------------------------------------------------------- requests

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-security-trail';
const SEED_TRAIL = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-security-trail';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/abcd1234-5678-90ab-cdef-EXAMPLE';
const BUCKET = 'arn:aws:s3:::my-org-cloudtrail-logs';
const OBJECT = `${BUCKET}/AWSLogs/123456789012/CloudTrail/us-east-1/2025/01/01/log.json.gz`;

const role = (account: string, name: string) => principalFromArn(`arn:aws:iam::${account}:role/${name}`);
const DEVELOPER = role('111122223333', 'Developer');
const ADMIN = role('111122223333', 'OrganizationSecurityAdmin');

/** P9.4's question: every key but the principal is unknown. */
const onTrail = (action: string, principal = DEVELOPER, resource = TRAIL): AccessRequest => ({
  action,
  resource,
  principal,
  unspecifiedKeys: 'open',
});

/** The SCP at the organization root beside the default FullAWSAccess. Variants may carry issues: tests check them. */
function scp(doc: unknown = scpDoc()): PolicySet {
  return { scps: [[fullAwsAccessScp(), policy(doc, 'scp', 'seed-scp', true)]] };
}

// ---------------------------------------------------------------- KMS key policy (P2.2, P2.3)

describe('seed KMS key policy', () => {
  const keyPolicy: Policy = policy(KEY_POLICY, 'resource', 'key-policy');
  const kms = (request: Partial<AccessRequest> & { action: string }): PolicySet & { req: AccessRequest } => ({
    resource: [keyPolicy],
    resourceKind: 'kms-key',
    req: { resource: KEY, ...request },
  });
  const run = ({ req, ...set }: ReturnType<typeof kms>) => evaluateRequest(req, set);
  const cloudtrail = servicePrincipal('cloudtrail.amazonaws.com');
  const encryptionContext = { 'kms:EncryptionContext:aws:cloudtrail:arn': SEED_TRAIL };

  it('parses without issues', () => {
    expect(parsePolicy(KEY_POLICY, { kind: 'resource' }).issues).toEqual([]);
  });

  it('CloudTrail may use kms:GenerateDataKey* for its own trail (aws:SourceArn matches)', () => {
    const r = run(kms({ action: 'kms:GenerateDataKey', principal: cloudtrail, context: { 'aws:SourceArn': SEED_TRAIL, ...encryptionContext } }));
    expect(r.decision).toBe('allowed');
    expect(r.statements.map((s) => s.sid)).toEqual(['AllowCloudTrailEncrypt']);
  });

  it('CloudTrail may not, on behalf of another trail', () => {
    const other = 'arn:aws:cloudtrail:us-east-1:444455556666:trail/attacker';
    const r = run(kms({ action: 'kms:GenerateDataKey', principal: cloudtrail, context: { 'aws:SourceArn': other, 'kms:EncryptionContext:aws:cloudtrail:arn': other } }));
    expect(r.decision).toBe('implicitDeny');
  });

  it('CloudTrail may not without aws:SourceArn in the request', () => {
    expect(run(kms({ action: 'kms:GenerateDataKey', principal: cloudtrail, context: encryptionContext })).decision).toBe('implicitDeny');
  });

  it('with the request unspecified, the grant depends on the SourceArn condition', () => {
    const r = run(kms({ action: 'kms:GenerateDataKey', principal: cloudtrail, unspecifiedKeys: 'open' }));
    expect(r.decision).toBe('unknown');
    expect(r.possible.sort()).toEqual(['allowed', 'implicitDeny']);
  });

  it('CloudTrail may not decrypt', () => {
    const r = run(kms({ action: 'kms:Decrypt', principal: cloudtrail, context: { 'aws:SourceArn': SEED_TRAIL, ...encryptionContext } }));
    expect(r.decision).toBe('implicitDeny');
  });

  it('SecurityAuditRole may decrypt and describe the key, whatever its IAM policies', () => {
    for (const action of ['kms:Decrypt', 'kms:DescribeKey']) {
      const r = run(kms({ action, principal: role('123456789012', 'SecurityAuditRole'), unspecifiedKeys: 'open' }));
      expect(r.decision, action).toBe('allowed');
      expect(r.statements.map((s) => s.sid)).toEqual(['AllowSecurityTeamDecrypt']);
    }
  });

  it('SecurityAuditRole may not schedule the key’s deletion', () => {
    expect(run(kms({ action: 'kms:ScheduleKeyDeletion', principal: role('123456789012', 'SecurityAuditRole') })).decision).toBe('implicitDeny');
  });

  it('a random role may not decrypt, even with an IAM policy allowing kms:*', () => {
    const set = kms({ action: 'kms:Decrypt', principal: role('123456789012', 'RandomRole'), unspecifiedKeys: 'open' });
    const r = evaluateRequest(set.req, { ...set, identity: [policy({ Version: V, Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] })] });
    expect(r.decision).toBe('implicitDeny');
  });

  it('grants to no one unrestricted (P2.3)', () => {
    expect(keyPolicy.statements.map((s) => grantsToEveryone(s))).toEqual([false, false]);
  });
});

// ---------------------------------------------------------------- bucket policy (P4.3, P4.7, P4.8)

describe('seed bucket policy', () => {
  const bucketPolicy = policy(BUCKET_POLICY, 'resource', 'bucket-policy');
  const set: PolicySet = { resource: [bucketPolicy] };

  it('parses without issues and is not public', () => {
    expect(parsePolicy(BUCKET_POLICY, { kind: 'resource' }).issues).toEqual([]);
    expect(isPublicPolicy(bucketPolicy).public).toBe(false);
  });

  it('denies s3:DeleteObject to role/Developer, even over TLS', () => {
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion']) {
      const r = evaluateRequest(
        { action, resource: OBJECT, principal: role('123456789012', 'Developer'), context: { 'aws:SecureTransport': true } },
        set,
      );
      expect(r.decision, action).toBe('explicitDeny');
      expect(r.statements.map((s) => s.sid)).toEqual(['DenyDeleteActions']);
    }
  });

  it('does not deny s3:DeleteObject to role/SecurityBreakGlass over TLS', () => {
    const r = evaluateRequest(
      { action: 's3:DeleteObject', resource: OBJECT, principal: role('123456789012', 'SecurityBreakGlass'), context: { 'aws:SecureTransport': true } },
      set,
    );
    expect(r.explicitDeny).toBe(false);
    expect(r.possible).not.toContain('explicitDeny');
  });

  it('for SecurityBreakGlass, only the TLS rule can deny (request left open)', () => {
    const r = evaluateRequest({ action: 's3:DeleteObject', resource: OBJECT, principal: role('123456789012', 'SecurityBreakGlass'), unspecifiedKeys: 'open' }, set);
    expect(r.explicitDeny).toBe('depends');
    expect(r.statements.filter((s) => s.effect === 'Deny').map((s) => s.sid)).toEqual(['DenyUnencryptedTransport']);
  });

  it('denies any request without TLS, by anyone, on the bucket and its objects', () => {
    const requests: AccessRequest[] = [
      { action: 's3:GetObject', resource: OBJECT, context: { 'aws:SecureTransport': false }, unspecifiedKeys: 'open' },
      { action: 's3:ListBucket', resource: BUCKET, context: { 'aws:SecureTransport': 'false' }, unspecifiedKeys: 'open' },
      { action: 's3:PutObject', resource: OBJECT, principal: { type: 'anonymous' }, context: { 'aws:SecureTransport': false } },
      { action: 's3:GetObject', resource: OBJECT, principal: role('123456789012', 'SecurityBreakGlass'), context: { 'aws:SecureTransport': false } },
    ];
    for (const req of requests) expect(evaluateRequest(req, set).decision, req.action).toBe('explicitDeny');
  });

  it('does not deny reads over TLS', () => {
    const r = evaluateRequest({ action: 's3:GetObject', resource: OBJECT, principal: role('123456789012', 'Developer'), context: { 'aws:SecureTransport': true } }, set);
    expect(r.explicitDeny).toBe(false);
  });
});

// ---------------------------------------------------------------- SCP (P9.1–P9.4)

describe('seed SCP', () => {
  it('parses without issues', () => {
    expect(parsePolicy(scpDoc(), { kind: 'scp' }).issues).toEqual([]);
  });

  it('denies every tampering action on the trail to role/Developer (P9.1, P9.4)', () => {
    for (const action of TAMPER_ACTIONS) {
      const r = evaluateRequest(onTrail(action), scp());
      expect(r.decision, action).toBe('explicitDeny');
      expect(r.statements.map((s) => s.sid)).toEqual(['DenyCloudTrailTampering']);
    }
  });

  it('does not deny the named admin role (P9.4)', () => {
    const r = evaluateRequest(onTrail('cloudtrail:StopLogging', ADMIN), scp());
    expect(r.explicitDeny).toBe(false);
    const withIam = { ...scp(), identity: [policy({ Version: V, Statement: [{ Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' }] })] };
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging', ADMIN), withIam).decision).toBe('allowed');
  });

  it('the admin exemption holds in every account (arn:aws:iam::*:role/…)', () => {
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging', role('999988887777', 'OrganizationSecurityAdmin')), scp()).explicitDeny).toBe(false);
  });

  it('denies s3:PutBucketPolicy, DeleteBucketPolicy and DeleteBucket on the trail bucket to Developer (P9.2)', () => {
    for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:DeleteBucket']) {
      expect(evaluateRequest(onTrail(action, DEVELOPER, BUCKET), scp()).decision, action).toBe('explicitDeny');
    }
  });

  it('protects only the named trail', () => {
    const other = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/other-trail';
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging', DEVELOPER, other), scp()).explicitDeny).toBe(false);
  });

  it('does not protect the trail’s key: kms:DisableKey is not denied (P9.3 gap the seed mentions)', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/abcd1234-5678-90ab-cdef-EXAMPLE';
    expect(evaluateRequest(onTrail('kms:DisableKey', DEVELOPER, key), scp()).explicitDeny).toBe(false);
  });
});

// ---------------------------------------------------------------- variants

describe('variants judged by what they do', () => {
  it('an Allow to "*" without a condition is public; with a fixed aws:SourceArn it is not', () => {
    const open = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` };
    expect(isPublicPolicy(policy({ Version: V, Statement: [...BUCKET_POLICY.Statement, open] }, 'resource')).public).toBe(true);
    const scoped = { ...open, Condition: { StringEquals: { 'aws:SourceArn': SEED_TRAIL } } };
    expect(isPublicPolicy(policy({ Version: V, Statement: [...BUCKET_POLICY.Statement, scoped] }, 'resource')).public).toBe(false);
  });

  it('a Deny written with NotAction denies everything except the listed actions', () => {
    const doc = scpDoc({ notAction: ['cloudtrail:LookupEvents', 'cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:List*'] });
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc)).decision).toBe('explicitDeny');
    expect(evaluateRequest(onTrail('cloudtrail:GetTrailStatus'), scp(doc)).explicitDeny).toBe(false);
  });

  it('cloudtrail:* denies all five tampering actions', () => {
    for (const action of TAMPER_ACTIONS) {
      expect(evaluateRequest(onTrail(action), scp(scpDoc({ actions: 'cloudtrail:*' }))).decision, action).toBe('explicitDeny');
    }
  });

  it('cloudtrail:Stop* denies StopLogging but not DeleteTrail', () => {
    const set = scp(scpDoc({ actions: ['cloudtrail:Stop*'] }));
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), set).decision).toBe('explicitDeny');
    expect(evaluateRequest(onTrail('cloudtrail:DeleteTrail'), set).explicitDeny).toBe(false);
  });

  it('a missing action is not denied', () => {
    const set = scp(scpDoc({ actions: TAMPER_ACTIONS.filter((a) => a !== 'cloudtrail:StopLogging') }));
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), set).explicitDeny).toBe(false);
  });

  it('a misspelt action is reported and denies nothing', () => {
    const doc = scpDoc({ actions: ['cloudtrail:StopLoging'] });
    expect(parsePolicy(doc, { kind: 'scp' }).issues).toContainEqual(expect.objectContaining({ code: 'unknown-action' }));
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc)).explicitDeny).toBe(false);
  });

  it('an exemption so broad that it covers every role leaves Developer undenied', () => {
    const doc = scpDoc({ condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/*' } } });
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc)).explicitDeny).toBe(false);
  });

  it('a deny whose condition can never match protects nothing: Bool "maybe"', () => {
    const doc = scpDoc({ condition: { Bool: { 'aws:SecureTransport': 'maybe' } } });
    expect(parsePolicy(doc, { kind: 'scp' }).issues).toContainEqual(expect.objectContaining({ code: 'invalid-condition-value' }));
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc)).explicitDeny).toBe(false);
  });

  it('a deny whose condition can never match protects nothing: NumericLessThan on an ARN key', () => {
    const doc = scpDoc({ condition: { NumericLessThan: { 'aws:PrincipalArn': '5' } } });
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc)).explicitDeny).toBe(false);
  });

  it('an unknown condition operator is reported and never counts as protection', () => {
    const doc = scpDoc({ condition: { ArnNotLik: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/OrganizationSecurityAdmin' } } });
    expect(parsePolicy(doc, { kind: 'scp' }).issues).toContainEqual(expect.objectContaining({ code: 'unknown-condition-operator' }));
    const r = evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc));
    expect(r.decision).toBe('unknown');
    expect(r.explicitDeny).toBe('unknown');
    expect(r.possible).toContain('allowed');
  });

  it('an exemption keyed on a tag the requester might carry is not a certain deny', () => {
    const doc = scpDoc({ condition: { StringNotEquals: { 'aws:PrincipalTag/role': 'security-admin' } } });
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc)).explicitDeny).toBe('depends');
    const untagged = { ...onTrail('cloudtrail:StopLogging'), context: { 'aws:PrincipalTag/role': null } };
    expect(evaluateRequest(untagged, scp(doc)).decision).toBe('explicitDeny');
    const anyTag: AccessRequest = { ...onTrail('cloudtrail:StopLogging'), unspecifiedKeys: 'missing', context: { 'aws:PrincipalTag/role': ANY_VALUE } };
    expect(evaluateRequest(anyTag, scp(doc)).explicitDeny).toBe('depends');
  });

  it('a statement without Action is reported and not counted as a deny', () => {
    const doc = { Version: V, Statement: [{ Effect: 'Deny', Resource: '*' }] };
    expect(parsePolicy(doc, { kind: 'scp' }).issues).toContainEqual(expect.objectContaining({ code: 'missing-action' }));
    expect(evaluateRequest(onTrail('cloudtrail:StopLogging'), scp(doc)).explicitDeny).toBe('unknown');
  });
});
