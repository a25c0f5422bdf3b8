import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readControlEvents, type ControlEvents } from '../../engine/semantics/control-events.js';
import { judgeCoverage, type FilterFacts } from '../../engine/semantics/filter-coverage.js';
import { parseFilterPattern } from '../../engine/semantics/filter-pattern.js';
import { Unknown } from '../../core/unknown.js';

/**
 * Coverage of the CIS 4.x controls by metric filters, judged by what the
 * patterns match over each control's events (rules/<id>/events.yaml).
 */

const rulesDir = join(import.meta.dirname, '../../rules');
const controls = new Map<string, ControlEvents>();
for (const dir of readdirSync(rulesDir).sort()) {
  const file = join(rulesDir, dir, 'events.yaml');
  if (!existsSync(file)) continue;
  const { events, problems } = readControlEvents(parse(readFileSync(file, 'utf8')));
  if (!events) throw new Error(`${file}: ${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`);
  controls.set(events.control, events);
}

function control(id: string): ControlEvents {
  const c = controls.get(id);
  if (!c) throw new Error(`no events file for ${id}`);
  return c;
}

const ok = { ok: true } as const;
const filter = (pattern: string | Unknown, label = 'the filter on line 12', alarm: FilterFacts['alarm'] = ok): FilterFacts => ({ label, pattern, alarm });

describe('every control C4.1–C4.15 has its events', () => {
  it('fifteen controls, each with events and published patterns', () => {
    expect([...controls.keys()].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))).toEqual(
      Array.from({ length: 15 }, (_, i) => `C4.${i + 1}`),
    );
    for (const c of controls.values()) {
      expect(c.events.length, c.control).toBeGreaterThan(0);
      expect(c.patterns.length, c.control).toBeGreaterThan(0);
      expect(c.sources.length, c.control).toBeGreaterThan(0);
    }
  });
  it('records are shaped as CloudTrail writes them', () => {
    for (const c of controls.values()) {
      for (const e of [...c.events, ...c.exclusions]) {
        expect(typeof e.record['eventSource'], `${c.control} ${e.name}`).toBe('string');
        expect(typeof e.record['eventName'], `${c.control} ${e.name}`).toBe('string');
        expect(typeof (e.record['userIdentity'] as Record<string, unknown>)['type'], `${c.control} ${e.name}`).toBe('string');
        expect(['AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent']).toContain(e.record['eventType']);
      }
    }
  });
});

describe('the published CIS and Security Hub patterns', () => {
  const cases = [...controls.values()].flatMap((c) => c.patterns.map((p) => [c.control, p.source, p] as const));
  it.each(cases)('%s: %s', (id, _source, p) => {
    expect(parseFilterPattern(p.pattern).ok).toBe(true);
    const result = judgeCoverage(control(id), [filter(p.pattern)]);
    expect(result.verdict, result.reasons.join('; ')).toBe(p.covers ? 'covered' : 'uncovered');
  });
  it('Security Hub CloudWatch.2 alarms on what CIS v1.4.0 4.1 leaves out', () => {
    const sh = control('C4.1').patterns.find((p) => p.source.startsWith('Security Hub'))!;
    expect(judgeCoverage(control('C4.1'), [filter(sh.pattern)]).reasons).toEqual([
      'the filter on line 12 also matches access denied to CloudWatch Logs delivery (delivery.logs.amazonaws.com) and access denied on HeadBucket',
    ]);
  });
});

describe('what is missing, in words', () => {
  it('no filters at all', () => {
    expect(judgeCoverage(control('C4.5'), []).reasons).toEqual([
      "no metric filter on the trail's log group matches CreateTrail, UpdateTrail, DeleteTrail, StartLogging and StopLogging",
    ]);
  });
  it('a typo in an event name leaves that event uncovered', () => {
    const typo = '{($.eventName=CreateNetworkAcI) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}';
    const r = judgeCoverage(control('C4.11'), [filter(typo)]);
    expect(r.verdict).toBe('uncovered');
    expect(r.reasons).toEqual(['no metric filter matches CreateNetworkAcl']);
  });
  it('an over-broad filter alarms on noise and does not count', () => {
    const r = judgeCoverage(control('C4.5'), [filter('{ $.eventName = * }')]);
    expect(r.verdict).toBe('uncovered');
    expect(r.reasons).toEqual(['the filter on line 12 also matches reads of trail configuration (DescribeTrails, GetTrailStatus)']);
  });
  it('a filter split over two resources covers together', () => {
    const a = filter('{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) }', 'the filter on line 3');
    const b = filter('{ ($.eventName = StartLogging) || ($.eventName = StopLogging) }', 'the filter on line 20');
    expect(judgeCoverage(control('C4.5'), [a, b]).verdict).toBe('covered');
    expect(judgeCoverage(control('C4.5'), [a]).reasons).toEqual(['no metric filter matches StartLogging and StopLogging']);
  });
  it('console logins that used MFA are noise for C4.2', () => {
    const r = judgeCoverage(control('C4.2'), [filter('{ $.eventName = "ConsoleLogin" }')]);
    expect(r.reasons).toEqual(['the filter on line 12 also matches console sign-ins that used MFA']);
  });
  it('root calls invoked by a service and AwsServiceEvent records are noise for C4.3', () => {
    const r = judgeCoverage(control('C4.3'), [filter('{ $.userIdentity.type = "Root" }')]);
    expect(r.reasons).toEqual(['the filter on line 12 also matches root calls invoked by an AWS service and AwsServiceEvent records']);
  });
  it('the filter has no alarm / the alarm has no enabled action', () => {
    const p = control('C4.7').patterns[0]!.pattern;
    expect(judgeCoverage(control('C4.7'), [filter(p, 'the filter on line 12', { ok: false, reason: "the filter's metric has no alarm" })]).reasons).toEqual([
      "the filter on line 12 matches DisableKey and ScheduleKeyDeletion, but the filter's metric has no alarm",
    ]);
    expect(
      judgeCoverage(control('C4.7'), [filter(p, 'the filter on line 12', { ok: false, reason: 'the alarm has no enabled action' })]).reasons,
    ).toEqual(['the filter on line 12 matches DisableKey and ScheduleKeyDeletion, but the alarm has no enabled action']);
  });
  it('a good filter beside a noisy one covers; a noisy one alone does not', () => {
    const good = filter(control('C4.6').patterns[0]!.pattern, 'the filter on line 3');
    const mfa = filter(control('C4.2').patterns[0]!.pattern, 'the filter on line 30');
    expect(judgeCoverage(control('C4.6'), [good, mfa]).verdict).toBe('covered');
    expect(judgeCoverage(control('C4.6'), [mfa]).reasons).toEqual([
      'the filter on line 30 also matches successful console sign-ins',
    ]);
  });
  it('a pattern CloudWatch rejects never counts, and the reason says so', () => {
    const r = judgeCoverage(control('C4.5'), [filter('{ ($.eventName = CreateTrail) || ($.eventName == UpdateTrail) }')]);
    expect(r.verdict).toBe('uncovered');
    expect(r.reasons).toEqual([
      'no metric filter matches CreateTrail, UpdateTrail, DeleteTrail, StartLogging and StopLogging',
      "the filter on line 12 has a pattern CloudWatch rejects ('==' is not a filter-pattern operator: use '='), so it matches nothing",
    ]);
  });
});

describe('what cannot be judged before deployment', () => {
  it('a pattern known only after apply is undetermined, never a finding', () => {
    const r = judgeCoverage(control('C4.5'), [filter(new Unknown('var.pattern has no value'))]);
    expect(r.verdict).toBe('undetermined');
    expect(r.undetermined).toEqual(['the filter on line 12: its pattern is known only after deployment (var.pattern has no value)']);
  });
  it('an alarm whose actions are unknown is undetermined', () => {
    const p = control('C4.5').patterns[0]!.pattern;
    const r = judgeCoverage(control('C4.5'), [filter(p, 'the filter on line 12', { ok: null, reason: 'the alarm actions are known only after deployment' })]);
    expect(r.verdict).toBe('undetermined');
  });
  it('a definite gap is a finding even beside an unknown pattern that could not cover it anyway? no: the unknown could', () => {
    const partial = filter('{ $.eventName = CreateTrail }');
    const r = judgeCoverage(control('C4.5'), [partial, filter(new Unknown('unknown'), 'the filter on line 40')]);
    expect(r.verdict).toBe('undetermined');
  });
});
