import type { Diagnostic } from '../diagnostics.js';
import type { Resource, ResourceGraph } from '../graph.js';
import { analyzeBucket } from './buckets.js';
import { analyzeKey } from './keys.js';
import { readPolicy } from './policy-facts.js';
import { analyzeIdentityPolicies } from './identities.js';

/**
 * Runs between linking and the rules: merges what other resources say about
 * a resource into it (a bucket policy into its bucket), resolves aliases to
 * the keys they name, and derives what the policies protecting the trail
 * actually do, with the IAM semantics in engine/iam.
 */
export function analyze(graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  attachBucketPolicies(graph);
  followAliases(graph);
  for (const b of graph.ofKind('bucket')) analyzeBucket(b, diagnostics);
  for (const k of graph.ofKind('key')) analyzeKey(k, graph, diagnostics);
  analyzeIdentityPolicies(graph, diagnostics);
  for (const p of graph.ofKind('org_policy')) {
    const base = p.nativePaths['policy'];
    const locate = p.locateNative;
    if (base && locate && !p.policyLocate) p.policyLocate = (path) => locate([...base, ...path]);
    readPolicy(p, 'scp', () => undefined, diagnostics);
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
}

/** trail → alias/trail → key: rules about "the trail's key" see the key itself. */
function followAliases(graph: ResourceGraph): void {
  for (const r of graph.resources) {
    for (const [rel, edge] of Object.entries(r.edges)) {
      if (edge.status !== 'resolved' || edge.target.kind !== 'key_alias' || r.kind === 'key_alias') continue;
      const next = edge.target.edges['key'];
      if (next?.status === 'resolved') r.edges[rel] = next;
      else if (next) r.edges[rel] = next.status === 'outside' || next.status === 'unknown' ? next : { status: 'unknown', reason: `alias ${edge.target.address} names no key` };
    }
  }
}

export type { Resource };
