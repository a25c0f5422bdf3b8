import type { Resource } from '../graph.js';
import { evaluateRequest, principalFromArn, servicePrincipal, type AccessRequest, type PolicySet, type Truth } from '../iam/index.js';
import { Unknown } from '../unknown.js';
import type { EvalContext, Tri } from './condition.js';
import { fillStrict, type TemplateScope } from './template.js';
import type { PolicyQuery } from './types.js';

/**
 * A rule's question about the current resource's policy, answered by the IAM
 * engine as AWS would evaluate the request. `explicitDeny` holds only when
 * every request matching the query is explicitly denied; anything that turns
 * on a value known only after deployment is undetermined.
 */
export function evaluatePolicyQuery(q: PolicyQuery, r: Resource, ctx: EvalContext): Tri {
  const parsed = r.parsedPolicy;
  if (parsed === undefined) {
    // No policy: nothing is denied, nothing is granted by it.
    return q.expect === 'explicitDeny' || q.expect === 'allowed' ? false : true;
  }
  if (parsed instanceof Unknown) {
    ctx.reasons.push(`policy: ${parsed.reason}`);
    return null;
  }
  const scope: TemplateScope = { params: ctx.params, account: parsed.account, ...(ctx.subject ? { subject: ctx.subject } : {}) };
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
      ? principalFromArn(principalText.startsWith('arn:') ? principalText : `arn:aws:iam::${parsed.account}:${principalText}`)
      : undefined;
  // An unknown resource ARN still gets an answer from statements on Resource "*".
  const resource = fillStrict(q.resource, r, scope);
  const request: AccessRequest = {
    action: q.action,
    resource,
    resourceAccount: parsed.account,
    context: Object.fromEntries(Object.entries(q.context ?? {}).map(([k, v]) => [k, fill(v)])),
    unspecifiedKeys: q.otherKeys ?? 'missing',
    ...(principal ? { principal } : {}),
  };
  if (unknown) {
    ctx.reasons.push(`policy query: ${unknown.reason}`);
    return null;
  }
  const set: PolicySet = q.as === 'scp' ? { scps: [[parsed.policy]] } : q.as === 'identity' ? { identity: [parsed.policy], resource: [] } : { resource: [parsed.policy] };
  const result = evaluateRequest(request, set);
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
    case 'allowed':
      return result.decision === 'unknown' && result.possible.length === 0 ? null : result.decision === 'allowed';
    case 'notAllowed':
      return tri(result.granted, false);
    case 'mayAllow':
      if (result.possible.includes('allowed')) return true;
      return result.decision === 'unknown' ? null : false;
  }
}
