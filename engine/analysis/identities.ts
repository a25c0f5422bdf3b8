import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource, ResourceGraph } from '../graph.js';
import { Unknown } from '../../core/unknown.js';
import { readPolicy } from './policy-facts.js';
import { localAddressOf } from '../graph.js';

const PRINCIPAL_KINDS = { attachedUsers: 'iam_user', attachedGroups: 'iam_group', attachedRoles: 'role' } as const;

/** Managed policies: created on their own and attached by others (inline policies always name their principal). */
const STANDALONE_POLICY_TYPES: ReadonlySet<string> = new Set(['AWS::IAM::ManagedPolicy', 'aws_iam_policy', 'awscc_iam_managed_policy']);

/**
 * Who each identity policy is attached to, by name: from the policy's own
 * Users/Groups/Roles lists, from inline policies, and from a principal's
 * ManagedPolicyArns that reference the policy. A reference to a principal
 * in the same template resolves to its name, or to its logical ID when the
 * name is generated at deployment.
 */
export function analyzeIdentityPolicies(graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  // Every resource by address, made on first use: only an Unknown name or managed policy ARN asks, and a
  // scan without identity policies or principals (a plan of trails, keys and buckets) never does.
  let addresses: Map<string, Resource[]> | undefined;
  const byAddress = (): Map<string, Resource[]> => {
    if (addresses === undefined) {
      addresses = new Map();
      const resources = graph.resources;
      for (let i = 0; i < resources.length; i++) {
        const r = resources[i]!;
        const list = addresses.get(localAddressOf(r));
        if (list) list.push(r);
        else addresses.set(localAddressOf(r), [r]);
      }
    }
    return addresses;
  };
  const nameOf = (v: unknown, from: Resource): string | Unknown => {
    if (typeof v === 'string') return v;
    if (v instanceof Unknown) {
      const ref = v.refs[0];
      const target = ref ? byAddress().get(ref.address)?.find((x) => x.scope === from.scope) : undefined;
      if (target) return typeof target.props['name'] === 'string' ? (target.props['name'] as string) : target.address;
      return v;
    }
    return new Unknown('not a name');
  };
  const policies = graph.ofKind('identity_policy');
  for (const p of policies) {
    for (const prop of Object.keys(PRINCIPAL_KINDS)) {
      const raw = p.props[`${prop}Raw`];
      if (raw instanceof Unknown) p.props[prop] = raw;
      else if (Array.isArray(raw)) p.props[prop] = raw.map((x) => nameOf(x, p));
    }
  }
  // A principal's ManagedPolicyArns may reference a customer managed policy of the template.
  for (const [prop, kind] of Object.entries(PRINCIPAL_KINDS)) {
    for (const principal of graph.ofKind(kind)) {
      const arns = principal.props['managedPolicyArns'];
      if (!Array.isArray(arns)) continue;
      for (const arn of arns) {
        if (!(arn instanceof Unknown)) continue;
        const target = arn.refs[0] ? byAddress().get(arn.refs[0].address)?.find((x) => x.kind === 'identity_policy' && x.scope === principal.scope) : undefined;
        if (!target) continue;
        const list = Array.isArray(target.props[prop]) ? (target.props[prop] as unknown[]) : [];
        target.props[prop] = [...list, typeof principal.props['name'] === 'string' ? principal.props['name'] : principal.address];
      }
    }
  }
  // A managed policy that no user, group or role of the scan is given may be attached outside it
  // (another stack importing its ARN, the console): whom it reaches is not known, so the checks that
  // ask are undetermined, not passed.
  for (const p of policies) {
    if (!STANDALONE_POLICY_TYPES.has(p.nativeType)) continue;
    const given = Object.keys(PRINCIPAL_KINDS).some((prop) => {
      const v = p.props[prop];
      return v instanceof Unknown || (Array.isArray(v) && v.length > 0);
    });
    if (given) continue;
    const unknown = new Unknown('it is attached to no user, group or role in the scan, and may be attached outside it');
    for (const prop of Object.keys(PRINCIPAL_KINDS)) p.props[prop] = unknown;
  }
  for (const p of policies) {
    const base = p.nativePaths['policy'];
    const locate = p.locateNative;
    if (base && locate && !p.policyLocate) p.policyLocate = (path) => locate([...base, ...path]);
    readPolicy(p, 'identity', () => undefined, diagnostics);
  }
}
