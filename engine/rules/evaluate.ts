import type { Finding, FindingResource, Undetermined } from '../findings.js';
import { matchingSuppressions, setCandidates } from '../suppressions/candidates.js';
import type { Resource, ResourceGraph } from '../graph.js';
import type { SourceRange } from '../../core/location.js';
import { digest, locationText, withCause } from '../report/fingerprint.js';
import { RuleFinding } from './rule-finding.js';
import { sortedByKey } from '../report/order.js';
import { evaluateCondition, resolveValue, type EvalContext } from './condition.js';
import { renderMessage, type MessageExtras } from './template.js';
import type { Condition, Rule } from './types.js';
import { oneLine } from '../../parsers/quote.js';

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
    else {
      runResourceRule(rule, graph, findings, undetermined);
      notJudgedInUnreadModules(rule, graph, undetermined);
    }
  }
  return { findings, undetermined };
}

/**
 * A module whose source was not read may create resources this rule checks:
 * the rule is undetermined there, at the module block, never silently passed.
 */
function notJudgedInUnreadModules(rule: Rule, graph: ResourceGraph, undetermined: Undetermined[]): void {
  for (const m of graph.ofKind('unread_module')) {
    undetermined.push({ ruleId: rule.spec.id, resource: describe(m), location: m.range, reason: unreadReason(m) });
  }
}

function unreadReason(m: Resource): string {
  return typeof m.props['reason'] === 'string' ? m.props['reason'] : `${m.address} is not read`;
}

function runResourceRule(rule: Rule, graph: ResourceGraph, findings: Finding[], undetermined: Undetermined[]): void {
  const { spec } = rule;
  if (!spec.resource || !spec.assert) return;
  const seen = new Set<string>();
  // Where findings go depends on the rule only: worked out once, not once per resource.
  const whereProperty = spec.where ? (spec.location ?? firstProperty(spec.where)) : undefined;
  const property = spec.location ?? firstProperty(spec.assert);
  // Indexed, over the graph's own list when there are no stand-ins: a rule judges every resource of its kind.
  const standIns = standInsFor(rule, graph);
  const subjects = standIns.length === 0 ? graph.ofKind(spec.resource) : [...graph.ofKind(spec.resource), ...standIns];
  for (let i = 0; i < subjects.length; i++) {
    const r = subjects[i]!;
    const ctx: EvalContext = { graph, params: rule.params, reasons: [], subject: r };
    if (spec.where) {
      const applies = evaluateCondition(spec.where, r, ctx);
      if (applies === false) continue;
      if (applies === null) {
        // Whether the rule applies is itself unknown (the trail's bucket cannot be linked...): say so.
        const whereSubject = subject(r, whereProperty);
        const location = locate(whereSubject[0], whereSubject[1]);
        undetermined.push({ ruleId: spec.id, resource: describe(r), location, reason: joinReasons(ctx.reasons) || 'cannot be decided' });
        continue;
      }
    }
    ctx.reasons = [];
    ctx.failedActions = [];
    const verdict = evaluateCondition(spec.assert, r, ctx);
    // Most resources pass most rules: where a finding would go is worked out only for one that does not.
    if (verdict === true) continue;
    // Read by index: destructuring an array goes through its iterator in baseline code.
    const at0 = subject(r, property);
    let at = at0[0];
    const atProperty = at0[1];
    let location = locate(at, atProperty);
    let fingerprintProperty = atProperty;
    if (at === r && r.standIn) {
      // A stand-in trail has no line of its own: an SCP rule's finding points at the SCP, any
      // other at the bucket or key that shows the trail exists.
      at = r.standIn.scpAnchor ?? r.standIn.source;
      location = at.range;
      fingerprintProperty = r.address;
    }
    if (verdict === false) {
      // Two trails sharing one bucket: one finding on the bucket, not two (the same place, whatever each
      // message says). The place is the text the finding's locationFingerprint hashes: a second finding
      // there is not made at all.
      const place = locationText({ ruleId: spec.id, file: at.file, address: at.address, property: fingerprintProperty });
      if (seen.has(place)) continue;
      seen.add(place);
      // Built member by member: an object spread per finding is V8's slow path (tens of thousands of findings).
      const extra: MessageExtras = {};
      if (ctx.failedActions) extra.failedActions = ctx.failedActions;
      if (ctx.details) extra.details = ctx.details;
      findings.push(makeFinding(rule, r, location, place, fingerprintProperty, undefined, at, extra));
    } else if (verdict === null) {
      undetermined.push({ ruleId: spec.id, resource: describe(r), location, reason: joinReasons(ctx.reasons) || 'cannot be decided' });
    }
  }
}

/**
 * The stand-in trails a rule also judges (`evident:`): for a scope check only when the scan holds
 * no trail (then every stand-in carries the SCP its findings point at).
 */
function standInsFor(rule: Rule, graph: ResourceGraph): Resource[] {
  const kind = rule.spec.evident;
  if (!kind || rule.spec.resource !== 'trail') return [];
  const scope = rule.spec.scopeCheck === true;
  return graph.evidentTrails.filter((t) => t.standIn?.kind === kind && (!scope || t.standIn.scpAnchor !== undefined));
}

/**
 * Where a finding belongs: `location: bucket.versioning` puts a trail rule's
 * finding on the trail's bucket (the thing to fix), when that bucket is in the scan.
 */
function subject(r: Resource, property: string | undefined): [Resource, string | undefined] {
  if (!property) return [r, property];
  const dot = property.indexOf('.');
  const rel = dot < 0 ? property : property.slice(0, dot);
  const edge = Object.hasOwn(r.edges, rel) ? r.edges[rel] : undefined;
  if (edge?.status === 'resolved' && !Object.hasOwn(r.props, rel)) return [edge.target, dot < 0 ? undefined : property.slice(dot + 1)];
  return [r, property];
}

/**
 * "At least one" checks (P1.1, P10.1): judged over everything scanned
 * together for one account. CDK stacks (cdk.out/manifest.json) for the same
 * account form one scope, an environment-agnostic stack is its own, a
 * StackSet's target accounts and a Terraform provider configuration's
 * account are theirs, and everything else is one scope: one account's trail
 * never satisfies another account's check, unless it is an organization
 * trail (CloudTrail creates it in every member account). Silent for a scope that holds nothing of `when` (a
 * repository of IAM policies has no trail to judge); otherwise the finding
 * points at the scope's first resource of that kind.
 */
function runScopeRule(rule: Rule, graph: ResourceGraph, findings: Finding[], undetermined: Undetermined[]): void {
  const scope = rule.spec.scope!;
  const byScope = new Map<string, Resource[]>();
  for (const r of graph.ofKind(scope.when)) {
    const key = r.accountScope ?? '';
    const list = byScope.get(key);
    if (list) list.push(r);
    else byScope.set(key, [r]);
  }
  // A scope with something not read (a module, a StackSet's remote template) may hold one: asked too.
  const unreadByScope = new Map<string, Resource[]>();
  for (const m of graph.ofKind('unread_module')) {
    const key = m.accountScope ?? '';
    const list = unreadByScope.get(key);
    if (list) list.push(m);
    else unreadByScope.set(key, [m]);
    if (!byScope.has(key)) byScope.set(key, []);
  }
  // No scope holds a resource of `when`: still asked once.
  if (byScope.size === 0) byScope.set('', []);
  // With several accounts in the scan, a finding says which one it is about; with one, nothing changes.
  const severalAccounts = accountScopeCount(graph) > 1;
  for (const [key, members] of [...byScope].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // An organization trail (or organization event data store) exists in every member account: one
    // scanned with another account's resources answers for theirs too.
    const candidates = graph.ofKind(scope.require.kind).filter((c) => (c.accountScope ?? '') === key || c.props['organization'] === true);
    const anchors = byPosition(members);
    const unread = unreadByScope.get(key) ?? [];
    const label = severalAccounts ? accountLabelOf(key, [...anchors, ...unread]) : undefined;
    runOneScope(rule, graph, anchors, candidates, unread, findings, undetermined, label);
  }
}

/** How a scope finding names the default scope when the scan holds others. */
export const DEFAULT_ACCOUNT_LABEL = 'the default account (other accounts of the scan are judged apart)';

/** Account scopes of the scan's resources (the default one counts as one), per graph: every scope rule asks. */
const scopeCounts = new WeakMap<ResourceGraph, number>();

function accountScopeCount(graph: ResourceGraph): number {
  let n = scopeCounts.get(graph);
  if (n === undefined) {
    const keys = new Set<string>();
    for (const r of graph.resources) keys.add(r.accountScope ?? '');
    n = keys.size;
    scopeCounts.set(graph, n);
  }
  return n;
}

/**
 * The words for a scope's account: its resources' labels (as set with the scope, placeInAccount), each
 * once, in the order of the resources; the default scope's own words for ''.
 */
function accountLabelOf(key: string, members: readonly Resource[]): string {
  if (key === '') return DEFAULT_ACCOUNT_LABEL;
  const labels = [...new Set(members.flatMap((m) => (m.accountLabel === undefined ? [] : [m.accountLabel])))];
  return labels.length > 0 ? labels.join('; ') : `account scope ${oneLine(key)}`;
}

function runOneScope(
  rule: Rule,
  graph: ResourceGraph,
  anchors: Resource[],
  candidates: readonly Resource[],
  unread: readonly Resource[],
  findings: Finding[],
  undetermined: Undetermined[],
  accountLabel: string | undefined,
): void {
  const scope = rule.spec.scope!;
  const anchor = anchors[0];
  // With several accounts in the scan, what is undetermined says for which one, as findings do.
  const forAccount = (reason: string): string => (accountLabel === undefined ? reason : `${reason} (judged for ${accountLabel})`);
  if (!anchor) {
    // A module not read may hold the only trail: the check is undetermined there, not silent.
    for (const m of unread) undetermined.push({ ruleId: rule.spec.id, resource: describe(m), location: m.range, reason: forAccount(unreadReason(m)) });
    return;
  }
  const ctx: EvalContext = { graph, params: rule.params, reasons: [] };
  const satisfied = (): boolean | null => {
    let verdict: boolean | null = false;
    for (const candidate of candidates) {
      const t = scope.require.where ? evaluateCondition(scope.require.where, candidate, ctx) : true;
      // One that qualifies but may not be created answers nothing for sure; another may.
      if (t === true && candidate.existence) {
        ctx.reasons.push(candidate.existence.reason);
        verdict = null;
        continue;
      }
      if (t === true) return true;
      if (t === null) verdict = null;
    }
    return verdict;
  };
  const unreadInstead = (): void => {
    // None qualifies among what was read, but a module not read may create one that does.
    for (const m of unread) undetermined.push({ ruleId: rule.spec.id, resource: describe(m), location: m.range, reason: forAccount(unreadReason(m)) });
  };
  if (scope.forEach === undefined) {
    const verdict = satisfied();
    if (verdict === true) return;
    if (verdict === false && unread.length > 0) return unreadInstead();
    if (verdict === null) {
      undetermined.push({ ruleId: rule.spec.id, resource: describe(anchor), location: anchor.range, reason: forAccount(joinReasons(ctx.reasons)) });
      return;
    }
    const extra: MessageExtras = { graph };
    if (accountLabel !== undefined) extra.accountLabel = accountLabel;
    findings.push(makeFinding(rule, anchor, anchor.range, placeOf(rule, anchor), undefined, anchors, anchor, extra));
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
      undetermined.push({ ruleId: rule.spec.id, resource: describe(anchor), location: anchor.range, reason: forAccount(`${String(item)}: ${joinReasons(ctx.reasons)}`) });
    }
  }
  if (missing.length > 0 && unread.length > 0) return unreadInstead();
  if (missing.length) {
    const extra: MessageExtras = { graph, missing };
    if (accountLabel !== undefined) extra.accountLabel = accountLabel;
    findings.push(makeFinding(rule, anchor, anchor.range, placeOf(rule, anchor), undefined, anchors, anchor, extra));
  }
}

/** A scope rule's place: its anchor, no property. */
function placeOf(rule: Rule, anchor: Resource): string {
  return locationText({ ruleId: rule.spec.id, file: anchor.file, address: anchor.address });
}

/**
 * By file, then line. Each resource's line read once rather than twice per comparison: a plan's lines
 * are worked out when first read (parsers/terraform/plan/positions.ts), and a scope rule over a
 * large plan's trails compares tens of thousands of times. The same order as comparing the resources
 * themselves (the sort is stable).
 */
function byPosition(resources: readonly Resource[]): Resource[] {
  return sortedByKey(
    resources,
    (r) => ({ file: r.file, line: r.range.start.line }),
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line),
  );
}

function makeFinding(
  rule: Rule,
  r: Resource,
  location: SourceRange,
  /** What its locationFingerprint hashes (fingerprint.ts, locationText): rule, `at`'s file and address, `property`. */
  place: string,
  property: string | undefined,
  considered?: Resource[],
  at: Resource = r,
  extra: MessageExtras = {},
): Finding {
  const { spec } = rule;
  // Suppressions on the resource the finding is about, or on the one it is reported at; whether one
  // applies (expiry, a valid date) is decided after all rules ran (engine/suppressions/apply.ts).
  // Most resources carry none: no lists made then.
  const suppressions =
    r.suppressions.length === 0 && at.suppressions.length === 0 ? undefined : matchingSuppressions(at === r ? [r] : [r, at], spec.id, spec.aliases ?? []);
  const message = renderMessage(spec.message, r, rule.params, considered, extra);
  // The cause leaves out what the scan around the finding holds ({{considered}}, {{inScan.…}}, and which
  // account when the scan holds several): adding an unrelated trail, or another account's stack, elsewhere
  // does not make an old finding new.
  const cause = considered || extra.graph || extra.accountLabel !== undefined ? renderMessage(spec.message, r, rule.params, undefined, withoutScan(extra)) : message;
  const finding = new RuleFinding(spec.id, spec.severity, message, location, describe(at), spec.catalog, digest(withCause(place, cause)), property);
  if (suppressions) setCandidates(finding, suppressions);
  return finding;
}

/**
 * One description per resource, shared (frozen) by its findings and undetermined checks: a resource of a
 * large plan has a dozen findings, and reporters key what they write of it by this object (json-finding-text.ts).
 */
const descriptions = new WeakMap<Resource, FindingResource>();

function describe(r: Resource): FindingResource {
  let d = descriptions.get(r);
  if (d === undefined) {
    d = Object.freeze({ address: r.address, kind: r.kind, nativeType: r.nativeType, file: r.file, ...(r.constructPath ? { constructPath: r.constructPath } : {}) });
    descriptions.set(r, d);
  }
  return d;
}

/** The property's own position if it is written, else its group's, else the resource's. */
function locate(r: Resource, property: string | undefined): SourceRange {
  // `a.b.c`, then `a.b`, then `a`: shorter prefixes by cutting at the last dot (no arrays per finding).
  for (let key = property; key; ) {
    const loc = r.locs[key];
    if (loc) return loc;
    const dot = key.lastIndexOf('.');
    key = dot < 0 ? undefined : key.slice(0, dot);
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

/**
 * The reasons a check is undetermined, each once; properties unknown for the
 * same reason are named together (`attachedUsers, attachedGroups: it is
 * attached to no user…`) rather than repeating the reason.
 */
function joinReasons(reasons: readonly string[]): string {
  // Each distinct reason once, in order of first mention; loops by index and Map.forEach, no destructuring
  // (an undetermined check or a finding with reasons passes here: in baseline code each array pattern,
  // spread and for…of is an iterator).
  const byReason = new Map<string, string[]>();
  const seen = new Set<string>();
  for (let i = 0; i < reasons.length; i++) {
    const r = reasons[i]!;
    if (seen.has(r)) continue;
    seen.add(r);
    const cut = r.indexOf(': ');
    const named = cut > 0 && REASON_SUBJECT.test(r.slice(0, cut));
    const subject = named ? r.slice(0, cut) : '';
    const why = named ? r.slice(cut + 2) : r;
    const subjects = byReason.get(why);
    if (subjects) subjects.push(subject);
    else byReason.set(why, [subject]);
  }
  const parts: string[] = [];
  byReason.forEach((subjects, why) => {
    const named = subjects.filter((s) => s !== '');
    parts.push(named.length > 0 ? `${named.join(', ')}: ${why}` : why);
  });
  return parts.join('; ');
}

/** `attachedUsers` or `bucket.policy` before a reason's `: `. */
const REASON_SUBJECT = /^[A-Za-z][\w.]*$/;


/** The extras that do not depend on the rest of the scan: without the graph nor the account label. */
function withoutScan(extra: MessageExtras): MessageExtras {
  const { graph: _graph, accountLabel: _accountLabel, ...rest } = extra;
  return rest;
}
