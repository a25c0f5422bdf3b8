/**
 * Differential test of the IAM engine against an independent simulator.
 *
 * cases.json holds a few thousand seeded random requests and policies of the kinds a CloudTrail setup
 * uses (identity, resource-policy, cross-account, SCP allow-list and deny-list families; cloudtrail, s3
 * and kms actions on trail, bucket, object and key ARNs; SourceArn, SourceAccount, SecureTransport,
 * MultiFactorAuthPresent, PrincipalOrgID… conditions; wildcards, NotAction, NotResource, NotPrincipal),
 * each with the decision of @cloud-copilot/iam-simulate. This test replays every case through
 * trailguard's `evaluateRequest` and fails on any disagreement that is not explained by an entry of
 * KNOWN_DISAGREEMENTS below, each of which cites the AWS documentation showing that the simulator is
 * the one that is wrong. An entry that no longer explains any disagreement fails too, so the list
 * cannot go stale.
 *
 * Regenerate the data (needs the npm registry; the simulator is AGPL-3.0, so it is installed into a
 * temporary folder, never into package.json: see README.md beside this file):
 *
 *   node test/iam/oracle/generate.mjs [--count 3000] [--seed 9]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AccessRequest,
  type Decision,
  evaluateRequest,
  parsePolicy,
  type Policy,
  type PolicyKind,
  type PolicySet,
  principalFromArn,
  servicePrincipal,
} from '../../../engine/iam/index.js';

type Doc = Record<string, unknown>;
interface OracleCase {
  id: number;
  family: 'identity' | 'resource' | 'cross-account' | 'scp-allow-list' | 'scp-deny-list';
  action: string;
  resource: string;
  resourceAccount: string;
  principal: string;
  context: Record<string, string | string[]>;
  identity: Doc[];
  resourcePolicy?: Doc;
  scps?: Doc[][];
  simulator: Exclude<Decision, 'unknown'>;
}

const data = JSON.parse(readFileSync(join(import.meta.dirname, 'cases.json'), 'utf8')) as {
  simulator: { name: string; version: string };
  cases: OracleCase[];
};

function parsed(doc: Doc, kind: PolicyKind, name: string): Policy {
  return parsePolicy(doc, { kind, name }).policy;
}

/** The same request and policies, as trailguard's engine takes them. */
export function trailguardDecision(c: OracleCase): Decision {
  const isService = !c.principal.startsWith('arn:');
  const request: AccessRequest = {
    action: c.action,
    resource: c.resource,
    resourceAccount: c.resourceAccount,
    principal: isService ? servicePrincipal(c.principal) : principalFromArn(c.principal),
    context: c.context,
    unspecifiedKeys: 'missing',
  };
  const set: PolicySet = {
    identity: c.identity.map((d, i) => parsed(d, 'identity', `identity-${i}`)),
    resource: c.resourcePolicy ? [parsed(c.resourcePolicy, 'resource', 'resource')] : [],
    ...(c.scps ? { scps: c.scps.map((level, i) => level.map((d, j) => parsed(d, 'scp', `scp-${i}-${j}`))) } : {}),
    // A KMS key without a key policy grants nothing: "no AWS principal has any permissions to a KMS key unless…" (KMS key policies).
    ...(c.resource.includes(':kms:') ? { resourceKind: 'kms-key' as const } : {}),
  };
  return evaluateRequest(request, set).decision;
}


const ROOT_USER = /^arn:aws:iam::\d{12}:root$/;
const SLR = /:role\/aws-service-role\//;

/**
 * Where the simulator is wrong, with the AWS documentation that says so. `explains` picks the
 * disagreements the entry accounts for; it must not be broader than the documented behaviour.
 */
const KNOWN_DISAGREEMENTS: {
  name: string;
  doc: string;
  explains: (c: OracleCase, ours: Decision) => boolean;
}[] = [
  {
    // The simulator has no root-user handling: with no identity policy it denies the account's root user.
    name: 'the root user needs no identity-based policy in its own account',
    doc: 'IAM User Guide, "AWS account root user": the root user "has complete access to all AWS services and resources in the account" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html); KMS keys excepted (key policy), which the case filter excludes',
    explains: (c, ours) =>
      ROOT_USER.test(c.principal) &&
      c.principal.split(':')[4] === c.resourceAccount &&
      !c.resource.includes(':kms:') &&
      ours === 'allowed' &&
      c.simulator === 'implicitDeny',
  },
  {
    // The simulator applies SCPs to service-linked roles. Checked narrowly: without the SCPs trailguard gives the same answer.
    name: 'SCPs do not affect service-linked roles',
    doc: 'AWS Organizations User Guide, "Service control policies (SCPs)": "SCPs do not affect service-linked roles" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)',
    explains: (c, ours) => SLR.test(c.principal) && c.scps !== undefined && trailguardDecision({ ...c, scps: undefined }) === ours,
  },
  {
    // The simulator applies SCPs to AWS service principals (cloudtrail.amazonaws.com writing to the bucket).
    name: 'SCPs do not affect AWS service principals',
    doc: 'AWS Organizations User Guide, "Service control policies (SCPs)": SCPs restrict "IAM users and roles that are managed by accounts that are part of the organization"; a service principal is neither (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)',
    explains: (c, ours) => !c.principal.startsWith('arn:') && c.scps !== undefined && trailguardDecision({ ...c, scps: undefined }) === ours,
  },
];

const results = data.cases.map((c) => ({ c, ours: trailguardDecision(c) }));
const disagreements = results.filter(({ c, ours }) => ours !== c.simulator);

describe(`IAM evaluation agrees with ${data.simulator.name} ${data.simulator.version} (recorded answers)`, () => {
  it('replays a few thousand cases of every family', () => {
    expect(data.cases.length).toBeGreaterThanOrEqual(2000);
    for (const family of ['identity', 'resource', 'cross-account', 'scp-allow-list', 'scp-deny-list']) {
      expect(data.cases.filter((c) => c.family === family).length, family).toBeGreaterThan(300);
    }
    for (const outcome of ['allowed', 'explicitDeny', 'implicitDeny']) {
      expect(data.cases.filter((c) => c.simulator === outcome).length, outcome).toBeGreaterThan(100);
    }
  });

  it('every disagreement is a documented error of the simulator', () => {
    const unexplained = disagreements.filter(({ c, ours }) => !KNOWN_DISAGREEMENTS.some((k) => k.explains(c, ours)));
    const show = unexplained.slice(0, 5).map(({ c, ours }) => ({ trailguard: ours, ...c }));
    expect(show, `${unexplained.length} unexplained disagreements of ${data.cases.length}`).toEqual([]);
  });

  it.each(KNOWN_DISAGREEMENTS.map((k) => [k.name, k] as const))('known disagreement still occurs: %s', (_name, k) => {
    expect(disagreements.some(({ c, ours }) => k.explains(c, ours)), k.doc).toBe(true);
  });
});

