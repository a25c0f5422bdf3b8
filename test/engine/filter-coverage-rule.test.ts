import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, schemaPath } from '../../engine/builtin-rules.js';
import { loadRuleFiles } from '../../engine/rules/load.js';
import { renderMessage } from '../../engine/rules/template.js';
import { newResource } from '../../engine/graph.js';
import { scan } from '../../engine/scan.js';

/**
 * The `filterCoverage` condition in the rule language: an events file beside
 * the rule, read and checked by the loader (built-in and user rules alike),
 * and the {{details}} of what is missing in the finding's message.
 */

function ruleDir(rule: string, events?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-coverage-rule-'));
  mkdirSync(join(dir, 'r'));
  writeFileSync(join(dir, 'r', 'rule.yaml'), rule);
  if (events !== undefined) writeFileSync(join(dir, 'r', 'events.yaml'), events);
  return join(dir, 'r', 'rule.yaml');
}

const RULE = (events = 'events.yaml', resource = 'trail') => `id: my-trail-changes
title: Trail changes alarm
severity: high
catalog: [C4.5]
resource: ${resource}
assert: { filterCoverage: { events: ${events} } }
description: Trail changes are caught by a metric filter with an alarm.
message: "not monitored: {{details}}"
help: Trail changes are how an attacker hides; alarm on them.
remediation: { terraform: "resource {}", cloudformation: "Resources: {}" }
`;

const EVENTS = `control: C4.5
title: trail deletion
sources: [mine]
common: { eventSource: cloudtrail.amazonaws.com }
events:
  - eventName: DeleteTrail
exclusions:
  - name: reads (DescribeTrails)
    record: { eventName: DescribeTrails, readOnly: true }
`;

describe('loading a filterCoverage rule', () => {
  it('reads the events file beside the rule into the rule', () => {
    const { rules, diagnostics } = loadRuleFiles([ruleDir(RULE(), EVENTS)], schemaPath());
    expect(diagnostics).toEqual([]);
    const cond = rules[0]!.spec.assert as { filterCoverage: { definition?: { events: { name: string; record: Record<string, unknown> }[] } } };
    const event = cond.filterCoverage.definition!.events[0]!;
    expect(event.name).toBe('DeleteTrail');
    // Over the typical record: the common fields and CloudTrail's usual ones.
    expect(event.record).toMatchObject({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail', eventType: 'AwsApiCall' });
  });
  it('refuses a path outside the rule directory', () => {
    const { rules, diagnostics } = loadRuleFiles([ruleDir(RULE('../../etc/passwd.yaml'), EVENTS)], schemaPath());
    expect(rules).toEqual([]);
    expect(diagnostics[0]!.message).toContain("field 'assert.filterCoverage.events'");
  });
  it('names the events file and field of a mistake', () => {
    const { diagnostics } = loadRuleFiles([ruleDir(RULE(), EVENTS.replace('eventName: DeleteTrail', 'evntName: DeleteTrail'))], schemaPath());
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/events\.yaml:6: field 'events\.0\.evntName': unknown field 'evntName'/);
  });
  it('says when the events file is missing', () => {
    const { diagnostics } = loadRuleFiles([ruleDir(RULE())], schemaPath());
    expect(diagnostics[0]!.message).toContain('cannot read the events file');
  });
  it('applies to trails only', () => {
    const { diagnostics } = loadRuleFiles([ruleDir(RULE('events.yaml', 'bucket'), EVENTS)], schemaPath());
    expect(diagnostics[0]!.message).toContain("filterCoverage applies to a trail, not to 'bucket'");
  });
});

describe('a user rule with its own events, run on a template', () => {
  it('judges the filters by what they match and says what is missing', () => {
    const { rules } = loadRuleFiles([ruleDir(RULE(), EVENTS)], schemaPath());
    const dir = mkdtempSync(join(tmpdir(), 'tg-coverage-scan-'));
    const template = readFileSync(join(import.meta.dirname, '../../rules/cloudwatch-alarm-cloudtrail-changes/cases/pass.cfn.yaml'), 'utf8');
    writeFileSync(join(dir, 'template.yaml'), template);
    const pass = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    expect(pass.findings).toEqual([]);
    // Only StartLogging/StopLogging left in the pattern: DeleteTrail is missing.
    writeFileSync(join(dir, 'template.yaml'), template.replace('($.eventName=DeleteTrail)||', ''));
    const fail = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    expect(fail.findings.map((f) => f.message)).toEqual(['not monitored: no metric filter matches DeleteTrail']);
  });
});

describe('judged on the qualifying trails of the whole scan', () => {
  // Counted once per scan (not once per trail and rule): the answers must be those of asking each trail.
  const { rules } = loadRuleFiles([ruleDir(RULE(), EVENTS)], schemaPath());
  const template = readFileSync(join(import.meta.dirname, '../../rules/cloudwatch-alarm-cloudtrail-changes/cases/pass.cfn.yaml'), 'utf8');
  const trail = (id: string, props: string) => `  ${id}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: ${id.toLowerCase()}\n      S3BucketName: logs\n${props}`;
  const REGIONAL = trail('RegionalTrail', '      IsLogging: true\n      IsMultiRegionTrail: false\n');
  const SECOND = trail('SecondTrail', '      IsLogging: true\n      IsMultiRegionTrail: true\n');
  const MAYBE = trail('MaybeTrail', '      IsLogging: !Ref Logging\n      IsMultiRegionTrail: true\n');
  const run = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-coverage-trails-'));
    writeFileSync(join(dir, 'template.yaml'), text);
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    return { findings: r.findings.map((f) => f.resource?.address).sort(), undetermined: r.undetermined.map((u) => u.resource.address).sort() };
  };
  const withTrails = (base: string, ...trails: string[]) =>
    base.replace('Resources:\n', `Parameters:\n  Logging:\n    Type: String\nResources:\n${trails.join('')}`);
  const uncovered = template.replace('($.eventName=DeleteTrail)||', '');

  it('one qualifying trail whose filters cover the control satisfies every trail', () => {
    expect(run(withTrails(template, REGIONAL, SECOND, MAYBE))).toEqual({ findings: [], undetermined: [] });
  });
  it('when none covers it, each qualifying trail is reported, the others are not', () => {
    expect(run(withTrails(uncovered, REGIONAL, SECOND, MAYBE))).toEqual({ findings: ['SecondTrail', 'Trail'], undetermined: [] });
  });
  it('with no qualifying trail, one that may qualify silences the rest and is itself undetermined', () => {
    const noQualifying = withTrails(uncovered.replace('IsMultiRegionTrail: true', 'IsMultiRegionTrail: false'), REGIONAL, MAYBE);
    expect(run(noQualifying)).toEqual({ findings: [], undetermined: ['MaybeTrail'] });
  });
  it('with no trail that may qualify, each is reported', () => {
    const none = withTrails(uncovered.replace('IsMultiRegionTrail: true', 'IsMultiRegionTrail: false'), REGIONAL);
    expect(run(none)).toEqual({ findings: ['RegionalTrail', 'Trail'], undetermined: [] });
  });
});

describe('{{details}}', () => {
  it('joins the reasons, and says when there are none', () => {
    const r = newResource({ address: 'T', kind: 'trail', nativeType: 'x', source: 'cloudformation', file: 'f', range: { file: 'f', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } });
    expect(renderMessage('gaps: {{details}}', r, {}, undefined, { details: ['a', 'b'] })).toBe('gaps: a; b');
    expect(renderMessage('gaps: {{details}}', r, {}, undefined)).toBe('gaps: (no details)');
  });
});

describe('the built-in rules carry their events', () => {
  it('one rule per control C4.1–C4.15, each with its events inlined', () => {
    const coverage = builtinRules().filter((r) => 'filterCoverage' in (r.spec.assert ?? {}));
    const controls = coverage.map((r) => (r.spec.assert as { filterCoverage: { definition: { control: string } } }).filterCoverage.definition.control);
    expect(controls.sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))).toEqual(Array.from({ length: 15 }, (_, i) => `C4.${i + 1}`));
    for (const r of coverage) expect(r.spec.catalog).toContain((r.spec.assert as { filterCoverage: { definition: { control: string } } }).filterCoverage.definition.control);
  });
});
