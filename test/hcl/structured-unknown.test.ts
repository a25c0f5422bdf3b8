import { describe, expect, it } from 'vitest';
import { containsUnknown, isUnknown, Unknown } from '../../core/unknown.js';
import { endsInString, jsonDocument, MAX_JSON_DEPTH, parseJsonSafely, PartialString, UnknownJsonDocument } from '../../parsers/terraform/hcl/structured-unknown.js';
import { containsUnknownValue, mergeRefs, nestingDepth } from '../../parsers/terraform/hcl/values.js';
import { run } from './helpers.js';
import { random } from '../seeded-random.js';

const bucketArn = new Unknown('known after apply', [{ address: 'aws_s3_bucket.trail', attribute: 'arn' }], true);

describe('jsonencode of a value with unknowns inside', () => {
  const policy = run(`jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "\${aws_s3_bucket.trail.arn}/AWSLogs/*"
    }]
  })`);

  it('is an Unknown, so nothing can mistake it for a known string', () => {
    expect(policy).toBeInstanceOf(UnknownJsonDocument);
    expect(isUnknown(policy)).toBe(true);
    expect(containsUnknown(policy)).toBe(true);
    expect((policy as Unknown).present).toBe(true);
    expect((policy as Unknown).refs).toEqual([{ address: 'aws_s3_bucket.trail', attribute: 'arn' }]);
  });

  it('keeps the whole document, with the unknown part in place', () => {
    const doc = jsonDocument(policy) as { Version: string; Statement: Array<Record<string, unknown>> };
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement[0]!.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    const resource = doc.Statement[0]!.Resource as PartialString;
    expect(resource).toBeInstanceOf(PartialString);
    expect(resource.parts).toEqual([bucketArn, '/AWSLogs/*']);
  });

  it('round-trips through jsondecode', () => {
    const decoded = run('jsondecode(jsonencode({ a = aws_s3_bucket.trail.arn, b = [1] }))') as Record<string, unknown>;
    expect(decoded.b).toEqual([1]);
    expect(decoded.a).toEqual(bucketArn);
  });

  it('encodes to text as usual when everything is known', () => {
    expect(jsonDocument(run('jsonencode({ a = 1 })'))).toEqual({ a: 1 });
  });
});

describe('templates with unknown parts', () => {
  it('keep their known text as a PartialString', () => {
    const arn = run('"arn:aws:s3:::${var.bucket}/AWSLogs/*"') as PartialString;
    expect(arn).toBeInstanceOf(PartialString);
    expect(arn.knownPrefix).toBe('arn:aws:s3:::');
    expect(arn.parts).toEqual(['arn:aws:s3:::', new Unknown('variable bucket has no known value', [], false), '/AWSLogs/*']);
    expect(arn.present).toBe(true);
  });

  it('decode as JSON when they hold a heredoc policy', () => {
    const policy = run(`<<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": ["\${aws_s3_bucket.trail.arn}", "\${aws_s3_bucket.trail.arn}/*"],
    "Condition": { "Bool": { "aws:SecureTransport": "false" } }
  }]
}
POLICY`);
    expect(policy).toBeInstanceOf(PartialString);
    const doc = jsonDocument(policy) as { Statement: Array<{ Resource: unknown[]; Condition: unknown }> };
    expect(doc.Statement[0]!.Resource[0]).toEqual(bucketArn);
    expect((doc.Statement[0]!.Resource[1] as PartialString).parts).toEqual([bucketArn, '/*']);
    expect(doc.Statement[0]!.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  it('place an unknown interpolated outside a JSON string as a value', () => {
    const doc = jsonDocument(run('<<EOT\n{ "Action": ${jsonencode(var.actions)}, "Sid": "x" }\nEOT')) as Record<string, unknown>;
    expect(isUnknown(doc.Action)).toBe(true);
    expect(doc.Sid).toBe('x');
  });

  it('splice in the document of an interpolated jsonencode() with unknowns', () => {
    const doc = jsonDocument(run('<<EOT\n{ "Statement": ${jsonencode([{ Resource = aws_s3_bucket.trail.arn }])} }\nEOT')) as Record<string, unknown>;
    expect(doc.Statement).toEqual([{ Resource: bucketArn }]);
  });

  it('give no document when they are not JSON or a key is unknown', () => {
    expect(jsonDocument(run('"not json ${var.x}"'))).toBeUndefined();
    expect(jsonDocument(run('<<EOT\n{ "${var.key}": 1 }\nEOT'))).toBeUndefined();
    expect(jsonDocument(run('data.aws_iam_policy_document.p.json'))).toBeUndefined();
    expect(jsonDocument('{"a": 1')).toBeUndefined();
  });

  it('come from format() and join() too', () => {
    const f = run('format("arn:%s:s3:::%s", "aws", var.bucket)') as PartialString;
    expect(f).toBeInstanceOf(PartialString);
    expect(f.knownPrefix).toBe('arn:aws:s3:::');
    const j = run('join(",", ["a", aws_s3_bucket.trail.arn])') as PartialString;
    expect(j.parts).toEqual(['a,', bucketArn]);
    expect(isUnknown(run('format("%5s", var.x)'))).toBe(true);
    expect(run('format("%5s", var.x)')).not.toBeInstanceOf(PartialString);
  });

  it("find where JSON text's strings end as a character-by-character scan does (quotes toggle, a backslash in a string skips the next character)", () => {
    const byCharacter = (text: string, inString: boolean): boolean => {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 && inString) i++;
        else if (c === 34) inString = !inString;
      }
      return inString;
    };
    const next = random(11);
    const alphabet = ['"', '\\', 'a', ' ', '$', '{', '\u00e9', '\ud83d\ude00'];
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(next() * 12);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      for (const inString of [false, true]) expect(endsInString(text, inString), `${JSON.stringify(text)} from ${inString}`).toBe(byCharacter(text, inString));
    }
    expect(endsInString('"a\\"b', false)).toBe(true);
    expect(endsInString('x\\', true)).toBe(true);
    expect(endsInString('\\"', false)).toBe(true);
  });

  it('serialize readably', () => {
    expect(JSON.parse(JSON.stringify(run('"a-${var.x}"')))).toEqual({ unknown: 'variable x has no known value', parts: ['a-', { unknown: 'variable x has no known value' }] });
  });
});

describe('value walks (indexed loops, parallel stacks)', () => {
  it('nestingDepth: arrays and objects count a level each, stops past the limit, own keys only', () => {
    expect(nestingDepth('x', 10)).toBe(0);
    expect(nestingDepth([], 10)).toBe(0);
    expect(nestingDepth([1, [2, { a: [3] }]], 10)).toBe(4);
    expect(nestingDepth({ a: { b: 1 }, c: [[[]]] }, 10)).toBe(3);
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(nestingDepth(deep, 256)).toBe(257);
    const inherited = Object.create({ hidden: [[[1]]] }) as Record<string, unknown>;
    inherited['own'] = 1;
    expect(nestingDepth(inherited, 10)).toBe(1);
    expect(nestingDepth(JSON.parse('{"__proto__": [[1]]}'), 10)).toBe(3);
  });

  it('a JSON document is refused when a value lies deeper than MAX_JSON_DEPTH (n nested arrays: the innermost at depth n - 1)', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(parseJsonSafely(nested(MAX_JSON_DEPTH + 1))).toBeDefined();
    expect(parseJsonSafely(nested(MAX_JSON_DEPTH + 2))).toBeUndefined();
  });

  it('mergeRefs keeps the first of each address and attribute, in order; containsUnknownValue finds one in an array', () => {
    const a = new Unknown('a', [{ address: 'x.a' }, { address: 'x.b', attribute: 'id' }]);
    const b = new Unknown('b', [{ address: 'x.b', attribute: 'id' }, { address: 'x.b' }, { address: 'x.a' }]);
    expect(mergeRefs([a, b])).toEqual([{ address: 'x.a' }, { address: 'x.b', attribute: 'id' }, { address: 'x.b' }]);
    expect(containsUnknownValue([1, { k: ['s', a] }])).toBe(true);
    expect(containsUnknownValue([1, { k: ['s'] }])).toBe(false);
  });
});
