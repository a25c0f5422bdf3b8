#!/usr/bin/env node
/**
 * Regenerates test/iam/oracle/cases.json: seeded random requests and policies of the kinds a CloudTrail
 * setup uses, each answered by an independent IAM simulator, @cloud-copilot/iam-simulate.
 *
 * Run by hand only (needs the npm registry):
 *
 *   node test/iam/oracle/generate.mjs [--count 3000] [--seed 9]
 *
 * The simulator is AGPL-3.0; the project takes no AGPL dependency (README "Licence" and
 * test/iam/oracle/README.md), so it is NOT in package.json: this script installs it into a fresh
 * temporary folder (`npm install --prefix <tmp>`), runs it, and deletes the folder. Only its answers
 * (data) are committed; trailguard's test (oracle.test.ts) replays them without the simulator.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SIMULATOR = '@cloud-copilot/iam-simulate';
const SIMULATOR_VERSION = '0.1.173';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = opt('count', 3000);
const SEED = opt('seed', 9);
const OUT = join(import.meta.dirname, 'cases.json');

// ------------------------------------------------------------ seeded choices

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;
const some = (xs, max) => {
  const n = 1 + Math.floor(rand() * max);
  return [...new Set(Array.from({ length: n }, () => pick(xs)))];
};
const oneOrList = (xs) => (xs.length === 1 && chance(0.5) ? xs[0] : xs);

// ------------------------------------------------------------ the world

const A = '111122223333'; // the log-archive / trail account
const B = '444455556666'; // another account of the organization
const ORG = 'o-a1b2c3d4e5';
const TRAIL = `arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`;
const OTHER_TRAIL = `arn:aws:cloudtrail:eu-west-1:${B}:trail/app-trail`;
const BUCKET = 'arn:aws:s3:::org-logs';
const OBJECT = `arn:aws:s3:::org-logs/AWSLogs/${A}/CloudTrail/us-east-1/x.json.gz`;
const OTHER_OBJECT = 'arn:aws:s3:::other-logs/AWSLogs/x.json.gz';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const PRINCIPALS = {
  devA: `arn:aws:iam::${A}:role/Developer`,
  adminA: `arn:aws:iam::${A}:role/OrganizationSecurityAdmin`,
  userA: `arn:aws:iam::${A}:user/alice`,
  rootA: `arn:aws:iam::${A}:root`,
  slrA: `arn:aws:iam::${A}:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail`,
  devB: `arn:aws:iam::${B}:role/Developer`,
  userB: `arn:aws:iam::${B}:user/bob`,
};

/** Requests: action → the resources it is asked on. */
const REQUESTS = [
  ...['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'GetTrailStatus'].map((a) => ({ action: `cloudtrail:${a}`, resources: [TRAIL, OTHER_TRAIL] })),
  ...['DeleteBucket', 'PutBucketPolicy', 'DeleteBucketPolicy', 'GetBucketAcl'].map((a) => ({ action: `s3:${a}`, resources: [BUCKET] })),
  ...['PutObject', 'GetObject', 'DeleteObject'].map((a) => ({ action: `s3:${a}`, resources: [OBJECT, OTHER_OBJECT] })),
  ...['Encrypt', 'Decrypt', 'GenerateDataKey', 'DisableKey', 'ScheduleKeyDeletion', 'DescribeKey'].map((a) => ({ action: `kms:${a}`, resources: [KEY] })),
];

const ACTION_PATTERNS = [
  'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:*', 'cloudtrail:Stop*',
  'cloudtrail:*Trail', 'cloudtrail:Get*', 's3:PutObject', 's3:GetObject', 's3:DeleteBucket', 's3:PutBucketPolicy', 's3:*BucketPolicy', 's3:Put*', 's3:*',
  's3:GetBucketAcl', 's3:Delete*', 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:*', 'kms:?ecrypt', 'kms:DisableKey', 'kms:ScheduleKeyDeletion',
  'kms:Describe*', '*',
];
const RESOURCE_PATTERNS = [
  '*', TRAIL, OTHER_TRAIL, 'arn:aws:cloudtrail:*:*:trail/*', `arn:aws:cloudtrail:us-east-1:${A}:trail/org-*`, 'arn:aws:cloudtrail:*', `arn:aws:cloudtrail:*:${A}:trail/*`,
  BUCKET, 'arn:aws:s3:::org-logs/*', 'arn:aws:s3:::org-logs*', 'arn:aws:s3:::*/AWSLogs/*', `arn:aws:s3:::org-logs/AWSLogs/${A}/*`, 'arn:aws:s3:::org-?ogs', OBJECT,
  KEY, `arn:aws:kms:*:${A}:key/*`, 'arn:aws:kms:us-east-1:*:key/*', 'arn:aws:s3:::org-logs/AWSLogs/${aws:PrincipalAccount}/*',
];

const CONDITIONS = [
  () => ({ Bool: { 'aws:SecureTransport': pick(['true', 'false']) } }),
  () => ({ BoolIfExists: { 'aws:SecureTransport': 'false' } }),
  () => ({ Bool: { 'aws:MultiFactorAuthPresent': pick(['true', 'false']) } }),
  () => ({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }),
  () => ({ StringEquals: { 'aws:PrincipalOrgID': pick([ORG, 'o-zzzzzzzzzz']) } }),
  () => ({ StringNotEquals: { 'aws:PrincipalOrgID': ORG } }),
  () => ({ StringEquals: { 'aws:SourceArn': pick([TRAIL, OTHER_TRAIL]) } }),
  () => ({ ArnLike: { 'aws:SourceArn': pick(['arn:aws:cloudtrail:*:*:trail/*', `arn:aws:cloudtrail:*:${A}:trail/org-*`, 'arn:aws:cloudtrail:*']) } }),
  () => ({ ArnEquals: { 'aws:SourceArn': TRAIL } }),
  () => ({ StringEquals: { 'aws:SourceAccount': pick([A, B]) } }),
  () => ({ StringLike: { 'aws:SourceAccount': pick(['1111*', '4444????????', '*']) } }),
  () => ({ ArnNotLike: { 'aws:PrincipalArn': pick([`arn:aws:iam::*:role/OrganizationSecurityAdmin`, 'arn:aws:iam::*:role/*', `arn:aws:iam::${A}:role/Dev*`]) } }),
  () => ({ ArnLike: { 'aws:PrincipalArn': pick([`arn:aws:iam::*:role/OrganizationSecurityAdmin`, `arn:aws:iam::${A}:*`]) } }),
  () => ({ StringNotEquals: { 'aws:PrincipalAccount': pick([A, B]) } }),
  () => ({ StringEquals: { 'aws:PrincipalAccount': pick([A, B]) } }),
  () => ({ Null: { 'aws:SourceArn': pick(['true', 'false']) } }),
  () => ({ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-11111111/`] } }),
  () => ({ 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalOrgPaths': [`${ORG}/*`] } }),
  () => ({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/aws-service-role/*' } }),
  () => ({ DateGreaterThan: { 'aws:CurrentTime': pick(['2020-01-01T00:00:00Z', '2099-01-01T00:00:00Z']) } }),
  () => ({ DateLessThan: { 'aws:EpochTime': pick(['1577836800', '4070908800']) } }),
];

// ------------------------------------------------------------ statements and policies

function statement(kind, effect) {
  const st = { Effect: effect ?? (chance(0.6) ? 'Allow' : 'Deny') };
  if (chance(0.3)) st.Sid = `S${Math.floor(rand() * 1000)}`;
  if (kind === 'resource') {
    const r = rand();
    if (r < 0.25) st.Principal = '*';
    else if (r < 0.35) st.Principal = { AWS: '*' };
    else if (r < 0.5) st.Principal = { AWS: pick([A, `arn:aws:iam::${A}:root`, B]) };
    else if (r < 0.7) st.Principal = { AWS: oneOrList(some(Object.values(PRINCIPALS).filter((p) => !p.endsWith(':root')), 2)) };
    else if (r < 0.85) st.Principal = { Service: 'cloudtrail.amazonaws.com' };
    else st.NotPrincipal = { AWS: oneOrList(some([PRINCIPALS.adminA, `arn:aws:iam::${A}:root`, PRINCIPALS.devB], 2)) };
  }
  if (chance(0.15) && !(kind === 'scp' && st.Effect === 'Allow')) st.NotAction = oneOrList(some(ACTION_PATTERNS, 2));
  else st.Action = oneOrList(some(ACTION_PATTERNS, 3));
  if (chance(0.12) && !(kind === 'scp' && st.Effect === 'Allow')) st.NotResource = oneOrList(some(RESOURCE_PATTERNS, 2));
  else st.Resource = oneOrList(some(RESOURCE_PATTERNS, 2));
  if (chance(kind === 'scp' && st.Effect === 'Allow' ? 0 : 0.45)) {
    const c = {};
    for (const make of some(CONDITIONS, 2)) {
      for (const [op, kv] of Object.entries(make())) c[op] = { ...(c[op] ?? {}), ...kv };
    }
    st.Condition = c;
  }
  return st;
}

const policy = (statements) => ({ Version: '2012-10-17', Statement: statements });
const FULL_ACCESS = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);

// ------------------------------------------------------------ cases

function principalKeys(principal) {
  if (!principal.startsWith('arn:')) return { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': principal };
  const [, , , , account, resource] = principal.split(':');
  const keys = { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': account, 'aws:PrincipalIsAWSService': 'false' };
  if (resource === 'root') keys['aws:PrincipalType'] = 'Account';
  else if (resource.startsWith('user/')) {
    keys['aws:PrincipalType'] = 'User';
    keys['aws:username'] = resource.split('/').pop();
  } else keys['aws:PrincipalType'] = 'AssumedRole';
  return keys;
}

function request(family) {
  const req = pick(REQUESTS);
  const resource = pick(req.resources);
  const service = resource.includes(':s3:') || resource.includes(':kms:');
  let principal;
  if (family === 'cross-account') principal = pick([PRINCIPALS.devB, PRINCIPALS.userB]);
  else if (family === 'resource' && service && chance(0.3)) principal = 'cloudtrail.amazonaws.com';
  else if (family === 'scp-deny-list' && service && chance(0.08)) principal = 'cloudtrail.amazonaws.com';
  else principal = pick([PRINCIPALS.devA, PRINCIPALS.devA, PRINCIPALS.adminA, PRINCIPALS.userA, PRINCIPALS.rootA, PRINCIPALS.slrA]);
  const isService = !principal.startsWith('arn:');
  const context = {};
  if (chance(0.7)) context['aws:SecureTransport'] = pick(['true', 'false']);
  if (!isService) {
    if (chance(0.5)) context['aws:MultiFactorAuthPresent'] = pick(['true', 'false']);
    if (chance(0.6)) context['aws:PrincipalOrgID'] = pick([ORG, ORG, 'o-zzzzzzzzzz']);
    if (chance(0.3)) context['aws:PrincipalOrgPaths'] = [`${ORG}/r-ab12/ou-ab12-11111111/`];
  } else {
    if (chance(0.7)) context['aws:SourceArn'] = pick([TRAIL, OTHER_TRAIL]);
    if (chance(0.6)) context['aws:SourceAccount'] = pick([A, A, B]);
  }
  // Keys AWS puts in every signed request's context from the principal ("AWS global condition context keys":
  // aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalIsAWSService, aws:username for IAM
  // users). The simulator expects the caller to supply them; trailguard derives the same values itself.
  Object.assign(context, principalKeys(principal));
  if (chance(0.2)) context['aws:CurrentTime'] = '2026-06-01T12:00:00Z';
  if (chance(0.2)) context['aws:EpochTime'] = '1780315200';
  const resourceAccount = resource.includes(':s3:') ? A : resource.split(':')[4];
  return { action: req.action, resource, resourceAccount, principal, context };
}

function makeCase(family) {
  const req = request(family);
  const isService = !req.principal.startsWith('arn:');
  const hasResourcePolicy = req.resource.includes(':s3:') || req.resource.includes(':kms:');
  const c = { family, ...req, identity: [], resourcePolicy: undefined, scps: undefined };
  const identityCount = isService ? 0 : Math.floor(rand() * 3);
  switch (family) {
    case 'identity':
      c.identity = Array.from({ length: identityCount }, () => policy(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => statement('identity'))));
      break;
    case 'resource':
    case 'cross-account':
      c.identity = Array.from({ length: identityCount }, () => policy(Array.from({ length: 1 + Math.floor(rand() * 2) }, () => statement('identity'))));
      if (hasResourcePolicy) c.resourcePolicy = policy(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => statement('resource')));
      break;
    case 'scp-allow-list':
      c.identity = isService ? [] : [chance(0.7) ? FULL_ACCESS : policy([statement('identity', 'Allow')])];
      c.scps = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => [policy(Array.from({ length: 1 + Math.floor(rand() * 2) }, () => statement('scp', 'Allow')))]);
      if (hasResourcePolicy && chance(0.3)) c.resourcePolicy = policy([statement('resource', 'Allow')]);
      break;
    case 'scp-deny-list':
      c.identity = isService ? [] : [FULL_ACCESS];
      c.scps = [[FULL_ACCESS, policy(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => statement('scp', 'Deny')))]];
      if (chance(0.4)) c.scps.push([FULL_ACCESS]);
      if (hasResourcePolicy) c.resourcePolicy = isService ? policy([statement('resource', 'Allow')]) : chance(0.5) ? policy([statement('resource')]) : undefined;
      break;
  }
  return c;
}

// ------------------------------------------------------------ the simulator

function toSimulation(c) {
  return {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((p, i) => ({ name: `identity-${i}`, policy: p })),
    serviceControlPolicies: (c.scps ?? []).map((level, i) => ({
      orgIdentifier: i === 0 ? 'r-ab12' : `ou-ab12-${String(i).padStart(8, '1')}`,
      policies: level.map((p, j) => ({ name: `scp-${i}-${j}`, policy: p })),
    })),
    resourceControlPolicies: [],
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
  };
}

const DECISION = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-oracle-'));
  try {
    process.stderr.write(`installing ${SIMULATOR}@${SIMULATOR_VERSION} into ${dir} (not a project dependency)\n`);
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', `${SIMULATOR}@${SIMULATOR_VERSION}`], { stdio: 'inherit' });
    const entry = join(dir, 'node_modules', SIMULATOR, 'dist', 'esm', 'index.js');
    const { runSimulation } = await import(pathToFileURL(entry).href);
    const families = ['identity', 'resource', 'cross-account', 'scp-allow-list', 'scp-deny-list'];
    const cases = [];
    let skipped = 0;
    for (let i = 0; cases.length < COUNT; i++) {
      const c = makeCase(families[i % families.length]);
      const r = await runSimulation(toSimulation(c), {});
      if (r.resultType !== 'single' || !DECISION[r.overallResult]) {
        skipped++; // the simulator refused the input (validation error): nothing to compare
        continue;
      }
      cases.push({ id: cases.length, ...c, simulator: DECISION[r.overallResult] });
    }
    const out = {
      generatedBy: 'test/iam/oracle/generate.mjs',
      simulator: { name: SIMULATOR, version: SIMULATOR_VERSION, licence: 'AGPL-3.0-or-later (answers recorded as data; not a dependency)' },
      seed: SEED,
      skippedBySimulator: skipped,
      cases,
    };
    // One case a line, so that a regeneration reads as a diff.
    const head = JSON.stringify({ ...out, cases: [] }).slice(0, -2);
    writeFileSync(OUT, `${head}\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`);
    process.stderr.write(`${cases.length} cases written to ${OUT} (${skipped} inputs refused by the simulator)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
