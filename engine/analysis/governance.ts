import type { Diagnostic } from '../../core/diagnostics.js';
import { newResource, ResourceGraph, type Resource } from '../graph.js';
import { Unknown, type ResourceRef } from '../../core/unknown.js';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { adaptCloudFormation } from '../adapters/cloudformation/adapter.js';
import { setStandard } from '../adapters/governance.js';
import { localAddressOf } from '../graph.js';
import { pushAll } from '../../parsers/arrays.js';

/**
 * The account-level services the governance checks look for (P11, P12, B6),
 * made comparable across input forms:
 *
 * - before linking, the Config rules and remediations inside a conformance
 *   pack's template body become resources of their own (a pack "whose template
 *   body holds those rules" deploys them);
 * - after linking, a recorder takes its Terraform status, a hub's default
 *   standards become standards subscriptions, and each Athena table learns
 *   whether it reads a trail's logs.
 */

/** Kinds a conformance pack template may deploy that the checks read. */
const PACK_KINDS = new Set(['config_rule', 'config_remediation']);

export function expandConformancePacks(graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  for (const pack of [...graph.ofKind('config_conformance_pack')]) {
    const body = pack.props['templateBody'];
    const at = pack.locs['templateBody'] ?? pack.range;
    const unreadable = (reason: string): void => {
      const r = inner(pack, '(template)', 'config_rule');
      r.props['owner'] = r.props['sourceIdentifier'] = new Unknown(reason);
      graph.add(r);
    };
    if (typeof body !== 'string') {
      const s3 = pack.props['templateS3Uri'];
      if (body instanceof Unknown) unreadable(`the template body of conformance pack ${pack.address} is known only at deployment (${body.reason})`);
      else if (s3 !== undefined) unreadable(`conformance pack ${pack.address} takes its template from S3 (TemplateS3Uri), which cannot be read before deployment`);
      else unreadable(`conformance pack ${pack.address} takes its template from outside the configuration`);
      continue;
    }
    let template;
    try {
      template = parseCloudFormation(`${pack.file} (${pack.address} template body)`, body);
    } catch (e) {
      template = null;
      diagnostics.push({ level: 'warning', code: 'conformance-pack-template', file: pack.file, range: at, message: `${pack.address}: the template body cannot be read: ${(e as Error).message.split('\n')[0]}` });
    }
    if (!template) {
      if (!diagnostics.some((d) => d.code === 'conformance-pack-template' && d.file === pack.file && d.range === at)) {
        diagnostics.push({ level: 'warning', code: 'conformance-pack-template', file: pack.file, range: at, message: `${pack.address}: the template body is not a CloudFormation template; the Config rules it holds are undetermined` });
      }
      unreadable(`the template body of conformance pack ${pack.address} is not a template`);
      continue;
    }
    const sub = new ResourceGraph();
    adaptCloudFormation(template, sub, []);
    for (const r of sub.resources) {
      if (!PACK_KINDS.has(r.kind)) continue;
      const out = inner(pack, r.address, r.kind as 'config_rule' | 'config_remediation');
      out.props = r.props;
      out.defaulted = r.defaulted;
      out.names = r.names;
      for (const k of Object.keys(r.locs)) out.locs[k] = at;
      // References inside the pack name its own logical IDs.
      for (const [rel, hint] of Object.entries(r.links)) {
        const v = hint.value;
        out.links[rel] = {
          kinds: hint.kinds,
          value: v instanceof Unknown ? new Unknown(v.reason, v.refs.map((ref): ResourceRef => ({ ...ref, address: `${pack.address}/${ref.address}` })), v.present) : v,
        };
      }
      out.suppressions = pack.suppressions;
      graph.add(out);
    }
  }
}

function inner(pack: Resource, address: string, kind: 'config_rule' | 'config_remediation'): Resource {
  const r = newResource({
    address: `${pack.address}/${address}`,
    kind,
    nativeType: `${pack.nativeType} template ${kind === 'config_rule' ? 'AWS::Config::ConfigRule' : 'AWS::Config::RemediationConfiguration'}`,
    source: pack.source,
    file: pack.file,
    range: pack.locs['templateBody'] ?? pack.range,
  });
  r.scope = pack.scope;
  r.suppressions = pack.suppressions;
  return r;
}

export function analyzeGovernance(graph: ResourceGraph): void {
  mergeRecorderStatus(graph);
  addDefaultStandards(graph);
  addPolicyStandards(graph);
  judgeAthenaTables(graph);
}

/** aws_config_configuration_recorder_status starts (or stops) the recorder it names. */
function mergeRecorderStatus(graph: ResourceGraph): void {
  for (const s of graph.ofKind('config_recorder_status')) {
    const edge = s.edges['recorder'];
    if (edge?.status !== 'resolved') continue;
    const rec = edge.target;
    const on = s.props['isEnabled'];
    // Two status resources for one recorder: it is started if any says so (and unknown beats stopped).
    const prev = rec.defaulted.has('enabled') ? false : rec.props['enabled'];
    rec.props['enabled'] = prev === true || on === true ? true : prev instanceof Unknown ? prev : on ?? false;
    rec.defaulted.delete('enabled');
    rec.locs['enabled'] = s.locs['isEnabled'] ?? s.range;
  }
}

/**
 * EnableSecurityHub (and so AWS::SecurityHub::Hub and aws_securityhub_account)
 * enables CIS AWS Foundations Benchmark v1.2.0 and AWS Foundational Security
 * Best Practices unless EnableDefaultStandards is false (Security Hub CSPM API
 * reference, EnableSecurityHub).
 */
const DEFAULT_STANDARDS = [
  { standard: 'fsbp', version: '1.0.0', arn: 'arn:aws:securityhub:${AWS::Region}::standards/aws-foundational-security-best-practices/v/1.0.0' },
  { standard: 'cis', version: '1.2.0', arn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0' },
];

/**
 * A central configuration policy of the delegated administrator enables its
 * standards in every account it is associated with (Security Hub CSPM user
 * guide, "central configuration"): each ARN is a subscription; one known only at
 * deployment stays unknown.
 */
function addPolicyStandards(graph: ResourceGraph): void {
  for (const policy of [...graph.ofKind('securityhub_configuration_policy')]) {
    if (policy.props['serviceEnabled'] === false) continue;
    const arns = policy.props['enabledStandardArns'];
    const list = Array.isArray(arns) ? arns : arns instanceof Unknown ? [arns] : [];
    list.forEach((arn, i) => {
      const r = newResource({
        address: `${policy.address} (enabled standard ${i + 1})`,
        kind: 'securityhub_standard',
        nativeType: `${policy.nativeType} enabled standard`,
        source: policy.source,
        file: policy.file,
        range: policy.locs['enabledStandardArns'] ?? policy.range,
      });
      r.scope = policy.scope;
      r.props['standardsArn'] = arn;
      setStandard(r);
      graph.add(r);
    });
  }
}

function addDefaultStandards(graph: ResourceGraph): void {
  for (const hub of [...graph.ofKind('securityhub_hub')]) {
    const on = hub.props['enableDefaultStandards'];
    if (on === false) continue;
    for (const d of DEFAULT_STANDARDS) {
      const r = newResource({
        address: `${hub.address} (default ${d.standard === 'fsbp' ? 'AWS Foundational Security Best Practices' : 'CIS v1.2.0'})`,
        kind: 'securityhub_standard',
        nativeType: `${hub.nativeType} default standard`,
        source: hub.source,
        file: hub.file,
        range: hub.locs['enableDefaultStandards'] ?? hub.range,
      });
      r.scope = hub.scope;
      r.props['standardsArn'] = d.arn;
      r.props['standard'] = on === true ? d.standard : on;
      r.props['version'] = d.version;
      r.props['byDefault'] = true;
      graph.add(r);
    }
  }
}

/** A trail's bucket, as the tables may name it: by literal name or by reference to the bucket resource. */
interface TrailBucket {
  names: string[];
  /** Addresses (with scope) of the bucket resource in the scan. */
  resources: { address: string; scope: string }[];
  /** The trail's bucket is known only at deployment. */
  unknown: boolean;
}

function trailBuckets(graph: ResourceGraph): TrailBucket[] {
  return graph.ofKind('trail').map((t) => {
    const out: TrailBucket = { names: [], resources: [], unknown: false };
    const name = t.props['bucketName'];
    if (typeof name === 'string') out.names.push(name);
    else if (name instanceof Unknown) {
      for (const ref of name.refs) out.resources.push({ address: ref.address, scope: t.scope });
    }
    const edge = t.edges['bucket'];
    if (edge?.status === 'resolved') {
      out.resources.push({ address: edge.target.address, scope: edge.target.scope });
      const n = edge.target.props['name'];
      if (typeof n === 'string') out.names.push(n);
    } else if (edge?.status === 'unknown') out.unknown = true;
    return out;
  });
}

/**
 * P11.3: a table reads the trail's logs when one of its S3 locations is
 * `s3://<trail bucket>/[prefix/]AWSLogs/…`, where CloudTrail writes
 * (CloudTrail User Guide, "Finding your CloudTrail log files"; the Athena
 * User Guide's CloudTrail table uses the same LOCATION).
 */
function judgeAthenaTables(graph: ResourceGraph): void {
  const tables = graph.ofKind('athena_table');
  if (tables.length === 0) return;
  const buckets = trailBuckets(graph);
  for (const t of tables) {
    const src = t.props['locationSources'] as { kind: 'location' | 'query'; values: unknown[] } | undefined;
    if (!src) continue;
    const uris: string[] = [];
    let unknownReason: string | undefined;
    for (const v of src.values) {
      const text = typeof v === 'string' ? v : v instanceof Unknown ? v.template : undefined;
      if (text === undefined) {
        unknownReason ??= v instanceof Unknown ? v.reason : 'not a string';
        continue;
      }
      if (src.kind === 'location') uris.push(text.trim());
      else pushAll(uris, s3UrisIn(text));
    }
    t.props['locations'] = uris;
    let verdict: boolean | null = false;
    for (const uri of uris) {
      const v = overTrailBucket(uri, t, buckets, graph);
      if (v === true) {
        verdict = true;
        break;
      }
      if (v === null) verdict = null;
    }
    if (verdict === false && unknownReason !== undefined) verdict = null;
    t.props['overTrailBucket'] = verdict === null ? new Unknown(unknownReason ?? `the table's location (${uris.join(', ')}) is known only at deployment`) : verdict;
  }
}

const URI_END = new Set([' ', '\t', '\n', '\r', "'", '"', '`', ')', ';', ',']);

/** Every `s3://…` in a query's text, each up to a quote, a blank or a delimiter. */
export function s3UrisIn(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('s3://');
  while (i >= 0 && out.length < 100) {
    let j = i + 5;
    while (j < text.length && !URI_END.has(text[j]!)) j++;
    out.push(text.slice(i, j));
    i = text.indexOf('s3://', j);
  }
  return out;
}

function overTrailBucket(uri: string, table: Resource, buckets: TrailBucket[], graph: ResourceGraph): boolean | null {
  if (!uri.startsWith('s3://')) return false;
  const rest = uri.slice(5);
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  const segments = slash < 0 ? [] : rest.slice(slash + 1).split('/');
  let pathOk: boolean | null = segments.includes('AWSLogs');
  if (!pathOk && segments.some((s) => s.includes('${'))) pathOk = null;
  if (pathOk === false) return false;
  let bucketOk: boolean | null = false;
  if (host.startsWith('${') && host.endsWith('}') && host.indexOf('}') === host.length - 1) {
    // A reference written into the location: `${TrailBucket}`, `${aws_s3_bucket.trail.id}`.
    const ref = host.slice(2, -1);
    const refersTo = (address: string): boolean => ref === address || ref.startsWith(`${address}.`);
    if (buckets.some((b) => b.resources.some((x) => x.scope === table.scope && refersTo(x.address)))) bucketOk = true;
    else {
      const target = graph.ofKind('bucket').find((b) => b.scope === table.scope && refersTo(localAddressOf(b)));
      const name = target?.props['name'];
      if (target && typeof name === 'string') bucketOk = buckets.some((b) => b.names.includes(name)) ? true : buckets.some((b) => b.unknown) ? null : false;
      else bucketOk = target && buckets.every((b) => !b.unknown) ? false : null;
    }
  } else if (host.includes('${')) bucketOk = null;
  else if (buckets.some((b) => b.names.includes(host))) bucketOk = true;
  else if (buckets.some((b) => b.unknown || (b.names.length === 0 && b.resources.length > 0))) bucketOk = null;
  if (bucketOk === false) return false;
  return bucketOk === true && pathOk === true ? true : null;
}
