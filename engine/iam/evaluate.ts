/**
 * "Is action A on resource R allowed for principal P under request context C?"
 *
 * Sources:
 * - IAM User Guide, "Policy evaluation logic" and "Determining whether a
 *   request is allowed or denied within an account"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policies_evaluation.html):
 *   an explicit Deny in any policy wins; SCPs must allow; within one account
 *   either an identity-based or a resource-based policy may allow (a
 *   resource-based policy that names the account rather than the principal
 *   needs the identity-based policy too); otherwise the request is implicitly
 *   denied.
 * - "Cross-account policy evaluation logic"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
 *   across accounts both the identity-based and the resource-based policy
 *   must allow.
 * - AWS Organizations, "SCP evaluation"
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
 *   at every level of the organization (root, OUs, account) some attached SCP
 *   must allow the action; SCPs never grant; they do not affect service
 *   principals. "Service control policies (SCPs)"
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
 *   "SCPs don't affect users or roles in the management account. They affect
 *   only the member accounts in your organization", and "SCPs do not affect
 *   service-linked roles" (roles under the path `/aws-service-role/`).
 * - AWS KMS Developer Guide, "Key policies" / "Determining access to an AWS
 *   KMS key" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html,
 *   https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html):
 *   no principal, not even the account root, may use a key unless the key
 *   policy allows it, directly or by allowing the account (which then lets
 *   IAM policies grant access).
 *
 * Every element answers with a four-valued Truth (see truth.ts), so the
 * result says when the decision rests on the request (left open) or on values
 * known only after deployment, instead of guessing.
 */
import type { PathSegment } from '../../core/location.js';
import { isUnknown, type Unknown } from '../../core/unknown.js';
import { evaluateConditions, type ConditionEnv } from './conditions.js';
import { principalAccount, RequestContext, type AccessRequest } from './context.js';
import { accountOfArn, actionMatches, parseArn, resourceMatches } from './match.js';
import { matchNotPrincipal, matchPrincipal } from './principals.js';
import { variablesEnabled, type ListEntry, type Policy, type Statement, type ValueList } from './policy.js';
import { and, andAll, either, not, or, orOf, type Truth } from './truth.js';
import { resolveVariables } from './variables.js';

export type PolicyLayer = 'identity' | 'resource' | 'scp';

export interface PolicySet {
  /** The principal's identity-based policies. Omitted: not known (they may allow anything). */
  identity?: readonly Policy[];
  /** The resource's policy (bucket policy, key policy…). Omitted: not known. */
  resource?: readonly Policy[];
  /**
   * SCPs by organization level (root, OU…, account), each level the list of
   * policies attached there. Omitted: no SCPs apply. To model the AWS default,
   * put `fullAwsAccessScp()` beside your own SCPs at each level.
   */
  scps?: readonly (readonly Policy[])[];
  /** `kms-key`: the resource policy is a KMS key policy, without which nothing is allowed. */
  resourceKind?: 'generic' | 'kms-key';
  /**
   * The organization's management account, when the caller knows it: SCPs do
   * not apply to its principals. Omitted: not known, and the principal is
   * judged as one of a member account (a note says so when it matters).
   */
  managementAccount?: string;
}

/** A service-linked role: IAM creates these under the path `/aws-service-role/` (IAM User Guide, "Service-linked roles"). */
export function isServiceLinkedRole(arn: string | undefined): boolean {
  if (arn === undefined || !arn.includes(':role/aws-service-role/')) return false;
  const parsed = parseArn(arn);
  return !!parsed && parsed.service === 'iam' && parsed.resource.startsWith('role/aws-service-role/');
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny' | 'unknown';
export type Outcome = Exclude<Decision, 'unknown'>;

export interface StatementRef {
  layer: PolicyLayer;
  policy?: string;
  /** Index of the SCP level, for `scp`. */
  level?: number;
  index: number;
  sid?: string;
  path: PathSegment[];
  effect: 'Allow' | 'Deny' | 'unknown';
  /** Whether the statement applies to the request. */
  applies: Truth;
}

export interface EvaluationResult {
  /** The outcome when it is the same for every request consistent with what is known; else 'unknown'. */
  decision: Decision;
  /** Every outcome some such request can have. */
  possible: Outcome[];
  /** The statements that decide it (or could, when the decision is 'unknown'). */
  statements: StatementRef[];
  /** Does an explicit Deny apply? ('depends' / 'unknown' when that is not settled.) */
  explicitDeny: Truth;
  /** Do the policies grant the request, leaving explicit denies aside? */
  granted: Truth;
  /** Why the decision is uncertain: open request properties, unknown values, missing policies. */
  notes: string[];
}

/** The AWS-managed FullAWSAccess SCP, attached by default at every level of an organization. */
export function fullAwsAccessScp(): Policy {
  return {
    name: 'FullAWSAccess',
    kind: 'scp',
    version: '2012-10-17',
    statements: [
      {
        index: 0,
        path: ['Statement', 0],
        effect: 'Allow',
        action: { path: [], entries: [{ value: '*', path: [] }] },
        resource: { path: [], entries: [{ value: '*', path: [] }] },
        conditions: [],
      },
    ],
  };
}

interface Evaluated {
  ref: StatementRef;
  /** Applies as a Deny. */
  deny: Truth;
  /** Applies as an Allow (to a named principal or through a wildcard). */
  allowDirect: Truth;
  /** Applies as an Allow through the requester's account. */
  allowViaAccount: Truth;
}

class Evaluator {
  readonly context: RequestContext;
  readonly notes: string[] = [];

  constructor(readonly request: AccessRequest) {
    this.context = new RequestContext(request);
  }

  /** Evaluates every statement of `policy`, appending the results to `out`. */
  evaluatePolicy(policy: Policy, layer: PolicyLayer, out: Evaluated[], level?: number): void {
    const env: ConditionEnv = { context: this.context, variablesEnabled: variablesEnabled(policy), notes: this.notes };
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) out.push(this.evaluateStatement(statements[i]!, policy, layer, env, level));
  }

  /** Every statement of every policy of `policies`, in order (a layer: identity, resource, one SCP level). */
  evaluateLayer(policies: readonly Policy[], layer: PolicyLayer, level?: number): Evaluated[] {
    const out: Evaluated[] = [];
    for (let i = 0; i < policies.length; i++) this.evaluatePolicy(policies[i]!, layer, out, level);
    return out;
  }

  private evaluateStatement(st: Statement, policy: Policy, layer: PolicyLayer, env: ConditionEnv, level?: number): Evaluated {
    const ref: StatementRef = {
      layer,
      policy: policy.name,
      level,
      index: st.index,
      sid: st.sid,
      path: st.path,
      effect: st.effect === 'Allow' || st.effect === 'Deny' ? st.effect : 'unknown',
      applies: 'unknown',
    };
    if (st.unknown) {
      this.notes.push(`a statement of ${label(policy)} is ${st.unknown.toString()}`);
      return { ref, deny: 'unknown', allowDirect: 'unknown', allowViaAccount: 'unknown' };
    }
    const action = this.matchActions(st);
    const resource = this.matchResources(st, env);
    const conditions = evaluateConditions(st, env);
    const scope = and(action, resource, conditions);

    let direct: Truth = scope;
    let viaAccount: Truth = false;
    if (layer === 'resource') {
      const principal = st.principal
        ? matchPrincipal(st.principal, this.request.principal)
        : st.notPrincipal
          ? matchNotPrincipal(st.notPrincipal, this.request.principal)
          : { direct: 'unknown' as Truth, viaAccount: 'unknown' as Truth }; // AWS rejects such a statement
      direct = and(scope, principal.direct);
      viaAccount = and(scope, principal.viaAccount);
    }
    ref.applies = or(direct, viaAccount);

    if (st.effect === 'Deny') return { ref, deny: ref.applies, allowDirect: false, allowViaAccount: false };
    if (st.effect === 'Allow') return { ref, deny: false, allowDirect: direct, allowViaAccount: viaAccount };
    // Missing or not yet known Effect: it may be either.
    const maybe = (t: Truth): Truth => (t === false ? false : 'unknown');
    if (isUnknown(st.effect)) this.notes.push(`the Effect of a statement of ${label(policy)} is ${st.effect.toString()}`);
    return { ref, deny: maybe(ref.applies), allowDirect: maybe(direct), allowViaAccount: maybe(viaAccount) };
  }

  private matchActions(st: Statement): Truth {
    if (st.action) return this.anyAction(st.action);
    if (st.notAction) return not(this.anyAction(st.notAction));
    return 'unknown';
  }

  // The two list matchers below run for every statement of every request, mostly in the interpreter (a
  // scan evaluates each policy a few times): indexed loops, no closure, array or spread per statement.
  // Every entry is matched, as `or` of all of them would: an unknown entry after a matching one still
  // leaves its note.

  /** Does some entry of an Action / NotAction list cover the request's action? */
  private anyAction(list: ValueList): Truth {
    const action = this.request.action;
    const entries = list.entries;
    let result: Truth = false;
    for (let i = 0; i < entries.length; i++) {
      const value = entries[i]!.value;
      result = orOf(result, isUnknown(value) ? this.unknownValue(value) : actionMatches(value, action));
    }
    return list.unknown ? orOf(result, this.unknownValue(list.unknown)) : result;
  }

  private matchResources(st: Statement, env: ConditionEnv): Truth {
    if (st.resource) return this.anyResource(st.resource, env);
    if (st.notResource) return not(this.anyResource(st.notResource, env));
    return 'unknown';
  }

  /** Does some entry of a Resource / NotResource list cover the request's resource? */
  private anyResource(list: ValueList, env: ConditionEnv): Truth {
    const entries = list.entries;
    let result: Truth = false;
    for (let i = 0; i < entries.length; i++) result = orOf(result, this.matchResource(entries[i]!, env));
    return list.unknown ? orOf(result, this.unknownValue(list.unknown)) : result;
  }

  private matchResource(entry: ListEntry, env: ConditionEnv): Truth {
    const target = this.request.resource;
    const pattern = entry.value;
    if (pattern === '*') return true;
    if (isUnknown(pattern)) return isUnknown(target) && sameReference(pattern, target) ? true : this.unknownValue(pattern);
    if (isUnknown(target)) return this.unknownValue(target);
    const resolved = resolveVariables(pattern, env.variablesEnabled, (key) => this.context.variable(key));
    // A variable whose key is absent: the entry matches nothing (IAM User Guide, "Policy variables" →
    // "Principal key values": "any attempt to match it fails").
    if (resolved.kind === 'absent') return false;
    if (resolved.kind !== 'resolved') {
      this.notes.push(resolved.reason);
      return resolved.kind;
    }
    return resourceMatches(resolved.parts, target);
  }

  private unknownValue(u: Unknown): Truth {
    this.notes.push(u.toString());
    return 'unknown';
  }
}

function label(policy: Policy): string {
  return policy.name ?? 'the policy';
}

/** Two unknown values that reference the same attribute of the same resource are equal. */
function sameReference(a: Unknown, b: Unknown): boolean {
  const key = (u: Unknown) =>
    u.refs
      .filter((r) => r.attribute !== undefined)
      .map((r) => `${r.address}#${r.attribute}`)
      .sort()
      .join('|');
  const ka = key(a);
  return ka !== '' && a.refs.length === 1 && b.refs.length === 1 && ka === key(b);
}


/** What the statements say together, as `or` of one of their answers each. */
function combine(evaluated: readonly Evaluated[], pick: 'deny' | 'allowDirect' | 'allowViaAccount'): Truth {
  let result: Truth = false;
  for (let i = 0; i < evaluated.length; i++) {
    result = orOf(result, evaluated[i]![pick]);
    if (result === true) return true;
  }
  return result;
}

/** Evaluates one request against a set of policies. */
export function evaluateRequest(request: AccessRequest, policies: PolicySet): EvaluationResult {
  const ev = new Evaluator(request);
  const who = request.principal;
  const isAccountPrincipal = who === undefined || (who.type !== 'service' && who.type !== 'anonymous');

  // Identity-based policies and SCPs govern IAM identities, not service principals or anonymous callers.
  const identity = isAccountPrincipal ? (policies.identity ? ev.evaluateLayer(policies.identity, 'identity') : undefined) : [];
  const resource = policies.resource ? ev.evaluateLayer(policies.resource, 'resource') : undefined;
  const scpsApply = policies.scps ? scpsApplyTo(request, policies, ev.notes) : false;
  const scpLevels =
    isAccountPrincipal && scpsApply !== false && policies.scps
      ? policies.scps.map((level, i) => ev.evaluateLayer(level, 'scp', i))
      : undefined;

  // Identity, then resource, then the SCP levels in order: the order decide() reports statements in.
  let all: Evaluated[] = identity ?? [];
  if (resource) all = all.length === 0 ? resource : all.concat(resource);
  if (scpLevels) for (const level of scpLevels) all = all.length === 0 ? level : all.concat(level);
  const deny = combine(all, 'deny');

  // Identity-based permissions. The root user needs none in its own account.
  let identityAllows: Truth;
  if (!isAccountPrincipal) identityAllows = false;
  else if (who?.type === 'root') identityAllows = true;
  else if (identity) identityAllows = combine(identity, 'allowDirect');
  else {
    ev.notes.push('the principal’s identity-based policies are not known');
    identityAllows = 'unknown';
  }

  let resourceDirect: Truth = 'unknown';
  let resourceViaAccount: Truth = 'unknown';
  if (resource) {
    resourceDirect = combine(resource, 'allowDirect');
    resourceViaAccount = combine(resource, 'allowViaAccount');
  } else {
    ev.notes.push('the resource-based policy is not known');
  }
  const kms = policies.resourceKind === 'kms-key';

  let grant: Truth;
  if (!isAccountPrincipal) {
    grant = resourceDirect;
  } else {
    const sameAccountGrant = kms
      ? or(resourceDirect, and(resourceViaAccount, identityAllows))
      : or(resourceDirect, identityAllows);
    const crossAccountGrant = and(or(resourceDirect, resourceViaAccount), identityAllows);
    const same = sameAccount(request);
    if (same === true) grant = sameAccountGrant;
    else if (same === false) grant = crossAccountGrant;
    else grant = either(sameAccountGrant, crossAccountGrant, same);
  }

  let scpAllows: Truth = true;
  if (scpLevels) {
    scpAllows = andAll(scpLevels.map((level) => combine(level, 'allowDirect')));
  }
  let allow = and(scpAllows, grant);
  let denied = deny;
  if (scpLevels && (scpsApply === 'depends' || scpsApply === 'unknown')) {
    // Whether SCPs apply at all is itself uncertain: the answer with them, or without them.
    const withoutScps = [...(identity ?? []), ...(resource ?? [])];
    denied = either(deny, combine(withoutScps, 'deny'), scpsApply);
    allow = either(allow, grant, scpsApply);
  }

  return decide(denied, allow, all, ev.notes);
}

/**
 * Do the SCPs govern this request's principal? Not for a service-linked
 * role, nor for a principal of the management account (see the module
 * comment). 'unknown' when the management account is known but the
 * principal's account is not; with no management account given, the
 * principal is taken to be of a member account.
 */
function scpsApplyTo(request: AccessRequest, policies: PolicySet, notes: string[]): Truth {
  const who = request.principal;
  if (!who) {
    if (policies.managementAccount !== undefined) {
      notes.push('SCPs do not apply to service-linked roles or to the management account, and the principal is not given');
      return 'depends';
    }
    return true;
  }
  if (isServiceLinkedRole(who.arn)) return false;
  if (policies.managementAccount === undefined) return true;
  const account = principalAccount(who);
  if (account === undefined) {
    notes.push('the principal’s account is not known, so whether it is the management account (where SCPs do not apply) is not known');
    return 'unknown';
  }
  return account !== policies.managementAccount;
}

/** Whether principal and resource are in the same account. */
function sameAccount(request: AccessRequest): Truth {
  const who = request.principal;
  if (!who) return 'depends';
  const mine = principalAccount(who);
  const theirs =
    request.resourceAccount ?? (isUnknown(request.resource) ? undefined : accountOfArn(request.resource));
  if (mine === undefined || theirs === undefined) return 'unknown';
  return mine === theirs;
}

function decide(deny: Truth, allow: Truth, all: readonly Evaluated[], notes: string[]): EvaluationResult {
  const possible: Outcome[] = [];
  if (deny !== false) possible.push('explicitDeny');
  if (deny !== true) {
    if (allow !== false) possible.push('allowed');
    if (allow !== true) possible.push('implicitDeny');
  }
  const decision: Decision = possible.length === 1 ? possible[0]! : 'unknown';
  let statements: StatementRef[];
  if (decision === 'explicitDeny') statements = all.filter((e) => e.deny === true).map((e) => e.ref);
  else if (decision === 'allowed') {
    statements = all.filter((e) => e.allowDirect === true || e.allowViaAccount === true).map((e) => e.ref);
  } else if (decision === 'implicitDeny') statements = [];
  else statements = all.filter((e) => e.ref.applies !== false).map((e) => e.ref);
  return {
    decision,
    possible,
    statements,
    explicitDeny: deny,
    granted: allow,
    notes: decision === 'unknown' ? [...new Set(notes)] : [],
  };
}

/**
 * Can some statement of these policies be an explicit Deny? Its Effect is Deny, not known or missing, or
 * the statement itself is not known. When none can, every request's `explicitDeny` is false (a statement
 * with Effect Allow contributes no deny, see evaluateStatement), so a question only about explicit
 * denies needs no evaluation: most bucket policies written for CloudTrail hold only Allow statements.
 */
export function mayDenyExplicitly(policies: readonly Policy[]): boolean {
  for (const policy of policies) for (const st of policy.statements) if (st.unknown || st.effect !== 'Allow') return true;
  return false;
}

/** Is the request denied (explicitly or implicitly) in every case consistent with what is known? */
export function alwaysDenied(result: EvaluationResult): boolean {
  return !result.possible.includes('allowed');
}
