import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource } from '../graph.js';
import { evaluateRequest, isPublicPolicy, mayDenyExplicitly, servicePrincipal, type AccessRequest, type Policy } from '../iam/index.js';
import { Unknown } from '../../core/unknown.js';
import { commonSubstitutions, concretize, FOREIGN_ACCOUNT, PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from './concretize.js';
import { always, inferAccount, never, readPolicy, statementLoc, withoutMaybeProtection } from './policy-facts.js';
import { trimTrailing } from '../../core/trim.js';
import { minOf } from '../../parsers/arrays.js';

/** Canned ACLs that grant to all users or all authenticated users, in CloudFormation's and S3's spelling. */
const PUBLIC_CANNED_ACLS = new Set(['publicread', 'publicreadwrite', 'authenticatedread']);

/**
 * Derives the bucket facts the rules read: Block Public Access, ACL,
 * logging, encryption and lifecycle summaries, and what the bucket policy
 * does (public by S3's definition, TLS required, MFA for deletes, CloudTrail's
 * grant scoped to this account's trails).
 */
export function analyzeBucket(b: Resource, diagnostics: Diagnostic[], accountBlocksAll = false): void {
  const pab = b.props['publicAccessBlock'] as Record<string, unknown> | undefined;
  if (accountBlocksAll) {
    // The account-level settings cover every bucket, whatever the bucket's own say.
    b.props['publicAccessBlocked'] = true;
  } else if (pab) {
    const values = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'].map((k) => pab[k]);
    b.props['publicAccessBlocked'] = values.some((v) => v === false) ? false : values.some((v) => v instanceof Unknown) ? (values.find((v): v is Unknown => v instanceof Unknown && v.reason !== '') ?? new Unknown('a Block Public Access setting is known only after deployment')) : values.every((v) => v === true);
    if (b.locs['publicAccessBlock']) b.locs['publicAccessBlocked'] = b.locs['publicAccessBlock'];
  }
  const acl = b.props['acl'];
  if (acl instanceof Unknown) b.props['aclPublic'] = acl;
  else if (typeof acl === 'string') b.props['aclPublic'] = PUBLIC_CANNED_ACLS.has(acl.toLowerCase().replace(/[-_]/g, ''));
  if (b.props['aclGrantsPublic'] === true) b.props['aclPublic'] = true;
  if (b.locs['acl']) b.locs['aclPublic'] = b.locs['acl'];

  const target = b.props['loggingTarget'];
  if (target === undefined) b.props['loggingToOtherBucket'] = false;
  else if (b.props['loggingTargetIsSelf'] === true || (typeof target === 'string' && target === b.props['name'])) b.props['loggingToOtherBucket'] = false;
  else b.props['loggingToOtherBucket'] = target instanceof Unknown && !target.present ? target : true;
  if (b.locs['loggingTarget']) b.locs['loggingToOtherBucket'] = b.locs['loggingTarget'];

  const sse = b.props['sseAlgorithm'];
  b.props['sseKms'] = sse instanceof Unknown ? sse : sse === 'aws:kms' || sse === 'aws:kms:dsse';
  if (b.locs['sseAlgorithm']) b.locs['sseKms'] = b.locs['sseAlgorithm'];

  summarizeLifecycle(b);
  analyzeBucketPolicy(b, diagnostics);
  withoutMaybeProtection(b, ['policyDeniesInsecureTransport', 'policyDeniesDeleteWithoutMfa', 'policyCloudTrailScoped']);
}

interface LifecycleRule {
  enabled: boolean | Unknown;
  transitions: (string | Unknown)[];
  expirationDays?: number | Unknown;
}

function summarizeLifecycle(b: Resource): void {
  const rules = b.props['lifecycleRules'];
  if (rules instanceof Unknown) {
    b.props['lifecycleArchives'] = rules;
    return;
  }
  const list = (Array.isArray(rules) ? rules : []) as LifecycleRule[];
  const enabled = list.filter((r) => r.enabled === true);
  b.props['lifecycleArchives'] = enabled.some((r) => r.transitions.some((t) => typeof t === 'string' && /^(GLACIER|DEEP_ARCHIVE|GLACIER_IR)$/i.test(t)));
  const days = enabled.map((r) => r.expirationDays).filter((d): d is number | Unknown => d !== undefined);
  if (days.some((d) => d instanceof Unknown)) b.props['lifecycleShortestExpirationDays'] = days.find((d) => d instanceof Unknown);
  else if (days.length) b.props['lifecycleShortestExpirationDays'] = minOf(days as number[], (d) => d);
  if (b.locs['lifecycleRules']) {
    b.locs['lifecycleArchives'] = b.locs['lifecycleRules'];
    b.locs['lifecycleShortestExpirationDays'] = b.locs['lifecycleRules'];
  }
}

function analyzeBucketPolicy(b: Resource, diagnostics: Diagnostic[]): void {
  // A name built from deployment values ("logs-${account_id}") is concretized with the same
  // stand-ins as the policy, so "arn:aws:s3:::logs-${account_id}/*" in the policy still names it.
  const account = inferAccount(b.props['policy']) ?? PLACEHOLDER_ACCOUNT;
  const concreteName = concretize(b.props['name'], (k) =>
    k === 'AWS::AccountId' || k === 'data.aws_caller_identity.current.account_id' ? account : commonSubstitutions(k),
  );
  const name = typeof concreteName === 'string' ? concreteName : `trailguard-bucket-${b.address.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}`;
  const arn = `arn:aws:s3:::${name}`;
  // The ARN the policy is judged against: a bucket named at deployment (CDK's generated names) gets a
  // stand-in, the same one its policy's own references (`${Bucket.Arn}/*`) resolve to.
  b.props['policyResourceArn'] = arn;
  const self = b.address;
  const policy = readPolicy(
    b,
    'resource',
    (key) => {
      if (key === `${self}.Arn` || key === `${self}.arn`) return arn;
      if (key === self || key === `${self}.id` || key === `${self}.bucket`) return name;
      return undefined;
    },
    diagnostics,
  );
  const loc = b.locs['policy'];
  const setAll = (v: boolean | Unknown): void => {
    for (const k of ['policyDeniesInsecureTransport', 'policyDeniesDeleteWithoutMfa', 'policyCloudTrailScoped']) b.props[k] = v;
  };
  if (policy === undefined) {
    // No bucket policy: nothing is public through a policy, and nothing is denied.
    b.props['policyPublic'] = false;
    setAll(false);
    b.props['policyCloudTrailScoped'] = new Unknown('the bucket has no policy in the scan, so CloudTrail cannot deliver to it or the policy is elsewhere');
    return;
  }
  if (policy instanceof Unknown) {
    b.props['policyPublic'] = policy;
    setAll(policy);
    return;
  }
  for (const k of ['policyPublic', 'policyDeniesInsecureTransport', 'policyDeniesDeleteWithoutMfa', 'policyCloudTrailScoped']) if (loc) b.locs[k] = loc;

  const pub = isPublicPolicy(policy);
  b.props['policyPublic'] = pub.public;
  const firstPublic = pub.statements.find((s) => s.public === true);
  if (firstPublic) {
    const at = statementLoc(b, firstPublic.index);
    if (at) b.locs['policyPublic'] = at;
    b.props['policyPublicReason'] = firstPublic.reason;
  }

  // The same account readPolicy inferred, so requests come from the account the policy names.
  const evaluate = (req: Omit<AccessRequest, 'resourceAccount'>): ReturnType<typeof evaluateRequest> =>
    evaluateRequest({ ...req, resourceAccount: account }, { resource: [policy as Policy] });

  // The next two questions are about explicit denies only: a policy without a statement that may deny
  // (CloudTrail's documented bucket policy, two Allow statements) answers false to both unevaluated.
  const denies = mayDenyExplicitly([policy]);

  // P4.7: every request without TLS is denied, whoever makes it and whatever else it carries.
  const insecure = denies
    ? ['s3:GetObject', 's3:PutObject'].map((action) =>
        evaluate({ action, resource: `${arn}/AWSLogs/object`, context: { 'aws:SecureTransport': 'false' }, unspecifiedKeys: 'open' }).explicitDeny,
      )
    : [false];
  b.props['policyDeniesInsecureTransport'] = combine(insecure.map(always));

  // B2.3: deleting objects without MFA is denied, both when the key says false and when it is
  // absent (long-term access keys send no aws:MultiFactorAuthPresent: `Bool` alone misses them).
  const withoutMfa = denies
    ? ([{ 'aws:MultiFactorAuthPresent': 'false' }, { 'aws:MultiFactorAuthPresent': null }] as Record<string, string | null>[]).map((context) =>
        evaluate({ action: 's3:DeleteObject', resource: `${arn}/AWSLogs/object`, context: { 'aws:SecureTransport': 'true', ...context }, unspecifiedKeys: 'missing' }).explicitDeny,
      )
    : [false];
  b.props['policyDeniesDeleteWithoutMfa'] = combine(withoutMfa.map(always));

  // B2.1: CloudTrail may write only for this account's trails: a trail of another account is refused,
  // whatever S3 key prefix it chooses (cloudTrailForeignKeys).
  const foreignTrail = `arn:aws:cloudtrail:${PLACEHOLDER_REGION}:${FOREIGN_ACCOUNT}:trail/foreign`;
  let foreign: ReturnType<typeof evaluateRequest> | undefined;
  const { keys, complete } = cloudTrailForeignKeys(policy, arn);
  for (const resource of keys) {
    const result = evaluate({
      action: 's3:PutObject',
      resource,
      principal: servicePrincipal('cloudtrail.amazonaws.com'),
      context: { 'aws:SourceArn': foreignTrail, 'aws:SourceAccount': FOREIGN_ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' },
      unspecifiedKeys: 'missing',
    });
    // A sure grant decides; an undecidable one is kept unless a sure one follows.
    if (result.granted === true) { foreign = result; break; }
    if (!foreign || (foreign.granted === false && result.granted !== false)) foreign = result;
  }
  // Past MAX_FOREIGN_KEYS prefixes, one not tried may be the one that lets a foreign trail write: a sure
  // grant still decides, anything else is not known.
  const untried = !complete && foreign!.granted !== true;
  b.props['policyCloudTrailScoped'] = untried
    ? new Unknown(`the policy names more than ${MAX_FOREIGN_KEYS} key prefixes in the bucket; a foreign trail's writes were tried under the first ${MAX_FOREIGN_KEYS}`)
    : never(foreign!.granted);
  const grant = foreign!.statements[0];
  if (grant && foreign!.granted !== false) {
    const at = statementLoc(b, grant.index);
    if (at) b.locs['policyCloudTrailScoped'] = at;
  }
}

/** The end of a CloudTrail log object's key after the trail's prefix (CloudTrail User Guide, "Finding your CloudTrail log files"). */
const FOREIGN_LOG_SUFFIX = `AWSLogs/${FOREIGN_ACCOUNT}/CloudTrail/${PLACEHOLDER_REGION}/2024/01/01/${FOREIGN_ACCOUNT}_CloudTrail_${PLACEHOLDER_REGION}_20240101T0000Z_x.json.gz`;

/**
 * Object keys a trail of another account could write to: it delivers to
 * `<bucket>/<its prefix>/AWSLogs/<its account>/CloudTrail/...` and chooses its
 * prefix freely (S3KeyPrefix, any string CloudTrail accepts). So a grant on
 * `<bucket>/<prefix>/AWSLogs/<this account>/*` also covers a foreign trail whose
 * prefix is `<prefix>/AWSLogs/<this account>`: for every resource pattern the
 * policy names inside the bucket, the foreign trail picks the prefix that pattern
 * starts with. Only a condition on the trail (aws:SourceArn, aws:SourceAccount)
 * refuses it.
 */
export function cloudTrailForeignKeys(policy: Policy, bucketArn: string): { keys: string[]; complete: boolean } {
  const keys = new Set([`${bucketArn}/${FOREIGN_LOG_SUFFIX}`]);
  for (const st of policy.statements) {
    for (const entry of st.resource?.entries ?? []) {
      const pattern = entry.value;
      if (typeof pattern !== 'string' || !pattern.startsWith(`${bucketArn}/`) || !pattern.endsWith('*')) continue;
      // The prefix a foreign trail would choose: the pattern up to its final `*`, with each
      // other wildcard standing for one character it may choose.
      const prefix = trimTrailing(pattern.slice(bucketArn.length + 1, -1).replace(/[*?]/g, 'x'), '/');
      const key = `${bucketArn}/${prefix ? `${prefix}/` : ''}${FOREIGN_LOG_SUFFIX}`;
      if (keys.size === MAX_FOREIGN_KEYS && !keys.has(key)) return { keys: [...keys], complete: false };
      keys.add(key);
    }
  }
  return { keys: [...keys], complete: true };
}

/** Key prefixes a foreign trail's writes are tried under, at most (each is a request over the whole policy). */
export const MAX_FOREIGN_KEYS = 65;

function combine(values: (boolean | Unknown)[]): boolean | Unknown {
  if (values.some((v) => v === false)) return false;
  const u = values.find((v): v is Unknown => v instanceof Unknown);
  return u ?? true;
}
