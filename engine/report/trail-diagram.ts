import { severityRank, type Finding, type ScanResult, type Undetermined } from '../findings.js';
import type { Edge, Resource, ResourceGraph } from '../graph.js';
import { Unknown } from '../../core/unknown.js';
import { escapeLine } from './escape.js';
import { compareText } from './order.js';

/**
 * What each trail of the scan depends on, as a picture for the PR comment:
 * its bucket and bucket policy, its key and key policy, its log group with
 * the metric filters on it, their alarms and the alarms' topics, the SCPs
 * that protect it; and the CloudTrail Lake event data stores with their keys.
 * Each node carries the worst verdict on it. Built from the linked graph the
 * rules read (engine/analysis), so the picture shows what was judged.
 */

/** `failing`: a finding at high or above; `warning`: findings below high; `undetermined`: a check could not be judged. */
export type NodeStatus = 'failing' | 'warning' | 'undetermined' | 'ok' | 'outside';

export interface DiagramNode {
  /** Generated (`n1`, `n2`…), never from input: safe as a Mermaid node ID. */
  id: string;
  /** What it is, in words: `S3 bucket`. */
  kind: string;
  /** Its address, or for a resource outside the scan the name the configuration gives it (empty when unknown). Raw input text. */
  name: string;
  /** Our words on a stand-in: `not in the scan`, `known only after deployment`. */
  note?: string;
  /** The file it is declared in (scan-relative), absent for resources outside the scan. */
  file?: string;
  status: NodeStatus;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  /** Protection rather than dependency (an SCP), or a relation known only after deployment. */
  dashed: boolean;
}

export interface TrailDiagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Trails drawn, in order. */
  trails: DiagramNode[];
  /** Per trail whose picture was cut: its node and how many related resources of each kind were left out. */
  cut: { trail: DiagramNode; leftOut: Map<string, number> }[];
  /** Trails not drawn at all (addresses, raw input text). */
  trailsLeftOut: string[];
  eventDataStoresLeftOut: number;
}

/** A PR comment is read on a screen: past these, the picture is a hairball. */
export const MAX_TRAILS_DRAWN = 6;
export const MAX_NODES_PER_TRAIL = 24;
export const MAX_EVENT_DATA_STORES_DRAWN = 6;

const KIND_LABEL: Record<string, string> = {
  trail: 'CloudTrail trail',
  bucket: 'S3 bucket',
  bucket_policy: 'bucket policy',
  key: 'KMS key',
  key_alias: 'KMS alias',
  key_policy: 'key policy',
  log_group: 'log group',
  metric_filter: 'metric filter',
  metric_alarm: 'alarm',
  sns_topic: 'SNS topic',
  org_policy: 'SCP',
  event_data_store: 'event data store',
};

/** Plural forms for the "not drawn" line. */
export const KIND_PLURAL: Record<string, string> = {
  'S3 bucket': 'S3 buckets',
  'bucket policy': 'bucket policies',
  'KMS key': 'KMS keys',
  'KMS alias': 'KMS aliases',
  'key policy': 'key policies',
  'log group': 'log groups',
  'metric filter': 'metric filters',
  alarm: 'alarms',
  'SNS topic': 'SNS topics',
  SCP: 'SCPs',
};

/** A resource of the scan, or one the configuration names but the scan does not hold (or cannot know yet). */
type Ref =
  | { type: 'resource'; key: string; resource: Resource }
  | { type: 'placeholder'; key: string; kind: string; name: string; status: 'outside' | 'undetermined' };

interface Candidate {
  ref: Ref;
  /** The already-listed node it hangs from, and how. */
  from?: { key: string; label: string; dashed: boolean; reverse?: boolean };
}

/** The diagram, or undefined when the scan has no trail and no event data store (or no graph). */
export function trailDiagram(result: ScanResult): TrailDiagram | undefined {
  const graph = result.graph;
  if (!graph) return undefined;
  const trails = graph.ofKind('trail');
  const stores = graph.ofKind('event_data_store');
  if (trails.length === 0 && stores.length === 0) return undefined;

  const verdicts = new Verdicts(graph, result.findings, result.undetermined);
  const index = new PolicyIndex(graph);
  const diagram: TrailDiagram = { nodes: [], edges: [], trails: [], cut: [], trailsLeftOut: [], eventDataStoresLeftOut: 0 };
  const drawn = new Map<string, DiagramNode>();
  const edgeKeys = new Set<string>();
  const draw = (ref: Ref): DiagramNode => {
    let node = drawn.get(ref.key);
    if (!node) {
      node =
        ref.type === 'resource'
          ? { id: `n${drawn.size + 1}`, kind: kindLabel(ref.resource.kind), name: ref.resource.address, file: ref.resource.file, status: verdicts.of(ref.resource) }
          : { id: `n${drawn.size + 1}`, kind: kindLabel(ref.kind), name: ref.name, note: ref.status === 'outside' ? 'not in the scan' : 'known only after deployment', status: ref.status };
      drawn.set(ref.key, node);
      diagram.nodes.push(node);
    }
    return node;
  };
  const connect = (c: Candidate): void => {
    if (!c.from) return;
    const a = drawn.get(c.from.key)!;
    const b = drawn.get(c.ref.key)!;
    const [from, to] = c.from.reverse ? [b, a] : [a, b];
    const key = `${from.id}>${to.id}:${c.from.label}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    diagram.edges.push({ from: from.id, to: to.id, label: c.from.label, dashed: c.from.dashed });
  };

  // Trails with findings first: on a big scan the ones that need attention are the ones drawn.
  const ordered = [...trails].sort((a, b) => statusRank(verdicts.of(b)) - statusRank(verdicts.of(a)) || byPlace(a, b));
  for (const trail of ordered.slice(0, MAX_TRAILS_DRAWN)) {
    const seen = new Set<string>();
    const leftOut = new Map<string, number>();
    let count = 0;
    for (const c of trailCandidates(trail, index, verdicts)) {
      if (seen.has(c.ref.key)) {
        if (drawn.has(c.ref.key) && c.from && drawn.has(c.from.key)) connect(c);
        continue;
      }
      seen.add(c.ref.key);
      if (count >= MAX_NODES_PER_TRAIL) {
        const kind = c.ref.type === 'resource' ? kindLabel(c.ref.resource.kind) : kindLabel(c.ref.kind);
        leftOut.set(kind, (leftOut.get(kind) ?? 0) + 1);
        continue;
      }
      count++;
      const node = draw(c.ref);
      if (c.ref.type === 'resource' && c.ref.resource === trail) diagram.trails.push(node);
      connect(c);
    }
    if (leftOut.size > 0) diagram.cut.push({ trail: drawn.get(trail.id)!, leftOut });
  }
  diagram.trailsLeftOut = ordered.slice(MAX_TRAILS_DRAWN).map((t) => t.address);

  const orderedStores = [...stores].sort((a, b) => statusRank(verdicts.of(b)) - statusRank(verdicts.of(a)) || byPlace(a, b));
  for (const store of orderedStores.slice(0, MAX_EVENT_DATA_STORES_DRAWN)) {
    const storeRef: Ref = { type: 'resource', key: store.id, resource: store };
    draw(storeRef);
    const key = relationRef(store, 'key', 'key');
    if (key) {
      const c: Candidate = { ref: key, from: { key: store.id, label: 'encrypted by', dashed: key.type === 'placeholder' && key.status === 'undetermined' } };
      draw(key);
      connect(c);
    }
  }
  diagram.eventDataStoresLeftOut = Math.max(0, orderedStores.length - MAX_EVENT_DATA_STORES_DRAWN);
  return diagram;
}

/** What one trail depends on, most important first (the budget cuts from the end). */
function* trailCandidates(trail: Resource, index: PolicyIndex, verdicts: Verdicts): Generator<Candidate> {
  const root: Ref = { type: 'resource', key: trail.id, resource: trail };
  yield { ref: root };
  const hang = (ref: Ref, parent: string, label: string): Candidate => ({
    ref,
    from: { key: parent, label, dashed: ref.type === 'placeholder' && ref.status === 'undetermined' },
  });

  const bucket = relationRef(trail, 'bucket', 'bucket');
  if (bucket) {
    yield hang(bucket, trail.id, 'delivers to');
    if (bucket.type === 'resource') {
      for (const p of index.bucketPolicies.get(bucket.resource) ?? []) yield hang(resourceRef(p), bucket.key, 'policy');
    }
  }
  const key = relationRef(trail, 'key', 'key');
  if (key) {
    yield hang(key, trail.id, 'encrypted by');
    if (key.type === 'resource') {
      for (const p of index.keyPolicies.get(key.resource) ?? []) yield hang(resourceRef(p), key.key, 'policy');
    }
  }
  const group = relationRef(trail, 'logGroup', 'log_group');
  if (group) yield hang(group, trail.id, 'sends to');

  for (const { scp, certain } of index.scps) {
    const ref = resourceRef(scp);
    yield { ref, from: { key: trail.id, label: certain ? 'protects' : 'may protect', dashed: true, reverse: true } };
  }

  // Failing filters first: when the budget runs out, what is cut is what passed.
  const filters = [...(trail.lists['metricFilters'] ?? [])].sort((a, b) => statusRank(verdicts.of(b)) - statusRank(verdicts.of(a)));
  const filterParent = group?.key ?? trail.id;
  for (const f of filters) {
    yield hang(resourceRef(f), filterParent, 'filter');
    for (const alarm of f.lists['alarms'] ?? []) {
      yield hang(resourceRef(alarm), f.id, 'alarm');
      for (const topic of alarm.lists['topics'] ?? []) yield hang(resourceRef(topic), alarm.id, 'notifies');
    }
  }
}

function resourceRef(r: Resource): Ref {
  return { type: 'resource', key: r.id, resource: r };
}

/** The target of `relation`, a stand-in when it is outside the scan or known only after deployment, nothing when unset. */
function relationRef(from: Resource, relation: string, kind: string): Ref | undefined {
  const edge: Edge | undefined = from.edges[relation];
  if (!edge || edge.status === 'unset') return undefined;
  if (edge.status === 'resolved') return resourceRef(edge.target);
  if (edge.status === 'outside') return { type: 'placeholder', key: `outside\u0000${kind}\u0000${edge.name}`, kind, name: edge.name, status: 'outside' };
  return { type: 'placeholder', key: `unknown\u0000${from.id}\u0000${relation}`, kind, name: '', status: 'undetermined' };
}

/** Bucket and key policies declared as their own resources, and the SCPs the trail-protection rules evaluate. */
class PolicyIndex {
  readonly bucketPolicies = new Map<Resource, Resource[]>();
  readonly keyPolicies = new Map<Resource, Resource[]>();
  readonly scps: { scp: Resource; certain: boolean }[] = [];

  constructor(graph: ResourceGraph) {
    for (const p of graph.ofKind('bucket_policy')) addResolved(this.bucketPolicies, p, 'bucket');
    for (const p of graph.ofKind('key_policy')) addResolved(this.keyPolicies, p, 'key');
    for (const p of graph.ofKind('org_policy')) {
      const type = p.props['type'];
      if (typeof type === 'string' && type !== 'SERVICE_CONTROL_POLICY') continue;
      // An SCP attached nowhere protects nothing (the rules ignore it too); one whose targets are known only after deployment may.
      const attached = p.props['attachedToRootOrOu'];
      if (attached === true) this.scps.push({ scp: p, certain: true });
      else if (attached instanceof Unknown) this.scps.push({ scp: p, certain: false });
    }
    this.scps.sort((a, b) => byPlace(a.scp, b.scp));
  }
}

function addResolved(map: Map<Resource, Resource[]>, from: Resource, relation: string): void {
  const edge = from.edges[relation];
  if (edge?.status !== 'resolved') return;
  const list = map.get(edge.target);
  if (list) list.push(from);
  else map.set(edge.target, [from]);
}

/**
 * The verdict on each resource: the worst finding that names it or that is
 * placed inside its declaration (a bucket-policy finding is reported on the
 * bucket but placed in the policy), else an undetermined check, else ok.
 * A resource's declaration runs from its first line to the next resource of
 * the same file. Suppressed findings do not count. Findings reach reporters
 * with control characters escaped (escape.ts), so the graph's names are
 * compared escaped too.
 */
class Verdicts {
  private readonly byResource = new Map<string, NodeStatus>();
  /** Per file, the resources declared in it by first line. */
  private readonly declared = new Map<string, { line: number; key: string }[]>();

  constructor(graph: ResourceGraph, findings: readonly Finding[], undetermined: readonly Undetermined[]) {
    for (const r of graph.resources) {
      if (!(r.range.start.line >= 1)) continue;
      const file = escapeLine(r.range.file);
      const list = this.declared.get(file);
      const entry = { line: r.range.start.line, key: keyOf(r) };
      if (list) list.push(entry);
      else this.declared.set(file, [entry]);
    }
    for (const list of this.declared.values()) list.sort((a, b) => a.line - b.line);
    for (const f of findings) {
      if (f.suppressed) continue;
      const status: NodeStatus = severityRank(f.severity) >= severityRank('high') ? 'failing' : 'warning';
      if (f.resource) this.note(resourceKey(f.resource.file, f.resource.address), status);
      this.noteAt(f.location.file, f.location.start.line, status);
    }
    for (const u of undetermined) {
      this.note(resourceKey(u.resource.file, u.resource.address), 'undetermined');
      this.noteAt(u.location.file, u.location.start.line, 'undetermined');
    }
  }

  of(r: Resource): NodeStatus {
    return this.byResource.get(keyOf(r)) ?? 'ok';
  }

  private note(key: string, status: NodeStatus): void {
    const was = this.byResource.get(key);
    if (!was || statusRank(status) > statusRank(was)) this.byResource.set(key, status);
  }

  /** Also a verdict on the resource whose declaration holds `line`: the last one declared at or before it. */
  private noteAt(file: string, line: number, status: NodeStatus): void {
    const list = this.declared.get(file);
    if (!list || !(line >= 1)) return;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.line <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return;
    // Resources declared on the same line (Terraform plan instances) share the verdict.
    const at = list[found]!.line;
    for (let i = found; i >= 0 && list[i]!.line === at; i--) this.note(list[i]!.key, status);
  }
}

function keyOf(r: Resource): string {
  return resourceKey(escapeLine(r.file), escapeLine(r.address));
}

function resourceKey(file: string, address: string): string {
  return `${file}\u0000${address}`;
}

function statusRank(s: NodeStatus): number {
  return s === 'failing' ? 3 : s === 'warning' ? 2 : s === 'undetermined' ? 1 : 0;
}

function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind.replace(/_/g, ' ');
}

function byPlace(a: Resource, b: Resource): number {
  return compareText(a.file, b.file) || a.range.start.line - b.range.start.line || compareText(a.address, b.address);
}
