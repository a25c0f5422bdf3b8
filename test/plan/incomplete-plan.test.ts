// A plan Terraform marks incomplete (made with -target, or with changes deferred to a later plan) or
// errored holds less than its configuration deploys. targeted.plan.json is a real Terraform 1.11 plan of
// test/fixtures/terraform/plan-incomplete (two trails) made with -target=aws_cloudtrail.audit: the second
// trail, with logging turned off, is only in its `configuration`. Scanned alone, the plan must say so
// and leave every check undetermined there, not report "no findings" for the muted trail.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';

const fixture = join(import.meta.dirname, '../fixtures/terraform/plan-incomplete');
const planText = readFileSync(join(fixture, 'targeted.plan.json'), 'utf8');
const rules = builtinRules();

function scanPlan(text: string, withSources = false) {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-incomplete-plan-'));
  if (withSources) cpSync(join(fixture, 'main.tf'), join(dir, 'main.tf'));
  writeFileSync(join(dir, 'plan.json'), text);
  return scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('an incomplete or errored plan', () => {
  it('is real: Terraform marked the targeted plan incomplete and left the second trail out', () => {
    const plan = JSON.parse(planText) as { complete: boolean; errored: boolean; resource_changes: { address: string }[] };
    expect(plan.complete).toBe(false);
    expect(plan.errored).toBe(false);
    expect(plan.resource_changes.map((r) => r.address)).toEqual(['aws_cloudtrail.audit']);
    expect(planText).toContain('"address": "aws_cloudtrail.muted"');
  });

  it('says so, naming what it leaves out, and leaves every check undetermined on its "complete" line', () => {
    const result = scanPlan(planText);
    const warning = result.diagnostics.find((d) => d.code === 'plan-incomplete');
    expect(warning?.message).toContain('made with -target');
    expect(warning?.message).toContain('not judged: aws_cloudtrail.muted');
    const line = lineOf(planText, '"complete": false');
    expect(warning?.range?.start.line).toBe(line);
    const there = result.undetermined.filter((u) => u.location.start.line === line && u.location.file === 'plan.json');
    // Every rule but a scope rule the audit trail already satisfies (one multi-region trail is enough).
    expect(new Set(there.map((u) => u.ruleId))).toEqual(new Set(rules.map((r) => r.spec.id).filter((id) => id !== 'cloudtrail-active-multi-region-trail')));
    expect(there.every((u) => u.reason.includes('aws_cloudtrail.muted is not in it'))).toBe(true);
    // What the plan does hold is judged as usual.
    expect(result.findings.some((f) => f.ruleId === 'cloudtrail-organization-trail' && f.message.includes('audit'))).toBe(true);
  });

  it('is judged from the .tf sources where they declare what the plan leaves out', () => {
    const result = scanPlan(planText, true);
    expect(result.diagnostics.some((d) => d.code === 'plan-incomplete')).toBe(true);
    expect(result.undetermined.filter((u) => u.reason.includes('is not in it'))).toEqual([]);
    const muted = result.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled');
    expect(muted.map((f) => `${f.location.file}:${f.location.start.line}`)).toEqual([`main.tf:${lineOf(readFileSync(join(fixture, 'main.tf'), 'utf8'), 'enable_logging = false')}`]);
  });

  it('names the deferred changes of a plan with deferred actions', () => {
    const plan = JSON.parse(planText) as Record<string, unknown>;
    plan['deferred_changes'] = [{ reason: 'provider_config_unknown', resource_change: { address: 'aws_cloudtrail.muted' } }];
    const result = scanPlan(JSON.stringify(plan, null, 2));
    expect(result.diagnostics.find((d) => d.code === 'plan-incomplete')?.message).toContain('Terraform deferred 1 change to a later plan');
  });

  it('leaves every check undetermined for an errored plan, even when every block has a planned change', () => {
    // Terraform does not save a plan file when planning fails; `errored` reaches JSON from tools that
    // do (Terraform Cloud, `terraform test`). The flag is set here on the real plan.
    const plan = JSON.parse(planText.replace('"errored": false', '"errored": true')) as { configuration: { root_module: { resources: { address: string }[] } } };
    plan.configuration.root_module.resources = plan.configuration.root_module.resources.filter((r) => r.address !== 'aws_cloudtrail.muted');
    const result = scanPlan(JSON.stringify(plan, null, 2));
    expect(result.diagnostics.find((d) => d.code === 'plan-errored')?.message).toContain('Terraform reported errors while making this plan');
    expect(result.undetermined.filter((u) => u.reason.startsWith('the plan errored')).length).toBe(rules.length - 1);
  });

  it('changes nothing for a complete plan', () => {
    const complete = readFileSync(join(import.meta.dirname, '../fixtures/terraform/plan/root-trail.json'), 'utf8');
    expect(complete).toContain('"complete": true');
    const result = scanPlan(complete);
    expect(result.diagnostics.filter((d) => d.code === 'plan-incomplete' || d.code === 'plan-errored')).toEqual([]);
    expect(result.undetermined.filter((u) => u.reason.includes('not in it') || u.reason.startsWith('the plan errored'))).toEqual([]);
  });
});
