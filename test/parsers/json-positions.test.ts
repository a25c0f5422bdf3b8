import { describe, expect, it } from 'vitest';
import type { PathSegment } from '../../core/location.js';
import { parseJsonWithPositions } from '../../parsers/json-positions.js';
import { at, inputError, textAt } from './helpers.js';

const TEMPLATE = [
  '{',
  '  "AWSTemplateFormatVersion": "2010-09-09",',
  '  "Resources": {',
  '    "Trail": {',
  '      "Type": "AWS::CloudTrail::Trail",',
  '      "Properties": {',
  '        "IsMultiRegionTrail": false,',
  '        "KMSKeyId": { "Fn::GetAtt": ["TrailKey", "Arn"] },',
  '        "EventSelectors": [',
  '          {',
  '            "ReadWriteType": "All",',
  '            "DataResources": [{ "Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::b/"] }]',
  '          }',
  '        ]',
  '      }',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

const PROPS = ['Resources', 'Trail', 'Properties'];

describe('parseJsonWithPositions: values', () => {
  it('gives the same value as JSON.parse for a template', () => {
    expect(parseJsonWithPositions(TEMPLATE, 't.json').value).toEqual(JSON.parse(TEMPLATE));
  });

  it('decodes every escape, unicode and number form as JSON.parse does', () => {
    const text = String.raw`{"s": "q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 \ud800 é😀", "n": [0, -0, 12, -3.5, 1e3, 2E-2, 6.02e+23, 123456789012345678901234567890], "l": [true, false, null, {}, []], "": ""}`;
    const { value } = parseJsonWithPositions(text, 'x.json');
    expect(value).toEqual(JSON.parse(text));
    expect(Object.is((value as { n: number[] }).n[1], -0)).toBe(true);
  });

  it('accepts any JSON value at the top level, surrounded by whitespace', () => {
    expect(parseJsonWithPositions(' \r\n\t"just a string"\n', 'x.json').value).toBe('just a string');
    expect(parseJsonWithPositions('[1, 2]', 'x.json').value).toEqual([1, 2]);
    expect(parseJsonWithPositions('null', 'x.json').value).toBeNull();
  });

  it('keeps "__proto__" as an ordinary member and never touches prototypes', () => {
    const { value } = parseJsonWithPositions('{"__proto__": {"polluted": true}, "a": {"__proto__": 1}}', 'x.json');
    const object = value as Record<string, unknown>;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.keys(object)).toEqual(['__proto__', 'a']);
    expect(object['__proto__']).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('parseJsonWithPositions: positions', () => {
  const { positions } = parseJsonWithPositions(TEMPLATE, 'templates/trail.json');

  it('places a resource: key where its name is written, value from { to }', () => {
    expect(at(positions.getKey(['Resources', 'Trail']))).toEqual([4, 5]);
    expect(positions.get(['Resources', 'Trail'])).toEqual({
      file: 'templates/trail.json',
      start: { line: 4, column: 14 },
      end: { line: 16, column: 6 },
    });
  });

  it('places properties and their values', () => {
    expect(at(positions.getKey([...PROPS, 'IsMultiRegionTrail']))).toEqual([7, 9]);
    expect(positions.get([...PROPS, 'IsMultiRegionTrail'])).toMatchObject({ start: { line: 7, column: 31 }, end: { line: 7, column: 36 } });
  });

  it('places intrinsic functions and their arguments', () => {
    expect(at(positions.get([...PROPS, 'KMSKeyId']))).toEqual([8, 21]);
    expect(positions.getKey([...PROPS, 'KMSKeyId', 'Fn::GetAtt'])).toMatchObject({ start: { line: 8, column: 23 }, end: { line: 8, column: 35 } });
    expect(positions.get([...PROPS, 'KMSKeyId', 'Fn::GetAtt'])).toMatchObject({ start: { line: 8, column: 37 }, end: { line: 8, column: 56 } });
    expect(at(positions.get([...PROPS, 'KMSKeyId', 'Fn::GetAtt', 0]))).toEqual([8, 38]);
    expect(positions.get([...PROPS, 'KMSKeyId', 'Fn::GetAtt', 1])).toMatchObject({ start: { line: 8, column: 50 }, end: { line: 8, column: 55 } });
  });

  it('places items of nested lists', () => {
    const selector = [...PROPS, 'EventSelectors', 0];
    expect(at(positions.get(selector))).toEqual([10, 11]);
    expect(at(positions.get([...selector, 'DataResources', 0]))).toEqual([12, 31]);
    expect(at(positions.getKey([...selector, 'DataResources', 0, 'Values']))).toEqual([12, 60]);
    expect(positions.get([...selector, 'DataResources', 0, 'Values', 0])).toMatchObject({ start: { line: 12, column: 71 }, end: { line: 12, column: 88 } });
    expect(textAt(TEMPLATE, positions.get([...selector, 'DataResources', 0, 'Values', 0]))).toBe('"arn:aws:s3:::b/"');
  });

  it('answers nothing for paths that are not in the document', () => {
    expect(positions.get([...PROPS, 'TrailName'])).toBeUndefined();
    expect(positions.get([...PROPS, 'EventSelectors', 1])).toBeUndefined();
    expect(positions.get([...PROPS, 'IsMultiRegionTrail', 'x'])).toBeUndefined();
    // A missing property is reported on the nearest ancestor that exists: the Properties key.
    expect(at(positions.nearest([...PROPS, 'TrailName']))).toEqual([6, 7]);
    expect(at(positions.get([]))).toEqual([1, 1]);
  });

  it('maps every value of a document back to exactly its own text', () => {
    const doc = {
      Resources: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [
          `Key${i}`,
          { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: i % 2 === 0, Policy: { Statement: [{ Effect: 'Allow', Action: ['kms:*', `x\u00e9"${i}`], Principal: { AWS: i } }] } } },
        ]),
      ),
    };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t')]) {
      const { positions: index } = parseJsonWithPositions(text, 'x.json');
      const visit = (value: unknown, path: PathSegment[]): void => {
        expect(JSON.parse(textAt(text, index.get(path)))).toEqual(value);
        if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i]));
        else if (value !== null && typeof value === 'object') {
          for (const [key, item] of Object.entries(value)) {
            expect(JSON.parse(textAt(text, index.getKey([...path, key])))).toBe(key);
            visit(item, [...path, key]);
          }
        }
      };
      visit(doc, []);
    }
  });

  it('finds members whose names contain escapes, and accepts "3" for array index 3', () => {
    const text = '{"a\\"b": [10, 20, 30, 40], "\\u00e9": 1}';
    const { positions: index } = parseJsonWithPositions(text, 'x.json');
    expect(textAt(text, index.get(['a"b', 3]))).toBe('40');
    expect(textAt(text, index.get(['a"b', '3']))).toBe('40');
    expect(textAt(text, index.getKey(['é']))).toBe('"\\u00e9"');
  });

  it('lets explicitly set ranges win over the recorded ones', () => {
    const { positions: index } = parseJsonWithPositions('{"a": 1}', 'x.json');
    const range = { file: 'x.json', start: { line: 9, column: 9 }, end: { line: 9, column: 10 } };
    index.set(['a'], range);
    expect(index.get(['a'])).toEqual(range);
  });
});

describe('parseJsonWithPositions: duplicate keys', () => {
  const text = '{\n  "Resources": {\n    "T": {"Type": "AWS::S3::Bucket", "Type": "AWS::SNS::Topic"}\n  },\n  "Resources": {"Only": {"Type": "AWS::KMS::Key"}}\n}';

  it('keeps the last value, as JSON.parse does, and warns with the line of each repeat', () => {
    const { value, warnings, positions } = parseJsonWithPositions(text, 'dup.json');
    expect(value).toEqual(JSON.parse(text));
    expect(warnings.map((w) => [w.level, w.code, w.range?.start.line, w.range?.start.column])).toEqual([
      ['warning', 'duplicate-key', 3, 38],
      ['warning', 'duplicate-key', 5, 3],
    ]);
    expect(warnings[0]!.message).toBe('Duplicate key "Type" at line 3, column 38: the later value replaces the earlier one');
    // Positions follow the value that was kept.
    expect(at(positions.getKey(['Resources']))).toEqual([5, 3]);
    expect(positions.get(['Resources', 'T'])).toBeUndefined();
  });
});

describe('parseJsonWithPositions: syntax errors name the line and column', () => {
  const cases: Array<[string, string, string, [number, number]]> = [
    [
      'a trailing comma',
      '{\n  "Resources": {\n    "Trail": { "Type": "AWS::CloudTrail::Trail", }\n  }\n}',
      "Trailing comma at line 3, column 48: JSON does not allow a ',' before '}'",
      [3, 48],
    ],
    ['a trailing comma in an array', '[1,\n 2,\n]', "Trailing comma at line 2, column 3: JSON does not allow a ',' before ']'", [2, 3]],
    [
      'a missing closing brace',
      '{\n  "Resources": {\n    "Trail": {\n      "Type": "AWS::CloudTrail::Trail"\n    }\n}\n',
      "Unexpected end of input at line 7, column 1: expected '}' to close the object opened at line 1, column 1",
      [7, 1],
    ],
    ['a missing value', '{\n  "Resources": {\n    "Trail": }\n}', "Unexpected '}' at line 3, column 14: expected a value", [3, 14]],
    ['a missing comma', '{"a": 1\n "b": 2}', `Unexpected '"' at line 2, column 2: expected ',' or '}' after a property value`, [2, 2]],
    ['a missing colon', '{"a" 1}', `Unexpected '1' at line 1, column 6: expected ':' after the property name "a"`, [1, 6]],
    ['an unquoted key', '{Resources: {}}', "Unexpected 'R' at line 1, column 2: expected a property name in double quotes", [1, 2]],
    ['single quotes', "{\"a\": 'x'}", "Unexpected ''' at line 1, column 7: expected a value (strings must use double quotes)", [1, 7]],
    ['a comment', '{\n  // note\n  "a": 1}', "Unexpected '/' at line 2, column 3: expected a property name in double quotes", [2, 3]],
    ['a comment where a value belongs', '[// note\n1]', "Unexpected '/' at line 1, column 2: expected a value (JSON does not allow comments)", [1, 2]],
    ['an unclosed string', '{"a": "abc', `Unexpected end of input at line 1, column 11: expected '"' to close the string opened at line 1, column 7`, [1, 11]],
    ['a line break in a string', '{"a": "ab\ncd"}', 'Unexpected U+000A at line 1, column 10: a string cannot span lines in JSON (write \\n)', [1, 10]],
    ['an invalid escape', '["a\\x"]', "Unexpected '\\' at line 1, column 4: invalid escape sequence \\x (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", [1, 4]],
    ['a short \\u escape', '["\\u12"]', "Unexpected '\\' at line 1, column 3: expected four hexadecimal digits after \\u", [1, 3]],
    ['a leading zero', '{"Port": 022}', "Unexpected '2' at line 1, column 11: numbers cannot have leading zeros", [1, 11]],
    ['a bare minus', '[-]', "Unexpected ']' at line 1, column 3: expected a digit after '-'", [1, 3]],
    ['a number ending in a dot', '[1.]', "Unexpected ']' at line 1, column 4: expected a digit after the decimal point", [1, 4]],
    ['an empty exponent', '[1e+]', "Unexpected ']' at line 1, column 5: expected a digit in the exponent", [1, 5]],
    ['a misspelt literal', '{"a": True}', "Unexpected 'T' at line 1, column 7: expected a value (a string, number, object, array, true, false or null)", [1, 7]],
    ['text after the value', '{"a": 1}\n{"b": 2}', "Unexpected '{' at line 2, column 1: expected the end of the document after the top-level value", [2, 1]],
    ['an empty document', '  \n', 'Unexpected end of input at line 2, column 1: expected a value', [2, 1]],
  ];

  it.each(cases)('%s', (_name, text, message, [line, column]) => {
    const error = inputError(() => parseJsonWithPositions(text, 'broken.json'));
    expect(error.message).toBe(message);
    expect(error.range).toMatchObject({ file: 'broken.json', start: { line, column } });
    expect(error.code).toBe('parse-error');
  });

  it('refuses absurd nesting with an error, not a stack overflow', () => {
    const error = inputError(() => parseJsonWithPositions('['.repeat(100_000) + ']'.repeat(100_000), 'deep.json'));
    expect(error.message).toBe("Unexpected '[' at line 1, column 1001: nesting is deeper than 1000 levels");
  });

  it('accepts nesting up to the limit', () => {
    expect(() => parseJsonWithPositions('['.repeat(1000) + ']'.repeat(1000), 'deep.json')).not.toThrow();
  });
});
