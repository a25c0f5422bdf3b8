import { emptyTable } from '../core/own.js';
import type { SourceRange } from '../core/location.js';
import type { Suppression, SuppressionTool } from '../core/suppression.js';
import { Unknown } from '../core/unknown.js';
import type { Kind } from './kinds.js';
import type { Policy } from './iam/index.js';

export type { Suppression, SuppressionTool };

export type SourceFormat = 'cloudformation' | 'terraform' | 'terraform-plan' | 'policy';

/**
 * What an adapter knows about a relation before linking: the written value
 * (a name, an ARN, or an Unknown that carries references) and the kinds it
 * may point at.
 */
export interface LinkHint {
  value: unknown;
  kinds: readonly Kind[];
}

export type Edge =
  /** The related resource is in the scan. */
  | { status: 'resolved'; target: Resource }
  /** The configuration names a resource that is not in the scan. */
  | { status: 'outside'; name: string }
  /** Nothing is configured for this relation. */
  | { status: 'unset' }
  /** A value is configured but cannot be known before deployment and carries no reference. */
  | { status: 'unknown'; reason: string };

/**
 * One resource of the normalized graph. Rules read `props` by the names that
 * `kinds.ts` declares for `kind`; they never see CloudFormation or Terraform
 * attribute names.
 */
export interface Resource {
  /** Unique in the scan: file and address. */
  id: string;
  /** CloudFormation logical ID or Terraform address (`module.a.aws_cloudtrail.this[0]`). */
  address: string;
  /**
   * The name references inside its own template use, when it differs from `address`: a resource of a
   * StackSet's inline template is `BaselineStackSet/Trail`, and its template's `!Ref Trail` means it.
   */
  localAddress?: string;
  kind: Kind;
  nativeType: string;
  source: SourceFormat;
  file: string;
  /** Where the resource is declared. */
  range: SourceRange;
  /**
   * Within which references resolve: a CloudFormation template (its file), a
   * Terraform root module (its directory) or a plan (its file). Two stacks
   * in one repository may both have a `TrailKey`; a reference never crosses scopes.
   */
  scope: string;
  /** The AWS CDK construct path (`Audit/Trail/S3/Resource`, from `aws:cdk:path` metadata), when synthesized by the CDK. */
  constructPath?: string;
  /**
   * Which resources account-level checks (P1.1, P10.1) judge together: a CDK
   * stack's account (`aws://111111111111`), or an environment-agnostic stack's
   * own, a StackSet's target accounts, a Terraform provider configuration's
   * account; undefined for everything else, which is judged as one scope.
   * Set with `placeInAccount`.
   */
  accountScope?: string;
  /**
   * How messages name the account of `accountScope` (`account 111111111111`, `the target accounts of
   * StackSet Baseline`); set with it by `placeInAccount`, never alone.
   */
  accountLabel?: string;
  /**
   * Set when the resource may not be created at all: a CloudFormation `Condition` that depends on a
   * parameter without default, a Terraform `count` or `for_each` known only after apply. It is checked
   * as written (if created, it is as written), but never counted as the one resource that satisfies an
   * "at least one" check, nor as the one policy that protects: those are undetermined instead.
   */
  existence?: Unknown;
  /**
   * Set when `props.policy` comes from a separate policy resource (a bucket policy, a key policy, a topic
   * policy) that may not be created: policy questions are answered with and without it.
   */
  policyExistence?: Unknown;
  /** Normalized properties; plain data with `Unknown` where a value is not known. */
  props: Record<string, unknown>;
  /** Where each normalized property is written (absent: not written, e.g. a default). */
  locs: Record<string, SourceRange>;
  /** Properties whose value is the service's (or provider's) default, not written. */
  defaulted: Set<string>;
  /** Relations to other resources, filled by the linker from `links`. */
  links: Record<string, LinkHint>;
  edges: Record<string, Edge>;
  /** One-to-many relations filled by analysis (kinds.ts `lists`): a log group's metric filters, a filter's alarms… */
  lists: Record<string, Resource[]>;
  suppressions: Suppression[];
  /** Name and ARN by which other resources may refer to this one, when known. */
  names: string[];
  /**
   * Position of a native property path below the resource's properties
   * (`['KeyPolicy', 'Statement', 1]`), for findings inside embedded documents.
   */
  locateNative?: (path: readonly (string | number)[]) => SourceRange | undefined;
  /** Native path of each normalized property that holds a document (`policy` → `['KeyPolicy']`). */
  nativePaths: Record<string, (string | number)[]>;
  /** The resource's policy as the IAM engine reads it (after analysis), with the account its ARNs name. */
  parsedPolicy?: { policy: Policy; account: string } | Unknown;
  /** Position of a path inside the resource's policy document (`['Statement', 1]`), wherever it is written. */
  policyLocate?: ((path: readonly (string | number)[]) => SourceRange | undefined) | undefined;
  /** Set on stand-in trails (never in the graph's kind index): what shows the trail exists. */
  standIn?: StandIn;
}

/**
 * A trail the scan does not hold but shows to exist (CATALOG "What a resource evidently is"):
 * the trail of a bucket whose policy lets CloudTrail write (`bucket`), of a key whose policy lets
 * it encrypt (`key`), or, with no trail in the scan, any trail the SCPs must protect (`trail`).
 */
export interface StandIn {
  kind: 'trail' | 'bucket' | 'key';
  /** How messages name it: `any trail`, `a trail (bucket logs lets CloudTrail write)`. */
  label: string;
  /** The resource that shows it: the bucket, the key, or the SCP. */
  source: Resource;
  /** Set when SCP rules judge it (no trail in the scan): the SCP their findings point at. */
  scpAnchor?: Resource;
}

/** An account scope (`Resource.accountScope`) and how messages name it (`Resource.accountLabel`). */
export interface AccountPlacement {
  accountScope: string;
  accountLabel: string;
}

/**
 * Puts `r` in the account scope `place` names, with its label: the one way either is set, so the two
 * always travel together. Nothing for an undefined placement or scope (the ambient account).
 */
export function placeInAccount(r: Resource, place: { readonly accountScope?: string | undefined; readonly accountLabel?: string | undefined } | undefined): void {
  if (place?.accountScope === undefined) return;
  r.accountScope = place.accountScope;
  if (place.accountLabel !== undefined) r.accountLabel = place.accountLabel;
  else delete r.accountLabel;
}

export interface ResourceInit {
  address: string;
  kind: Kind;
  nativeType: string;
  source: SourceFormat;
  file: string;
  range: SourceRange;
}

export function newResource(init: ResourceInit): Resource {
  // Fields are listed, not spread: V8 builds `{ ...init, more }` on a slow path that cost
  // ~40 µs per resource (0.4 s for a 10,000-resource plan), a literal ~1 µs.
  return {
    address: init.address,
    kind: init.kind,
    nativeType: init.nativeType,
    source: init.source,
    file: init.file,
    range: init.range,
    id: `${init.file}#${init.address}`,
    scope: init.file,
    // Null-prototype tables: a rule or template naming `constructor` or `__proto__` finds nothing.
    props: emptyTable(),
    locs: emptyTable(),
    defaulted: new Set(),
    links: emptyTable(),
    edges: emptyTable(),
    lists: emptyTable(),
    suppressions: [],
    names: [],
    nativePaths: {},
  };
}

/** What a stand-in for something not read says: its graph identity, what is not read, and why. */
export interface StandInInit {
  address: string;
  nativeType: string;
  source: SourceFormat;
  range: SourceRange;
  id: string;
  /** What is not read (a module source, a logical ID), as `props.source`; omitted when the address says it. */
  unread?: string;
  reason: string;
}

/**
 * A stand-in (kind `unread_module`) for what the scan cannot read: a Terraform module not installed, a
 * nested or StackSet template elsewhere, Terragrunt, a CDK app not synthesized, a Serverless fragment,
 * what an incomplete plan leaves out. Every check it could answer is undetermined at its range, with
 * `reason` (engine/rules/evaluate.ts).
 */
export function unreadStandIn(init: StandInInit): Resource {
  const r = newResource({ address: init.address, kind: 'unread_module', nativeType: init.nativeType, source: init.source, file: init.range.file, range: init.range });
  r.id = init.id;
  r.props = init.unread === undefined ? { reason: init.reason } : { source: init.unread, reason: init.reason };
  return r;
}

/**
 * A Terraform data source that looks up a resource by name
 * (`data "aws_s3_bucket" "logs" { bucket = "org-trail-logs" }`): a reference
 * to it links to the resource of the scan with that name, if there is one.
 */
export interface DataSourceLookup {
  /** The scope references to it are made in. */
  scope: string;
  /** `data.aws_s3_bucket.logs`, `module.a.data.aws_kms_key.k[0]`. */
  address: string;
  kinds: readonly Kind[];
  /** The name, ID or ARN it looks up (maybe an Unknown). */
  name: unknown;
  /** What it looks for, for messages: `bucket`, `KMS key`. */
  what: string;
}

export class ResourceGraph {
  readonly resources: Resource[] = [];
  /** Stand-in trails for evident buckets, keys and SCPs (see analysis/evident.ts); not in `resources`. */
  evidentTrails: Resource[] = [];
  private readonly kindIndex = new Map<Kind, Resource[]>();
  private readonly lookups = new Map<string, DataSourceLookup>();

  addLookup(l: DataSourceLookup): void {
    this.lookups.set(scopedKey(l.scope, l.address), l);
  }

  add(r: Resource): void {
    this.resources.push(r);
    let list = this.kindIndex.get(r.kind);
    if (!list) this.kindIndex.set(r.kind, (list = []));
    list.push(r);
  }

  ofKind(kind: Kind): readonly Resource[] {
    return this.kindIndex.get(kind) ?? [];
  }

  /**
   * Resolve every resource's link hints into edges. References (CloudFormation
   * Ref/GetAtt/Sub, Terraform expressions) resolve within the same file, or
   * the same Terraform module tree, by address; literal names and ARNs resolve
   * against every resource of the target kinds in the scan.
   */
  link(): void {
    // Candidates are indexed by scope as well as by name, so a lookup reads only its own scope's few
    // resources and the first of each kind: a repository holding thousands of copies of one stack (the
    // same logical IDs and names in every copy) once made every lookup filter every copy, quadratic in
    // the copies (12,000 files of rule cases: 3 s in link and analyse).
    const byAddress = new Map<string, Resource[]>();
    const byName = new NameIndex();
    // Indexed loops: code that has not been optimised yet allocates an iterator result per `for…of` step.
    const resources = this.resources;
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i]!;
      push(byAddress, scopedKey(r.scope, r.localAddress ?? r.address), r);
      const names = r.names;
      for (let j = 0; j < names.length; j++) byName.add(names[j]!, r);
    }
    const lookup = (scope: string, address: string): DataSourceLookup | undefined => this.lookups.get(scopedKey(scope, address));
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i]!;
      // Keys, not entries: no pair array per link of every resource.
      const links = r.links;
      const rels = Object.keys(links);
      for (let j = 0; j < rels.length; j++) r.edges[rels[j]!] = resolveHint(r, links[rels[j]!]!, byAddress, byName, lookup);
    }
  }
}

/**
 * A map key for `text` within `scope`. Scopes are paths (a file, a root module's directory), which hold
 * no NUL, so the first NUL splits the key unambiguously whatever `text` holds.
 */
function scopedKey(scope: string, text: string): string {
  return `${scope}\u0000${text}`;
}

/**
 * The resources of the scan by name, for the linker: a name resolves to the first resource of an
 * accepted kind in the referring resource's scope, else to the first of an accepted kind anywhere (in
 * graph order). Both are found without reading every resource of that name.
 */
class NameIndex {
  /** `scopedKey(scope, name)` → the resources of that scope with that name, in graph order. */
  private readonly inScope = new Map<string, Resource[]>();
  /** name → the first resource of each kind with that name, in graph order. */
  private readonly firstOfKind = new Map<string, Resource[]>();

  add(name: string, r: Resource): void {
    push(this.inScope, scopedKey(r.scope, name), r);
    const firsts = this.firstOfKind.get(name);
    if (!firsts) this.firstOfKind.set(name, [r]);
    else if (!firsts.some((c) => c.kind === r.kind)) firsts.push(r);
  }

  find(name: string, scope: string, kinds: readonly Kind[]): Resource | undefined {
    return firstOf(this.inScope.get(scopedKey(scope, name)), kinds) ?? firstOf(this.firstOfKind.get(name), kinds);
  }
}

function firstOf(list: readonly Resource[] | undefined, kinds: readonly Kind[]): Resource | undefined {
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) if (kinds.includes(list[i]!.kind)) return list[i];
  return undefined;
}

/** The address references of its own template use for `r` (see `Resource.localAddress`). */
export function localAddressOf(r: Resource): string {
  return r.localAddress ?? r.address;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function resolveHint(
  from: Resource,
  hint: LinkHint,
  byAddress: Map<string, Resource[]>,
  byName: NameIndex,
  lookup: (scope: string, address: string) => DataSourceLookup | undefined,
): Edge {
  const { value, kinds } = hint;
  const named = (name: string): Resource | undefined => {
    for (const key of nameVariants(name)) {
      const target = byName.find(key, from.scope, kinds);
      if (target) return target;
    }
    return undefined;
  };
  if (value === undefined || value === null || value === '') return { status: 'unset' };
  if (value instanceof Unknown) {
    let viaData: string | undefined;
    for (const ref of value.refs) {
      const target = firstOf(byAddress.get(scopedKey(from.scope, ref.address)), kinds);
      if (target) return { status: 'resolved', target };
      // A data source naming a resource of the scan stands for it.
      const data = lookup(from.scope, ref.address);
      if (data && data.kinds.some((k) => kinds.includes(k))) {
        const target = typeof data.name === 'string' ? named(data.name) : undefined;
        if (target) return { status: 'resolved', target };
        viaData ??=
          typeof data.name === 'string'
            ? `comes from ${data.address}, which names no ${data.what} of the scan (${data.name})`
            : `comes from ${data.address}, whose ${data.what} is known only after apply`;
      }
    }
    return { status: 'unknown', reason: viaData ?? value.reason };
  }
  if (typeof value !== 'string') return { status: 'unknown', reason: 'not a name or ARN' };
  const target = named(value);
  if (target) return { status: 'resolved', target };
  return { status: 'outside', name: value };
}

/**
 * A trail may name its log group by ARN with or without the `:*` suffix, and
 * its key by ARN, ID or `alias/...`; bucket names appear bare. Match all forms.
 */
export function nameVariants(v: string): string[] {
  const out = [v];
  if (v.endsWith(':*')) out.push(v.slice(0, -2));
  // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] names the group NAME (a group may be declared by name only).
  const logGroup = LOG_GROUP_ARN.exec(v);
  if (logGroup) out.push(logGroup[1]!.endsWith(':*') ? logGroup[1]!.slice(0, -2) : logGroup[1]!);
  // arn:aws:sns:REGION:ACCOUNT:NAME names the topic NAME.
  const topic = SNS_TOPIC_ARN.exec(v);
  if (topic) out.push(topic[1]!);
  return out;
}

/** Anchored, no nested quantifiers: linear on any input. */
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]*:\d{12}:log-group:([^:]+(?::\*)?)$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]*:\d{12}:([A-Za-z0-9_.-]+)$/;
