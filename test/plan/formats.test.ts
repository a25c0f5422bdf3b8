// Plan format versions and file encodings: Terraform 0.12's format 0.1
// (references without attributes, instances only in planned_values), a
// future 2.0 read on a best-effort basis, one-line output as `terraform show
// -json` prints it, and the encodings Windows tools write.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../parsers/terraform/plan/index.js';
import { decodeText } from '../../parsers/text.js';
import { textAt } from '../parsers/helpers.js';
import { FIXTURES, fixtureText, parseFixture, refs, resource, unknown } from './helpers.js';

describe('format 0.1 (Terraform 0.12)', () => {
  const { result, text } = parseFixture('legacy-0.1.json');

  it('reads instances found only in planned_values, without a warning', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.formatVersion).toBe('0.1');
    expect(result.terraformVersion).toBe('0.12.31');
    expect(result.resources.map((r) => [r.address, r.actions])).toEqual([
      ['aws_kms_key.trail', ['create']],
      ['aws_cloudtrail.main', undefined],
      ['module.logging.aws_s3_bucket.trail', undefined],
    ]);
    expect(resource(result, 'module.logging.aws_s3_bucket.trail')).toMatchObject({ moduleAddress: 'module.logging', values: { bucket: 'legacy-audit-logs' } });
  });

  it('treats an attribute that planned_values omits but the configuration sets from a reference as unknown', () => {
    const trail = resource(result, 'aws_cloudtrail.main');
    const kms = unknown(trail.values['kms_key_id']);
    // 0.12 recorded only the referenced object, not its attribute: linked, but not promised present.
    expect(kms.refs).toEqual([{ address: 'aws_kms_key.trail' }]);
    expect(kms.present).toBe(false);
    // A 0.12-style module output reference, followed into the module.
    expect(refs(trail.values['s3_bucket_name'])).toEqual(['module.logging.aws_s3_bucket.trail']);
  });

  it('keeps printed values as they are, nulls included', () => {
    const trail = resource(result, 'aws_cloudtrail.main');
    expect(trail.values['enable_log_file_validation']).toBe(false);
    expect(trail.values['cloud_watch_logs_group_arn']).toBeNull();
    expect(trail.values['name']).toBe('legacy-audit');
    expect('arn' in trail.values).toBe(false);
  });

  it('ranges a planned_values instance over its entry there', () => {
    const bucket = resource(result, 'module.logging.aws_s3_bucket.trail');
    expect(JSON.parse(textAt(text, bucket.range)).address).toBe('module.logging.aws_s3_bucket.trail');
    expect(bucket.range.start).toEqual({ line: 56, column: 13 });
  });

  it('maps the local module of a 0.1 configuration', () => {
    expect(result.modules.get('module.logging')).toEqual({ moduleAddress: 'module.logging', source: './logging', local: true, directory: 'logging' });
  });
});

describe('format 2.0 (a future major version)', () => {
  const { result, text, file } = parseFixture('future-2.0.json');

  it('warns that the version is unknown, pointing at format_version', () => {
    expect(result.diagnostics).toEqual([
      {
        level: 'warning',
        code: 'unknown-plan-version',
        message: 'Plan format_version "2.0" is newer than the formats this scanner knows (0.x and 1.x); it was read as 1.x, results may be incomplete',
        file,
        range: { file, start: { line: 1, column: 2 }, end: { line: 1, column: 18 } },
      },
    ]);
  });

  it('still reads what it recognises', () => {
    expect(result.resources.map((r) => r.address)).toEqual(['aws_cloudtrail.future', 'aws_kms_key.future']);
    const trail = resource(result, 'aws_cloudtrail.future');
    expect(refs(trail.values['kms_key_id'])).toEqual(['aws_kms_key.future#arn']);
    // Go's encoder writes & as \u0026; JSON.parse decodes it.
    expect(trail.values['tags']).toEqual({ Owner: 'security&audit' });
  });

  it('gives columns on the single line Terraform prints', () => {
    expect(text.split('\n')).toHaveLength(2);
    for (const r of result.resources) {
      expect(r.range.start.line).toBe(1);
      expect(r.range.end.line).toBe(1);
      expect(JSON.parse(textAt(text, r.range)).address).toBe(r.address);
    }
  });
});

describe('format versions that are fine, and ones that are not versions', () => {
  const minimal = (version: unknown) =>
    JSON.stringify({ format_version: version, terraform_version: '1.5.7', planned_values: { root_module: {} }, configuration: { root_module: {} } });

  it.each(['0.2', '1.0', '1.1', '1.2', '1.3'])('accepts format_version %s silently', (version) => {
    const result = parsePlan('plan.json', minimal(version));
    expect(result.isPlan).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it.each([[12], ['one'], [null]])('warns about format_version %j', (version) => {
    const result = parsePlan('plan.json', minimal(version));
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['unknown-plan-version', `Plan format_version ${JSON.stringify(version)} is not a version number; the plan was read as format 1.x, results may be incomplete`],
    ]);
  });
});

describe('encodings', () => {
  const plain = parseFixture('small.json');
  const summary = (r: typeof plain.result) => r.resources.map((x) => [x.address, x.values['name'], x.range.start, x.range.end]);

  it('reads a UTF-8 plan with a BOM like one without', () => {
    const bytes = readFileSync(FIXTURES + 'small-utf8-bom.json');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { result } = parseFixture('small-utf8-bom.json');
    expect(summary(result)).toEqual(summary(plain.result));
    expect(resource(result, 'aws_cloudtrail.winops').values['name']).toBe('winops-é-trail');
  });

  it('reads a UTF-16 LE plan with a BOM and CRLF line ends (PowerShell 5 redirection)', () => {
    const bytes = readFileSync(FIXTURES + 'small-utf16le-bom.json');
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x7b, 0x00]);
    const { result, text } = parseFixture('small-utf16le-bom.json');
    expect(text).toContain('\r\n');
    expect(summary(result)).toEqual(summary(plain.result));
    expect(JSON.parse(textAt(text, resource(result, 'aws_cloudtrail.winops').range)).address).toBe('aws_cloudtrail.winops');
  });

  it('strips a BOM left in text that did not come through decodeText', () => {
    const result = parsePlan('plan.json', '\ufeff' + fixtureText('small.json'));
    expect(summary(result)).toEqual(summary(plain.result));
  });

  it('decodes with decodeText, as the scanner does', () => {
    expect(decodeText(readFileSync(FIXTURES + 'small-utf16le-bom.json')).replaceAll('\r\n', '\n')).toBe(plain.text);
  });
});
