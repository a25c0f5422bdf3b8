import { newResource, type Resource, type ResourceGraph, type StandIn } from '../graph.js';
import { evaluateRequest, servicePrincipal, type Policy, type Statement } from '../iam/index.js';
import { Unknown } from '../../core/unknown.js';
import { requestSamples } from '../rules/policy-query.js';
import { FOREIGN_ACCOUNT, PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from './concretize.js';
import { pushAll } from '../../parsers/arrays.js';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/**
 * CATALOG, "What a resource evidently is": a bucket whose policy lets the CloudTrail service write
 * is a trail's bucket, a key whose policy lets it encrypt is a trail's key, whether or not a trail
 * of the scan names them (a log-archive account's repository holds the bucket, not the trail).
 *
 * The rules that judge a trail's bucket or key (`evident: bucket` / `evident: key`) also judge
 * each such bucket and key that no trail of the scan names, through a stand-in trail that points
 * at it. When the scan holds no trail at all, SCPs with a configured attachment are judged once,
 * against any trail (`evident: trail`), and against each evident bucket and key.
 */
export function findEvidentTrails(graph: ResourceGraph): void {
  const trails = graph.ofKind('trail');
  const namedBuckets = new Set<Resource>();
  const namedKeys = new Set<Resource>();
  for (const t of trails) {
    const b = t.edges['bucket'];
    if (b?.status === 'resolved') namedBuckets.add(b.target);
    const k = t.edges['key'];
    if (k?.status === 'resolved') namedKeys.add(k.target);
  }
  const out: Resource[] = [];
  const trailArns: string[] = [];
  for (const b of graph.ofKind('bucket')) {
    const grant = cloudTrailGrant(b, 's3:PutObject', `${typeof b.props['arn'] === 'string' ? (b.props['arn'] as string) : 'arn:aws:s3:::*'}/*`);
    if (!grant) continue;
    b.props['cloudTrailWriteGranted'] = true;
    if (grant.statement !== undefined) {
      const at = b.policyLocate?.(['Statement', grant.statement]);
      if (at) b.locs['cloudTrailWriteGranted'] = at;
    }
    pushAll(trailArns, grant.trailArns);
    if (namedBuckets.has(b)) continue;
    const name = typeof b.props['name'] === 'string' ? (b.props['name'] as string) : b.address;
    out.push(standIn(b, 'bucket', `bucket ${name}`, grant.trailArns, { bucket: b }));
  }
  for (const k of graph.ofKind('key')) {
    const arn = k.names.find((n) => n.startsWith('arn:') && n.includes(':key/'));
    const grant = cloudTrailGrant(k, 'kms:GenerateDataKey', arn ?? `arn:aws:kms:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:key/trailguard-key`);
    if (!grant) continue;
    k.props['cloudTrailEncryptGranted'] = true;
    pushAll(trailArns, grant.trailArns);
    if (namedKeys.has(k)) continue;
    const s = standIn(k, 'key', `key ${arn ?? k.address}`, grant.trailArns, { key: k });
    s.props['kmsKeyId'] = arn ?? new Unknown(`the ARN of key ${k.address} is not known (set it in .trailguard.yaml: policies: … key:)`, [], true);
    s.props['kmsKeyArn'] = arn ?? s.props['kmsKeyId'];
    out.push(s);
  }
  graph.evidentTrails = out;
  if (trails.length > 0) return;

  // No trail in the scan: SCPs with an attachment, or one that is not known (a raw SCP file without
  // `attachedTo`), are judged against any trail, or the one trail the evident buckets' and keys' grants name.
  const attached = graph
    .ofKind('org_policy')
    .filter((p) => (Array.isArray(p.props['targets']) && (p.props['targets'] as unknown[]).length > 0) || p.props['attachedToRootOrOu'] instanceof Unknown)
    .sort((a, b) => (a.props['attachedToRootOrOu'] === true ? 0 : 1) - (b.props['attachedToRootOrOu'] === true ? 0 : 1) || byPosition(a, b));
  const anchor = attached[0];
  if (!anchor) return;
  const distinct = [...new Set(trailArns)];
  const named = distinct.length === 1 ? distinct[0] : undefined;
  const any = standIn(anchor, 'trail', named ? `trail ${trailName(named)} (named by the policies of the scan)` : 'any trail', named ? [named] : [], {});
  out.push(any);
  // The bucket and key stand-ins answer the SCP rules about them (P9.2, P9.3): once per bucket and key.
  for (const s of out) if (s.standIn!.kind !== 'trail') s.standIn!.scpAnchor = anchor;
  any.standIn!.scpAnchor = anchor;
}

function standIn(
  source: Resource,
  kind: StandIn['kind'],
  why: string,
  trailArns: string[],
  edges: { bucket?: Resource; key?: Resource },
): Resource {
  const distinct = [...new Set(trailArns)];
  const named = distinct.length === 1 ? distinct[0] : undefined;
  const verb = kind === 'bucket' ? 'write' : 'encrypt';
  const label = kind === 'trail' ? why : named ? `trail ${trailName(named)} (named in the policy of ${why})` : `a trail (${why}: its policy lets CloudTrail ${verb})`;
  const r = newResource({ address: label, kind: 'trail', nativeType: 'trail evident from a policy', source: source.source, file: source.file, range: source.range });
  r.scope = source.scope;
  if (named) {
    // An account written as a deployment value (`${AWS::AccountId}`) was concretized to a placeholder: not known.
    const parts = named.split(':');
    if (parts[4] === PLACEHOLDER_ACCOUNT || parts[4] === FOREIGN_ACCOUNT) parts[4] = '*';
    r.props['arn'] = parts.join(':');
    r.props['name'] = trailName(named);
  } else {
    // Any trail: a policy query on `trail/{{props.name}}` is judged for every name.
    r.props['name'] = '*';
  }
  r.edges['bucket'] = edges.bucket ? { status: 'resolved', target: edges.bucket } : { status: 'unset' };
  r.edges['key'] = edges.key ? { status: 'resolved', target: edges.key } : { status: 'unset' };
  r.standIn = { kind, label, source };
  return r;
}

function trailName(arn: string): string {
  return arn.slice(arn.indexOf(':trail/') + 7);
}

function byPosition(a: Resource, b: Resource): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line;
}

/** A trail ARN written without wildcards, as CloudTrail's documented policies name it in aws:SourceArn. */
const TRAIL_ARN = /^arn:[a-z-]+:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]+$/;
const TRAIL_KEYS = new Set(['aws:sourcearn', 'kms:encryptioncontext:aws:cloudtrail:arn']);

/**
 * Does the resource's policy have a statement naming the CloudTrail service principal that allows
 * `action` on some part of `resource` (a wildcard ARN stands for every object of the bucket)? The
 * statement's own conditions may restrict it (that is what P2.2 and B2.1 judge); here any request
 * they allow counts. Returns the statement and the trail ARNs its conditions name.
 */
function cloudTrailGrant(r: Resource, action: string, resource: string): { statement?: number; trailArns: string[] } | undefined {
  const parsed = r.parsedPolicy;
  if (!parsed || parsed instanceof Unknown) return undefined;
  const toService = parsed.policy.statements.filter((st) => st.effect === 'Allow' && namesCloudTrail(st));
  if (toService.length === 0) return undefined;
  const policy: Policy = { ...parsed.policy, statements: toService };
  const samples = requestSamples(resource, [policy]).arns;
  for (const st of toService) {
    const one: Policy = { ...policy, statements: [st] };
    const allows = samples.some(
      (arn) =>
        evaluateRequest(
          { action, resource: arn, resourceAccount: parsed.account, principal: servicePrincipal(CLOUDTRAIL), unspecifiedKeys: 'open' },
          { resource: [one], ...(r.kind === 'key' ? { resourceKind: 'kms-key' as const } : {}) },
        ).possible.includes('allowed'),
    );
    if (allows) {
      const trailArns = toService.flatMap(namedTrails);
      return { statement: st.index, trailArns };
    }
  }
  return undefined;
}

function namesCloudTrail(st: Statement): boolean {
  return (st.principal?.entries ?? []).some((e) => e.type === 'Service' && typeof e.value === 'string' && e.value.toLowerCase() === CLOUDTRAIL);
}

function namedTrails(st: Statement): string[] {
  const out: string[] = [];
  for (const c of st.conditions) {
    // Only operators that say what the value is (StringEquals, ArnLike…), not what it is not.
    if (!TRAIL_KEYS.has(c.key.toLowerCase()) || /not/i.test(c.operator)) continue;
    for (const v of c.values) if (typeof v === 'string' && TRAIL_ARN.test(v)) out.push(v);
  }
  return out;
}
