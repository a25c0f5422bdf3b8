// Terraform's JSON configuration syntax (`.tf.json`): read into the same
// configuration model as `.tf`, with positions in the JSON text.

import { describe, expect, it } from 'vitest';
import { isUnknown } from '../../core/unknown.js';
import { at, byAddress, describeDiagnostics, load } from './helpers.js';

const json = (v: unknown): string => JSON.stringify(v, null, 2);

describe('.tf.json files', () => {
  it('reads variables, locals, templates, count, nested and dynamic blocks as Terraform does', () => {
    const result = load({
      'main.tf.json': json({
        '//': 'generated',
        variable: {
          multi: { type: 'bool', default: 'false' },
          names: { type: 'list(string)', default: ['a', 'b'] },
          tpl: { default: '${not_interpolated}' },
        },
        locals: { prefix: '${var.tpl}-x', n: '${length(var.names)}' },
        resource: {
          aws_kms_key: { k: { description: 'k' } },
          aws_cloudtrail: {
            t: {
              count: '${local.n}',
              name: 'trail-${count.index}-%{ if var.multi }m%{ else }s%{ endif }',
              s3_bucket_name: 'b',
              sns_topic_name: '${local.prefix}',
              kms_key_id: '${aws_kms_key.k.arn}',
              is_multi_region_trail: '${var.multi}',
              depends_on: ['aws_kms_key.k'],
              provider: 'aws.east',
              event_selector: [{ read_write_type: 'All', data_resource: { type: 'AWS::S3::Object', values: ['arn:aws:s3'] } }],
              dynamic: {
                advanced_event_selector: {
                  for_each: '${var.names}',
                  iterator: 'sel',
                  content: { name: '${sel.value}', field_selector: [{ field: 'eventCategory', equals: ['Data'] }] },
                },
              },
              lifecycle: { ignore_changes: ['tags'] },
            },
          },
        },
      }),
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual(['aws_kms_key.k', 'aws_cloudtrail.t[0]', 'aws_cloudtrail.t[1]']);
    const t = byAddress(result, 'aws_cloudtrail.t[1]');
    expect(t.values['name']).toBe('trail-1-s');
    // A variable's default is literal text, and the bool variable converts "false".
    expect(t.values['sns_topic_name']).toBe('${not_interpolated}-x');
    expect(t.values['is_multi_region_trail']).toBe(false);
    expect(isUnknown(t.values['kms_key_id'])).toBe(true);
    expect(t.values['event_selector']).toEqual([{ read_write_type: 'All', data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }]);
    expect(t.values['advanced_event_selector']).toEqual([
      { name: 'a', field_selector: [{ field: 'eventCategory', equals: ['Data'] }] },
      { name: 'b', field_selector: [{ field: 'eventCategory', equals: ['Data'] }] },
    ]);
    expect(t.values['depends_on']).toBeUndefined();
    expect(t.values['lifecycle']).toBeUndefined();
  });

  it('points at the JSON line and column of attributes, blocks and template parts', () => {
    const text = json({ resource: { aws_cloudtrail: { t: { name: 't', is_multi_region_trail: false, event_selector: [{ read_write_type: 'All' }, { read_write_type: 'ReadOnly' }] } } } });
    const result = load({ 'infra/trail.tf.json': text });
    const t = byAddress(result, 'aws_cloudtrail.t');
    expect(at(t.range)).toBe('infra/trail.tf.json:4:7-15:8');
    expect(at(t.locate(['is_multi_region_trail']))).toBe('infra/trail.tf.json:6:9-6:39');
    expect(at(t.locate(['event_selector', 1, 'read_write_type']))).toBe('infra/trail.tf.json:12:13-12:42');
  });
});

describe('.tf.json alongside .tf', () => {
  it('makes one module of the .tf and .tf.json files of a directory, with its tfvars.json', () => {
    const result = load({
      'env/variables.tf': 'variable "bucket" {}\nvariable "regions" { type = number }\n',
      'env/main.tf.json': json({ resource: { aws_cloudtrail: { t: { name: 't', s3_bucket_name: '${var.bucket}', count: '${var.regions}' } } } }),
      'env/terraform.tfvars.json': json({ bucket: 'acme-logs', regions: '1' }),
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    expect(byAddress(result, 'aws_cloudtrail.t[0]').values['s3_bucket_name']).toBe('acme-logs');
  });

  it('follows a module call from .tf into a directory of .tf.json files, and back', () => {
    const result = load({
      'main.tf.json': json({ module: { trail: { source: './modules/trail', name: 'org' } }, output: { arn: { value: '${module.trail.name}' } } }),
      'modules/trail/main.tf.json': json({
        variable: { name: { type: 'string' } },
        resource: { aws_cloudtrail: { this: { name: '${var.name}-trail', s3_bucket_name: 'logs' } } },
        output: { name: { value: '${aws_cloudtrail.this.name}' } },
      }),
    });
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    expect(byAddress(result, 'module.trail.aws_cloudtrail.this').values['name']).toBe('org-trail');
  });

  it('renders an aws_iam_policy_document written in JSON, its statements and principals as blocks', () => {
    const result = load({
      'main.tf.json': json({
        data: {
          aws_iam_policy_document: {
            p: {
              statement: [
                { sid: 'Write', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::logs/*'], principals: { type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] } },
              ],
            },
          },
        },
        resource: { aws_s3_bucket_policy: { p: { bucket: 'logs', policy: '${data.aws_iam_policy_document.p.json}' } } },
      }),
    });
    const policy = JSON.parse(byAddress(result, 'aws_s3_bucket_policy.p').values['policy'] as string);
    expect(policy.Statement[0]).toMatchObject({ Sid: 'Write', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' });
  });
});

describe('.tf.json strings', () => {
  const nameOf = (value: string): unknown => byAddress(load({ 'main.tf.json': json({ locals: { x: 'X' }, resource: { aws_sns_topic: { t: { name: value } } } }) }), 'aws_sns_topic.t').values['name'];

  it('are templates with escapes, directives and unwrapping as in HCL', () => {
    expect(nameOf('a-${local.x}-b')).toBe('a-X-b');
    expect(nameOf('$${local.x} %%{ if }')).toBe('${local.x} %{ if }');
    expect(nameOf('%{ for c in ["1", "2"] }${c}%{ endfor }')).toBe('12');
    expect(nameOf('line\\n${local.x}\n')).toBe('line\\nX\n');
    expect(nameOf('${[1, 2]}')).toEqual([1, 2]);
    expect(nameOf('')).toBe('');
    expect(nameOf('plain "quoted" \\ text')).toBe('plain "quoted" \\ text');
  });

  it('report a template that does not parse at its line, and the rest of the scan goes on', () => {
    const result = load({
      'bad.tf.json': '{\n  "resource": {"aws_sns_topic": {"t": {\n    "name": "${local.x"\n  }}}\n}\n',
      'good.tf': 'resource "aws_sns_topic" "u" {}\n',
    });
    expect(result.resources.map((r) => r.address)).toEqual(['aws_sns_topic.u']);
    expect(result.diagnostics.map((d) => [d.level, d.code, d.range?.file, d.range?.start.line])).toEqual([['error', 'parse-error', 'bad.tf.json', 3]]);
  });

  it('cannot smuggle a second attribute or block through an expression string', () => {
    const result = load({ 'main.tf.json': json({ resource: { aws_sns_topic: { t: { provider: 'aws.a)\nresource "x" "y" {}\nz = (1' } } } }) });
    expect(result.resources).toEqual([]);
    expect(describeDiagnostics(result.diagnostics)[0]).toMatch(/^error parse-error main\.tf\.json:5: Expected a single expression/);
  });

  it('rejects what is not Terraform JSON with a message naming the place', () => {
    const cases: [string, RegExp][] = [
      ['[]', /must hold a JSON object/],
      ['{"resource": {"aws_sns_topic": "t"}}', /"resource" block must be written as an object whose keys are its labels/],
      ['{"resource": {"aws_sns_topic": {"t": 3}}}', /"resource" block must be written as an object \(or an array of objects\)/],
      ['{"resource": ', /parse|expected|end/i],
    ];
    for (const [text, message] of cases) {
      const result = load({ 'x.tf.json': text });
      expect(result.diagnostics).toHaveLength(1);
      expect(result.diagnostics[0]).toMatchObject({ level: 'error', code: 'parse-error', file: 'x.tf.json' });
      expect(result.diagnostics[0]!.message).toMatch(message);
    }
  });

  it('warns about a top-level property that is not a block type', () => {
    const result = load({ 'x.tf.json': '{"resources": {}}' });
    expect(describeDiagnostics(result.diagnostics)).toEqual(["warning unsupported-block-type x.tf.json:1: 'resources' is not a Terraform block type; it is ignored"]);
  });
});

describe('.tf.json suppressions', () => {
  it('reads a "//" comment inside the resource or on the line above its name as a suppression', () => {
    const text = [
      '{"resource": {"aws_cloudtrail": {',
      '  "//": "trailguard:ignore cloudtrail-kms-encryption key managed elsewhere",',
      '  "a": {"name": "a", "s3_bucket_name": "b"},',
      '  "b": {"//": "checkov:skip=CKV_AWS_67:regional", "name": "b", "s3_bucket_name": "b"},',
      '  "c": {"name": "c", "s3_bucket_name": "b", "//": ["not", "a", "comment"]}',
      '}}}',
    ].join('\n');
    const result = load({ 'main.tf.json': text });
    expect(byAddress(result, 'aws_cloudtrail.a').suppressions?.map((s) => [s.ruleId, s.reason, s.range?.start.line])).toEqual([['cloudtrail-kms-encryption', 'key managed elsewhere', 2]]);
    expect(byAddress(result, 'aws_cloudtrail.b').suppressions?.map((s) => [s.ruleId, s.reason])).toEqual([['CKV_AWS_67', 'regional']]);
    expect(byAddress(result, 'aws_cloudtrail.c').suppressions ?? []).toEqual([]);
  });
});

describe('hostile .tf.json', () => {
  it('rejects nesting deeper than the native parser accepts, naming the file, and loads the other files', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 400; i++) deep = [deep];
    const result = load({ 'deep.tf.json': json({ resource: { aws_sns_topic: { t: { tags: deep } } } }), 'ok.tf': 'resource "aws_sns_topic" "u" {}\n' });
    expect(result.resources.map((r) => r.address)).toEqual(['aws_sns_topic.u']);
    expect(describeDiagnostics(result.diagnostics)).toEqual([expect.stringMatching(/^error parse-error deep\.tf\.json:\d+: Expression nested deeper than 256 levels$/)]);
    let blocks: Record<string, unknown> = { name: 'x' };
    for (let i = 0; i < 100; i++) blocks = { dynamic: { d: { for_each: [], content: blocks } } };
    const nested = load({ 'deep.tf.json': json({ resource: { aws_sns_topic: { t: blocks } } }) });
    expect(describeDiagnostics(nested.diagnostics)).toEqual([expect.stringMatching(/^error parse-error deep\.tf\.json:\d+: Blocks nested deeper than 256 levels$/)]);
  });

  it('keeps the evaluation budgets: a long template is read, one past the limit or growing past it is unknown', () => {
    const result = load({
      'main.tf.json': json({
        resource: {
          aws_sns_topic: {
            big: { name: `\${"x"}${'a'.repeat(900_000)}\${"y"}` },
            huge: { name: `\${"x"}${'a'.repeat(2_000_000)}` },
            bomb: { name: '${replace(join("", [for i in range(1000) : "0123456789"]), "", join("", [for i in range(1000) : "x"]))}' },
          },
        },
      }),
    });
    expect((byAddress(result, 'aws_sns_topic.big').values['name'] as string).length).toBe(900_002);
    expect(isUnknown(byAddress(result, 'aws_sns_topic.huge').values['name'])).toBe(true);
    expect(isUnknown(byAddress(result, 'aws_sns_topic.bomb').values['name'])).toBe(true);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      'warning hcl-evaluation-error main.tf.json:8: Template result longer than 1000000 characters',
      'warning hcl-evaluation-error main.tf.json:11: the result would be longer than 1000000 characters',
    ]);
  });
});
