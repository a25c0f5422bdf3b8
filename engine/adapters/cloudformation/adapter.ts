import type { CfnTemplate } from '../../../parsers/cloudformation/index.js';
import type { Diagnostic } from '../../../core/diagnostics.js';
import { newResource, placeInAccount, type Resource, type ResourceGraph, type Suppression, type SuppressionTool } from '../../graph.js';
import type { Kind } from '../../kinds.js';
import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import { hasOwn, own } from '../../../core/own.js';
import { asRecord, describeValue } from '../convert.js';
import { IntrinsicResolver, MAX_CONDITION_CHAIN, NO_VALUE, type Template } from './intrinsics.js';
import { PropertyReader } from '../property-reader.js';
import { CFN_RESOURCE_ADAPTERS } from './resources.js';
import { partitionOfRegion, type CdkStackEnvironment } from '../../cdk-manifest.js';
import { oneLine } from '../../../parsers/quote.js';
import { adapterError } from '../adapter-error.js';
import { NullValues } from './null-values.js';
import { likelyName } from '../../../core/likely-name.js';
import { CFN_SERVICE_TYPE_NAMES, CFN_SPEC_SOURCE } from './cfn-properties.js';
import { UnknownProperties } from './unknown-properties.js';
import { INVALID_RESOURCE, UNKNOWN_RESOURCE_TYPE } from '../../nothing-judged.js';

/** Where the inline template of a StackSet puts its resources (stack-sets.ts). */
export interface EmbeddedIn {
  /** Graph and account scope of its resources. */
  scope: string;
  /** The StackSet's logical ID: resources are `<prefix>/<logical ID>` in reports. */
  prefix: string;
}

/**
 * The inline template of a StackSet shares its file with the template that declares it: its resources
 * are named after the StackSet (two `Trail`s in one file stay two), in a scope of their own, and found
 * by references of their own template under their logical ID.
 */
function placeEmbedded(r: Resource, embedded: EmbeddedIn): void {
  r.localAddress = r.address;
  r.address = `${embedded.prefix}/${r.address}`;
  r.scope = embedded.scope;
  r.id = `${embedded.scope}#${r.localAddress}`;
}

/**
 * Reads one CloudFormation template into the graph. Each supported resource
 * type has a small mapping in resources.ts from its properties to the
 * normalized ones; unsupported types are ignored (they do not concern a
 * check), so templates of any size and content are safe to scan.
 */
export function adaptCloudFormation(
  t: CfnTemplate,
  graph: ResourceGraph,
  diagnostics: Diagnostic[],
  cdk?: CdkStackEnvironment,
  embedded?: EmbeddedIn,
  /** Set when the whole template may not be deployed (a conditional StackSet or nested stack). */
  existence?: Unknown,
): void {
  const body = t.body as Template & Record<string, unknown>;
  const resources = asRecord(body.Resources);
  // A CDK stack synthesized for an account and region: its pseudo parameters are known.
  const environment = cdk?.account && cdk.region ? { account: cdk.account, region: cdk.region, partition: partitionOfRegion(cdk.region) } : undefined;
  const resolver = new IntrinsicResolver(body, environment);
  resolver.evaluateAllConditions();
  if (resolver.chainTooLong !== undefined) {
    diagnostics.push({
      level: 'note',
      code: 'condition-chain-too-long',
      file: t.file,
      range: t.positions.getKey(['Conditions', resolver.chainTooLong]) ?? t.positions.nearest(['Conditions']) ?? fileStart(t.file),
      message: `condition ${resolver.chainTooLong} depends on a chain of more than ${MAX_CONDITION_CHAIN} conditions; it is taken as undecided and the resources it governs are checked as written`,
    });
  }
  const nulls = new NullValues(t, diagnostics);
  const unknownProperties = new UnknownProperties(t, diagnostics);
  for (const [logicalId, raw] of Object.entries(resources)) {
    const def = asRecord(raw);
    const type = def['Type'];
    if (typeof type !== 'string') {
      // Loops and includes left unexpanded are reported where they are read (expansion, transforms).
      if (!logicalId.startsWith('Fn::')) warnUnreadable(t, logicalId, raw, type, diagnostics);
      continue;
    }
    const mapping = own(CFN_RESOURCE_ADAPTERS, type);
    if (!mapping) {
      warnMisspeltType(t, logicalId, type, diagnostics);
      continue;
    }
    // A resource whose Condition is false is not created: nothing to check.
    const cond = def['Condition'];
    const created = typeof cond === 'string' ? resolver.condition(cond) : true;
    if (created === false) continue;

    const range = t.positions.getKey(['Resources', logicalId]) ?? t.positions.nearest(['Resources']) ?? fileStart(t.file);
    const r = newResource({ address: logicalId, kind: mapping.kind, nativeType: type, source: 'cloudformation', file: t.file, range });
    // Created only if a condition known at deployment holds (or inside a StackSet that is).
    if (created === null) r.existence = new Unknown(`${oneLine(logicalId)} is created only when its Condition ${oneLine(String(cond))} holds, which is known only at deployment`);
    else if (existence) r.existence = existence;
    // The inline template of a StackSet shares its file with the template that declares it: its own scope
    // keeps its logical IDs and references apart from the outer ones.
    const props = asRecord(def['Properties']);
    if (def['Properties'] !== undefined && def['Properties'] !== null && props !== def['Properties']) {
      diagnostics.push({
        level: 'warning',
        code: INVALID_RESOURCE,
        file: t.file,
        range: t.positions.getKey(['Resources', logicalId, 'Properties']) ?? range,
        message: `${oneLine(logicalId)}: Properties is ${describeValue(def['Properties'])}, not a map: CloudFormation rejects it, and trailguard judges the resource as if it had no properties`,
      });
    }
    // Every property CloudFormation accepts for the type, at every level (unknown-properties.ts): a
    // misspelt one (`KmsKeyId` for `KMSKeyId`) would be read as not set and hide what the author meant.
    unknownProperties.check(logicalId, type, props);
    nulls.check(logicalId, props);
    const reader = new CfnPropertyReader(t, logicalId, resolver, props, r, graph, embedded);
    r.locateNative = (path) => t.positions.getKey(['Resources', logicalId, 'Properties', ...path]) ?? t.positions.nearest(['Resources', logicalId, 'Properties', ...path]);
    try {
      mapping.adapt(reader, r);
    } catch (e) {
      // A mapping bug must not stop the scan, nor pass silently: a parse-error finding on the resource.
      diagnostics.push(adapterError(`${type} ${logicalId}`, range, e));
      continue;
    }
    // After the mapping, which compares references with the logical ID (a bucket logging to itself).
    if (embedded) placeEmbedded(r, embedded);
    r.suppressions = readSuppressions(def['Metadata'], t, logicalId);
    const path = asRecord(def['Metadata'])['aws:cdk:path'];
    if (typeof path === 'string' && path !== '') r.constructPath = printableOneLine(path);
    placeInAccount(r, cdk);
    graph.add(r);
  }
  nulls.flush();
  unknownProperties.flush();
}

/**
 * A type CloudFormation does not have, in a service trailguard reads (`AWS::CloudTrail::Trial`), or one
 * of those services' types but for case (`AWS::Cloudtrail::Trail`: type names are case-sensitive):
 * CloudFormation rejects it, and the resource would be passed over as a type no check concerns. Types
 * of other services are not judged (their names are not in cfn-properties.ts).
 */
function warnMisspeltType(t: CfnTemplate, logicalId: string, type: string, diagnostics: Diagnostic[]): void {
  const names = serviceTypes();
  if (names.set.has(type) || type.length > 200) return;
  const service = type.slice(0, Math.max(0, type.lastIndexOf('::')));
  const caseOnly = names.byLowerCase.get(type.toLowerCase());
  if (caseOnly === undefined && !names.services.has(service)) return;
  const near = caseOnly ?? likelyName(type, names.list.filter((n) => n.startsWith(`${service}::`)));
  diagnostics.push({
    level: 'warning',
    code: UNKNOWN_RESOURCE_TYPE,
    file: t.file,
    range: t.positions.getKey(['Resources', logicalId, 'Type']) ?? t.positions.getKey(['Resources', logicalId]) ?? fileStart(t.file),
    message: `${oneLine(logicalId)}: ${oneLine(type)} is not a CloudFormation resource type${near ? ` (did you mean '${near}'?)` : ''}; CloudFormation rejects it and trailguard does not judge it (types as of ${CFN_SPEC_SOURCE})`,
  });
}

/** The type names of cfn-properties.ts, made on first use: most scans never ask (every type is read). */
let typeNames: { set: ReadonlySet<string>; byLowerCase: ReadonlyMap<string, string>; list: readonly string[]; services: ReadonlySet<string> } | undefined;

function serviceTypes(): NonNullable<typeof typeNames> {
  if (typeNames === undefined) {
    const list = CFN_SERVICE_TYPE_NAMES.split('\n').filter((n) => n !== '');
    typeNames = {
      set: new Set(list),
      // Every other resource type of a template asks for its lower case: one lookup, not a pass over the list.
      byLowerCase: new Map(list.map((n) => [n.toLowerCase(), n])),
      list,
      services: new Set(list.map((n) => n.slice(0, n.lastIndexOf('::')))),
    };
  }
  return typeNames;
}

/**
 * A resource entry CloudFormation rejects and trailguard cannot read (not a map, or without a Type
 * string): said at its line, never skipped in silence. A trail written `Type: [AWS::CloudTrail::Trail]`
 * was otherwise simply absent from the report.
 */
function warnUnreadable(t: CfnTemplate, logicalId: string, raw: unknown, type: unknown, diagnostics: Diagnostic[]): void {
  const isMap = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const why = !isMap ? `is ${raw === null ? 'empty' : describeValue(raw)}, not a resource (a map with Type and Properties)` : type === undefined ? 'has no Type' : `has a Type that is ${describeValue(type)}, not a resource type name`;
  diagnostics.push({
    level: 'warning',
    code: INVALID_RESOURCE,
    file: t.file,
    range: t.positions.getKey(['Resources', logicalId]) ?? t.positions.nearest(['Resources']) ?? fileStart(t.file),
    message: `${oneLine(logicalId)} ${why}: CloudFormation rejects it, and trailguard does not judge it`,
  });
}

/** Construct paths are shown on terminals: no control characters, bounded length. */
function printableOneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 1000);
}

function fileStart(file: string): SourceRange {
  return { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
}

/**
 * Inline suppressions in the resource's Metadata:
 *   Metadata:
 *     trailguard:
 *       ignore:
 *         - id: cloudtrail-data-events-s3
 *           reason: data events are recorded by the organization trail
 * A bare rule id string is accepted too. Suppressions written for other tools
 * are honoured for the rules that declare those tools' IDs as aliases
 * (cfn-guard `guard.SuppressedRules`, checkov `checkov.skip`, cfn_nag
 * `cfn_nag.rules_to_suppress`), so migrating users keep their exceptions.
 * cdk-nag acknowledgements (`cdk_nag.rules_to_suppress`, written by cdk-nag at
 * synthesis) count only with a reason, as cdk-nag itself requires one; one
 * limited to some findings (`applies_to`) is not a rule-wide acknowledgement.
 */
function readSuppressions(metadata: unknown, t: CfnTemplate, logicalId: string): Suppression[] {
  const meta = asRecord(metadata);
  const out: Suppression[] = [];
  const base = ['Resources', logicalId, 'Metadata'];
  const add = (tool: SuppressionTool, item: unknown, path: (string | number)[], idKey: string, reasonKey: string): void => {
    const range = t.positions.get(path);
    if (typeof item === 'string') out.push({ ruleId: item, ...(range ? { range } : {}), tool });
    else {
      const rec = asRecord(item);
      const id = rec[idKey];
      const reason = rec[reasonKey];
      if (typeof id !== 'string') return;
      const s: Suppression = { ruleId: id, ...(typeof reason === 'string' ? { reason } : {}), ...(range ? { range } : {}), tool };
      // Only trailguard's own form has an expiry; a value that is not a string (`expires: 20270331`) is kept as
      // text so that it is reported as not a date rather than ignored.
      if (tool === 'trailguard' && rec['expires'] !== undefined && rec['expires'] !== null) {
        s.expires = typeof rec['expires'] === 'string' ? rec['expires'] : JSON.stringify(rec['expires']) ?? String(rec['expires']);
        const at = t.positions.get([...path, 'expires']) ?? range;
        if (at) s.expiresRange = at;
      }
      out.push(s);
    }
  };
  const each = (tool: SuppressionTool, list: unknown, path: (string | number)[], idKey: string, reasonKey: string): void => {
    if (Array.isArray(list)) list.forEach((item, i) => add(tool, item, [...path, i], idKey, reasonKey));
  };
  const tg = asRecord(meta['trailguard']);
  each('trailguard', tg['ignore'], [...base, 'trailguard', 'ignore'], 'id', 'reason');
  each('cfn-guard', asRecord(meta['guard'])['SuppressedRules'], [...base, 'guard', 'SuppressedRules'], 'id', 'reason');
  each('checkov', asRecord(meta['checkov'])['skip'], [...base, 'checkov', 'skip'], 'id', 'comment');
  each('cfn_nag', asRecord(meta['cfn_nag'])['rules_to_suppress'], [...base, 'cfn_nag', 'rules_to_suppress'], 'id', 'reason');
  const nag = asRecord(meta['cdk_nag'])['rules_to_suppress'];
  if (Array.isArray(nag)) {
    nag.forEach((item, i) => {
      const rec = asRecord(item);
      const reason = rec['reason'];
      if (typeof reason !== 'string' || reason.trim() === '' || rec['applies_to'] !== undefined) return;
      add('cdk-nag', item, [...base, 'cdk_nag', 'rules_to_suppress', i], 'id', 'reason');
    });
  }
  return out;
}

/** Gives resource mappings resolved property values and their positions. */
export class CfnPropertyReader extends PropertyReader {
  constructor(
    private readonly t: CfnTemplate,
    private readonly logicalId: string,
    private readonly resolver: IntrinsicResolver,
    private readonly props: Record<string, unknown>,
    resource: Resource,
    private readonly graph?: ResourceGraph,
    private readonly embedded?: EmbeddedIn,
  ) {
    super(resource);
  }

  /**
   * A second resource declared inside this one (an inline policy of a role):
   * it gets its own address (`Role.Policies[0]`) and the positions under
   * `path`, so findings land on the inline document.
   */
  addInner(address: string, kind: Kind, nativeType: string, path: (string | number)[]): Resource {
    const range = this.loc(path) ?? this.resource.range;
    const inner = newResource({ address, kind, nativeType, source: 'cloudformation', file: this.t.file, range });
    if (this.embedded) placeEmbedded(inner, this.embedded);
    if (this.resource.existence) inner.existence = this.resource.existence;
    const base = ['Resources', this.logicalId, 'Properties', ...path];
    inner.locateNative = (p) => this.t.positions.getKey([...base, ...p]) ?? this.t.positions.nearest([...base, ...p]);
    this.graph?.add(inner);
    return inner;
  }

  /** Resolved value of a top-level property; undefined when absent or `AWS::NoValue`. */
  /** The type of another resource of the template (what a `!Ref` or `!GetAtt` points at). */
  typeOf(logicalId: string): string | undefined {
    const def = own(asRecord(this.t.body['Resources']), logicalId);
    const type = def !== null && typeof def === 'object' ? (def as Record<string, unknown>)['Type'] : undefined;
    return typeof type === 'string' ? type : undefined;
  }

  get(name: string): unknown {
    if (!hasOwn(this.props, name)) return undefined;
    const v = this.resolver.resolve(this.props[name]);
    return v === NO_VALUE ? undefined : v;
  }

  has(name: string): boolean {
    return hasOwn(this.props, name);
  }

  loc(path: string | (string | number)[]): SourceRange | undefined {
    const p = Array.isArray(path) ? path : [path];
    return this.t.positions.getKey(['Resources', this.logicalId, 'Properties', ...p]);
  }

  /** A required property that is missing: the template cannot deploy, so the value is unknown, not a violation. */
  required(prop: string, name: string, convert: (v: unknown) => unknown): void {
    const value = this.get(name);
    if (value === undefined || value === null) {
      // A null is refused by CloudFormation as a missing required property is (see null-values.ts).
      this.resource.props[prop] = new Unknown(`required property ${name} is ${value === null ? 'null' : 'missing'}`);
      return;
    }
    this.set(prop, name, convert);
  }

}
