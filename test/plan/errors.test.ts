// Broken, foreign and hostile input: every case ends in an InputError with a
// position, a warning, or a quiet "not a plan", never in a crash or a hang.

import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/diagnostics.js';
import { looksLikePlan, mayBePlanText, parsePlan } from '../../parsers/terraform/plan/index.js';
import { inputError, textAt } from '../parsers/helpers.js';
import { fixtureText, refs, resource, unknown } from './helpers.js';

/** A plan with one trail being created, in the shape Terraform prints; `patch` edits it before printing. */
function planText(patch: (plan: Record<string, any>) => void = () => {}): string {
  const plan: Record<string, any> = {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: [] } },
    resource_changes: [
      {
        address: 'aws_cloudtrail.main',
        mode: 'managed',
        type: 'aws_cloudtrail',
        name: 'main',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['create'],
          before: null,
          after: { name: 'main', event_selector: [{ read_write_type: 'All', data_resource: [] }], is_multi_region_trail: true },
          after_unknown: { arn: true, id: true, kms_key_id: true, event_selector: [{ data_resource: [] }] },
          before_sensitive: false,
          after_sensitive: {},
        },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_cloudtrail.main',
            mode: 'managed',
            type: 'aws_cloudtrail',
            name: 'main',
            provider_config_key: 'aws',
            expressions: { kms_key_id: { references: ['aws_kms_key.trail.arn', 'aws_kms_key.trail'] }, name: { constant_value: 'main' } },
            schema_version: 0,
          },
        ],
      },
    },
  };
  patch(plan);
  return JSON.stringify(plan, null, 2);
}

const trailChange = (plan: Record<string, any>) => plan['resource_changes'][0];
const trailConfig = (plan: Record<string, any>) => plan['configuration'].root_module.resources[0];

describe('invalid JSON', () => {
  it('reports a plan with a missing comma at its line and column', () => {
    const error = inputError(() => parsePlan('malformed.json', fixtureText('malformed.json')));
    expect(error.message).toBe(
      "Invalid JSON in Terraform plan: Unexpected '\"' at line 17, column 13: expected ',' or '}' after a property value",
    );
    expect(error.code).toBe('parse-error');
    expect(error.range).toEqual({ file: 'malformed.json', start: { line: 17, column: 13 }, end: { line: 17, column: 14 } });
  });

  it('reports a truncated plan at the end of its text', () => {
    const text = fixtureText('root-trail.json');
    const cut = text.slice(0, text.indexOf('"aws_kms_key.trail"', text.indexOf('"resource_changes"')) + 10);
    const lines = cut.split('\n');
    const error = inputError(() => parsePlan('plan.json', cut));
    expect(error.message).toMatch(/^Invalid JSON in Terraform plan: Unexpected end of input at line \d+, column \d+: /);
    expect(error.range?.start).toEqual({ line: lines.length, column: lines.at(-1)!.length + 1 });
  });

  it('reports a broken file named like a plan even when the plan keys are not there yet', () => {
    const error = inputError(() => parsePlan('ci/tfplan.json', '{"format_version": "1.2",'));
    expect(error.range?.start).toEqual({ line: 1, column: 26 });
  });

  it('stays quiet about broken JSON that does not look like a plan', () => {
    expect(parsePlan('settings.json', '{ "editor.tabSize": 2, }')).toEqual({ resources: [], diagnostics: [], isPlan: false, modules: new Map() });
    expect(parsePlan('values.json', 'replicas: 3\nimage: nginx\n').isPlan).toBe(false);
    expect(parsePlan('empty.json', '').isPlan).toBe(false);
  });
});

describe('JSON that is not a plan', () => {
  const notPlans: [string, unknown][] = [
    ['package.json', { name: 'trailguard', version: '0.1.0', type: 'module' }],
    ['a CloudFormation template', { AWSTemplateFormatVersion: '2010-09-09', Resources: {} }],
    ['terraform validate -json', { format_version: '1.0', valid: true, error_count: 0, warning_count: 0, diagnostics: [] }],
    ['terraform providers schema -json', { format_version: '1.0', provider_schemas: {} }],
    ['an array', [{ format_version: '1.2', resource_changes: [] }]],
  ];

  it.each(notPlans)('skips %s', (_, value) => {
    expect(looksLikePlan(value)).toBe(false);
    expect(parsePlan('x.json', JSON.stringify(value)).isPlan).toBe(false);
  });

  it('recognises plans, and state output by its terraform_version', () => {
    expect(looksLikePlan({ format_version: '1.2', resource_changes: [] })).toBe(true);
    expect(looksLikePlan({ format_version: '0.1', planned_values: {} })).toBe(true);
    expect(looksLikePlan({ format_version: '1.0', terraform_version: '1.5.7', values: {} })).toBe(true);
  });

  it('tells plan text from other text cheaply', () => {
    expect(mayBePlanText(planText())).toBe(true);
    expect(mayBePlanText('{"format_version":"1.2","terraform_version":"1.9.8"')).toBe(true);
    expect(mayBePlanText('{"format_version": "1.0", "valid": true}')).toBe(false);
    expect(mayBePlanText('{}', 'plans/prod.tfplan.json')).toBe(true);
    expect(mayBePlanText('{}', 'config/plan.json')).toBe(true);
    expect(mayBePlanText('{}', 'config/airplane.json')).toBe(false);
  });
});

describe('plans of the wrong shape', () => {
  it('warns about resource_changes that is not an array and reads the other sections', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        plan['planned_values'].root_module.resources.push({ address: 'aws_kms_key.trail', mode: 'managed', type: 'aws_kms_key', name: 'trail', values: { description: 'k' } });
        plan['resource_changes'] = { address: 'aws_cloudtrail.main' };
      }),
    );
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['invalid-plan-entry', 'resource_changes is not an array; it was ignored']]);
    expect(result.resources.map((r) => r.address)).toEqual(['aws_kms_key.trail']);
  });

  it('skips entries that are not objects, and warns at an entry without type and name', () => {
    const text = planText((plan) => {
      plan['resource_changes'].unshift(null, 42, 'aws_s3_bucket.x', { address: '???', change: { actions: ['create'], after: {} } });
    });
    const result = parsePlan('plan.json', text);
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main']);
    expect(result.diagnostics).toHaveLength(1);
    const [warning] = result.diagnostics;
    expect(warning).toMatchObject({ level: 'warning', code: 'invalid-plan-entry', message: 'Plan entry ??? has no resource type and name; it was skipped' });
    expect(JSON.parse(textAt(text, warning!.range))).toEqual({ address: '???', change: { actions: ['create'], after: {} } });
  });

  it('names an entry without address, type and name by its place, and points at it even when it is the first', () => {
    // resource_changes entries are named by their index (0 included), not by a key string.
    const text = planText((plan) => {
      plan['resource_changes'].unshift({ change: { actions: ['create'], after: { a: 1 } } });
    });
    const [warning] = parsePlan('plan.json', text).diagnostics;
    expect(warning).toMatchObject({ code: 'invalid-plan-entry', message: 'Plan entry #rc::0 has no resource type and name; it was skipped' });
    expect(JSON.parse(textAt(text, warning!.range))).toEqual({ change: { actions: ['create'], after: { a: 1 } } });
  });

  it('summarises many broken entries instead of listing each', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        for (let i = 0; i < 50; i++) plan['resource_changes'].push({ change: { actions: ['create'], after: {} } });
      }),
    );
    expect(result.diagnostics).toHaveLength(21);
    expect(result.diagnostics.at(-1)?.message).toBe('30 more plan entries could not be read');
  });

  it('fills in mode, type, name, module and key from the address when an entry lacks them', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        plan['resource_changes'] = [{ address: 'module.a["x"].data.aws_iam_policy_document.p[0]', change: { actions: ['read'], after: { json: '{}' } } }];
      }),
    );
    expect(result.resources[0]).toMatchObject({
      address: 'module.a["x"].data.aws_iam_policy_document.p[0]',
      moduleAddress: 'module.a["x"]',
      configModuleAddress: 'module.a',
      mode: 'data',
      type: 'aws_iam_policy_document',
      name: 'p',
      index: 0,
    });
  });

  it('skips deposed objects but reads the current object of the same instance', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        const deposed = structuredClone(trailChange(plan));
        deposed.deposed = '0f3c2a1b';
        deposed.change = { actions: ['delete'], before: { name: 'old' }, after: null };
        plan['resource_changes'].unshift(deposed);
      }),
    );
    expect(result.resources.map((r) => [r.address, r.values['name']])).toEqual([['aws_cloudtrail.main', 'main']]);
  });

  it('skips delete and forget by their actions, even when a tool left an after object', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        for (const [name, actions] of [['gone', ['delete']], ['forgotten', ['forget']], ['recreated', ['create', 'forget']]] as const) {
          plan['resource_changes'].push({
            address: `aws_s3_bucket.${name}`,
            mode: 'managed',
            type: 'aws_s3_bucket',
            name,
            change: { actions, before: { bucket: name }, after: { bucket: name }, after_unknown: {} },
          });
        }
      }),
    );
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main', 'aws_s3_bucket.recreated']);
  });

  it('ignores resource modes it does not know', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        plan['resource_changes'].push({ address: 'list.aws_instance.all', mode: 'list', type: 'aws_instance', name: 'all', change: { actions: ['read'], after: {} } });
      }),
    );
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main']);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads a resource whose whole value is unknown as one with no known values', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        trailChange(plan).change.after = undefined;
        trailChange(plan).change.after_unknown = true;
      }),
    );
    expect(result.resources[0]?.values).toEqual({});
  });

  it('reads `terraform show -json` of a state: every instance from values', () => {
    const state = {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: {
        root_module: {
          resources: [{ address: 'aws_cloudtrail.main', mode: 'managed', type: 'aws_cloudtrail', name: 'main', values: { name: 'main', kms_key_id: '' } }],
          child_modules: [{ address: 'module.kms', resources: [{ address: 'module.kms.aws_kms_key.this', mode: 'managed', type: 'aws_kms_key', name: 'this', values: {} }] }],
        },
      },
    };
    const text = JSON.stringify(state, null, 2);
    const result = parsePlan('state.json', text);
    expect(result.resources.map((r) => [r.address, r.moduleAddress])).toEqual([
      ['aws_cloudtrail.main', ''],
      ['module.kms.aws_kms_key.this', 'module.kms'],
    ]);
    expect(JSON.parse(textAt(text, result.resources[1]!.range)).address).toBe('module.kms.aws_kms_key.this');
  });
});

describe('unknown values in unusual places', () => {
  it('makes a wholly unknown block one Unknown, with every reference written inside the block', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        trailChange(plan).change.after.event_selector = null;
        trailChange(plan).change.after_unknown.event_selector = true;
        trailConfig(plan).expressions.event_selector = [
          {
            read_write_type: { constant_value: 'All' },
            data_resource: [{ type: { constant_value: 'AWS::S3::Object' }, values: { references: ['aws_s3_bucket.data.arn', 'aws_s3_bucket.data'] } }],
          },
        ];
      }),
    );
    const selector = unknown(result.resources[0]!.values['event_selector']);
    expect(refs(selector)).toEqual(['aws_s3_bucket.data#arn']);
  });

  it('creates the containers a marker needs but after lacks, and no others', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        trailChange(plan).change.after_unknown.advanced_event_selector = [{ field_selector: [{ equals: [true] }] }];
        trailChange(plan).change.after_unknown.insight_selector = [{}];
      }),
    );
    const values = result.resources[0]!.values;
    expect(unknown((values['advanced_event_selector'] as any)[0].field_selector[0].equals[0]).refs).toEqual([]);
    expect('insight_selector' in values).toBe(false);
  });

  it('resolves quoted for_each keys with dots and escapes inside them', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        trailConfig(plan).expressions.kms_key_id = { references: ['aws_kms_key.k["a.b \\"c\\""].arn', 'aws_kms_key.k["a.b \\"c\\""]', 'aws_kms_key.k'] };
        plan['resource_changes'].push({
          address: 'aws_kms_key.k["a.b \\"c\\""]',
          mode: 'managed',
          type: 'aws_kms_key',
          name: 'k',
          index: 'a.b "c"',
          change: { actions: ['create'], after: {}, after_unknown: { arn: true } },
        });
      }),
    );
    expect(refs(result.resources[0]!.values['kms_key_id'])).toEqual(['aws_kms_key.k["a.b \\"c\\""]#arn']);
  });

  it('finds no resource behind locals, each, count, path and root variables', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        trailConfig(plan).expressions.kms_key_id = { references: ['local.key_arn', 'each.value', 'count.index', 'path.module', 'var.key_arn', 'terraform.workspace'] };
      }),
    );
    const kms = unknown(result.resources[0]!.values['kms_key_id']);
    expect(kms.refs).toEqual([]);
    expect(kms.present).toBe(false);
  });

  it('keeps references that do not parse out of the refs without failing', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        trailConfig(plan).expressions.kms_key_id = { references: ['aws_kms_key.trail[*].arn', 'aws_kms_key.', '["x"]', '', 'data.x', 'module.m', 'aws_kms_key.ok.arn'] };
      }),
    );
    expect(refs(result.resources[0]!.values['kms_key_id'])).toEqual(['aws_kms_key.ok#arn']);
  });

  it('ends a hand-made reference cycle between a module output and an input', () => {
    const result = parsePlan(
      'plan.json',
      planText((plan) => {
        plan['resource_changes'][0].address = 'module.a.aws_cloudtrail.main';
        plan['resource_changes'][0].module_address = 'module.a';
        const resources = plan['configuration'].root_module.resources;
        trailConfig(plan).expressions.kms_key_id = { references: ['var.x'] };
        plan['configuration'].root_module = {
          module_calls: {
            a: { source: './a', expressions: { x: { references: ['module.a.out', 'module.a'] } }, module: { resources, outputs: { out: { expression: { references: ['var.x'] } } } } },
          },
        };
      }),
    );
    const kms = unknown(resource(result, 'module.a.aws_cloudtrail.main').values['kms_key_id']);
    expect(kms.refs).toEqual([]);
  });
});

describe('hostile input', () => {
  it('does not let __proto__ or constructor in a plan reach Object.prototype', () => {
    const text = planText((plan) => {
      const change = trailChange(plan).change;
      change.after_unknown.constructor = true;
      change.after_sensitive = { toString: true };
      trailConfig(plan).expressions.hasOwnProperty = { references: ['aws_kms_key.trail.arn'] };
    }).replace('"arn": true', '"__proto__": { "polluted": true }, "arn": true');
    const result = parsePlan('plan.json', text);
    const values = result.resources[0]!.values;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    // `constructor` was not written in the configuration: an unexplained unknown.
    expect(unknown(values['constructor']).refs).toEqual([]);
    expect(result.resources[0]!.sensitive).toEqual(new Set(['toString']));
  });

  it('stops at very deep markers and module trees instead of overflowing the stack', () => {
    const depth = 20_000;
    const deepMarker = '['.repeat(depth) + 'true' + ']'.repeat(depth);
    const text = planText((plan) => {
      let module: Record<string, any> = { resources: [] };
      plan['planned_values'].root_module = module;
      for (let i = 0; i < 400; i++) {
        const child = { address: `module.m${i}`, resources: [] };
        module['child_modules'] = [child];
        module = child;
      }
    }).replace('"kms_key_id": true', `"kms_key_id": true, "deep": ${deepMarker}`);
    const result = parsePlan('plan.json', text);
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.main']);
    expect(result.diagnostics.map((d) => d.message)).toEqual(['Modules nested deeper than 200 levels were not read']);
    expect(JSON.parse(textAt(text, result.resources[0]!.range)).address).toBe('aws_cloudtrail.main');
  });

  it('bounds the work of references built to fan out, and says so', () => {
    const references = Array.from({ length: 3000 }, (_, i) => `aws_s3_bucket.b${i}.arn`);
    const text = planText((plan) => {
      trailConfig(plan).expressions.kms_key_id = { references };
      const change = trailChange(plan);
      plan['resource_changes'] = Array.from({ length: 400 }, (_, i) => ({ ...structuredClone(change), address: `aws_cloudtrail.main[${i}]`, index: i }));
    });
    const result = parsePlan('plan.json', text);
    expect(result.resources).toHaveLength(400);
    // The first values still get refs, capped per value.
    expect(unknown(result.resources[0]!.values['kms_key_id']).refs).toHaveLength(100);
    expect(unknown(result.resources[399]!.values['kms_key_id']).refs).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['plan-references-skipped']);
  });

  it('finds instances of a large count by key', () => {
    const text = planText((plan) => {
      trailConfig(plan).expressions.kms_key_id = { references: ['aws_kms_key.k[4999].arn', 'aws_kms_key.k[4999]', 'aws_kms_key.k'] };
      for (let i = 0; i < 5000; i++) {
        plan['resource_changes'].push({ address: `aws_kms_key.k[${i}]`, mode: 'managed', type: 'aws_kms_key', name: 'k', index: i, change: { actions: ['create'], after: {}, after_unknown: { arn: true } } });
      }
    });
    const result = parsePlan('plan.json', text);
    expect(refs(resource(result, 'aws_cloudtrail.main').values['kms_key_id'])).toEqual(['aws_kms_key.k[4999]#arn']);
  });

  it('throws nothing but InputError for every prefix of a real plan', () => {
    const text = fixtureText('small.json');
    for (let end = 0; end < text.length; end += 7) {
      try {
        parsePlan('plan.json', text.slice(0, end));
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
      }
    }
  });
});
