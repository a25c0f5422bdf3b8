import { Unknown } from '../../core/unknown.js';
import type { ControlEvent, ControlEvents } from './control-events.js';
import { parseFilterPattern, type FilterPattern, type PatternProblem } from './filter-pattern.js';
import { logEventOf, matches, type LogEvent } from './filter-pattern-eval.js';

/**
 * Does a set of metric filters cover a monitoring control (CIS 4.x)?
 *
 * The filters are those on the log group a qualifying trail delivers to. An
 * event of the control is caught when some filter matches it that
 *  - has a pattern CloudWatch accepts,
 *  - matches none of the control's exclusions (a filter that also fires on
 *    the records CIS leaves out alarms on noise, and does not count), and
 *  - has an alarm on its metric with an enabled action.
 * The control is covered when every event is caught; several filters may
 * share the work (a pattern split over two resources).
 *
 * A filter that matches none of a control's events is another control's
 * business and is not mentioned: the root-usage filter is not "noise" for
 * the IAM policy control.
 */

export interface FilterFacts {
  /** How a reason names the filter: "the filter on line 12", "metric filter RootUsage (cis.tf:12)". */
  label: string;
  /** The pattern text, or Unknown when it is known only after deployment. */
  pattern: string | Unknown;
  /** Whether an alarm fires on this filter's metric and notifies: true, false with why, or undetermined. */
  alarm: { ok: true } | { ok: false; reason: string } | { ok: null; reason: string };
}

export type CoverageVerdict = 'covered' | 'uncovered' | 'undetermined';

export interface Coverage {
  verdict: CoverageVerdict;
  /** Why the control is not covered, in words (empty when covered). */
  reasons: string[];
  /** What could not be judged, and why. */
  undetermined: string[];
}

/** Each control's records, turned into log events once. */
const eventCache = new WeakMap<ControlEvent, LogEvent>();
function logEvent(e: ControlEvent): LogEvent {
  let ev = eventCache.get(e);
  if (!ev) eventCache.set(e, (ev = logEventOf(e.record)));
  return ev;
}

type Judged =
  | { f: FilterFacts; state: 'unknown'; reason: string }
  | { f: FilterFacts; state: 'invalid'; problem: PatternProblem }
  | { f: FilterFacts; state: 'valid'; pattern: FilterPattern; hits: boolean[]; noise: ControlEvent[] };

const MAX_NAMED = 8;

function names(xs: readonly string[]): string {
  if (xs.length <= MAX_NAMED) return joinWords(xs);
  return `${xs.slice(0, MAX_NAMED).join(', ')} and ${xs.length - MAX_NAMED} more`;
}

function joinWords(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

type PatternVerdict =
  | { state: 'invalid'; problem: PatternProblem }
  | { state: 'valid'; pattern: FilterPattern; hits: boolean[]; noise: ControlEvent[] };

/**
 * What one pattern text matches of one control's events and exclusions, worked out once: an
 * organization's accounts repeat the same fifteen CIS patterns, each log group is judged for
 * every control, and the answer depends only on the text.
 */
const verdicts = new WeakMap<ControlEvents, Map<string, PatternVerdict>>();
const VERDICT_LIMIT = 10_000;

function patternVerdict(control: ControlEvents, text: string): PatternVerdict {
  let byText = verdicts.get(control);
  if (!byText) verdicts.set(control, (byText = new Map()));
  const hit = byText.get(text);
  if (hit) return hit;
  const parsed = parseFilterPattern(text);
  let v: PatternVerdict;
  if (!parsed.ok) v = { state: 'invalid', problem: parsed.problem };
  else {
    const hits = control.events.map((e) => matches(parsed.pattern, logEvent(e)));
    const noise = hits.some(Boolean) ? control.exclusions.filter((x) => matches(parsed.pattern, logEvent(x))) : [];
    v = { state: 'valid', pattern: parsed.pattern, hits, noise };
  }
  if (byText.size >= VERDICT_LIMIT) byText.clear();
  byText.set(text, v);
  return v;
}

export function judgeCoverage(control: ControlEvents, filters: readonly FilterFacts[]): Coverage {
  const judged: Judged[] = filters.map((f) => {
    if (f.pattern instanceof Unknown) return { f, state: 'unknown', reason: f.pattern.reason };
    return { f, ...patternVerdict(control, f.pattern) };
  });

  const missing: string[] = [];
  const undetermined: string[] = [];
  const noisy = new Map<Judged, string[]>();
  const unalarmed = new Map<Judged, string[]>();
  const undecidedAlarm = new Map<Judged, string[]>();

  control.events.forEach((event, i) => {
    const candidates = judged.filter((j) => j.state === 'valid' && j.hits[i]) as (Judged & { state: 'valid' })[];
    if (candidates.some((j) => j.noise.length === 0 && j.f.alarm.ok === true)) return;
    const unknowns = judged.filter((j) => j.state === 'unknown') as (Judged & { state: 'unknown' })[];
    const maybe = candidates.filter((j) => j.noise.length === 0 && j.f.alarm.ok === null);
    if (maybe.length > 0 || unknowns.length > 0) {
      for (const j of maybe) push(undecidedAlarm, j, event.name);
      for (const j of unknowns) undetermined.push(`${j.f.label}: its pattern is known only after deployment (${j.reason})`);
      return; // a filter we cannot judge may catch it
    }
    if (candidates.length === 0) {
      missing.push(event.name);
      return;
    }
    for (const j of candidates) {
      if (j.noise.length > 0) noisy.set(j, j.noise.map((x) => x.name));
      else if (j.f.alarm.ok === false) push(unalarmed, j, event.name);
    }
  });

  const reasons: string[] = [];
  if (missing.length > 0) {
    reasons.push(
      missing.length === control.events.length && filters.length === 0
        ? `no metric filter on the trail's log group matches ${names(missing)}`
        : `no metric filter matches ${names(missing)}`,
    );
    const invalid = judged.filter((j) => j.state === 'invalid') as (Judged & { state: 'invalid' })[];
    for (const j of invalid) reasons.push(`${j.f.label} has a pattern CloudWatch rejects (${j.problem.message}), so it matches nothing`);
  }
  for (const [j, excluded] of noisy) reasons.push(`${j.f.label} also matches ${joinWords([...new Set(excluded)])}`);
  for (const [j, events] of unalarmed) {
    reasons.push(`${j.f.label} matches ${names(events)}, but ${(j.f.alarm as { reason: string }).reason}`);
  }
  for (const [j, events] of undecidedAlarm) {
    undetermined.push(`${j.f.label} matches ${names(events)}; ${(j.f.alarm as { reason: string }).reason}`);
  }
  const verdict: CoverageVerdict = reasons.length > 0 ? 'uncovered' : undetermined.length > 0 ? 'undetermined' : 'covered';
  return { verdict, reasons, undetermined: [...new Set(undetermined)] };
}

function push<K>(m: Map<K, string[]>, k: K, v: string): void {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
}
