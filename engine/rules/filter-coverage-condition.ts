import type { Resource } from '../graph.js';
import type { ControlEvents } from '../semantics/control-events.js';
import { judgeCoverage, type Coverage, type FilterFacts } from '../semantics/filter-coverage.js';
import { Unknown } from '../../core/unknown.js';
import type { EvalContext, Tri } from './condition.js';
import type { FilterCoverageSpec } from './types.js';
import { pushAll } from '../../parsers/arrays.js';

/**
 * The `filterCoverage` condition, on a trail: do the metric filters on the
 * trail's CloudWatch Logs group cover the control (semantics/filter-coverage.ts)?
 *
 * The graph side is the monitoring chain's: the trail's `logGroup` edge, the
 * group's `metricFilters` list, and on each filter its `pattern` (with
 * `locs.pattern`), `alarmed` and `alarmProblem`.
 *
 * CIS asks for the filters on the log group of *a* multi-region trail that is
 * logging and records all management events: the condition is judged on
 * such trails, another qualifying trail whose group covers the control
 * satisfies it for all of them, and a trail that does not qualify is
 * reported only when no trail in the scan does.
 */
export function evaluateFilterCoverage(spec: FilterCoverageSpec, trail: Resource, ctx: EvalContext): Tri {
  const control = spec.definition;
  if (!control) {
    ctx.reasons.push(`the events file ${spec.events} was not loaded`);
    return null;
  }
  const scan = scanFacts(ctx.graph.ofKind('trail'));
  const self = scan.qualifies(trail);
  if (self !== true) {
    // Judged on the qualifying trails; this one only speaks when there is none (another trail that
    // qualifies or may qualify). This trail is among the counted ones only when it may qualify itself.
    if (scan.notDisqualified - (self === null && scan.counts(trail) ? 1 : 0) > 0) return true;
    if (self === null) {
      ctx.reasons.push('whether the trail is multi-region, logging and records all management events is known only after deployment');
      return null;
    }
    (ctx.details ??= []).push(
      'CIS counts the metric filters of a multi-region trail that is logging and records all management events, and no trail in the scan is one',
    );
    return false;
  }
  const own = trailCoverage(control, trail);
  if (own.verdict === 'covered') return true;
  // Another qualifying trail whose group covers the control (this one does not, so it is not counted).
  if (scan.coveredBy(control) > 0) return true;
  if (own.verdict === 'undetermined') {
    pushAll(ctx.reasons, own.undetermined);
    return null;
  }
  pushAll((ctx.details ??= []), own.reasons);
  return false;
}

/**
 * What the condition asks of every trail in the scan, counted once per scan
 * rather than once per trail and rule: asked per trail, fifteen rules over n
 * trails cost 15·n² (10,000-resource plans spent minutes here).
 */
interface ScanFacts {
  qualifies(t: Resource): Tri;
  /** Whether the trail is one of the scan's trails (and so in the counts). */
  counts(t: Resource): boolean;
  /** Trails that qualify or may qualify (not `false`). */
  notDisqualified: number;
  /** Qualifying trails whose log group's filters cover the control. */
  coveredBy(control: ControlEvents): number;
}

const scanFactsOf = new WeakMap<readonly Resource[], { size: number; facts: ScanFacts }>();

function scanFacts(trails: readonly Resource[]): ScanFacts {
  const known = scanFactsOf.get(trails);
  // The list is the graph's live index: recount if a trail was added since.
  if (known && known.size === trails.length) return known.facts;
  const verdicts = new Map<Resource, Tri>();
  for (const t of trails) verdicts.set(t, qualifies(t));
  // A trail that may not be created answers for no other trail.
  const qualifying = trails.filter((t) => verdicts.get(t) === true && !t.existence);
  const covered = new Map<ControlEvents, number>();
  const facts: ScanFacts = {
    qualifies: (t) => (verdicts.has(t) ? verdicts.get(t)! : qualifies(t)),
    counts: (t) => verdicts.has(t),
    notDisqualified: trails.filter((t) => verdicts.get(t) !== false).length,
    coveredBy(control) {
      let n = covered.get(control);
      if (n === undefined) covered.set(control, (n = qualifying.filter((t) => trailCoverage(control, t).verdict === 'covered').length));
      return n;
    },
  };
  scanFactsOf.set(trails, { size: trails.length, facts });
  return facts;
}

/** Multi-region, logging, recording read and write management events: true, false, or null (known only after deployment). */
function qualifies(t: Resource): Tri {
  const rec = t.props['recording'];
  const excluded = rec instanceof Unknown ? rec : (rec as Record<string, unknown> | undefined)?.['managementExcludedSources'];
  const facts = [
    t.props['multiRegion'],
    t.props['logging'],
    rec instanceof Unknown ? rec : (rec as Record<string, unknown> | undefined)?.['managementRead'],
    rec instanceof Unknown ? rec : (rec as Record<string, unknown> | undefined)?.['managementWrite'],
    // "All management events": a trail that leaves KMS or RDS Data API events out does not count (CIS 4.7
    // watches KMS events).
    excluded instanceof Unknown ? excluded : Array.isArray(excluded) ? excluded.length === 0 : excluded === undefined ? undefined : true,
  ];
  if (facts.some((f) => f === false || f === undefined)) return false;
  if (facts.every((f) => f === true)) return true;
  return null;
}

const byGroup = new WeakMap<Resource, Map<ControlEvents, Coverage>>();

function trailCoverage(control: ControlEvents, trail: Resource): Coverage {
  const edge = trail.edges['logGroup'] ?? { status: 'unset' as const };
  switch (edge.status) {
    case 'unset':
      return { verdict: 'uncovered', reasons: ['the trail sends no events to CloudWatch Logs, so no metric filter sees them'], undetermined: [] };
    case 'outside':
      return { verdict: 'undetermined', reasons: [], undetermined: [`its log group '${edge.name}' is not part of the scan`] };
    case 'unknown':
      return { verdict: 'undetermined', reasons: [], undetermined: [`its log group: ${edge.reason}`] };
    case 'resolved': {
      const group = edge.target;
      let perControl = byGroup.get(group);
      if (!perControl) byGroup.set(group, (perControl = new Map()));
      let c = perControl.get(control);
      if (!c) perControl.set(control, (c = judgeCoverage(control, filtersOf(group))));
      return c;
    }
  }
}

function filtersOf(group: Resource): FilterFacts[] {
  const filters = (group as { lists?: Record<string, Resource[]> }).lists?.['metricFilters'] ?? [];
  return filters.map(filterFacts);
}

export function filterLabel(f: Resource): string {
  const name = typeof f.props['name'] === 'string' && f.props['name'] ? f.props['name'] : f.address;
  const at = f.locs['pattern'] ?? f.range;
  return `the filter ${name} (${f.file}:${at.start.line})`;
}

function filterFacts(f: Resource): FilterFacts {
  const raw = f.props['pattern'];
  const pattern = typeof raw === 'string' ? raw : raw instanceof Unknown ? raw : new Unknown('the filter has no pattern');
  const alarmed = f.props['alarmed'];
  const problem = typeof f.props['alarmProblem'] === 'string' ? (f.props['alarmProblem'] as string) : undefined;
  const alarm: FilterFacts['alarm'] =
    // A filter that may not be created (its condition or count known only at deployment) covers only maybe.
    alarmed === true && f.existence ? { ok: null, reason: f.existence.reason }
    : alarmed === true
      ? { ok: true }
      : alarmed === false
        ? { ok: false, reason: problem ?? "the filter's metric has no alarm with an enabled action" }
        : { ok: null, reason: alarmed instanceof Unknown ? `its alarm: ${alarmed.reason}` : 'whether an alarm notifies on its metric cannot be decided' };
  return { label: filterLabel(f), pattern, alarm };
}
