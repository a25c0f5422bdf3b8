import type { Finding, Undetermined } from '../findings.js';
import type { Resource, ResourceGraph } from '../graph.js';
import type { SourceRange } from '../location.js';
import { fingerprint } from '../report/fingerprint.js';
import { evaluateCondition, resolveValue, type EvalContext } from './condition.js';
import { renderMessage } from './template.js';
import type { Condition, Rule } from './types.js';

export interface RuleRunResult {
  findings: Finding[];
  undetermined: Undetermined[];
}

/** Runs every rule over the graph. Pure: no I/O, deterministic order. */
export function runRules(graph: ResourceGraph, rules: readonly Rule[]): RuleRunResult {
  const findings: Finding[] = [];
  const undetermined: Undetermined[] = [];
  for (const rule of rules) {
    if (rule.spec.scope) runScopeRule(rule, graph, findings, undetermined);
    else runResourceRule(rule, graph, findings, undetermined);
  }
  return { findings, undetermined };
}

function runResourceRule(rule: Rule, graph: ResourceGraph, findings: Finding[], undetermined: Undetermined[]): void {
  const { spec } = rule;
  if (!spec.resource || !spec.assert) return;
  const seen = new Set<string>();
  for (const r of graph.ofKind(spec.resource)) {
    const ctx: EvalContext = { graph, params: rule.params, reasons: [], subject: r };
    if (spec.where) {
      const applies = evaluateCondition(spec.where, r, ctx);
      if (applies !== true) continue;
    }
    ctx.reasons = [];
    const verdict = evaluateCondition(spec.assert, r, ctx);
    const property = spec.location ?? firstProperty(spec.assert);
    const [at, atProperty] = subject(r, property);
    const location = locate(at, atProperty);
    if (verdict === false) {
      const f = makeFinding(rule, r, location, atProperty, undefined, at);
      // Two trails sharing one bucket: one finding on the bucket, not two.
      if (!seen.has(f.fingerprint)) {
        seen.add(f.fingerprint);
        findings.push(f);
      }
    } else if (verdict === null) {
      undetermined.push({ ruleId: spec.id, resource: describe(r), location, reason: unique(ctx.reasons).join('; ') || 'cannot be decided' });
    }
  }
}

/**
 * Where a finding belongs: `location: bucket.versioning` puts a trail rule's
 * finding on the trail's bucket (the thing to fix), when that bucket is in the scan.
 */
function subject(r: Resource, property: string | undefined): [Resource, string | undefined] {
  if (!property) return [r, property];
  const dot = property.indexOf('.');
  const rel = dot < 0 ? property : property.slice(0, dot);
  const edge = r.edges[rel];
  if (edge?.status === 'resolved' && !(rel in r.props)) return [edge.target, dot < 0 ? undefined : property.slice(dot + 1)];
  return [r, property];
}

/**
 * "At least one" checks (P1.1, P10.1): judged over everything scanned
 * together. Silent when the scan holds nothing of `when` (a repository of
 * IAM policies has no trail to judge); otherwise the finding points at the
 * first resource of that kind.
 */
function runScopeRule(rule: Rule, graph: ResourceGraph, findings: Finding[], undetermined: Undetermined[]): void {
  const scope = rule.spec.scope!;
  const anchors = [...graph.ofKind(scope.when)].sort(byPosition);
  const anchor = anchors[0];
  if (!anchor) return;
  const ctx: EvalContext = { graph, params: rule.params, reasons: [] };
  const satisfied = (): boolean | null => {
    let verdict: boolean | null = false;
    for (const candidate of graph.ofKind(scope.require.kind)) {
      const t = scope.require.where ? evaluateCondition(scope.require.where, candidate, ctx) : true;
      if (t === true) return true;
      if (t === null) verdict = null;
    }
    return verdict;
  };
  if (scope.forEach === undefined) {
    const verdict = satisfied();
    if (verdict === true) return;
    if (verdict === null) {
      undetermined.push({ ruleId: rule.spec.id, resource: describe(anchor), location: anchor.range, reason: unique(ctx.reasons).join('; ') });
      return;
    }
    findings.push(makeFinding(rule, anchor, anchor.range, undefined, anchors, anchor, graph));
    return;
  }
  // "Each of these must exist" (P12.1's five managed rules): one finding naming every missing value;
  // a value that a resource known only at deployment may provide is undetermined, not missing.
  const each = resolveValue(scope.forEach, ctx);
  const missing: string[] = [];
  for (const item of Array.isArray(each) ? each : [each]) {
    ctx.item = item;
    ctx.reasons = [];
    const verdict = satisfied();
    if (verdict === false) missing.push(String(item));
    else if (verdict === null) {
      undetermined.push({ ruleId: rule.spec.id, resource: describe(anchor), location: anchor.range, reason: `${String(item)}: ${unique(ctx.reasons).join('; ')}` });
    }
  }
  if (missing.length) findings.push(makeFinding(rule, anchor, anchor.range, undefined, anchors, anchor, graph, missing));
}

function byPosition(a: Resource, b: Resource): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line;
}

function makeFinding(
  rule: Rule,
  r: Resource,
  location: SourceRange,
  property: string | undefined,
  considered?: Resource[],
  at: Resource = r,
  graph?: ResourceGraph,
  missing?: string[],
): Finding {
  const { spec } = rule;
  // A suppression on the resource the finding is about, or on the one it is reported at.
  const suppression = [...r.suppressions, ...(at === r ? [] : at.suppressions)].find(
    (s) => s.ruleId === spec.id || s.ruleId === '*' || (spec.aliases ?? []).includes(s.ruleId),
  );
  const finding: Finding = {
    ruleId: spec.id,
    severity: spec.severity,
    message: renderMessage(spec.message, r, rule.params, considered, { ...(graph ? { graph } : {}), ...(missing ? { missing } : {}) }),
    location,
    resource: describe(at),
    catalog: spec.catalog,
    fingerprint: fingerprint({ ruleId: spec.id, file: at.file, address: at.address, ...(property ? { property } : {}) }),
  };
  if (suppression) finding.suppressed = { kind: 'inSource', ...(suppression.reason ? { justification: suppression.reason } : {}) };
  return finding;
}

function describe(r: Resource): Finding['resource'] & object {
  return { address: r.address, kind: r.kind, nativeType: r.nativeType, file: r.file };
}

/** The property's own position if it is written, else its group's, else the resource's. */
function locate(r: Resource, property: string | undefined): SourceRange {
  if (property) {
    const parts = property.split('.');
    for (let n = parts.length; n > 0; n--) {
      const loc = r.locs[parts.slice(0, n).join('.')];
      if (loc) return loc;
    }
  }
  return r.range;
}

function firstProperty(c: Condition): string | undefined {
  if ('property' in c) return c.property;
  if ('related' in c) return c.related;
  if ('all' in c) for (const x of c.all) { const p = firstProperty(x); if (p) return p; }
  if ('any' in c) for (const x of c.any) { const p = firstProperty(x); if (p) return p; }
  if ('not' in c) return firstProperty(c.not);
  return undefined;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

