// The position scanner (parsers/terraform/plan/positions.ts) on text made to mislead it: strings full
// of brackets, quotes and escapes, members named like the sections it looks for at other depths,
// escaped member names, elements of child_modules that are no modules, one-line and indented copies.
// Every range must be exactly where the position-recording JSON parser puts the entry.
import { describe, expect, it } from 'vitest';
import type { PathSegment } from '../../core/location.js';
import { parseJsonWithPositions } from '../../parsers/json-positions.js';
import { parsePlan, type PlanParseResult } from '../../parsers/terraform/plan/index.js';
import { generatePlan } from './generate-plan.mjs';

const ODD = 'brackets ]}[{ quotes "" \\" backslashes \\\\ \\u0041 "resource_changes": [ escapes \n\t\r\b\f / \u2028 é 😀 \u0001';

function change(address: string, type: string, name: string, after: Record<string, unknown>): Record<string, unknown> {
  return { address, mode: 'managed', type, name, change: { actions: ['create'], before: null, after, after_unknown: { arn: true }, after_sensitive: {} } };
}

/** A plan whose every resource comes from resource_changes, with decoys before and inside it. */
function changesOnlyPlan(): Record<string, unknown> {
  return {
    format_version: '1.2',
    variables: { resource_changes: { value: ODD } },
    planned_values: {
      outputs: { resource_changes: { value: [{ resource_changes: ODD }] } },
      root_module: { resources: [{ address: 'aws_s3_bucket.logs', mode: 'managed', type: 'aws_s3_bucket', name: 'logs', values: { tags: { resource_changes: ODD } } }] },
    },
    resource_changes: [
      change('aws_s3_bucket.logs', 'aws_s3_bucket', 'logs', { bucket: ODD, tags: { resource_changes: ODD, '"resource_changes"': '[' } }),
      change('aws_kms_key.k', 'aws_kms_key', 'k', { description: ODD, policy: '{"resource_changes":[1,{"b":"]"}]}' }),
      change('aws_cloudtrail.t', 'aws_cloudtrail', 't', { name: '\\', s3_key_prefix: '\\\\"' }),
    ],
    prior_state: { values: { root_module: { resources: [] } } },
    configuration: { root_module: { resources: [] } },
  };
}

/** A plan that needs planned_values and prior_state entries too, with a non-module child. */
function mixedPlan(): Record<string, unknown> {
  return {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [{ address: 'aws_kms_key.only_planned', mode: 'managed', type: 'aws_kms_key', name: 'only_planned', values: { description: ODD } }],
        child_modules: [
          {
            address: 'module.a',
            resources: [{ address: 'module.a.aws_cloudtrail.t', mode: 'managed', type: 'aws_cloudtrail', name: 't', values: { name: ODD } }],
            // Not a module: it once took the span key of module.a's first entry.
            child_modules: [7, { address: 'module.a.module.b', resources: [{ address: 'module.a.module.b.aws_sns_topic.s', mode: 'managed', type: 'aws_sns_topic', name: 's', values: {} }] }],
          },
        ],
      },
    },
    resource_changes: [change('aws_s3_bucket.logs', 'aws_s3_bucket', 'logs', { bucket: ODD })],
    prior_state: {
      values: { root_module: { resources: [{ address: 'data.aws_iam_policy_document.p', mode: 'data', type: 'aws_iam_policy_document', name: 'p', values: { json: ODD } }] } },
    },
  };
}

/** JSON paths of every entry the reader may take, with the entry's address. */
function entryPaths(plan: Record<string, any>): { path: PathSegment[]; address: string }[] {
  const out: { path: PathSegment[]; address: string }[] = [];
  (plan['resource_changes'] ?? []).forEach((e: any, i: number) => out.push({ path: ['resource_changes', i], address: e.address }));
  const module = (m: any, path: PathSegment[]): void => {
    if (typeof m !== 'object' || m === null) return;
    (m.resources ?? []).forEach((e: any, i: number) => out.push({ path: [...path, 'resources', i], address: e.address }));
    (m.child_modules ?? []).forEach((c: any, j: number) => module(c, [...path, 'child_modules', j]));
  };
  module(plan['planned_values']?.root_module, ['planned_values', 'root_module']);
  module(plan['prior_state']?.values?.root_module, ['prior_state', 'values', 'root_module']);
  return out;
}

/** Checks every resource's range against the eager parser's range of the first entry with its address. */
function expectExactRanges(text: string, result: PlanParseResult = parsePlan('plan.json', text)): number {
  const eager = parseJsonWithPositions(text, 'plan.json');
  const paths = entryPaths(eager.value as Record<string, any>);
  for (const resource of result.resources) {
    const entry = paths.find((p) => p.address === resource.address);
    expect(entry, resource.address).toBeDefined();
    expect({ start: resource.range.start, end: resource.range.end }, resource.address).toEqual({
      start: eager.positions.get(entry!.path)!.start,
      end: eager.positions.get(entry!.path)!.end,
    });
  }
  return result.resources.length;
}

const layouts = (plan: unknown): string[] => [JSON.stringify(plan), JSON.stringify(plan, null, 2), JSON.stringify(plan, null, '\t'), JSON.stringify(plan, null, 2).replace(/\n/g, '\r\n')];

describe('plan entry positions', () => {
  it('are exact for resource_changes entries behind decoys, one-line and indented', () => {
    for (const text of layouts(changesOnlyPlan())) expect(expectExactRanges(text)).toBe(3);
  });

  it('are exact for resource_changes entries when prior_state after them holds entries that are only skipped', () => {
    const plan = changesOnlyPlan();
    // Managed entries of prior_state are not read (resource_changes has them), so no range there is asked
    // for and the scan from resource_changes on skips them; decoys inside must not mislead it.
    const stale = (address: string): Record<string, unknown> => ({
      address,
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: address.split('.')[1],
      values: { bucket: ODD, tags: { resource_changes: ODD }, resource_changes: [{ a: ']}' }] },
    });
    plan['prior_state'] = {
      values: { root_module: { resources: [stale('aws_s3_bucket.logs')], child_modules: [{ address: 'module.m', resources: [stale('aws_s3_bucket.m')] }, 7] } },
    };
    for (const text of layouts(plan)) {
      const result = parsePlan('plan.json', text);
      expect(result.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.logs', 'aws_kms_key.k', 'aws_cloudtrail.t']);
      expect(expectExactRanges(text, result)).toBe(3);
    }
  });

  it('are exact for a data source read during refresh (prior_state only), whichever side of resource_changes prior_state is printed', () => {
    // Terraform prints prior_state after resource_changes: the scan from resource_changes on records its
    // entries too. Printed before it (by another tool), the entry is missed there and the text is scanned
    // again from the start, not placed at line 1.
    // No decoys before resource_changes here: the scanner tries a few candidates for it, then scans all.
    const plan: Record<string, unknown> = { ...changesOnlyPlan(), variables: {}, planned_values: { root_module: {} } };
    const data = { address: 'data.aws_iam_policy_document.p', mode: 'data', type: 'aws_iam_policy_document', name: 'p', values: { json: ODD } };
    plan['prior_state'] = { values: { root_module: { resources: [data], child_modules: [7, { address: 'module.m', resources: [{ ...data, address: 'module.m.data.aws_iam_policy_document.p' }] }] } } };
    const before: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(plan)) {
      if (key === 'resource_changes') before['prior_state'] = plan['prior_state'];
      if (key !== 'prior_state') before[key] = value;
    }
    expect(Object.keys(before).indexOf('prior_state')).toBeLessThan(Object.keys(before).indexOf('resource_changes'));
    for (const shape of [plan, before]) {
      for (const text of layouts(shape)) {
        const result = parsePlan('plan.json', text);
        expect(result.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.logs', 'aws_kms_key.k', 'aws_cloudtrail.t', 'data.aws_iam_policy_document.p', 'module.m.data.aws_iam_policy_document.p']);
        expect(expectExactRanges(text, result)).toBe(5);
      }
    }
  });

  it('are exact for planned_values and prior_state entries, and past elements of child_modules that are no module', () => {
    for (const text of layouts(mixedPlan())) expect(expectExactRanges(text)).toBe(5);
  });

  it('are the same entries at their own places in a generated plan and its indented copy', () => {
    const text = generatePlan(40);
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const a = parsePlan('plan.json', text);
    const b = parsePlan('plan.json', pretty);
    expect(a.resources.map((r) => r.address)).toEqual(b.resources.map((r) => r.address));
    expect(expectExactRanges(text, a)).toBeGreaterThan(30);
    expect(expectExactRanges(pretty, b)).toBeGreaterThan(30);
    expect(a.resources.every((r) => r.range.start.line === 1)).toBe(true);
  });

  it('are exact for thousands of resource_changes entries, one-line and indented', () => {
    // More entries than the scanner's first table of resource_changes spans holds (EntrySpans grows it).
    const plan = changesOnlyPlan();
    const many = Array.from({ length: 4500 }, (_, i) => change(`aws_s3_bucket.b${i}`, 'aws_s3_bucket', `b${i}`, { bucket: i % 7 === 0 ? ODD : `b${i}` }));
    plan['resource_changes'] = [...(plan['resource_changes'] as unknown[]), ...many];
    for (const text of [JSON.stringify(plan), JSON.stringify(plan, null, 1)]) {
      const eager = parseJsonWithPositions(text, 'plan.json');
      const result = parsePlan('plan.json', text);
      expect(result.resources).toHaveLength(4503);
      result.resources.forEach((resource, i) => {
        const at = eager.positions.get(['resource_changes', i])!;
        expect({ start: resource.range.start, end: resource.range.end }, resource.address).toEqual({ start: at.start, end: at.end });
      });
    }
  });

  it('read member names as JSON.parse does: escaped, and a later duplicate replacing an earlier one', () => {
    const text = JSON.stringify(changesOnlyPlan());
    const variants = [
      text.replace('"resource_changes":[{"address"', '"resource\\u005fchanges":[{"address"'),
      text.replace('"prior_state":', '"resource_changes":[],"resource_changes":[],"prior_state":'),
      text.replace('"resource_changes":[{"address"', '"resource_changes":[{"address":"x"}],"resource_changes":[{"address"'),
      text.replace('"variables":', '"resource_changes"  :  [1, {"a": "resource_changes"}],"variables":'),
    ];
    for (const variant of variants) expectExactRanges(variant);
    // The last resource_changes is the one read: in the second variant, an empty one, so the bucket
    // comes from planned_values (and its range too).
    expect(parsePlan('plan.json', variants[1]!).resources.map((r) => r.range.start.column)).toEqual([variants[1]!.indexOf('{"address":"aws_s3_bucket.logs"') + 1]);
  });
});
