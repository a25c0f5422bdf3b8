import { describe, expect, it } from 'vitest';
import { looksLikeCloudFormation, mayBeCloudFormationText, parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { at, inputError } from './helpers.js';

const YAML_TEMPLATE = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n';
const JSON_TEMPLATE = '{\n  "Resources": {\n    "Trail": {\n      "Type": "AWS::CloudTrail::Trail",\n      "Properties": {"IsLogging": true}\n    }\n  }\n}\n';

describe('parseCloudFormation: choosing JSON or YAML', () => {
  it('reads text starting with { as JSON', () => {
    const template = parseCloudFormation('trail.json', JSON_TEMPLATE)!;
    expect(template).toMatchObject({ file: 'trail.json', format: 'json', warnings: [] });
    expect(template.body).toEqual(JSON.parse(JSON_TEMPLATE));
    expect(at(template.positions.getKey(['Resources', 'Trail', 'Properties', 'IsLogging']))).toEqual([5, 22]);
  });

  it('reads anything else as YAML, whatever the file is called', () => {
    const template = parseCloudFormation('trail.json', YAML_TEMPLATE)!;
    expect(template.format).toBe('yaml');
    expect(template.body).toEqual({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true } } } });
  });

  it('reads JSON that is not strict JSON but valid YAML as YAML, with a warning', () => {
    const text = '{\n  "Resources": {\n    "Trail": {"Type": "AWS::CloudTrail::Trail",},\n  }\n}\n';
    const template = parseCloudFormation('trail.json', text)!;
    expect(template.format).toBe('yaml');
    expect(template.body).toEqual({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail' } } });
    expect(template.warnings).toHaveLength(1);
    expect(template.warnings[0]).toMatchObject({ level: 'warning', code: 'invalid-json', range: { start: { line: 3, column: 47 } } });
    expect(template.warnings[0]!.message).toBe(
      "Not valid JSON (Trailing comma at line 3, column 47: JSON does not allow a ',' before '}'); read as YAML instead",
    );
  });

  it('reports the JSON error when the text is neither JSON nor YAML', () => {
    const text = '{\n  "Resources": {\n    "Trail": {"Type": "AWS::CloudTrail::Trail"}\n  }\n';
    const error = inputError(() => parseCloudFormation('trail.json', text));
    expect(error.message).toBe("Unexpected end of input at line 5, column 1: expected '}' to close the object opened at line 1, column 1");
    expect(error.range).toMatchObject({ file: 'trail.json', start: { line: 5, column: 1 } });
  });

  it('reads Windows line endings (CRLF) with the same values and positions', () => {
    for (const [file, text] of [
      ['crlf.yaml', YAML_TEMPLATE],
      ['crlf.json', JSON_TEMPLATE],
    ] as const) {
      const lf = parseCloudFormation(file, text)!;
      const crlf = parseCloudFormation(file, text.replace(/\n/g, '\r\n'))!;
      expect(crlf.body).toEqual(lf.body);
      const path = ['Resources', 'Trail', 'Properties', 'IsLogging'];
      expect(crlf.positions.get(path)).toEqual(lf.positions.get(path));
      expect(crlf.positions.getKey(path)).toEqual(lf.positions.getKey(path));
    }
  });

  it('ignores a byte order mark left in the text', () => {
    const template = parseCloudFormation('bom.yaml', `\ufeff${YAML_TEMPLATE}`)!;
    expect(Object.keys(template.body)).toEqual(['Resources']);
    expect(at(template.positions.getKey(['Resources']))).toEqual([1, 1]);
    expect(parseCloudFormation('bom.json', `\ufeff${JSON_TEMPLATE}`)!.format).toBe('json');
  });
});

describe('parseCloudFormation: files that are not templates return null', () => {
  it.each([
    ['an empty file', 'empty.yaml', ''],
    ['whitespace only', 'blank.json', ' \n\t\n'],
    ['comments only', 'comments.yaml', '# nothing here yet\n'],
    ['a GitHub workflow', '.github/workflows/ci.yml', 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n'],
    ['a Kubernetes manifest', 'k8s/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n'],
    ['package.json', 'package.json', '{"name": "x", "version": "1.0.0"}'],
    ['a YAML list', 'list.yaml', '- Resources:\n    T:\n      Type: AWS::S3::Bucket\n'],
    ['a JSON array', 'list.json', '[{"Resources": {"T": {"Type": "AWS::S3::Bucket"}}}]'],
    ['an empty template', 'empty-template.yaml', 'Resources: {}\n'],
    ['an empty JSON object', 'empty.json', '{}'],
    ['a scalar', 'scalar.yaml', 'just some text\n'],
  ])('%s', (_name, file, text) => {
    expect(parseCloudFormation(file, text)).toBeNull();
  });

  it('skips unparsable YAML and JSON that do not look like templates', () => {
    expect(parseCloudFormation('ci.yml', 'name: "CI\non: push\n')).toBeNull();
    expect(parseCloudFormation('tsconfig.json', '{\n  // comment\n  "compilerOptions": {\n}')).toBeNull();
  });
});

describe('parseCloudFormation: broken templates are errors', () => {
  it('a .template file that does not parse', () => {
    const error = inputError(() => parseCloudFormation('network.template', 'Resources:\n  Vpc:\n    Type: "AWS::EC2::VPC\n'));
    expect(error.message).toBe('YAML syntax error at line 3, column 11: the quoted string starting here is never closed (Missing closing "quote)');
    expect(error.range).toMatchObject({ file: 'network.template', start: { line: 3, column: 11 } });
  });

  it('a file naming AWSTemplateFormatVersion', () => {
    const error = inputError(() => parseCloudFormation('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  - [\n'));
    expect(error.range?.start.line).toBe(3);
  });

  it('a template whose Resources is not a map of logical IDs, in YAML and JSON', () => {
    const yaml = inputError(() => parseCloudFormation('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  - Type: AWS::CloudTrail::Trail\n'));
    expect(yaml.message).toBe('Resources is a list, not a map of logical IDs to resources: CloudFormation rejects this template, and none of it is judged');
    expect(yaml.range?.start.line).toBe(2);
    const json = inputError(() => parseCloudFormation('stack.json', '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": "none"\n}\n'));
    expect(json.message).toContain('Resources is a string, not a map');
    expect(json.range?.start.line).toBe(3);
    // Without Resources at all it is read (a template of parameters and outputs has nothing to check).
    expect(parseCloudFormation('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nOutputs: {}\n')).not.toBeNull();
  });

  it('a file with a resource Type line', () => {
    const text = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n     S3BucketName: logs\n';
    const error = inputError(() => parseCloudFormation('stack.yaml', text));
    expect(error.message).toBe('YAML syntax error at line 6, column 1: All mapping items must start at the same column');
  });

  it('a file with a structural problem the YAML library accepts', () => {
    const error = inputError(() => parseCloudFormation('stack.yaml', 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties: *missing\n'));
    expect(error.message).toBe('Invalid YAML at line 4, column 17: the alias *missing has no anchor &missing before it');
  });
});

describe('parseCloudFormation: several YAML documents', () => {
  it('scans the first document that is a template and warns that CloudFormation accepts one', () => {
    const text = `# generated\nkind: Config\n---\n${YAML_TEMPLATE}---\nResources:\n  Other:\n    Type: AWS::S3::Bucket\n`;
    const template = parseCloudFormation('multi.yaml', text)!;
    expect(template.body).toEqual({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true } } } });
    expect(at(template.positions.getKey(['Resources', 'Trail']))).toEqual([5, 3]);
    expect(template.warnings.map((w) => [w.code, w.message])).toEqual([
      ['multiple-yaml-documents', '3 YAML documents in one file: CloudFormation accepts only one, so only the template starting at line 4 is scanned'],
    ]);
  });

  it('does not warn about an empty document after the template', () => {
    expect(parseCloudFormation('one.yaml', `---\n${YAML_TEMPLATE}...\n`)!.warnings).toEqual([]);
  });

  it('returns null when no document is a template', () => {
    expect(parseCloudFormation('k8s.yaml', 'kind: A\n---\nkind: B\n')).toBeNull();
  });
});

describe('looksLikeCloudFormation', () => {
  it.each([
    ['AWSTemplateFormatVersion alone', { AWSTemplateFormatVersion: '2010-09-09' }],
    ['an AWS resource', { Resources: { T: { Type: 'AWS::CloudTrail::Trail' } } }],
    ['a SAM resource', { Transform: 'AWS::Serverless-2016-10-31', Resources: { F: { Type: 'AWS::Serverless::Function' } } }],
    ['a custom resource', { Resources: { C: { Type: 'Custom::CertificateValidator' } } }],
    ['an Alexa skill', { Resources: { S: { Type: 'Alexa::ASK::Skill' } } }],
    ['a registry resource type', { Resources: { C: { Type: 'MongoDB::Atlas::Cluster' } } }],
    ['a module', { Resources: { M: { Type: 'My::Org::Bucket::MODULE' } } }],
    ['one good resource among broken ones', { Resources: { A: { Properties: {} }, B: 'oops', C: { Type: 'AWS::S3::Bucket' } } }],
    // Meant as templates, and rejected by CloudFormation: read, and the resource reported at its line.
    ['a Type written as an intrinsic function', { Resources: { T: { Type: { Ref: 'X' } } } }],
    ['a Type written in a list', { Resources: { T: { Type: ['AWS::CloudTrail::Trail'] } } }],
  ])('recognises %s', (_name, value) => {
    expect(looksLikeCloudFormation(value)).toBe(true);
  });

  it.each([
    ['null', null],
    ['a list', [{ Resources: { T: { Type: 'AWS::S3::Bucket' } } }]],
    ['an empty mapping', {}],
    ['empty Resources', { Resources: {} }],
    ['Resources as a list', { Resources: [{ Type: 'AWS::S3::Bucket' }] }],
    ['resources without a Type', { Resources: { T: { Properties: {} } } }],
    ['a Type that is not a resource type', { Resources: { T: { Type: 'string' } } }],
    ['a Type that is a number', { Resources: { T: { Type: 5 } } }],
    ['a Type that is a list of names', { Resources: { T: { Type: ['AWS::S3::Bucket', 'AWS::S3::Bucket'] } } }],
    ['a Type that is a map of data', { Resources: { T: { Type: { name: 'AWS::S3::Bucket' } } } }],
    ['a serverless.yml', { service: 'api', provider: { name: 'aws' }, resources: { Resources: { B: { Type: 'AWS::S3::Bucket' } } } }],
  ])('rejects %s', (_name, value) => {
    expect(looksLikeCloudFormation(value)).toBe(false);
  });
});

describe('mayBeCloudFormationText', () => {
  it.each([
    ['vpc.template', 'whatever'],
    ['cdk.out/Stack.template.json', '{'],
    ['infra/app.template.yml', ':'],
    ['a.yaml', 'AWSTemplateFormatVersion: "2010-09-09"'],
    ['a.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket'],
    ['a.yaml', "Resources:\n  B:\n    Type: 'Custom::Thing'"],
    ['a.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}'],
    ['a.json', '{"Resources": {"B": {"Type" : "Alexa::ASK::Skill"'],
  ])('%s: %j looks like a template', (path, text) => {
    expect(mayBeCloudFormationText(path, text)).toBe(true);
  });

  it.each([
    ['ci.yml', 'name: CI\non: push\n'],
    ['package.json', '{"name": "aws-sdk", "description": "AWS::S3 helpers"}'],
    ['templates.yaml', 'Type: Document\nKind: AWS'],
  ])('%s: %j does not', (path, text) => {
    expect(mayBeCloudFormationText(path, text)).toBe(false);
  });
});
