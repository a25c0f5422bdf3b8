import type { Resource, ResourceGraph } from '../graph.js';
import { actionMatches, evaluateRequest, principalFromArn, servicePrincipal, type Policy, type PolicySet, type Statement, type Truth } from '../iam/index.js';
import { Unknown } from '../../core/unknown.js';
import { evaluateCondition, type EvalContext, type Tri } from './condition.js';
import { compileGlob } from '../iam/wildcard.js';
import { fillStrict, type TemplateScope } from './template.js';
import type { PolicyQuery } from './types.js';
import { pushAll } from '../../parsers/arrays.js';

/** At most this many concrete resources stand for one wildcard request ARN (see `requestSamples`). */
const MAX_SAMPLES = 24;

/**
 * A rule's question about a policy, answered by the IAM engine as AWS would
 * evaluate the request: the current resource's policy, or (with `policies`)
 * the policies of every resource of a kind evaluated together, as AWS
 * Organizations applies every SCP attached above an account.
 *
 * `action` asks about one action; `actions` about several: `combine: all`
 * (the default) holds when the expectation holds for each of them ("each of
 * these is explicitly denied"), `combine: any` when it holds for one. The
 * actions that fail are recorded in `ctx.failedActions` for the message.
 *
 * A `*` in the request's ARN stands for a part the configuration does not
 * show (the trail's region, account or name): the answer must be the same for
 * every value it may take, else it is undetermined.
 */
export function evaluatePolicyQuery(q: PolicyQuery, r: Resource, ctx: EvalContext): Tri {
  const gathered = gatherPolicies(q, r, ctx);
  if (gathered === null) return null;
  const actions = q.actions ?? (q.action ? [q.action] : []);
  const { sure, maybe, account } = gathered;
  if (sure.length === 0 && maybe.length === 0) {
    // No policy: nothing is denied, nothing is granted by it.
    const verdict = !(q.expect === 'explicitDeny' || q.expect === 'mayDeny' || q.expect === 'allowed');
    if (!verdict) pushAll((ctx.failedActions ??= []), actions);
    return verdict;
  }
  const scope: TemplateScope = { params: ctx.params, account, ...(ctx.subject ? { subject: ctx.subject } : {}) };
  let unknown: Unknown | undefined;
  const fill = (text: string): string => {
    const v = fillStrict(text, r, scope);
    if (v instanceof Unknown) {
      unknown ??= v;
      return text;
    }
    return v;
  };
  const principalSpec = typeof q.principal === 'object' ? ctx.params[q.principal.param] : q.principal;
  const principalText = typeof principalSpec === 'string' ? fill(principalSpec) : undefined;
  const principal = q.service
    ? servicePrincipal(q.service)
    : principalText
      ? principalFromArn(principalText.startsWith('arn:') ? principalText : `arn:aws:iam::${account}:${principalText}`)
      : undefined;
  const context = Object.fromEntries(Object.entries(q.context ?? {}).map(([k, v]) => [k, fill(v)]));
  if (unknown) {
    ctx.reasons.push(`policy query: ${unknown.reason}`);
    return null;
  }
  // An unknown resource ARN still gets an answer from statements on Resource "*".
  const resource = fillStrict(q.resource, r, scope);
  const samples = typeof resource === 'string' ? requestSamples(resource, [...sure, ...maybe]) : { arns: [resource], capped: false };
  const shown = typeof resource === 'string' ? resource : 'the resource';

  const denyOnly = q.expect === 'explicitDeny' || q.expect === 'noExplicitDeny' || q.expect === 'mayDeny';
  const judge = (all: Policy[]): Tri[] => {
    return actions.map((action) => {
      // Whether a request is explicitly denied rests on the Deny statements that may cover the action
      // alone: evaluating only those keeps a scan of many trails and many SCPs affordable.
      const policies = denyOnly ? denyStatementsOf(all, action) : all;
      const set: PolicySet =
        q.as === 'scp' ? { scps: [policies] } : q.as === 'identity' ? { identity: policies, resource: [] } : { resource: policies };
      const answers: Tri[] = [];
      for (const arn of samples.arns) {
        const narrowed = typeof arn === 'string' ? narrowSet(set, arn) : set;
        answers.push(
          answer(q, evaluateRequest({ action, resource: arn, resourceAccount: account, context, unspecifiedKeys: q.otherKeys ?? 'missing', ...(principal ? { principal } : {}) }, narrowed), ctx),
        );
        // Once two samples disagree (or one is undecided) the answer is settled: no need to try the rest.
        if (answers.length > 1 && combineSamples(q, answers) === null && !(q.expect === 'mayAllow' || q.expect === 'mayDeny')) break;
        if ((q.expect === 'mayAllow' || q.expect === 'mayDeny') && answers[answers.length - 1] === true) break;
      }
      const t = combineSamples(q, answers);
      if (t === true && samples.capped && q.expect !== 'mayAllow' && q.expect !== 'mayDeny') {
        ctx.reasons.push('policy query: the policies name too many resources to check every one the request may mean');
        return null;
      }
      if (t === null && answers.every((a) => a !== null)) {
        ctx.reasons.push(`policy query: whether ${shown} is ${describeExpect(q)} depends on its ${wildcardParts(shown)}, which the configuration does not show`);
      }
      return t;
    });
  };
  let perAction = judge(sure);
  if (maybe.length) {
    const withMaybe = judge([...sure, ...maybe]);
    perAction =
      gathered.asWritten ?
        // The resource's own policy, which may not be created: judged as written (what it breaks is a
        // finding), but what only it provides is not counted (undetermined).
        withMaybe.map((t, i) => (t === true && perAction[i] === false ? null : t))
        // A policy whose own condition is undecided counts only if both readings agree.
      : perAction.map((t, i) => (t === withMaybe[i] ? t : null));
  }
  perAction.forEach((t, i) => {
    if (t === false) (ctx.failedActions ??= []).push(actions[i]!);
  });
  return q.combine === 'any' ? anyTri(perAction) : allTri(perAction);
}

/**
 * Without the statements whose every Resource pattern ends in text the ARN does not end in: they
 * cannot apply to the request (a glob's text after its last wildcard must end the value), so the
 * answer is the same, for less matching work when many policies name many other resources.
 */
function narrowSet(set: PolicySet, arn: string): PolicySet {
  const narrow = (ps: readonly Policy[] | undefined): Policy[] | undefined =>
    ps?.map((p) => {
      const statements = p.statements.filter((st) => mayApplyTo(st, arn));
      return statements.length === p.statements.length ? p : { ...p, statements };
    });
  return {
    ...set,
    ...(set.scps ? { scps: set.scps.map((level) => narrow(level)!) } : {}),
    ...(set.resource ? { resource: narrow(set.resource)! } : {}),
    ...(set.identity ? { identity: narrow(set.identity)! } : {}),
  };
}

function mayApplyTo(st: Statement, arn: string): boolean {
  const endings = resourceEndings(st);
  if (endings === ANY_ENDING) return true;
  for (let i = 0; i < endings.length; i++) if (arn.endsWith(endings[i]!)) return true;
  return false;
}

const ANY_ENDING: readonly string[] = [];
const endingsCache = new WeakMap<Statement, readonly string[]>();

/**
 * The text each Resource pattern of the statement ends with after its last wildcard (ANY_ENDING: the
 * statement may apply to any ARN), made once per statement: every trail's request is narrowed with it.
 */
function resourceEndings(st: Statement): readonly string[] {
  let out = endingsCache.get(st);
  if (out) return out;
  if (st.unknown || st.notResource || !st.resource || st.resource.unknown) out = ANY_ENDING;
  else {
    const endings: string[] = [];
    for (const e of st.resource.entries) {
      if (typeof e.value !== 'string' || e.value.includes('${')) {
        endings.length = 0;
        break;
      }
      const last = Math.max(e.value.lastIndexOf('*'), e.value.lastIndexOf('?'));
      endings.push(e.value.slice(last + 1));
    }
    // A pattern that may mean anything (a variable, a value not known) lets the statement apply anywhere.
    out = endings.length === 0 && st.resource.entries.length > 0 ? ANY_ENDING : endings;
  }
  endingsCache.set(st, out);
  return out;
}

const denyCache = new WeakMap<Policy, Map<string, Policy | null>>();

/** The last policy list asked about, by action, and its Deny statements that may cover the action. */
const lastDenyLists = new Map<string, { policies: readonly Policy[]; denying: Policy[] }>();

/**
 * The Deny statements of `policies` that may cover `action`, each policy with only those. Every trail of
 * a scan asks about the same SCPs (in a new list each time): the answer for an equal list is reused.
 */
function denyStatementsOf(policies: readonly Policy[], action: string): Policy[] {
  const last = lastDenyLists.get(action);
  if (last && sameElements(last.policies, policies)) return last.denying;
  const denying = policies.flatMap((p) => denyStatementsFor(p, action) ?? []);
  if (lastDenyLists.size > 64) lastDenyLists.clear();
  lastDenyLists.set(action, { policies: [...policies], denying });
  return denying;
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The policy's Deny statements (and those whose effect is not known) that may cover `action`; null when none. */
function denyStatementsFor(p: Policy, action: string): Policy | null {
  let byAction = denyCache.get(p);
  if (!byAction) denyCache.set(p, (byAction = new Map()));
  const key = action.toLowerCase();
  const cached = byAction.get(key);
  if (cached !== undefined) return cached;
  const statements = p.statements.filter((st) => st.effect !== 'Allow' && mayCover(st, action));
  const out = statements.length ? { ...p, statements } : null;
  byAction.set(key, out);
  return out;
}

function mayCover(st: Statement, action: string): boolean {
  if (st.unknown || st.notAction || !st.action || st.action.unknown) return true;
  return st.action.entries.some((e) => typeof e.value !== 'string' || actionMatches(e.value, action));
}

/** `arn:aws:cloudtrail:*:*:trail/*` → `region, account and resource name`. */
function wildcardParts(arn: string): string {
  const parts = arn.split(':');
  const names = ['', 'partition', '', 'region', 'account'];
  const open = parts.slice(0, 5).flatMap((seg, i) => (seg === '*' && names[i] ? [names[i]!] : []));
  if (parts.slice(5).join(':').includes('*')) open.push('resource name');
  if (open.length === 0) return 'resource';
  return open.length === 1 ? open[0]! : `${open.slice(0, -1).join(', ')} and ${open[open.length - 1]}`;
}

function describeExpect(q: PolicyQuery): string {
  switch (q.expect) {
    case 'explicitDeny':
      return 'explicitly denied';
    case 'noExplicitDeny':
      return 'not explicitly denied';
    case 'mayDeny':
      return 'possibly denied';
    case 'allowed':
      return 'allowed';
    case 'notAllowed':
      return 'not allowed';
    case 'mayAllow':
      return 'possibly allowed';
  }
}

/**
 * The policies the query reads: the current resource's, or those of the resources `policies`
 * selects (`maybe`: those whose selecting condition is undecided), and the account their ARNs
 * name (requests come from it).
 */
function gatherPolicies(q: PolicyQuery, r: Resource, ctx: EvalContext): { sure: Policy[]; maybe: Policy[]; account: string; asWritten: boolean } | null {
  const sure: Policy[] = [];
  const maybe: Policy[] = [];
  let account: string | undefined;
  const add = (s: Resource, into: Policy[]): boolean => {
    const parsed = s.parsedPolicy;
    if (parsed === undefined) return true;
    if (parsed instanceof Unknown) {
      ctx.reasons.push(`policy: ${parsed.reason}`);
      return false;
    }
    into.push(parsed.policy);
    account ??= parsed.account;
    return true;
  };
  if (q.policies) return policiesAcross(q, ctx, () => {
    for (const other of ctx.graph.ofKind(q.policies!.kind)) {
      // Evaluated as SCPs, only service control policies count: an RCP or a tag policy attached to the
      // root denies nothing a member account's principals do to a trail (RCPs cannot even name CloudTrail).
      const where = q.policies!.where ? evaluateCondition(q.policies!.where, other, ctx) : true;
      if (where === false) continue;
      const control = q.as === 'scp' ? serviceControl(other, ctx) : true;
      if (control === false) continue;
      // A policy that may not be created (a condition or count known only at deployment) protects only maybe.
      if (other.existence) ctx.reasons.push(other.existence.reason);
      const t = control === null || other.existence ? null : where;
      if (t === true && !add(other, sure)) return null;
      if (t === null && !add(other, maybe)) return null;
    }
    return { sure, maybe, account: account ?? '000000000000', asWritten: false };
  });
  if (r.policyExistence) {
    // The resource's policy comes from a policy resource that may not be created.
    ctx.reasons.push(r.policyExistence.reason);
    if (!add(r, maybe)) return null;
    return { sure, maybe, account: account ?? '000000000000', asWritten: true };
  } else if (!add(r, sure)) return null;
  return { sure, maybe, account: account ?? '000000000000', asWritten: false };
}

type Gathered = { sure: Policy[]; maybe: Policy[]; account: string; asWritten: boolean } | null;

/** Per graph and query: the policies it selects, and the reasons given while selecting them. */
const acrossCache = new WeakMap<ResourceGraph, Map<PolicyQuery, { params: Record<string, unknown>; gathered: Gathered; reasons: string[] }>>();

/**
 * The policies a query selects from the graph (`policies`), which do not depend on the resource judged:
 * every trail of a scan asks for the same SCPs, and selecting them again (each policy's `where`, its type)
 * for each trail was a third of a scan of many trails and many SCPs. Gathered once per graph, rule
 * parameters and query, and the reasons then given are given again to each resource that asks.
 */
function policiesAcross(q: PolicyQuery, ctx: EvalContext, gather: () => Gathered): Gathered {
  // A scope rule's `forEach` item may be read by the query's `where` (`{item: true}`): then it is asked
  // afresh. The subject (the resource judged) is read only by templates, never by conditions.
  if (ctx.item !== undefined) return gather();
  let byQuery = acrossCache.get(ctx.graph);
  if (!byQuery) acrossCache.set(ctx.graph, (byQuery = new Map()));
  const cached = byQuery.get(q);
  if (cached && cached.params === ctx.params) {
    pushAll(ctx.reasons, cached.reasons);
    return cached.gathered;
  }
  const before = ctx.reasons.length;
  const gathered = gather();
  byQuery.set(q, { params: ctx.params, gathered, reasons: ctx.reasons.slice(before) });
  return gathered;
}

/** Whether an organization policy is a service control policy (its `type`; other kinds of resource: yes). */
function serviceControl(r: Resource, ctx: EvalContext): boolean | null {
  if (r.kind !== 'org_policy') return true;
  const type = r.props['type'];
  if (type instanceof Unknown) {
    ctx.reasons.push(`${r.address}: whether it is a service control policy is known only after deployment`);
    return null;
  }
  return type === undefined || type === 'SERVICE_CONTROL_POLICY';
}

function answer(q: PolicyQuery, result: ReturnType<typeof evaluateRequest>, ctx: EvalContext): Tri {
  const tri = (t: Truth, want: boolean): Tri => {
    if (t === 'unknown') {
      ctx.reasons.push(`policy: ${result.notes[0] ?? 'depends on values known only after deployment'}`);
      return null;
    }
    const always = t === true;
    const never = t === false;
    return want ? always : never;
  };
  switch (q.expect) {
    case 'explicitDeny':
      return tri(result.explicitDeny, true);
    case 'noExplicitDeny':
      return tri(result.explicitDeny, false);
    case 'mayDeny':
      // Some request of those the query leaves open is explicitly denied.
      if (result.explicitDeny === 'unknown') return tri('unknown', true);
      return result.explicitDeny !== false;
    case 'allowed':
      return result.decision === 'unknown' && result.possible.length === 0 ? null : result.decision === 'allowed';
    case 'notAllowed':
      return tri(result.granted, false);
    case 'mayAllow':
      if (result.possible.includes('allowed')) return true;
      return result.decision === 'unknown' ? null : false;
  }
}

/**
 * A wildcard request stands for every resource it may mean: the answer must hold for each
 * (`mayAllow`: for one). Mixed answers are undetermined: they depend on what the configuration
 * does not show.
 */
function combineSamples(q: PolicyQuery, answers: Tri[]): Tri {
  if (q.expect === 'mayAllow' || q.expect === 'mayDeny') return anyTri(answers);
  if (answers.every((a) => a === true)) return true;
  if (answers.every((a) => a === false)) return false;
  return null;
}

function allTri(xs: Tri[]): Tri {
  let result: Tri = true;
  for (const x of xs) {
    if (x === false) return false;
    if (x === null) result = null;
  }
  return result;
}

function anyTri(xs: Tri[]): Tri {
  let result: Tri = false;
  for (const x of xs) {
    if (x === true) return true;
    if (x === null) result = null;
  }
  return result;
}

/**
 * Concrete ARNs that a request ARN with `*` (a part not known before deployment) may mean: one
 * that no policy names (every `*` filled with a placeholder) and, for each Resource or NotResource
 * pattern of the policies that falls within the request, one instance of it. Together they
 * separate "denied for every trail" from "denied for the trails the policy names".
 */
export function requestSamples(requestArn: string, policies: readonly Policy[]): { arns: string[]; capped: boolean } {
  if (!requestArn.includes('*')) return { arns: [requestArn], capped: false };
  const generic = fillWildcards(requestArn);
  const out = new Set<string>([generic]);
  let capped = false;
  const request = compileGlob(requestArn);
  // What the request's ARN ends with after its last wildcard: an instance that does not end so cannot
  // match, and most do not (each SCP naming its own trails), so the glob is not asked for them.
  const tail = requestArn.slice(Math.max(requestArn.lastIndexOf('*'), requestArn.lastIndexOf('?')) + 1);
  for (const p of policies) {
    for (const instance of resourceInstances(p)) {
      if (!instance.endsWith(tail) || out.has(instance) || !request.matches(instance)) continue;
      if (out.size >= MAX_SAMPLES) capped = true;
      else out.add(instance);
    }
  }
  return { arns: [...out], capped };
}

const instancesCache = new WeakMap<Policy, readonly string[]>();

/**
 * One concrete ARN for each Resource and NotResource pattern of the policy, in the order written (`*`
 * and `?` filled with `x`): the same for every request, so made once per policy. Every trail of a scan
 * asks about every SCP of it, and making them again for each pair was most of a scan of 2,000 trails
 * and 500 SCPs.
 */
function resourceInstances(p: Policy): readonly string[] {
  let out = instancesCache.get(p);
  if (out) return out;
  const instances: string[] = [];
  for (const st of p.statements) {
    for (const list of [st.resource, st.notResource]) {
      for (const e of list?.entries ?? []) {
        if (typeof e.value !== 'string' || e.value.includes('${') || e.value === '*') continue;
        instances.push(e.value.replace(/[*?]/g, 'x'));
      }
    }
  }
  instancesCache.set(p, (out = instances));
  return out;
}

/** `arn:*:cloudtrail:*:*:trail/*` → a trail ARN no policy is likely to name. */
function fillWildcards(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn.replace(/\*/g, 'trailguard-any');
  const fill = ['arn', 'aws', 'trailguard', 'trailguard-region-1', '999999999999'];
  return parts
    .map((seg, i) => (i < 5 ? (seg === '*' ? fill[i]! : seg) : seg.replace(/\*/g, 'trailguard-any')))
    .join(':');
}
