import type { TerraformResource } from '../../../parsers/terraform/types.js';
import type { Diagnostic } from '../../../core/diagnostics.js';
import { newResource, placeInAccount, type Resource, type ResourceGraph, type SourceFormat } from '../../graph.js';
import type { Kind } from '../../kinds.js';
import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import { TF_RESOURCE_ADAPTERS } from './resources.js';
import { defineMember } from '../../../parsers/define-member.js';
import { own } from '../../../core/own.js';
import { PropertyReader } from '../property-reader.js';
import { isNotConfigured, locatePlanEntry } from '../../../parsers/terraform/plan/index.js';
import { adaptAwscc } from './awscc.js';
import { parseResourceAddress } from '../../../parsers/terraform/plan/address.js';
import { resourceAddress } from '../../../parsers/terraform/config/addresses.js';
import { adapterError } from '../adapter-error.js';
import { AWS_NESTED_BLOCK_ARGUMENTS, AWS_PROVIDER_VERSION, AWS_RESOURCE_ARGUMENTS, AWS_RESOURCE_TYPE_NAMES } from './aws-arguments.js';
import { likelyName } from '../../../core/likely-name.js';
import { UNKNOWN_RESOURCE_TYPE } from '../../nothing-judged.js';
import { oneLine } from '../../../parsers/quote.js';

/**
 * Terraform resources (from a plan or from `.tf` sources, both as
 * `TerraformResource`) into the graph. The same mappings serve both forms,
 * which is why a rule's verdict on a plan and on its sources agree.
 */
export function adaptTerraform(
  resources: readonly TerraformResource[],
  source: Extract<SourceFormat, 'terraform' | 'terraform-plan'>,
  scope: string,
  graph: ResourceGraph,
  diagnostics: Diagnostic[],
): void {
  // One warning per written argument, not one per instance of a module called many times.
  const warned = new Set<string>();
  for (const tf of resources) {
    if (tf.mode === 'data') {
      addDataSourceLookup(tf, scope, graph);
      continue;
    }
    if (tf.mode !== 'managed') continue;
    const mapping = own(TF_RESOURCE_ADAPTERS, tf.type);
    if (!mapping) {
      if (source === 'terraform' && tf.type.startsWith('aws_')) warnUnknownType(tf, warned, diagnostics);
      // hashicorp/awscc types are CloudFormation types: read by the CloudFormation mappings (awscc.ts).
      adaptAwscc(tf, source, scope, graph, diagnostics);
      continue;
    }
    const at = tf.declaredAt ?? tf.range;
    // Sources only: a plan's values are the provider's own attributes, which Terraform has checked.
    if (source === 'terraform') warnUnknownArguments(tf, warned, diagnostics);
    const r = newResource({ address: tf.address, kind: mapping.kind, nativeType: tf.type, source, file: at.file, range: at });
    r.scope = scope;
    placeInAccount(r, tf);
    if (tf.existence) r.existence = tf.existence;
    const reader = new TfAttributeReader(tf, r, graph);
    r.locateNative = (path) => tf.locate(path);
    try {
      mapping.adapt(reader, r);
    } catch (e) {
      // Not a silent warning: the resource went unchecked, so it is a parse-error finding on it.
      diagnostics.push(adapterError(tf.address, at, e));
      continue;
    }
    // newResource's own empty list otherwise: no second array for the resources (nearly all) without any.
    if (tf.suppressions && tf.suppressions.length > 0) r.suppressions = [...tf.suppressions];
    graph.add(r);
  }
}

/** Terraform's meta-arguments, and `region`, which AWS provider 6 gives every resource. */
const ALWAYS_ACCEPTED: ReadonlySet<string> = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection', 'region']);

/**
 * An argument or block the resource type does not have (`enable_loging`, `is_multi_region_trial`):
 * Terraform rejects it, and read as not set it would make a finding say "not enabled" of what the
 * author meant to enable. Said at its line, with the likely name. The names come from the AWS
 * provider's schema (aws-arguments.ts); a newer provider may have added one, so the message names the
 * version it was checked against.
 */
function warnUnknownArguments(tf: TerraformResource, warned: Set<string>, diagnostics: Diagnostic[]): void {
  const known = own(AWS_RESOURCE_ARGUMENTS, tf.type);
  if (!known) return;
  checkNames(tf, tf.values, known, [], '', 0, warned, diagnostics);
}

/** The names of `values` (the resource, or a nested block at `path`), then its nested blocks'. */
function checkNames(
  tf: TerraformResource,
  values: Record<string, unknown>,
  known: readonly string[],
  path: readonly (string | number)[],
  dotted: string,
  depth: number,
  warned: Set<string>,
  diagnostics: Diagnostic[],
): void {
  for (const name of Object.keys(values)) {
    if (!known.includes(name)) {
      if (depth === 0 && ALWAYS_ACCEPTED.has(name)) continue;
      const range = tf.locate([...path, name]) ?? tf.locate(path) ?? tf.declaredAt ?? tf.range;
      const key = `${range.file}\u0000${range.start.line}\u0000${range.start.column}\u0000${name}`;
      if (warned.has(key)) continue;
      warned.add(key);
      const near = likelyName(name, known);
      const where = dotted ? `${tf.type} ${dotted}` : tf.type;
      diagnostics.push({
        level: 'warning',
        code: 'unknown-argument',
        file: range.file,
        range,
        message: `${where} has no argument or block '${oneLine(name)}' in AWS provider ${AWS_PROVIDER_VERSION}${near ? ` (did you mean '${near}'?)` : ''}; Terraform rejects it and trailguard ignores it`,
      });
      continue;
    }
    // A nested block (`event_selector`, its `data_resource`): its own names, block by block.
    const inner = dotted ? `${dotted}.${name}` : name;
    const nested = depth < 8 ? own(AWS_NESTED_BLOCK_ARGUMENTS, `${tf.type} ${inner}`) : undefined;
    if (!nested) continue;
    const v = values[name];
    const blocks = Array.isArray(v) ? v : [v];
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      if (typeof block !== 'object' || block === null || Array.isArray(block) || block instanceof Unknown) continue;
      checkNames(tf, block as Record<string, unknown>, nested, Array.isArray(v) ? [...path, name, i] : [...path, name], inner, depth + 1, warned, diagnostics);
    }
  }
}

let awsTypes: { set: ReadonlySet<string>; list: readonly string[] } | undefined;

/**
 * A resource type the AWS provider does not have (`aws_cloudtrial`): Terraform rejects it, and
 * trailguard, which reads only the types it knows, would pass over it without a word, the trail absent
 * from every check. Said at the resource, with the likely name.
 */
function warnUnknownType(tf: TerraformResource, warned: Set<string>, diagnostics: Diagnostic[]): void {
  if (awsTypes === undefined) {
    const list = AWS_RESOURCE_TYPE_NAMES.split(/\s+/).filter((t) => t !== '');
    awsTypes = { set: new Set(list), list };
  }
  if (awsTypes.set.has(tf.type)) return;
  const range = tf.declaredAt ?? tf.range;
  const key = `${range.file}\u0000${range.start.line}\u0000${range.start.column}\u0000`;
  if (warned.has(key)) return;
  warned.add(key);
  const near = likelyName(tf.type, awsTypes.list);
  diagnostics.push({
    level: 'warning',
    code: UNKNOWN_RESOURCE_TYPE,
    file: range.file,
    range,
    message: `${oneLine(tf.type)} is not a resource type of AWS provider ${AWS_PROVIDER_VERSION}${near ? ` (did you mean '${near}'?)` : ''}; Terraform rejects it and trailguard does not judge it`,
  });
}

/**
 * Data sources that find a resource by name: a reference to one links to the
 * resource of the scan it names (AWS provider: aws_s3_bucket by `bucket`,
 * aws_kms_key by `key_id` as key ID, key ARN, alias name or alias ARN,
 * aws_kms_alias by `name`).
 */
const DATA_SOURCE_LOOKUPS: Record<string, { argument: string; kinds: readonly Kind[]; what: string }> = {
  aws_s3_bucket: { argument: 'bucket', kinds: ['bucket'], what: 'bucket' },
  aws_kms_key: { argument: 'key_id', kinds: ['key', 'key_alias'], what: 'KMS key' },
  aws_kms_alias: { argument: 'name', kinds: ['key_alias', 'key'], what: 'KMS alias' },
  aws_cloudwatch_log_group: { argument: 'name', kinds: ['log_group'], what: 'log group' },
};

function addDataSourceLookup(tf: TerraformResource, scope: string, graph: ResourceGraph): void {
  if (!Object.prototype.hasOwnProperty.call(DATA_SOURCE_LOOKUPS, tf.type)) return;
  const spec = DATA_SOURCE_LOOKUPS[tf.type]!;
  const name = Object.prototype.hasOwnProperty.call(tf.values, spec.argument) ? tf.values[spec.argument] : undefined;
  const lookup = { scope, kinds: spec.kinds, name, what: spec.what };
  graph.addLookup({ ...lookup, address: tf.address });
  // References to a data source without count/for_each name it without an index.
  if (tf.index === undefined && tf.address.endsWith(']')) {
    // Parsed, not cut by a regular expression: a key may hold brackets (and one full of them made it quadratic).
    const parsed = parseResourceAddress(tf.address);
    if (parsed?.index !== undefined) graph.addLookup({ ...lookup, address: resourceAddress(parsed.moduleAddress, parsed.mode, parsed.type, parsed.name) });
  }
}

/** Gives mappings attribute values (Unknowns included) and their positions. */
export class TfAttributeReader extends PropertyReader {
  constructor(
    readonly tf: TerraformResource,
    resource: Resource,
    private readonly graph?: ResourceGraph,
  ) {
    super(resource);
  }

  /**
   * A second resource declared inside this one (an `inline_policy` block of
   * `aws_iam_role`): its own address (`aws_iam_role.dev.inline_policy[0]`),
   * the positions under `path`, and the outer resource's scope, account and
   * suppressions, so findings land on the inline document.
   */
  addInner(kind: Kind, nativeType: string, path: (string | number)[]): Resource {
    const outer = this.resource;
    const address = `${outer.address}${path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
    const inner = newResource({ address, kind, nativeType, source: outer.source, file: outer.file, range: this.loc(path) ?? outer.range });
    inner.scope = outer.scope;
    placeInAccount(inner, outer);
    if (outer.existence) inner.existence = outer.existence;
    inner.locateNative = (p) => this.tf.locate([...path, ...p]);
    inner.suppressions = [...(this.tf.suppressions ?? [])];
    this.graph?.add(inner);
    return inner;
  }

  get(name: string): unknown {
    // In a plan, an attribute the configuration never set is unknown only because the provider
    // computes it; after apply it holds the provider's default, so it reads as unset.
    // Most values hold no such unknown: they are handed on as they are, not copied for every read.
    const v = own(this.tf.values, name);
    // A plan's values where that unknown is at most an attribute itself (nearly all): no walk of `v`.
    if (this.tf.shallowNotConfigured === true) return isNotConfigured(v) ? undefined : v;
    return changedByUnset(v, 0) ? unsetIfNotConfigured(v) : v;
  }

  /** Nested blocks as a list (Terraform JSON shows every block type as an array). */
  blocks(name: string): Record<string, unknown>[] | Unknown | undefined {
    const v = this.get(name);
    if (v === undefined || v === null) return undefined;
    if (v instanceof Unknown) return v;
    if (Array.isArray(v)) return v as Record<string, unknown>[];
    return [v as Record<string, unknown>];
  }

  /** Where an attribute or block is written; for a block type, its first block. */
  loc(path: string | (string | number)[]): SourceRange | undefined {
    // A plan entry's own locate gives its range whatever the path (ten to twenty reads per resource):
    // no path to look up or build. A plan resource matched with its .tf source has another locate.
    if (this.tf.locate === locatePlanEntry) return this.tf.range;
    const p = Array.isArray(path) ? path : namePath(path);
    return this.tf.locate(p) ?? (p.length === 1 ? this.tf.locate([...p, 0]) : undefined);
  }

}

/**
 * `[name]`, one frozen array per attribute name rather than a new one for each of the ten to twenty
 * properties read per resource (locate functions only read their path). The names are the mappings'
 * own, a few hundred; the table stops growing at a bound all the same.
 */
function namePath(name: string): readonly [string] {
  let path = NAME_PATHS.get(name);
  if (path === undefined) {
    path = Object.freeze([name] as [string]);
    if (NAME_PATHS.size < MAX_NAME_PATHS) NAME_PATHS.set(name, path);
  }
  return path;
}

const NAME_PATHS = new Map<string, readonly [string]>();
const MAX_NAME_PATHS = 4096;

/**
 * Whether unsetIfNotConfigured(v) would differ from `v` itself: a provider-computed unknown inside,
 * or anything its copy would not reproduce (a member holding undefined, an object that is not plain).
 * Walks exactly as deep as the copy does.
 */
function changedByUnset(v: unknown, depth: number): boolean {
  if (isNotConfigured(v)) return true;
  if (depth > 16 || v === null || typeof v !== 'object' || v instanceof Unknown) return false;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return true;
    for (let i = 0; i < v.length; i++) if (changedByUnset(v[i], depth + 1)) return true;
    return false;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return true;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const x = (v as Record<string, unknown>)[keys[i]!];
    if (x === undefined || changedByUnset(x, depth + 1)) return true;
  }
  return false;
}

function unsetIfNotConfigured(v: unknown, depth = 0): unknown {
  if (isNotConfigured(v)) return undefined;
  if (depth > 16 || v === null || typeof v !== 'object' || v instanceof Unknown) return v;
  if (Array.isArray(v)) return v.map((x) => unsetIfNotConfigured(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const y = unsetIfNotConfigured(x, depth + 1);
    if (y !== undefined) defineMember(out, k, y);
  }
  return out;
}
