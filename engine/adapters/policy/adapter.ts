import type { PositionIndex, SourceRange } from '../../../core/location.js';
import type { Diagnostic } from '../../../core/diagnostics.js';
import { newResource, type Resource, type ResourceGraph } from '../../graph.js';
import { Unknown } from '../../../core/unknown.js';
import { classifyPolicy, type PolicyFileKind } from '../../../parsers/policy/detect.js';
import { setAttachment } from '../attachment.js';
import { ATTACHED_RAW, principalTarget } from './attachment-targets.js';
import { POLICY_NOT_JUDGED } from '../../nothing-judged.js';

/** What configuration says about a raw policy file (`policies:` in .trailguard.yaml, or --policy-type). */
export interface PolicyFileSetting {
  type?: PolicyFileKind;
  /** SCP or RCP: root, OU or account IDs it is attached to. */
  attachedTo?: string[];
  /** Bucket policy: the bucket's name (default: the bucket its Resource ARNs name). */
  bucket?: string;
  /** Key policy: the key's ARN, so that a trail naming that key finds this policy. */
  key?: string;
}

/**
 * A raw policy file joins the graph as the resource it protects: an SCP as an
 * organization policy (attached where configuration says), a bucket policy
 * as its bucket's policy (matched by the bucket ARNs it names), a key policy
 * as a key (matched by the configured key ARN), an identity policy as such.
 */
export function adaptPolicyFile(
  file: string,
  doc: Record<string, unknown>,
  positions: PositionIndex,
  setting: PolicyFileSetting | undefined,
  graph: ResourceGraph,
  diagnostics: Diagnostic[],
): void {
  const classified = setting?.type ? { kind: setting.type, by: 'configuration' as const } : classifyPolicy(file, doc);
  if (classified.kind === 'trust') {
    // Who may assume a role: none of the practices judges it (what the role may do is its identity
    // policies'). Said, not skipped silently; and not read as the key policy it resembles.
    const at = positions.get([]) ?? { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    const by = classified.by === 'configuration' ? '' : ` from its ${classified.by}`;
    diagnostics.push({ level: 'note', code: POLICY_NOT_JUDGED, file, range: at, message: `read as a role trust policy${by}: no check applies to who may assume a role (the role's own policies are judged where they are)` });
    return;
  }
  const range = positions.get([]) ?? { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const kind = classified.kind === 'scp' || classified.kind === 'rcp' ? 'org_policy' : classified.kind === 'bucket' ? 'bucket_policy' : classified.kind === 'key' ? 'key' : 'identity_policy';
  const r = newResource({ address: file, kind, nativeType: `${classified.kind} policy document`, source: 'policy', file, range });
  r.props['policy'] = doc;
  r.nativePaths['policy'] = [];
  r.locs['policy'] = range;
  r.locateNative = (path) => positions.getKey(path) ?? positions.nearest(path);
  if (classified.by === 'content') {
    diagnostics.push({
      level: 'note',
      code: 'policy-classified',
      file,
      range,
      message: `read as ${describe(classified.kind)} from its content; set its type in .trailguard.yaml (policies:) or with --policy-type if that is wrong`,
    });
  }
  switch (classified.kind) {
    case 'scp':
      r.props['type'] = 'SERVICE_CONTROL_POLICY';
      r.props['targets'] = setting?.attachedTo ?? unsaidTargets();
      setAttachment(r);
      break;
    case 'rcp':
      // Never counted as an SCP (rules evaluating `as: scp` leave it out), but attached like one.
      r.props['type'] = 'RESOURCE_CONTROL_POLICY';
      r.props['targets'] = setting?.attachedTo ?? unsaidTargets();
      setAttachment(r);
      break;
    case 'bucket': {
      const name = setting?.bucket ?? bucketNameFromResources(doc);
      r.props['bucketRef'] = name ?? new Unknown('the policy names no bucket ARN');
      r.links['bucket'] = { value: r.props['bucketRef'], kinds: ['bucket'] };
      if (name && !graph.resources.some((b) => b.kind === 'bucket' && b.names.includes(name))) graph.add(partialBucket(name, file, range));
      break;
    }
    case 'key':
      r.props['rotation'] = new Unknown('only the key policy of this key is in the scan');
      if (setting?.key) r.names.push(setting.key);
      break;
    case 'identity':
      attachIdentityPolicyFile(r, setting?.attachedTo);
      break;
  }
  graph.add(r);
}

/**
 * Where an SCP or RCP file is attached: only configuration can say. Not known, rather than attached
 * nowhere: an SCP read as protecting nothing made "no SCP denies StopLogging" a finding for a repository
 * of SCPs that do, and with no trail in the scan its checks were not asked at all ("Every check could be
 * judged"). Unknown, what the SCP would decide is undetermined, with this reason, and what no SCP of the
 * scan decides either way is still judged.
 */
function unsaidTargets(): Unknown {
  return new Unknown('a policy file does not say where it is attached: name its root, OU or account IDs in .trailguard.yaml (policies: attachedTo: [r-ab12])');
}

/**
 * Whom an identity policy file is given: only configuration can say. Without
 * it, the checks that ask (B1.2: trail administration only for the admin
 * group or role) are undetermined, not passed.
 */
function attachIdentityPolicyFile(r: Resource, attachedTo: readonly string[] | undefined): void {
  const principals = (attachedTo ?? []).map(principalTarget).filter((t) => t !== undefined);
  if (principals.length === 0) {
    const unknown = new Unknown(
      attachedTo === undefined
        ? 'a policy file does not say whom it is attached to: name its users, groups or roles in .trailguard.yaml (policies: attachedTo: [group/NAME])'
        : 'the configured attachedTo names no user, group or role (user/NAME, group/NAME, role/NAME or an IAM ARN)',
    );
    for (const key of Object.values(ATTACHED_RAW)) r.props[key] = unknown;
    return;
  }
  for (const kind of ['user', 'group', 'role'] as const) r.props[ATTACHED_RAW[kind]] = principals.filter((p) => p.kind === kind).map((p) => p.name);
}

function describe(kind: PolicyFileKind): string {
  return kind === 'scp' ? 'a service control policy' : kind === 'rcp' ? 'a resource control policy' : kind === 'bucket' ? 'a bucket policy' : kind === 'key' ? 'a KMS key policy' : kind === 'trust' ? 'a role trust policy' : 'an identity policy';
}

/** The bucket the policy's S3 ARNs name (`arn:aws:s3:::name` or `arn:aws:s3:::name/*`). */
export function bucketNameFromResources(doc: Record<string, unknown>): string | undefined {
  const statements = Array.isArray(doc['Statement']) ? doc['Statement'] : [doc['Statement']];
  for (const s of statements) {
    const res = (s as Record<string, unknown> | undefined)?.['Resource'];
    for (const r of Array.isArray(res) ? res : [res]) {
      const m = typeof r === 'string' ? /^arn:aws[a-z-]*:s3:::([^/*?]+)/.exec(r) : null;
      if (m) return m[1];
    }
  }
  return undefined;
}

/**
 * A bucket known only through its policy file: everything but the policy is
 * unknown, so the bucket checks that need the rest are undetermined instead
 * of failing on defaults the configuration never set.
 */
function partialBucket(name: string, file: string, range: SourceRange): Resource {
  const b = newResource({ address: `bucket ${name}`, kind: 'bucket', nativeType: 'S3 bucket (policy file only)', source: 'policy', file, range });
  const unknown = new Unknown(`only the bucket policy of ${name} is in the scan`);
  b.props = {
    name,
    arn: `arn:aws:s3:::${name}`,
    publicAccessBlock: { blockPublicAcls: unknown, ignorePublicAcls: unknown, blockPublicPolicy: unknown, restrictPublicBuckets: unknown },
    acl: unknown,
    versioning: unknown,
    mfaDelete: unknown,
    loggingTarget: unknown,
    sseAlgorithm: unknown,
    lifecycleRules: unknown,
  };
  b.names.push(name, `arn:aws:s3:::${name}`);
  return b;
}
