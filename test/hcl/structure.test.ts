import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { staticString } from '../../parsers/terraform/hcl/ast.js';
import { at, parse } from './helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/terraform/hcl/${name}`, import.meta.url), 'utf8');

describe('blocks, labels and attributes', () => {
  const text = [
    '# leading comment',
    'resource "aws_cloudtrail" "main" {',
    '  name           = "org-trail"',
    '  enable_logging = true',
    '',
    '  event_selector {',
    '    read_write_type = "All"',
    '    data_resource {',
    '      type = "AWS::S3::Object"',
    '    }',
    '  }',
    '}',
    '',
    'locals { a = 1 }',
    'provider aws {}',
  ].join('\n');
  const file = parse(text, 'trail.tf');
  const trail = file.body.blocks[0]!;

  it('records the block type, labels and their exact ranges', () => {
    expect(trail.type).toBe('resource');
    expect(trail.labels).toEqual(['aws_cloudtrail', 'main']);
    expect(at(trail.typeRange)).toBe('2:1-2:9');
    expect(trail.labelRanges.map(at)).toEqual(['2:10-2:26', '2:27-2:33']);
    expect(at(trail.openBraceRange)).toBe('2:34-2:35');
    expect(at(trail.closeBraceRange)).toBe('12:1-12:2');
    expect(at(trail.range)).toBe('2:1-12:2');
    expect(at(trail.body.range)).toBe('2:34-12:2');
    expect(trail.range.file).toBe('trail.tf');
  });

  it('records attribute names, values and ranges', () => {
    const [name, logging] = trail.body.attributes;
    expect(name!.name).toBe('name');
    expect(at(name!.nameRange)).toBe('3:3-3:7');
    expect(at(name!.expr.range)).toBe('3:20-3:31');
    expect(at(name!.range)).toBe('3:3-3:31');
    expect(staticString(name!.expr)).toBe('org-trail');
    expect(logging!.name).toBe('enable_logging');
    expect(at(logging!.nameRange)).toBe('4:3-4:17');
    expect(logging!.expr).toMatchObject({ kind: 'Literal', value: true });
  });

  it('nests blocks with their own ranges', () => {
    const selector = trail.body.blocks[0]!;
    expect(selector.type).toBe('event_selector');
    expect(selector.labels).toEqual([]);
    expect(at(selector.typeRange)).toBe('6:3-6:17');
    expect(at(selector.range)).toBe('6:3-11:4');
    const dataResource = selector.body.blocks[0]!;
    expect(dataResource.type).toBe('data_resource');
    expect(at(dataResource.range)).toBe('8:5-10:6');
    expect(at(dataResource.body.attributes[0]!.nameRange)).toBe('9:7-9:11');
  });

  it('accepts one-line blocks and identifier labels', () => {
    const locals = file.body.blocks[1]!;
    expect(locals.type).toBe('locals');
    expect(locals.body.attributes.map((a) => a.name)).toEqual(['a']);
    expect(at(locals.body.attributes[0]!.range)).toBe('14:10-14:15');
    const provider = file.body.blocks[2]!;
    expect(provider.labels).toEqual(['aws']);
    expect(at(provider.labelRanges[0])).toBe('15:10-15:13');
    expect(provider.body.attributes).toEqual([]);
  });

  it('keeps source order and allows repeated block types', () => {
    const f = parse('a = 1\nb {}\nc = 2\nb {}\nb "x" {}\n');
    expect(f.body.attributes.map((a) => a.name)).toEqual(['a', 'c']);
    expect(f.body.blocks.map((b) => [b.type, b.labels])).toEqual([
      ['b', []],
      ['b', []],
      ['b', ['x']],
    ]);
  });

  it('resolves escapes in quoted labels', () => {
    const f = parse('thing "a\\"b" "caf\\u00e9" {}\n');
    expect(f.body.blocks[0]!.labels).toEqual(['a"b', 'café']);
  });

  it('accepts identifiers with dashes and non-ASCII letters', () => {
    const f = parse('my-attr = 1\nnaïve_é = 2\n');
    expect(f.body.attributes.map((a) => a.name)).toEqual(['my-attr', 'naïve_é']);
  });

  it('handles CRLF line endings and a missing final newline', () => {
    const f = parse('a = 1\r\nblk {\r\n  b = "x"\r\n}\r\nc = 3');
    expect(f.body.attributes.map((a) => a.name)).toEqual(['a', 'c']);
    expect(at(f.body.blocks[0]!.body.attributes[0]!.range)).toBe('3:3-3:10');
    expect(at(f.body.attributes[1]!.range)).toBe('5:1-5:6');
  });

  it('does not count a byte order mark as a column', () => {
    const f = parse('\ufeffa = 1\nb = 2\n');
    expect(at(f.body.attributes[0]!.range)).toBe('1:1-1:6');
    expect(at(f.body.attributes[1]!.range)).toBe('2:1-2:6');
    expect(f.body.range.start).toEqual({ line: 1, column: 1 });
  });

  it('counts a tab as one column', () => {
    const f = parse('blk {\n\tname = "x"\n}\n');
    expect(at(f.body.blocks[0]!.body.attributes[0]!.nameRange)).toBe('2:2-2:6');
  });

  it('parses an empty file and a file of comments', () => {
    expect(parse('').body).toMatchObject({ attributes: [], blocks: [] });
    const f = parse('# one\n// two\n/* three */\n');
    expect(f.body.attributes).toEqual([]);
    expect(f.comments.map((c) => c.style)).toEqual(['#', '//', '/*']);
  });
});

describe('heredoc attributes', () => {
  it('gives the heredoc range from the opening marker to the closing one', () => {
    const text = ['resource "aws_s3_bucket_policy" "p" {', '  policy = <<POLICY', '{', '  "Version": "2012-10-17"', '}', 'POLICY', '  bucket = "b"', '}', ''].join('\n');
    const block = parse(text).body.blocks[0]!;
    const [policy, bucket] = block.body.attributes;
    expect(at(policy!.nameRange)).toBe('2:3-2:9');
    expect(at(policy!.expr.range)).toBe('2:12-6:7');
    expect(at(policy!.range)).toBe('2:3-6:7');
    expect(staticString(policy!.expr)).toBe('{\n  "Version": "2012-10-17"\n}\n');
    expect(bucket!.name).toBe('bucket');
    expect(at(bucket!.nameRange)).toBe('7:3-7:9');
  });

  it('records the marker and the flush form', () => {
    const f = parse('a = <<-EOT\n    x\n  EOT\n');
    expect(f.body.attributes[0]!.expr).toMatchObject({ kind: 'Template', heredoc: { marker: 'EOT', flush: true } });
  });
});

describe('comments', () => {
  const text = [
    '# trailguard:ignore cloudtrail-kms-encryption',
    'resource "aws_cloudtrail" "t" { # trailing hash',
    '  name = "t" // trailing slashes',
    '  /* inline */ enable_logging = /* inside */ true',
    '  /* multi',
    '     line */',
    '  tags = { a = "#not a comment" } # after',
    '}',
  ].join('\n');
  const f = parse(text);

  it('collects every comment with its text, content and range', () => {
    expect(f.comments.map((c) => [c.style, c.text, at(c.range)])).toEqual([
      ['#', '# trailguard:ignore cloudtrail-kms-encryption', '1:1-1:46'],
      ['#', '# trailing hash', '2:33-2:48'],
      ['//', '// trailing slashes', '3:14-3:33'],
      ['/*', '/* inline */', '4:3-4:15'],
      ['/*', '/* inside */', '4:33-4:45'],
      ['/*', '/* multi\n     line */', '5:3-6:13'],
      ['#', '# after', '7:35-7:42'],
    ]);
    expect(f.comments[0]!.content).toBe(' trailguard:ignore cloudtrail-kms-encryption');
    expect(f.comments[3]!.content).toBe(' inline ');
  });

  it('does not take comment markers inside strings for comments', () => {
    const tags = f.body.blocks[0]!.body.attributes.find((a) => a.name === 'tags')!;
    expect(tags.expr.kind).toBe('Object');
    expect(f.body.blocks[0]!.body.attributes.map((a) => a.name)).toEqual(['name', 'enable_logging', 'tags']);
  });

  it('treats a line comment as the end of an argument', () => {
    const g = parse('a = 1 # one\nb = 2 // two\n');
    expect(g.body.attributes.map((a) => a.name)).toEqual(['a', 'b']);
  });

  it('keeps CR out of the comment text of CRLF files', () => {
    const g = parse('# hello\r\na = 1\r\n');
    expect(g.comments[0]!.text).toBe('# hello');
    expect(at(g.comments[0]!.range)).toBe('1:1-1:8');
  });
});

describe('realistic fixtures', () => {
  it('finds the dynamic blocks of the CloudTrail module at their lines', () => {
    const f = parse(fixture('cloudtrail-module.tf'), 'cloudtrail-module.tf');
    const trail = f.body.blocks.find((b) => b.type === 'resource' && b.labels[0] === 'aws_cloudtrail')!;
    expect(trail.labels).toEqual(['aws_cloudtrail', 'this']);
    expect(trail.typeRange.start.line).toBe(15);
    const dynamic = trail.body.blocks.filter((b) => b.type === 'dynamic');
    expect(dynamic.map((b) => [b.labels[0], b.typeRange.start.line])).toEqual([
      ['event_selector', 31],
      ['insight_selector', 85],
    ]);
    const content = dynamic[0]!.body.blocks[0]!;
    expect(content.type).toBe('content');
    expect(content.body.blocks[0]!.labels).toEqual(['data_resource']);
    const advanced = trail.body.blocks.filter((b) => b.type === 'advanced_event_selector');
    expect(advanced).toHaveLength(2);
    expect(advanced[1]!.body.blocks.map((b) => b.type)).toEqual(['field_selector', 'field_selector', 'field_selector']);
    const suppression = f.comments.find((c) => c.content.includes('trailguard:ignore'))!;
    expect(suppression.range.start).toEqual({ line: 2, column: 1 });
    const kms = trail.body.attributes.find((a) => a.name === 'kms_key_id')!;
    expect(at(kms.nameRange)).toBe('26:3-26:13');
  });

  it('parses every fixture', () => {
    for (const name of ['cloudtrail-module.tf', 'kms-key-policy.tf', 's3-bucket-heredoc.tf', 'variables.tf', 'locals-and-outputs.tf', 'cloudwatch-alarms.tf', 'organization-guardrails.tf']) {
      const f = parse(fixture(name), name);
      expect(f.body.blocks.length, name).toBeGreaterThan(0);
    }
  });
});
