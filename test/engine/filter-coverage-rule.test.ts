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
