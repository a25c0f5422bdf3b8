// Raw bucket and key policy files that no check applies to.
//
// Every bucket and key check is a check of a trail's bucket or key: one a trail of the scan names, or one
// whose policy shows it is a trail's (it lets the CloudTrail service write, or encrypt; evident.ts). A
// bucket or key policy file that shows neither is judged by nothing, and a scan of such files alone said
// "No findings. Every check could be judged": a silent pass over a public bucket policy. Each such file
// gets a note saying why no check applies and how to make one apply; nothing-judged.ts then ends a scan
// of nothing else with "Nothing was judged".

import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource, ResourceGraph } from '../graph.js';
import { POLICY_NOT_JUDGED } from '../nothing-judged.js';

export function noteUnclaimedPolicyFiles(graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  const claimedBuckets = new Set<Resource>();
  const claimedKeys = new Set<Resource>();
  for (const trails of [graph.ofKind('trail'), graph.evidentTrails]) {
    for (const t of trails) {
      const b = t.edges['bucket'];
      if (b?.status === 'resolved') claimedBuckets.add(b.target);
      const k = t.edges['key'];
      if (k?.status === 'resolved') claimedKeys.add(k.target);
    }
  }
  for (const p of graph.ofKind('bucket_policy')) {
    if (p.source !== 'policy') continue;
    const edge = p.edges['bucket'];
    const bucket = edge?.status === 'resolved' ? edge.target : undefined;
    if (bucket && (claimedBuckets.has(bucket) || bucket.props['cloudTrailWriteGranted'] === true)) continue;
    const name = typeof p.props['bucketRef'] === 'string' ? `bucket ${p.props['bucketRef']}` : 'a bucket its Resource ARNs do not name';
    diagnostics.push({
      level: 'note',
      code: POLICY_NOT_JUDGED,
      file: p.file,
      range: p.range,
      message: `read as the bucket policy of ${name}; no check applies to it: nothing in the scan shows it is a trail's bucket (no trail names it, and the policy does not let cloudtrail.amazonaws.com s3:PutObject)`,
    });
  }
  for (const k of graph.ofKind('key')) {
    if (k.source !== 'policy' || claimedKeys.has(k) || k.props['cloudTrailEncryptGranted'] === true) continue;
    diagnostics.push({
      level: 'note',
      code: POLICY_NOT_JUDGED,
      file: k.file,
      range: k.range,
      message:
        "read as a KMS key policy; no check applies to it: nothing in the scan shows it is a trail's key (no trail of the scan names it, a trail finding it by the ARN given in .trailguard.yaml, policies: key:; and the policy does not let cloudtrail.amazonaws.com kms:GenerateDataKey*)",
    });
  }
}
