// Principal matching and request evaluation: one row per documented rule.
import { describe, expect, it } from 'vitest';
import {
  type AccessRequest,
  type Decision,
  evaluateRequest,
  fullAwsAccessScp,
  type Outcome,
  type PolicySet,
  principalFromArn,
  servicePrincipal,
} from '../../engine/iam/index.js';
import { Unknown } from '../../core/unknown.js';
import { IAM, one, V } from './helpers.js';

const PRINCIPAL = IAM('reference_policies_elements_principal.html');
const NOT_PRINCIPAL = IAM('reference_policies_elements_notprincipal.html');
const LOGIC = IAM('reference_policies_evaluation-logic.html');
const CROSS = IAM('reference_policies_evaluation-logic-cross-account.html');
const NOT_ACTION = IAM('reference_policies_elements_notaction.html');
const NOT_RESOURCE = IAM('reference_policies_elements_notresource.html');
const SCP = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html';
const KMS = 'https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html';
const VARS = IAM('reference_policies_variables.html');
const ROOT = IAM('id_root-user.html');
const SCPS = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html';
const SLR = principalFromArn('arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail');
const DENY_ALL_SCP = () => one({ Effect: 'Deny', Action: '*', Resource: '*' }, 'scp');

const DEV = principalFromArn('arn:aws:iam::111122223333:role/Developer');
const DEV_SESSION = principalFromArn('arn:aws:sts::111122223333:assumed-role/Developer/alice');
const OTHER = principalFromArn('arn:aws:iam::444455556666:role/Partner');
const ALICE = principalFromArn('arn:aws:iam::111122223333:user/alice');
const ROOT_USER = principalFromArn('arn:aws:iam::111122223333:root');
const BUCKET = 'arn:aws:s3:::logs';
const OBJECT = 'arn:aws:s3:::logs/a.json';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const allow = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', ...extra });
const deny = (extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', ...extra });
const get = (principal = DEV, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  action: 's3:GetObject',
  resource: OBJECT,
  resourceAccount: '111122223333',
  principal,
  ...extra,
});

interface Row {
  rule: string;
  doc: string;
  request: AccessRequest;
  policies: PolicySet;
  expected: Decision;
  possible?: Outcome[];
}

const rows: Row[] = [
  // Principal element
  { rule: '"Principal": "*" covers every principal', doc: PRINCIPAL, request: get(OTHER), policies: { resource: [one(allow({ Principal: '*' }))], identity: [one(allow())] }, expected: 'allowed' },
  { rule: '"Principal": "*" covers anonymous requests', doc: PRINCIPAL, request: get({ type: 'anonymous' }), policies: { resource: [one(allow({ Principal: '*' }))] }, expected: 'allowed' },
  { rule: '{"AWS": "*"} is the same as "*"', doc: PRINCIPAL, request: get({ type: 'anonymous' }), policies: { resource: [one(allow({ Principal: { AWS: '*' } }))] }, expected: 'allowed' },
  { rule: 'a role ARN covers that role', doc: PRINCIPAL, request: get(DEV), policies: { resource: [one(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Developer' } }))], identity: [] }, expected: 'allowed' },
  { rule: 'a role ARN covers the role’s sessions', doc: PRINCIPAL, request: get(DEV_SESSION), policies: { resource: [one(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Developer' } }))], identity: [] }, expected: 'allowed' },
  { rule: 'an assumed-role ARN covers that session', doc: PRINCIPAL, request: get(DEV_SESSION), policies: { resource: [one(allow({ Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/Developer/alice' } }))], identity: [] }, expected: 'allowed' },
  { rule: 'an assumed-role ARN does not cover other sessions of the role', doc: PRINCIPAL, request: get(principalFromArn('arn:aws:sts::111122223333:assumed-role/Developer/bob')), policies: { resource: [one(allow({ Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/Developer/alice' } }))], identity: [] }, expected: 'implicitDeny' },
  { rule: 'a role ARN does not cover another role', doc: PRINCIPAL, request: get(principalFromArn('arn:aws:iam::111122223333:role/Ops')), policies: { resource: [one(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Developer' } }))], identity: [] }, expected: 'implicitDeny' },
  { rule: 'a bare account ID means that account’s root: it delegates to the account (identity policy needed)', doc: PRINCIPAL, request: get(DEV), policies: { resource: [one(allow({ Principal: { AWS: '111122223333' } }))], identity: [] }, expected: 'implicitDeny' },
  { rule: 'an account principal plus an identity-based allow grants access', doc: PRINCIPAL, request: get(DEV), policies: { resource: [one(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))], identity: [one(allow())] }, expected: 'allowed' },
  { rule: 'a service principal is matched by name', doc: PRINCIPAL, request: get(servicePrincipal('cloudtrail.amazonaws.com')), policies: { resource: [one(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' } }))] }, expected: 'allowed' },
  { rule: 'another service is not covered', doc: PRINCIPAL, request: get(servicePrincipal('config.amazonaws.com')), policies: { resource: [one(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' } }))] }, expected: 'implicitDeny' },
  { rule: 'Deny with NotPrincipal denies everyone but the listed principals', doc: NOT_PRINCIPAL, request: get(DEV), policies: { resource: [one(deny({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/BreakGlass' } }))], identity: [one(allow())] }, expected: 'explicitDeny' },
  { rule: 'Deny with NotPrincipal spares the listed principal', doc: NOT_PRINCIPAL, request: get(principalFromArn('arn:aws:iam::111122223333:role/BreakGlass')), policies: { resource: [one(deny({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/BreakGlass' } }))], identity: [one(allow())] }, expected: 'allowed' },

  // Evaluation logic
  { rule: 'with no statement that allows, the request is implicitly denied', doc: LOGIC, request: get(), policies: { identity: [], resource: [] }, expected: 'implicitDeny' },
  { rule: 'an identity-based allow is enough within the account', doc: LOGIC, request: get(), policies: { identity: [one(allow())], resource: [] }, expected: 'allowed' },
  { rule: 'a resource-based allow naming the principal is enough within the account', doc: LOGIC, request: get(), policies: { identity: [], resource: [one(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Developer' } }))] }, expected: 'allowed' },
  { rule: 'an explicit deny in a resource-based policy overrides an identity-based allow', doc: LOGIC, request: get(), policies: { identity: [one(allow())], resource: [one(deny({ Principal: '*' }))] }, expected: 'explicitDeny' },
  { rule: 'an explicit deny in an identity-based policy overrides a resource-based allow', doc: LOGIC, request: get(), policies: { identity: [one(deny())], resource: [one(allow({ Principal: '*' }))] }, expected: 'explicitDeny' },
  { rule: 'a deny that matches another action does not apply', doc: LOGIC, request: get(), policies: { identity: [one(allow()), one({ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' })], resource: [] }, expected: 'allowed' },
  { rule: 'an identity-based policy with a wildcard action allows', doc: LOGIC, request: get(), policies: { identity: [one({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], resource: [] }, expected: 'allowed' },
  { rule: 'across accounts a resource-based allow alone is not enough', doc: CROSS, request: get(OTHER), policies: { identity: [], resource: [one(allow({ Principal: { AWS: 'arn:aws:iam::444455556666:role/Partner' } }))] }, expected: 'implicitDeny' },
  { rule: 'across accounts both policies must allow', doc: CROSS, request: get(OTHER), policies: { identity: [one(allow())], resource: [one(allow({ Principal: { AWS: '444455556666' } }))] }, expected: 'allowed' },
  { rule: 'across accounts an identity-based allow alone is not enough', doc: CROSS, request: get(OTHER), policies: { identity: [one(allow())], resource: [] }, expected: 'implicitDeny' },

  // NotAction / NotResource
  { rule: 'Deny with NotAction denies every action except the listed ones', doc: NOT_ACTION, request: get(DEV, { action: 'cloudtrail:StopLogging', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' }), policies: { identity: [one({ Effect: 'Allow', Action: '*', Resource: '*' }), one({ Effect: 'Deny', NotAction: ['cloudtrail:LookupEvents', 'cloudtrail:Describe*'], Resource: '*' })] }, expected: 'explicitDeny' },
  { rule: 'Deny with NotAction spares the listed actions', doc: NOT_ACTION, request: get(DEV, { action: 'cloudtrail:DescribeTrails', resource: '*' }), policies: { identity: [one({ Effect: 'Allow', Action: '*', Resource: '*' }), one({ Effect: 'Deny', NotAction: ['cloudtrail:LookupEvents', 'cloudtrail:Describe*'], Resource: '*' })] }, expected: 'allowed' },
  { rule: 'Deny with NotResource denies every resource except the listed ones', doc: NOT_RESOURCE, request: get(DEV, { resource: 'arn:aws:s3:::other/x' }), policies: { identity: [one({ Effect: 'Allow', Action: '*', Resource: '*' }), one({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::logs/*' })] }, expected: 'explicitDeny' },
  { rule: 'Deny with NotResource spares the listed resources', doc: NOT_RESOURCE, request: get(), policies: { identity: [one({ Effect: 'Allow', Action: '*', Resource: '*' }), one({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::logs/*' })] }, expected: 'allowed' },
  { rule: 'a policy variable in Resource is resolved from the request', doc: VARS, request: get(ALICE, { resource: 'arn:aws:s3:::home/alice/notes' }), policies: { identity: [one({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' })], resource: [] }, expected: 'allowed' },
  { rule: 'a policy variable in Resource does not cover other users’ paths', doc: VARS, request: get(ALICE, { resource: 'arn:aws:s3:::home/bob/notes' }), policies: { identity: [one({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' })], resource: [] }, expected: 'implicitDeny' },

  // SCPs
  { rule: 'an SCP must allow: without FullAWSAccess nothing is allowed', doc: SCP, request: get(), policies: { identity: [one(allow())], resource: [], scps: [[one({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, 'scp')]] }, expected: 'implicitDeny' },
  { rule: 'every level must allow: an OU that allows nothing blocks', doc: SCP, request: get(), policies: { identity: [one(allow())], resource: [], scps: [[fullAwsAccessScp()], []] }, expected: 'implicitDeny' },
  { rule: 'FullAWSAccess at every level lets identity policies decide', doc: SCP, request: get(), policies: { identity: [one(allow())], resource: [], scps: [[fullAwsAccessScp()], [fullAwsAccessScp()]] }, expected: 'allowed' },
  { rule: 'SCPs never grant: an SCP allow without an identity allow is an implicit deny', doc: SCP, request: get(), policies: { identity: [], resource: [], scps: [[fullAwsAccessScp()]] }, expected: 'implicitDeny' },
  { rule: 'an SCP deny overrides every allow', doc: SCP, request: get(), policies: { identity: [one(allow())], resource: [], scps: [[fullAwsAccessScp(), one({ Effect: 'Deny', Action: 's3:*', Resource: '*' }, 'scp')]] }, expected: 'explicitDeny' },
  { rule: 'SCPs do not restrict service principals', doc: SCP, request: get(servicePrincipal('cloudtrail.amazonaws.com')), policies: { resource: [one(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' } }))], scps: [[one({ Effect: 'Deny', Action: '*', Resource: '*' }, 'scp')]] }, expected: 'allowed' },

  // Issue 9: SCPs do not govern service-linked roles, nor principals of the management account.
  { rule: 'SCPs do not affect service-linked roles', doc: SCPS, request: get(SLR), policies: { identity: [one(allow())], resource: [], scps: [[DENY_ALL_SCP()]] }, expected: 'allowed' },
  { rule: 'SCPs do not affect principals of the management account (when it is known)', doc: SCPS, request: get(DEV), policies: { identity: [one(allow())], resource: [], scps: [[DENY_ALL_SCP()]], managementAccount: '111122223333' }, expected: 'allowed' },
  { rule: 'SCPs do affect principals of a member account', doc: SCPS, request: get(DEV), policies: { identity: [one(allow())], resource: [], scps: [[DENY_ALL_SCP()]], managementAccount: '999988887777' }, expected: 'explicitDeny' },
  { rule: 'with the management account not known, the principal is judged as a member account’s', doc: SCPS, request: get(DEV), policies: { identity: [one(allow())], resource: [], scps: [[DENY_ALL_SCP()]] }, expected: 'explicitDeny' },

  // Issue 9: a variable whose key is absent: "any attempt to match it fails" (was 'unknown').
  { rule: 'a Resource entry whose variable has no value matches nothing', doc: VARS, request: get(DEV, { resource: 'arn:aws:s3:::home/x/notes' }), policies: { identity: [one({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' })], resource: [] }, expected: 'implicitDeny' },
  { rule: 'a NotResource entry whose variable has no value excludes nothing', doc: VARS, request: get(DEV, { resource: 'arn:aws:s3:::home/x/notes' }), policies: { identity: [one(allow()), one({ Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::home/${aws:username}/*' })], resource: [] }, expected: 'explicitDeny' },

  // The root user
  { rule: 'the root user has full access in its own account without any policy', doc: ROOT, request: get(ROOT_USER), policies: { identity: [], resource: [] }, expected: 'allowed' },
  { rule: 'SCPs still restrict the root user of a member account', doc: SCP, request: get(ROOT_USER), policies: { identity: [], resource: [], scps: [[fullAwsAccessScp(), one({ Effect: 'Deny', Action: 's3:*', Resource: '*' }, 'scp')]] }, expected: 'explicitDeny' },
  { rule: 'KMS: not even the root user may use a key its key policy does not allow', doc: KMS, request: get(ROOT_USER, { action: 'kms:Decrypt', resource: KEY }), policies: { resource: [one({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Admin' }, Action: 'kms:*', Resource: '*' })], resourceKind: 'kms-key' }, expected: 'implicitDeny' },

  // KMS key policies
  { rule: 'KMS: an IAM policy alone cannot grant use of a key', doc: KMS, request: get(DEV, { action: 'kms:Decrypt', resource: KEY }), policies: { identity: [one({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })], resource: [one({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Admin' }, Action: 'kms:*', Resource: '*' })], resourceKind: 'kms-key' }, expected: 'implicitDeny' },
  { rule: 'KMS: a key policy that allows the account lets IAM policies grant', doc: KMS, request: get(DEV, { action: 'kms:Decrypt', resource: KEY }), policies: { identity: [one({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })], resource: [one({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' })], resourceKind: 'kms-key' }, expected: 'allowed' },
  { rule: 'KMS: a key policy naming the principal grants on its own', doc: KMS, request: get(DEV, { action: 'kms:Decrypt', resource: KEY }), policies: { resource: [one({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Developer' }, Action: 'kms:Decrypt', Resource: '*' })], resourceKind: 'kms-key' }, expected: 'allowed' },
];

describe('request evaluation (documented AWS behaviour)', () => {
  it.each(rows)('$rule', (row) => {
    expect(evaluateRequest(row.request, row.policies).decision, row.doc).toBe(row.expected);
  });
});

describe('uncertainty stays visible', () => {
  it('a principal whose account is not known may or may not be of the management account, where SCPs do not apply', () => {
    const request: AccessRequest = { action: 's3:GetObject', resource: 'arn:aws:s3:::logs/x', principal: { type: 'role' } };
    const scps = [[one({ Effect: 'Deny', Action: '*', Resource: '*' }, 'scp')]];
    const known = evaluateRequest(request, { identity: [], resource: [], scps, managementAccount: '111122223333' });
    expect(known.explicitDeny, SCPS).toBe('unknown');
    expect(known.notes.join(' ')).toMatch(/management account/);
    expect(evaluateRequest(request, { identity: [], resource: [], scps }).explicitDeny).toBe(true);
  });

  const trail = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-security-trail';
  const stop = (extra: Partial<AccessRequest> = {}): AccessRequest => ({ action: 'cloudtrail:StopLogging', resource: trail, principal: DEV, ...extra });

  it('unknown identity policies leave both allowed and implicitDeny possible', () => {
    const r = evaluateRequest(stop(), {});
    expect(r.decision).toBe('unknown');
    expect(r.possible.sort()).toEqual(['allowed', 'implicitDeny']);
    expect(r.notes.join(' ')).toMatch(/identity-based policies are not known/);
  });

  it('a Resource known only after apply makes the deny unknown', () => {
    const scp = one({ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: new Unknown('known after apply') }, 'scp');
    const r = evaluateRequest(stop(), { identity: [one({ Effect: 'Allow', Action: '*', Resource: '*' })], scps: [[fullAwsAccessScp(), scp]] });
    expect(r.decision).toBe('unknown');
    expect(r.explicitDeny).toBe('unknown');
    expect(r.possible).toContain('allowed');
  });

  it('an unknown Resource that references the requested resource matches it', () => {
    const ref = [{ address: 'aws_cloudtrail.org', attribute: 'arn' }];
    const scp = one({ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: [new Unknown('known after apply', ref, true)] }, 'scp');
    const r = evaluateRequest(stop({ resource: new Unknown('known after apply', ref, true) }), { scps: [[fullAwsAccessScp(), scp]] });
    expect(r.decision).toBe('explicitDeny');
  });

  it('an unknown value that cannot matter does not blur the answer', () => {
    const scp = one({ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: ['*', new Unknown('known after apply')] }, 'scp');
    expect(evaluateRequest(stop(), { scps: [[fullAwsAccessScp(), scp]] }).decision).toBe('explicitDeny');
  });

  it('an unknown Effect may be an allow or a deny', () => {
    const p = one({ Effect: new Unknown('var.effect'), Action: 'cloudtrail:StopLogging', Resource: '*' });
    const r = evaluateRequest(stop(), { identity: [p], resource: [] });
    expect(r.decision).toBe('unknown');
    expect(r.possible.sort()).toEqual(['allowed', 'explicitDeny', 'implicitDeny']);
  });

  it('open keys: a deny on aws:SecureTransport may or may not apply', () => {
    const p = one({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const r = evaluateRequest(get(DEV, { unspecifiedKeys: 'open' }), { identity: [one(allow())], resource: [p] });
    expect(r.decision).toBe('unknown');
    expect(r.possible.sort()).toEqual(['allowed', 'explicitDeny']);
    expect(r.explicitDeny).toBe('depends');
  });

  it('reports the statements that decided', () => {
    const p = one({ Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });
    const r = evaluateRequest(get(), { identity: [one(allow())], resource: [{ ...p, name: 'bucket-policy' }] });
    expect(r.statements).toEqual([expect.objectContaining({ layer: 'resource', policy: 'bucket-policy', sid: 'DenyAll', path: ['Statement', 0] })]);
  });

  it('a bucket ARN has no account: same-account grants through the resource policy stay unknown', () => {
    const r = evaluateRequest(get(DEV, { resourceAccount: undefined, resource: BUCKET, action: 's3:ListBucket' }), {
      identity: [],
      resource: [one({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Developer' }, Action: 's3:ListBucket', Resource: BUCKET })],
    });
    expect(r.decision).toBe('unknown');
  });

  it('the version matters: without 2012-10-17 a variable is literal text', () => {
    const p = one({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }, 'identity', '2008-10-17');
    const r = evaluateRequest(get(ALICE, { resource: 'arn:aws:s3:::home/alice/notes' }), { identity: [p], resource: [] });
    expect(r.decision).toBe('implicitDeny');
    void V;
  });
});
