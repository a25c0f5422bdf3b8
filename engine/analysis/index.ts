import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource, ResourceGraph } from '../graph.js';
import { analyzeBucket } from './buckets.js';
import { analyzeKey } from './keys.js';
import { readPolicy } from './policy-facts.js';
import type { PolicyKind } from '../iam/index.js';
import { analyzeIdentityPolicies } from './identities.js';
import { analyzeMonitoring } from './monitoring.js';
import { analyzeFilterPatterns } from './filter-patterns.js';
import { Unknown } from '../../core/unknown.js';
import { setAttachment } from '../adapters/attachment.js';
import { findEvidentTrails } from './evident.js';
import { noteUnclaimedPolicyFiles } from './unclaimed-policies.js';
import { analyzeGovernance } from './governance.js';
import { localAddressOf } from '../graph.js';
import { ATTACHED_RAW, PRINCIPAL_RESOURCE_KIND, type PrincipalKind } from '../adapters/policy/attachment-targets.js';
import { pushAll } from '../../parsers/arrays.js';

/**
 * Runs between linking and the rules: merges what other resources say about
 * a resource into it (a bucket policy into its bucket), resolves aliases to
 * the keys they name, and derives what the policies protecting the trail
 * actually do, with the IAM semantics in engine/iam.
 */
export function analyze(graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  mergeBucketConfigs(graph);
  mergeAttachments(graph);
  attachBucketPolicies(graph);
  followAliases(graph);
  // An account-level Block Public Access configuration in the scan covers the buckets it deploys with.
  const accountBlocks = graph.ofKind('account_public_access_block');
  for (const b of graph.ofKind('bucket')) {
    analyzeBucket(b, diagnostics, accountBlocks.some((a) => a.props['allBlocked'] === true && a.scope === b.scope));
  }
  for (const k of graph.ofKind('key')) analyzeKey(k, diagnostics);
  analyzeMonitoring(graph, diagnostics);
  analyzeFilterPatterns(graph);
  analyzeIdentityPolicies(graph, diagnostics);
  for (const p of graph.ofKind('org_policy')) {
    const base = p.nativePaths['policy'];
    const locate = p.locateNative;
    if (base && locate && !p.policyLocate) p.policyLocate = (path) => locate([...base, ...path]);
    const kind = orgPolicyKind(p.props['type']);
    if (kind) readPolicy(p, kind, () => undefined, diagnostics);
  }
  findEvidentTrails(graph);
  noteUnclaimedPolicyFiles(graph, diagnostics);
  analyzeGovernance(graph);
}

/**
 * How an organization policy's document is read: an SCP as an SCP, an RCP as
 * the resource-based policy it resembles (it names `Principal: "*"`), a type
 * known only after deployment by the rules common to both. Tag, backup,
 * AI-services and other management policies are not IAM documents.
 */
function orgPolicyKind(type: unknown): PolicyKind | undefined {
  if (type === undefined || type === 'SERVICE_CONTROL_POLICY') return 'scp';
  if (type === 'RESOURCE_CONTROL_POLICY') return 'resource';
  return type instanceof Unknown ? 'any' : undefined;
}

/** Terraform's split S3 resources override the bucket's own (default or legacy inline) settings. */
function mergeBucketConfigs(graph: ResourceGraph): void {
  for (const c of graph.ofKind('bucket_config')) {
    const edge = c.edges['bucket'];
    if (edge?.status !== 'resolved') continue;
    const bucket = edge.target;
    const values = c.props['values'] as Record<string, unknown> | undefined;
    if (!values) continue;
    if (c.props['part'] === 'publicAccessBlock') {
      bucket.props['publicAccessBlock'] = values;
      bucket.locs['publicAccessBlock'] = c.range;
      continue;
    }
    for (const [k, v] of Object.entries(values)) {
      if (k === 'loggingTargetRaw') {
        // target_bucket = aws_s3_bucket.logs.id pointing back at the bucket itself.
        if (v instanceof Unknown && v.refs.some((ref) => ref.address === localAddressOf(bucket))) bucket.props['loggingTargetIsSelf'] = true;
        continue;
      }
      bucket.props[k] = v;
      bucket.defaulted.delete(k);
      bucket.locs[k] = c.locs[k] ?? c.range;
    }
    pushAll(bucket.suppressions, c.suppressions);
  }
}

/** Terraform attaches policies with separate resources: fold them into what they attach. */
function mergeAttachments(graph: ResourceGraph): void {
  const attached = new Set<Resource>();
  for (const a of graph.ofKind('org_policy_attachment')) {
    const edge = a.edges['policy'];
    if (edge?.status !== 'resolved') continue;
    const p = edge.target;
    const targets = Array.isArray(p.props['targets']) ? (p.props['targets'] as unknown[]) : [];
    p.props['targets'] = [...targets, a.props['target']];
    p.locs['targets'] = a.range;
    attached.add(p);
  }
  // Policies their adapter already placed (CloudFormation's TargetIds, with the template's types at hand)
  // keep that answer unless an attachment resource added targets.
  for (const p of graph.ofKind('org_policy')) if (attached.has(p) || p.props['attachedToRootOrOu'] === undefined) setAttachment(p);
  for (const a of graph.ofKind('policy_attachment')) {
    const edge = a.edges['policy'];
    for (const [kind, principals] of attachedPrincipals(a)) {
      const key = ATTACHED_RAW[kind];
      if (edge?.status === 'resolved') {
        const held = edge.target.props[key];
        const list = Array.isArray(held) ? (held as unknown[]) : [];
        // A list known only at apply (`users = var.users`) may be empty: the whole list is unknown then,
        // unless some principals are known already (they exist; the unknown rest is one unknown member).
        if (principals instanceof Unknown) edge.target.props[key] = list.length > 0 ? [...list, principals] : principals;
        else if (held instanceof Unknown) edge.target.props[key] = principals.length > 0 ? [...principals, held] : held;
        else edge.target.props[key] = [...list, ...principals];
      }
      // AWS managed policies (AWSCloudTrail_FullAccess) are not in the scan: record them on the principal.
      const arn = a.props['policyArn'];
      const principalKind = PRINCIPAL_RESOURCE_KIND[kind];
      if (typeof arn !== 'string' || principals instanceof Unknown) continue;
      for (const principal of principals) {
        const target = graph.ofKind(principalKind).find((r) =>
          principal instanceof Unknown ? principal.refs.some((ref) => ref.address === localAddressOf(r)) : r.props['name'] === principal,
        );
        if (target) {
          const arns = Array.isArray(target.props['managedPolicyArns']) ? (target.props['managedPolicyArns'] as unknown[]) : [];
          target.props['managedPolicyArns'] = [...arns, arn];
          target.locs['managedPolicyArns'] = a.range;
        }
      }
    }
  }
}

/**
 * Whom an attachment gives its policy to, by principal kind: one principal
 * (`aws_iam_role_policy_attachment`), or lists of each kind
 * (`aws_iam_policy_attachment`; a list known only at apply is unknown).
 */
function attachedPrincipals(a: Resource): [PrincipalKind, unknown[] | Unknown][] {
  const kind = a.props['principalKind'];
  if (kind === 'user' || kind === 'group' || kind === 'role') return [[kind, [a.props['principal']]]];
  const out: [PrincipalKind, unknown[] | Unknown][] = [];
  for (const [prop, k] of [['users', 'user'], ['groups', 'group'], ['roles', 'role']] as const) {
    const v = a.props[prop];
    if (v instanceof Unknown || Array.isArray(v)) out.push([k, v]);
  }
  return out;
}

/** A bucket policy resource (or raw file) becomes its bucket's `policy`, positions included. */
function attachBucketPolicies(graph: ResourceGraph): void {
  for (const bp of graph.ofKind('bucket_policy')) {
    const edge = bp.edges['bucket'];
    if (edge?.status !== 'resolved') continue;
    const bucket = edge.target;
    bucket.props['policy'] = bp.props['policy'];
    bucket.props['policyResource'] = bp.address;
    if (bp.existence) bucket.policyExistence = bp.existence;
    const loc = bp.locs['policy'] ?? bp.range;
    bucket.locs['policy'] = loc;
    const base = bp.nativePaths['policy'] ?? [];
    bucket.nativePaths['policy'] = base;
    const locate = bp.locateNative;
    bucket.policyLocate = locate ? (path) => locate([...base, ...path]) : undefined;
  }
  for (const k of graph.ofKind('key')) {
    const base = k.nativePaths['policy'];
    const locate = k.locateNative;
    if (base && locate) k.policyLocate = (path) => locate([...base, ...path]);
  }
  // aws_kms_key_policy replaces the key's own policy argument.
  for (const kp of graph.ofKind('key_policy')) {
    const edge = kp.edges['key'];
    if (edge?.status !== 'resolved') continue;
    const key = edge.target;
    key.props['policy'] = kp.props['policy'];
    key.locs['policy'] = kp.locs['policy'] ?? kp.range;
    if (kp.existence) key.policyExistence = kp.existence;
    const base = kp.nativePaths['policy'] ?? [];
    const locate = kp.locateNative;
    key.policyLocate = locate ? (path) => locate([...base, ...path]) : undefined;
  }
}

/** trail → alias/trail → key: rules about "the trail's key" see the key itself. */
function followAliases(graph: ResourceGraph): void {
  // Edges point at the graph's resources: without an alias among them no edge has one to follow.
  if (graph.ofKind('key_alias').length === 0) return;
  const resources = graph.resources;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i]!;
    if (r.kind === 'key_alias') continue;
    // Keys and an indexed loop: no pair array per edge, no iterator results in code not yet optimised.
    const rels = Object.keys(r.edges);
    for (let j = 0; j < rels.length; j++) {
      const rel = rels[j]!;
      const edge = r.edges[rel]!;
      if (edge.status !== 'resolved' || edge.target.kind !== 'key_alias') continue;
      const next = edge.target.edges['key'];
      if (next?.status === 'resolved') r.edges[rel] = next;
      else if (next) r.edges[rel] = next.status === 'outside' || next.status === 'unknown' ? next : { status: 'unknown', reason: `alias ${edge.target.address} names no key` };
    }
  }
}

export type { Resource };
