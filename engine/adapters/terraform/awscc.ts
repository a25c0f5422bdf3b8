import type { TerraformResource } from '../../../parsers/terraform/types.js';
import type { Diagnostic } from '../../../core/diagnostics.js';
import { newResource, placeInAccount, type Resource, type ResourceGraph, type SourceFormat } from '../../graph.js';
import type { Kind } from '../../kinds.js';
import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import { hasOwn } from '../../../core/own.js';
import { PropertyReader } from '../property-reader.js';
import { CFN_RESOURCE_ADAPTERS, type CfnMapping } from '../cloudformation/resources.js';
import type { CfnReader } from '../cloudformation/reader.js';
import { TfAttributeReader } from './adapter.js';
import { adapterError } from '../adapter-error.js';

/**
 * Terraform's AWS Cloud Control provider (`hashicorp/awscc`) is generated from
 * the CloudFormation resource schemas: `awscc_cloudtrail_trail` is
 * `AWS::CloudTrail::Trail`, its attribute `s3_bucket_name` is the property
 * `S3BucketName`, and nested properties are nested object attributes
 * (`event_selectors = [{ read_write_type = "All" }]`), not blocks. So instead
 * of a second set of mappings that could drift from the CloudFormation ones,
 * an awscc resource is read by the CloudFormation mapping of its type, through
 * a reader that answers CloudFormation property names from the evaluated
 * Terraform values. Everything else stays Terraform's: addresses, positions
 * (the `.tf` attribute's line), references (`awscc_kms_key.k.arn` links by
 * address), suppression comments, plans.
 *
 * The name mapping runs from CloudFormation to Terraform only (a property name
 * asked for → its attribute name), the direction the provider's generator
 * runs, so acronyms need no table: `KMSKeyId` and `KmsKeyId` both read
 * `kms_key_id`, `SSEAlgorithm` reads `sse_algorithm`.
 */

/**
 * Substrings the provider's generator rewrites before snake-casing, so that
 * `CloudWatchLogsLogGroupArn` becomes `cloudwatch_logs_log_group_arn` rather
 * than `cloud_watch_logs_…` (terraform-provider-awscc internal/naming).
 */
const REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['CloudFormation', 'Cloudformation'],
  ['CloudFront', 'Cloudfront'],
  ['CloudWatch', 'Cloudwatch'],
  ['FSx', 'Fsx'],
];

const isUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * The awscc attribute name of a CloudFormation property name, as the
 * provider's generator derives it: an underscore where lower case meets
 * upper case or a digit, where a digit meets a letter, and before the last
 * capital of an acronym that starts a word (`KMSKeyId` → `kms_key_id`,
 * `S3BucketName` → `s3_bucket_name`, `Ipv6` → `ipv_6`); any other character
 * becomes an underscore.
 */
export function attributeName(property: string): string {
  let s = property.trim();
  for (const [from, to] of REPLACEMENTS) s = s.split(from).join(to);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const next = s[i + 1];
    const cap = isUpper(c);
    const low = isLower(c);
    const dig = isDigit(c);
    const wordEnds = (cap && isLower(next)) || (low && (isUpper(next) || isDigit(next))) || (dig && (isUpper(next) || isLower(next)));
    if (next !== undefined && wordEnds) {
      if (cap && isLower(next) && isUpper(s[i - 1])) out += '_';
      out += c.toLowerCase();
      if (low || dig) out += '_';
      continue;
    }
    out += cap || low || dig ? c.toLowerCase() : '_';
  }
  return out;
}

/**
 * A CloudFormation-style name for an attribute name, for listing an object's
 * keys (`s3_bucket_name` → `S3BucketName`). Lookups never use it: they map the
 * asked name forwards with `attributeName`. A key that would not come back to
 * itself (`__proto__`, `Foo`) is listed as written.
 */
export function propertyName(attribute: string): string {
  const pascal = attribute
    .split('_')
    .map((w) => (w === '' ? '' : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
  return pascal !== '' && attributeName(pascal) === attribute ? pascal : attribute;
}

/** `AWS::CloudTrail::Trail` → `awscc_cloudtrail_trail`; undefined for a name that is not `Org::Service::Resource`. */
export function awsccTypeName(cloudFormationType: string): string | undefined {
  const parts = cloudFormationType.split('::');
  if (parts.length !== 3 || parts[0] !== 'AWS' || parts.some((p) => !/^[A-Za-z0-9]{2,64}$/.test(p))) return undefined;
  return `awscc_${parts[1]!.toLowerCase()}_${attributeName(parts[2]!)}`;
}

/** Every awscc type trailguard reads: the awscc twin of each CloudFormation type it maps. */
const AWSCC_TYPES: ReadonlyMap<string, { cloudFormationType: string; mapping: CfnMapping }> = new Map(
  Object.entries(CFN_RESOURCE_ADAPTERS).flatMap(([cfnType, mapping]) => {
    const name = awsccTypeName(cfnType);
    return name === undefined ? [] : [[name, { cloudFormationType: cfnType, mapping }] as const];
  }),
);

/** The CloudFormation type an awscc resource type is read as, if trailguard models it. */
export function awsccCloudFormationType(terraformType: string): string | undefined {
  return AWSCC_TYPES.get(terraformType)?.cloudFormationType;
}

/** The awscc types read, sorted (for documentation and tests). */
export function awsccTypes(): string[] {
  return [...AWSCC_TYPES.keys()].sort();
}

/**
 * Reads one awscc resource into the graph when its type is modelled; returns
 * false (and does nothing) otherwise.
 */
export function adaptAwscc(
  tf: TerraformResource,
  source: Extract<SourceFormat, 'terraform' | 'terraform-plan'>,
  scope: string,
  graph: ResourceGraph,
  diagnostics: Diagnostic[],
): boolean {
  const entry = AWSCC_TYPES.get(tf.type);
  if (!entry || tf.mode !== 'managed') return false;
  const at = tf.declaredAt ?? tf.range;
  const r = newResource({ address: tf.address, kind: entry.mapping.kind, nativeType: tf.type, source, file: at.file, range: at });
  r.scope = scope;
  // The account of its provider configuration (`provider = awscc.audit`), as for the AWS provider's resources.
  placeInAccount(r, tf);
  if (tf.existence) r.existence = tf.existence;
  const reader = new AwsccReader(tf, r, source, graph);
  r.locateNative = (path) => tf.locate(reader.terraformPath(path));
  try {
    entry.mapping.adapt(reader, r);
  } catch (e) {
    diagnostics.push(adapterError(tf.address, at, e));
    return true;
  }
  // Identifiers a plan knows (an existing resource): other resources may name it by them.
  for (const a of ['arn', 'id', 'key_id']) {
    const v = reader.raw(a);
    if (typeof v === 'string' && v !== '') r.names.push(v);
  }
  r.suppressions = [...(tf.suppressions ?? [])];
  graph.add(r);
  return true;
}

/**
 * Answers a CloudFormation mapping's questions from an awscc resource: the
 * property `KMSKeyId` is the attribute `kms_key_id`, and nested objects answer
 * CloudFormation names too (see `cloudFormationView`). Values keep what the
 * Terraform reader gives them: Unknowns with their references, unset for what
 * a plan computes only because the configuration leaves it out.
 */
export class AwsccReader extends PropertyReader implements CfnReader {
  private readonly terraform: TfAttributeReader;

  constructor(
    private readonly tf: TerraformResource,
    resource: Resource,
    private readonly source: Extract<SourceFormat, 'terraform' | 'terraform-plan'>,
    private readonly graph?: ResourceGraph,
  ) {
    super(resource);
    this.terraform = new TfAttributeReader(tf, resource);
  }

  /** The Terraform value of an attribute, by its own name. */
  raw(attribute: string): unknown {
    return this.terraform.get(attribute);
  }

  /** References name Terraform addresses, whose type is in the address itself (attachment.ts reads it). */
  typeOf(): string | undefined {
    return undefined;
  }

  get(name: string): unknown {
    const v = this.terraform.get(attributeName(name));
    return v === null ? undefined : cloudFormationView(v);
  }

  has(name: string): boolean {
    return this.terraform.get(attributeName(name)) !== undefined;
  }

  loc(path: string | (string | number)[]): SourceRange | undefined {
    return this.terraform.loc(this.terraformPath(Array.isArray(path) ? path : [path]));
  }

  /**
   * A CloudFormation property path as the Terraform attribute path: names are
   * mapped while the value they lead into is an object of attributes; below a
   * value that is a string (a policy document as JSON, `jsonencode(...)`), the
   * document's own keys (`Statement`, `Effect`) are kept as written.
   */
  terraformPath(path: readonly (string | number)[]): (string | number)[] {
    const out: (string | number)[] = [];
    let value: unknown = this.tf.values;
    for (const step of path) {
      if (typeof step === 'number') {
        out.push(step);
        value = Array.isArray(value) ? value[step] : undefined;
        continue;
      }
      const attributes = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Unknown);
      const name = attributes || out.length === 0 ? attributeName(step) : step;
      out.push(name);
      value = attributes && hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    }
    return out;
  }

  required(prop: string, name: string, convert: (v: unknown) => unknown): void {
    if (this.get(name) === undefined) {
      this.resource.props[prop] = new Unknown(`required attribute ${attributeName(name)} is missing`);
      return;
    }
    this.set(prop, name, convert);
  }

  /** A resource declared inside this one (an inline policy of `awscc_iam_role`): `awscc_iam_role.r.policies[0]`. */
  addInner(_address: string, kind: Kind, nativeType: string, path: (string | number)[]): Resource {
    const base = this.terraformPath(path);
    const address = `${this.resource.address}${base.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
    const inner = newResource({ address, kind, nativeType, source: this.source, file: this.resource.file, range: this.loc(path) ?? this.resource.range });
    inner.scope = this.resource.scope;
    if (this.resource.existence) inner.existence = this.resource.existence;
    inner.locateNative = (p) => this.tf.locate(this.terraformPath([...path, ...p]));
    inner.suppressions = [...(this.tf.suppressions ?? [])];
    this.graph?.add(inner);
    return inner;
  }
}

/**
 * A Terraform value as a CloudFormation mapping reads it: lists stay lists,
 * and an object answers CloudFormation property names (`rec['ReadWriteType']`
 * reads `read_write_type`) through a read-only view, so no table of names is
 * needed. Unknowns (including `jsonencode` documents with unknown parts) and
 * scalars pass through unchanged.
 */
export function cloudFormationView(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || v instanceof Unknown) return v;
  // Terraform values are trees built by the evaluator, but a bound keeps a hostile one finite.
  if (depth > 64) return new Unknown('nested too deeply to read');
  if (Array.isArray(v)) return v.map((x) => cloudFormationView(x, depth + 1));
  return objectView(v as Record<string, unknown>, depth);
}

function objectView(attributes: Record<string, unknown>, depth: number): Record<string, unknown> {
  const cache = new Map<string, unknown>();
  const lookup = (property: string): unknown => {
    const name = attributeName(property);
    if (!hasOwn(attributes, name)) return undefined;
    if (!cache.has(name)) cache.set(name, cloudFormationView(attributes[name], depth + 1));
    return cache.get(name);
  };
  const present = (key: string | symbol): key is string => typeof key === 'string' && hasOwn(attributes, attributeName(key)) && attributes[attributeName(key)] !== null;
  // A null-prototype target: `constructor`, `toString` or `__proto__` mean only what the configuration says.
  const target = Object.create(null) as Record<string, unknown>;
  return new Proxy(target, {
    get: (_t, key) => (present(key) ? lookup(key) : undefined),
    has: (_t, key) => present(key),
    ownKeys: () => [...new Set(Object.keys(attributes).filter((k) => attributes[k] !== null).map(propertyName))],
    getOwnPropertyDescriptor: (_t, key) => (present(key) ? { value: lookup(key), writable: false, enumerable: true, configurable: true } : undefined),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
