/**
 * "Is this resource policy public?", by Amazon S3's own definition, and
 * "does this key policy statement grant to everyone?" (P2.3).
 *
 * Source: Amazon S3 User Guide, "Blocking public access to your Amazon S3
 * storage" → "The meaning of 'public'"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
 * S3 assumes a bucket policy is public, then checks whether it grants access
 * only to fixed values (no wildcard, no policy variable) of one or more of:
 * an AWS principal, user, role or service principal (e.g. aws:PrincipalOrgID);
 * a set of CIDRs with aws:SourceIp; aws:SourceArn; aws:SourceVpc;
 * aws:SourceVpce; aws:SourceOwner; aws:SourceAccount;
 * s3:x-amz-server-side-encryption-aws-kms-key-id; aws:userid outside the
 * pattern "AROLEID:*"; s3:DataAccessPointArn (whose access point name may be
 * a wildcard when the account is fixed); s3:DataAccessPointAccount.
 *
 * A `Federated` principal (web identity: `graph.facebook.com`,
 * `accounts.google.com`, `cognito-identity.amazonaws.com`, `www.amazon.com`,
 * or a SAML / OIDC provider) is none of those fixed values: the same page's
 * first example of a public policy is `"Principal": {"Federated":
 * "graph.facebook.com"}` on `s3:PutObject`. Anyone who can sign in with the
 * provider gets the grant, so it counts as everyone.
 *
 * The answer errs towards "public": a condition only restricts when it must
 * hold for the grant to apply (no IfExists, no ForAllValues, no negation), and
 * keys AWS does not list give Unknown, never "not public".
 */
import type { PathSegment } from '../../core/location.js';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { hasWildcard, parseArn } from './match.js';
import type { ConditionClause, PolicyValue, Policy, PrincipalSpec, Statement } from './policy.js';
import { parseCidr } from './values.js';

type Verdict = boolean | Unknown;

/** Keys S3 lists, compared lower-case. */
const S3_DOCUMENTED_KEYS = new Set(
  [
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
    // "An AWS principal, user, role, or service principal (e.g. aws:PrincipalOrgID)":
    // keys that pin the principal to a fixed principal, account or organization.
    'aws:PrincipalOrgID',
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
  ].map((k) => k.toLowerCase()),
);

/** Keys that restrict in spirit but that S3's list does not name: Unknown, never "not public". */
const UNLISTED_RESTRICTING_KEYS = new Set(
  ['aws:PrincipalOrgPaths', 'aws:SourceOrgID', 'aws:SourceOrgPaths'].map((k) => k.toLowerCase()),
);

/**
 * KMS: AWS KMS Developer Guide, "Key policies" → allowing everyone
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html)
 * warns that `"Principal": "*"` grants every AWS account unless a condition
 * restricts the caller; kms:CallerAccount pins the caller's account.
 * Encryption context keys are chosen by the caller and restrict nothing.
 */
const KMS_RESTRICTING_KEYS = new Set([...S3_DOCUMENTED_KEYS, 'kms:calleraccount']);

/**
 * Broadest aws:SourceIp ranges still counted as a restriction. S3 treats very
 * broad ranges (such as 0.0.0.0/1) as public; we count only IPv4 /8 or
 * narrower and IPv6 /32 or narrower, which errs towards "public".
 */
const MIN_IPV4_PREFIX = 8;
const MIN_IPV6_PREFIX = 32;

export interface StatementVerdict {
  index: number;
  sid?: string;
  path: PathSegment[];
  public: Verdict;
  reason: string;
}

export interface PublicResult {
  public: Verdict;
  /** The Allow statements that make it public (or might). */
  statements: StatementVerdict[];
}

/** A value a deployment will fill with a resource's own identifier (an ARN, an ID) is fixed. */
function isFixed(v: PolicyValue, wildcardAllowed?: (text: string) => boolean): Verdict {
  if (isUnknown(v)) return v.present && v.refs.length > 0 ? true : v;
  if (v.includes('${')) return false;
  if (!hasWildcard(v)) return v.length > 0;
  return wildcardAllowed ? wildcardAllowed(v) : false;
}

/** s3:DataAccessPointArn may name any access point of a fixed account. */
function accessPointWildcardAllowed(v: string): boolean {
  const arn = parseArn(v);
  if (!arn || hasWildcard(arn.partition) || hasWildcard(arn.service) || hasWildcard(arn.region)) return false;
  return /^\d{12}$/.test(arn.account) && /^accesspoint\/[^/]+$/.test(arn.resource);
}

function sourceIpFixed(v: PolicyValue): Verdict {
  if (isUnknown(v)) return v;
  const cidr = parseCidr(v);
  if (!cidr) return false;
  return cidr.prefix >= (cidr.version === 4 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX);
}

/** Combine: all must be true; any false → false; otherwise Unknown. */
function allOf(verdicts: Verdict[]): Verdict {
  if (verdicts.length === 0) return false;
  if (verdicts.some((v) => v === false)) return false;
  return verdicts.find((v) => isUnknown(v)) ?? true;
}

/** Combine: any true → true; otherwise any Unknown → Unknown; else false. */
function anyOf(verdicts: Verdict[]): Verdict {
  if (verdicts.some((v) => v === true)) return true;
  return verdicts.find((v) => isUnknown(v)) ?? false;
}

/** Does this clause pin the request to fixed values of a restricting key? */
function clauseRestricts(c: ConditionClause, keys: ReadonlySet<string>): Verdict {
  const op = c.parsed;
  if (!op) return new Unknown(`unknown condition operator ${c.operator}`);
  // Only operators that require the key to be present and to match restrict.
  if (op.ifExists || op.set === 'ForAllValues' || op.base.negated) return false;
  const key = c.key.toLowerCase();
  const listed = keys.has(key);
  if (!listed && !UNLISTED_RESTRICTING_KEYS.has(key)) return false;
  // A value list known only after apply is fixed when it references created resources' own identifiers.
  if (c.unknown) return key === 'aws:sourceip' || !listed ? c.unknown : isFixed(c.unknown);
  let fixed: Verdict;
  if (key === 'aws:sourceip') {
    fixed = op.base.family === 'Ip' ? allOf(c.values.map(sourceIpFixed)) : false;
  } else if (op.base.family === 'String' || op.base.family === 'Arn') {
    const allowed = key === 's3:dataaccesspointarn' ? accessPointWildcardAllowed : undefined;
    fixed = allOf(c.values.map((v) => isFixed(v, allowed)));
  } else {
    fixed = false;
  }
  if (fixed === true && !listed) return new Unknown(`${c.key} is not among the condition keys S3 documents for non-public policies`);
  return fixed;
}

type PrincipalScope = 'fixed' | 'everyone' | { federated: string } | Unknown;

function principalScope(st: Statement): PrincipalScope {
  if (st.notPrincipal) return 'everyone'; // everyone except the listed principals
  const spec: PrincipalSpec | undefined = st.principal;
  if (!spec) return new Unknown('statement names no principal');
  if (spec.entries.some((e) => e.value === '*')) return 'everyone';
  // A Federated principal is anyone the identity provider signs in (see the module comment).
  const federated = spec.entries.find((e) => e.type === 'Federated');
  if (federated) return { federated: isUnknown(federated.value) ? 'an identity provider' : federated.value };
  if (spec.unknown) return spec.unknown;
  for (const e of spec.entries) {
    const fixed = isFixed(e.value);
    if (isUnknown(fixed)) return fixed;
    if (!fixed) return 'everyone';
  }
  return spec.entries.length > 0 ? 'fixed' : new Unknown('empty principal');
}

function grantVerdict(st: Statement, keys: ReadonlySet<string>): { verdict: Verdict; reason: string } {
  if (st.unknown) return { verdict: st.unknown, reason: 'the statement is not known yet' };
  if (st.effect === 'Deny') return { verdict: false, reason: 'Deny statement' };
  const scope = principalScope(st);
  if (scope === 'fixed') return { verdict: false, reason: 'grants only to named principals' };
  if (isUnknown(scope)) return { verdict: scope, reason: `principal not known: ${scope.reason}` };
  const who =
    typeof scope === 'object'
      ? `the Federated principal ${scope.federated} (anyone who signs in with it)`
      : st.notPrincipal
        ? 'everyone but the NotPrincipal list'
        : 'everyone ("*")';
  if (st.conditionUnknown) return { verdict: st.conditionUnknown, reason: 'the condition is not known yet' };
  const restricts = anyOf(st.conditions.map((c) => clauseRestricts(c, keys)));
  if (restricts === true) return { verdict: false, reason: 'a condition pins a fixed value of a restricting key' };
  if (isUnknown(restricts)) return { verdict: restricts, reason: `grants to ${who}; whether a condition restricts it is not known: ${restricts.reason}` };
  const verdict: Verdict = isUnknown(st.effect) ? st.effect : st.effect === 'Allow' ? true : new Unknown('missing Effect');
  return { verdict, reason: `grants to ${who} without a condition on a fixed value of a restricting key` };
}

/**
 * Does some Deny in the policy confine every request this grant covers to a
 * fixed value (a single "deny unless aws:SourceVpce = X" for all principals,
 * actions and resources of the grant)? S3's page speaks only of grants, so
 * such a policy is reported as Unknown rather than as non-public.
 */
function confinedByDeny(allow: Statement, policy: Policy): boolean {
  return policy.statements.some((d) => {
    if (d.effect !== 'Deny' || d.unknown || d.conditionUnknown || d.notPrincipal || d.notAction || d.notResource) return false;
    if (!d.principal?.entries.some((e) => e.value === '*')) return false;
    if (!covers(d.action?.entries.map((e) => e.value), allow.action?.entries.map((e) => e.value), true)) return false;
    if (!covers(d.resource?.entries.map((e) => e.value), allow.resource?.entries.map((e) => e.value), false)) return false;
    if (d.conditions.length !== 1) return false;
    const c = d.conditions[0]!;
    const op = c.parsed;
    if (!op || !op.base.negated || op.set) return false;
    const positive = { ...c, parsed: { ...op, ifExists: false, base: { ...op.base, negated: false } } };
    return clauseRestricts(positive, S3_DOCUMENTED_KEYS) === true;
  });
}

/** Does every pattern in `inner` fall under some pattern in `outer`? (`*`, equal, or a prefix ending in `*`.) */
function covers(outer: PolicyValue[] | undefined, inner: PolicyValue[] | undefined, ignoreCase: boolean): boolean {
  if (!outer || !inner || inner.length === 0) return false;
  const norm = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  return inner.every((i) =>
    outer.some((o) => {
      if (isUnknown(o) || isUnknown(i)) return false;
      if (o === '*') return true;
      const oo = norm(o);
      const ii = norm(i);
      if (oo === ii) return true;
      const prefix = oo.slice(0, -1);
      return oo.endsWith('*') && !hasWildcard(prefix) && ii.startsWith(prefix);
    }),
  );
}

/** Is this bucket (or access point) policy public, by S3's definition? */
export function isPublicPolicy(policy: Policy): PublicResult {
  const statements: StatementVerdict[] = [];
  for (const st of policy.statements) {
    const { verdict, reason } = grantVerdict(st, S3_DOCUMENTED_KEYS);
    if (verdict === false) continue;
    if (verdict === true && confinedByDeny(st, policy)) {
      statements.push({
        index: st.index,
        sid: st.sid,
        path: st.path,
        public: new Unknown('a Deny statement confines this grant to a fixed value; S3 documents only grants'),
        reason: `${reason}, but a Deny statement confines it to a fixed value`,
      });
      continue;
    }
    statements.push({ index: st.index, sid: st.sid, path: st.path, public: verdict, reason });
  }
  const publicOnes = statements.filter((s) => s.public === true);
  if (publicOnes.length > 0) return { public: true, statements: publicOnes };
  const first = statements.find((s) => isUnknown(s.public));
  return { public: first ? first.public : false, statements };
}

/**
 * P2.3: does this key policy statement allow everyone (`*`, or NotPrincipal)
 * without a condition that pins the caller to a fixed principal, account,
 * organization, network or source?
 */
export function grantsToEveryone(statement: Statement): Verdict {
  return grantVerdict(statement, KMS_RESTRICTING_KEYS).verdict;
}
