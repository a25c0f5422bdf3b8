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
import { analyzeGovernance } from './governance.js';
import { localAddressOf } from '../graph.js';

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
    bucket.suppressions.push(...c.suppressions);
  }
}

/** Terraform attaches policies with separate resources: fold them into what they attach. */
function mergeAttachments(graph: ResourceGraph): void {
  for (const a of graph.ofKind('org_policy_attachment')) {
    const edge = a.edges['policy'];
    if (edge?.status !== 'resolved') continue;
    const p = edge.target;
    const targets = Array.isArray(p.props['targets']) ? (p.props['targets'] as unknown[]) : [];
    p.props['targets'] = [...targets, a.props['target']];
    p.locs['targets'] = a.range;
  }
  for (const p of graph.ofKind('org_policy')) setAttachment(p);
  for (const a of graph.ofKind('policy_attachment')) {
    const kind = a.props['principalKind'];
    const key = kind === 'user' ? 'attachedUsersRaw' : kind === 'group' ? 'attachedGroupsRaw' : 'attachedRolesRaw';
    const edge = a.edges['policy'];
    if (edge?.status === 'resolved') {
      const list = Array.isArray(edge.target.props[key]) ? (edge.target.props[key] as unknown[]) : [];
      edge.target.props[key] = [...list, a.props['principal']];
    }
    // AWS managed policies (AWSCloudTrail_FullAccess) are not in the scan: record them on the principal.
    const arn = a.props['policyArn'];
    const principalKind = kind === 'user' ? 'iam_user' : kind === 'group' ? 'iam_group' : 'role';
    if (typeof arn === 'string') {
      const principal = a.props['principal'];
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

/** A bucket policy resource (or raw file) becomes its bucket's `policy`, positions included. */
function attachBucketPolicies(graph: ResourceGraph): void {
  for (const bp of graph.ofKind('bucket_policy')) {
    const edge = bp.edges['bucket'];
    if (edge?.status !== 'resolved') continue;
    const bucket = edge.target;
    bucket.props['policy'] = bp.props['policy'];
    bucket.props['policyResource'] = bp.address;
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
    const base = kp.nativePaths['policy'] ?? [];
    const locate = kp.locateNative;
    key.policyLocate = locate ? (path) => locate([...base, ...path]) : undefined;
  }
}

/** trail → alias/trail → key: rules about "the trail's key" see the key itself. */
function followAliases(graph: ResourceGraph): void {
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
