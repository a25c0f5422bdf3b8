import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { MAX_ALIAS_EXPANSION_NODES, parseYamlDocuments } from '../../parsers/cloudformation/yaml-template.js';
import { at, inputError, textAt } from './helpers.js';

/** The value of `V` in a one-document YAML text. */
function valueOf(yaml: string): unknown {
  const [doc] = parseYamlDocuments(yaml, 'v.yaml');
  return (doc!.value as Record<string, unknown>)['V'];
}

/** `V: <expression>` on one line. */
const v = (expression: string): unknown => valueOf(`V: ${expression}\n`);

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Trail:',
  '    Type: AWS::CloudTrail::Trail',
  '    Properties:',
  '      IsLogging: true',
  '      KMSKeyId: !GetAtt TrailKey.Arn',
  '      S3BucketName: !Ref LogBucket',
  '      EventSelectors:',
  '        - ReadWriteType: All',
  '          DataResources:',
  '            - Type: AWS::S3::Object',
  '              Values:',
  '                - !Sub "arn:${AWS::Partition}:s3:::${LogBucket}/"',
  '      Tags:',
  '        - Key: env',
  '          Value: !If',
  '            - IsProd',
  '            - prod',
  '            - !Ref AWS::NoValue',
  '',
].join('\n');

const PROPS = ['Resources', 'Trail', 'Properties'];

describe('CloudFormation YAML: positions', () => {
  const template = parseCloudFormation('stacks/trail.yaml', TEMPLATE)!;
  const { positions } = template;

  it('reads the template with long-form intrinsics', () => {
    expect(template.format).toBe('yaml');
    expect(template.warnings).toEqual([]);
    expect(template.body['Resources']).toEqual({
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: {
          IsLogging: true,
          KMSKeyId: { 'Fn::GetAtt': ['TrailKey', 'Arn'] },
          S3BucketName: { Ref: 'LogBucket' },
          EventSelectors: [
            {
              ReadWriteType: 'All',
              DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${LogBucket}/' }] }],
            },
          ],
          Tags: [{ Key: 'env', Value: { 'Fn::If': ['IsProd', 'prod', { Ref: 'AWS::NoValue' }] } }],
        },
      },
    });
  });

  it('places a resource and its properties', () => {
    expect(positions.getKey(['Resources', 'Trail'])).toEqual({ file: 'stacks/trail.yaml', start: { line: 3, column: 3 }, end: { line: 3, column: 8 } });
    expect(at(positions.get(['Resources', 'Trail']))).toEqual([4, 5]);
    expect(at(positions.getKey([...PROPS, 'IsLogging']))).toEqual([6, 7]);
    expect(positions.get([...PROPS, 'IsLogging'])).toMatchObject({ start: { line: 6, column: 18 }, end: { line: 6, column: 22 } });
  });

  it('places a short-form tag: the value starts at the tag, the long-form key is the tag', () => {
    expect(at(positions.getKey([...PROPS, 'KMSKeyId']))).toEqual([7, 7]);
    expect(positions.get([...PROPS, 'KMSKeyId'])).toMatchObject({ start: { line: 7, column: 17 }, end: { line: 7, column: 37 } });
    expect(textAt(TEMPLATE, positions.get([...PROPS, 'KMSKeyId']))).toBe('!GetAtt TrailKey.Arn');
    expect(textAt(TEMPLATE, positions.getKey([...PROPS, 'KMSKeyId', 'Fn::GetAtt']))).toBe('!GetAtt');
    expect(textAt(TEMPLATE, positions.get([...PROPS, 'KMSKeyId', 'Fn::GetAtt']))).toBe('TrailKey.Arn');
    expect(positions.get([...PROPS, 'KMSKeyId', 'Fn::GetAtt', 0])).toMatchObject({ start: { line: 7, column: 25 }, end: { line: 7, column: 33 } });
    expect(positions.get([...PROPS, 'KMSKeyId', 'Fn::GetAtt', 1])).toMatchObject({ start: { line: 7, column: 34 }, end: { line: 7, column: 37 } });
    expect(at(positions.get([...PROPS, 'S3BucketName', 'Ref']))).toEqual([8, 26]);
  });

  it('places items of nested lists, tagged or not', () => {
    const selector = [...PROPS, 'EventSelectors', 0];
    expect(at(positions.get(selector))).toEqual([10, 11]);
    expect(at(positions.get([...selector, 'DataResources', 0]))).toEqual([12, 15]);
    expect(at(positions.getKey([...selector, 'DataResources', 0, 'Values']))).toEqual([13, 15]);
    expect(at(positions.get([...selector, 'DataResources', 0, 'Values', 0]))).toEqual([14, 19]);
    expect(at(positions.get([...selector, 'DataResources', 0, 'Values', 0, 'Fn::Sub']))).toEqual([14, 24]);
  });

  it('places a tagged block sequence and the intrinsics nested in it', () => {
    const value = [...PROPS, 'Tags', 0, 'Value'];
    expect(at(positions.get(value))).toEqual([17, 18]);
    expect(textAt(TEMPLATE, positions.getKey([...value, 'Fn::If']))).toBe('!If');
    expect(at(positions.get([...value, 'Fn::If', 0]))).toEqual([18, 15]);
    expect(at(positions.get([...value, 'Fn::If', 2]))).toEqual([20, 15]);
    expect(textAt(TEMPLATE, positions.get([...value, 'Fn::If', 2]))).toBe('!Ref AWS::NoValue');
  });

  it('finds the tag even with an anchor or a comment between tag and value', () => {
    const text = 'V: !Sub   # the bucket ARN\n  &arn "arn:aws:s3:::${B}"\n';
    const [doc] = parseYamlDocuments(text, 'x.yaml');
    expect(textAt(text, doc!.positions.getKey(['V', 'Fn::Sub']))).toBe('!Sub');
    expect(at(doc!.positions.get(['V']))).toEqual([1, 4]);
    expect(at(doc!.positions.get(['V', 'Fn::Sub']))).toEqual([2, 8]);
  });
});

describe('CloudFormation YAML: nesting the parser cannot follow', () => {
  it('is a syntax error at its line, not an internal error (100,000 `e: ` on one line)', () => {
    // The CST parser calls itself once per implicit key of such a line; the fuzzer made one of 40,000.
    // Refused before parsing: near the stack's end V8 may abort the process compiling a regular expression.
    const text = `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      AdvancedEventSelectors:\n        - Name: ${'e: '.repeat(16_000)}e\nEOF\n ${'e: '.repeat(100_000)}e\n          FieldSelectors: []\n`;
    const e = inputError(() => parseYamlDocuments(text, 'deep.yaml'));
    expect(e.message).toMatch(/^Invalid YAML at line 6, column \d+: nested too deeply \(deeper than 1000 levels\)$/);
    expect(e.range?.file).toBe('deep.yaml');
  });
});

describe('CloudFormation YAML: YAML 1.1 floats need a digit (as in PyYAML)', () => {
  it.each([
    ['.', '.'],
    ['-.', '-.'],
    ['._', '._'],
    ['.5', 0.5],
    ['1.', 1],
    ['1_0.5', 10.5],
    ['+.5e3', 500],
  ])('reads %s as %j', (text, value) => {
    expect(v(text)).toBe(value);
  });

  it('tests a long plain scalar with one digit at its start in linear time', () => {
    // The digit test is anchored at the start: tried at every position, it read to the end each time.
    const scalar = `0${'_x'.repeat(200_000)}`;
    expect(v(scalar)).toBe(scalar);
  });
});

describe('CloudFormation YAML: short-form intrinsic functions', () => {
  it('!Ref and !Condition take a name; the scalar is always a string', () => {
    expect(v('!Ref LogBucket')).toEqual({ Ref: 'LogBucket' });
    expect(v('!Ref AWS::Region')).toEqual({ Ref: 'AWS::Region' });
    expect(v('!Ref 10')).toEqual({ Ref: '10' });
    expect(v('!Ref "yes"')).toEqual({ Ref: 'yes' });
    expect(v('!Condition IsProd')).toEqual({ Condition: 'IsProd' });
  });

  it('!GetAtt splits at the first dot only, or takes a list', () => {
    expect(v('!GetAtt Key.Arn')).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
    expect(v('!GetAtt Db.Endpoint.Address')).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
    expect(v('!GetAtt "Key.Arn"')).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
    expect(v('!GetAtt [Key, Arn]')).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
    expect(v('!GetAtt [Db, !Ref AttributeName]')).toEqual({ 'Fn::GetAtt': ['Db', { Ref: 'AttributeName' }] });
    expect(valueOf('V: !GetAtt\n  - Key\n  - Arn\n')).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
  });

  it('!Sub as a string, a block scalar, or [string, variables]', () => {
    expect(v("!Sub 'arn:${AWS::Partition}:s3:::${Bucket}'")).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' });
    expect(valueOf('V: !Sub |\n  #!/bin/bash\n  echo ${AWS::StackName}\n')).toEqual({ 'Fn::Sub': '#!/bin/bash\necho ${AWS::StackName}\n' });
    expect(valueOf('V: !Sub\n  - "${Name}-trail"\n  - Name: !Ref Env\n')).toEqual({ 'Fn::Sub': ['${Name}-trail', { Name: { Ref: 'Env' } }] });
    expect(v('!Sub ["${A}", {A: !GetAtt X.Y}]')).toEqual({ 'Fn::Sub': ['${A}', { A: { 'Fn::GetAtt': ['X', 'Y'] } }] });
  });

  it('the list functions: !Join, !Select, !Split, !FindInMap (with a default), !Cidr', () => {
    expect(v("!Join [':', [a, b, c]]")).toEqual({ 'Fn::Join': [':', ['a', 'b', 'c']] });
    expect(valueOf("V: !Join\n  - ''\n  - - 'arn:aws:s3:::'\n    - !Ref Bucket\n")).toEqual({ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'Bucket' }]] });
    expect(v("!Select [0, !GetAZs '']")).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(v("!Split [',', !ImportValue SubnetIds]")).toEqual({ 'Fn::Split': [',', { 'Fn::ImportValue': 'SubnetIds' }] });
    expect(v('!FindInMap [RegionMap, !Ref AWS::Region, AMI]')).toEqual({ 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'AMI'] });
    expect(v('!FindInMap [RegionMap, eu-west-1, AMI, {DefaultValue: ami-0}]')).toEqual({
      'Fn::FindInMap': ['RegionMap', 'eu-west-1', 'AMI', { DefaultValue: 'ami-0' }],
    });
    expect(v('!Cidr [!GetAtt Vpc.CidrBlock, 6, 5]')).toEqual({ 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 5] });
  });

  it('the single-argument functions: !Base64, !GetAZs, !ImportValue, !Length, !ToJsonString', () => {
    expect(v('!Base64 "#!/bin/bash"')).toEqual({ 'Fn::Base64': '#!/bin/bash' });
    expect(valueOf('V:\n  Fn::Base64: !Sub "echo ${AWS::Region}"\n')).toEqual({ 'Fn::Base64': { 'Fn::Sub': 'echo ${AWS::Region}' } });
    expect(v('!GetAZs ""')).toEqual({ 'Fn::GetAZs': '' });
    expect(valueOf('V: !GetAZs\nW: 1\n')).toEqual({ 'Fn::GetAZs': '' });
    expect(valueOf('V: !GetAZs\n  Ref: AWS::Region\n')).toEqual({ 'Fn::GetAZs': { Ref: 'AWS::Region' } });
    expect(v('!ImportValue NetworkStack-VpcId')).toEqual({ 'Fn::ImportValue': 'NetworkStack-VpcId' });
    expect(valueOf("V:\n  Fn::ImportValue: !Sub '${Network}-VpcId'\n")).toEqual({ 'Fn::ImportValue': { 'Fn::Sub': '${Network}-VpcId' } });
    expect(v('!Length [a, b]')).toEqual({ 'Fn::Length': ['a', 'b'] });
    expect(v('!ToJsonString {Key: !Ref Value}')).toEqual({ 'Fn::ToJsonString': { Key: { Ref: 'Value' } } });
  });

  it('two short forms on one node are a YAML error, as the User Guide warns for !Base64 !Sub', () => {
    const error = inputError(() => parseYamlDocuments('UserData: !Base64 !Sub "echo ${AWS::Region}"\n', 'u.yaml'));
    expect(error.message).toBe(
      'YAML syntax error at line 1, column 19: A node can have at most one tag: write the outer function in its long form, e.g. `Fn::Base64: !Sub ...` instead of `!Base64 !Sub ...`',
    );
  });

  it('!Transform takes a mapping', () => {
    expect(valueOf('V: !Transform\n  Name: AWS::Include\n  Parameters:\n    Location: s3://bucket/snippet.yaml\n')).toEqual({
      'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/snippet.yaml' } },
    });
  });

  it('the condition functions: !Equals, !And, !Or, !Not, !If', () => {
    expect(v('!Equals [!Ref Env, prod]')).toEqual({ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] });
    expect(v('!And [!Condition A, !Not [!Condition B]]')).toEqual({ 'Fn::And': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] });
    expect(v('!Or [!Equals [a, b], !Condition C]')).toEqual({ 'Fn::Or': [{ 'Fn::Equals': ['a', 'b'] }, { Condition: 'C' }] });
    expect(v('!If [IsProd, 7, 1]')).toEqual({ 'Fn::If': ['IsProd', 7, 1] });
  });

  it('the Rules-section functions', () => {
    expect(v("!Contains [[a, b], !Ref Env]")).toEqual({ 'Fn::Contains': [['a', 'b'], { Ref: 'Env' }] });
    expect(v('!EachMemberEquals [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], !Ref Vpc]')).toEqual({
      'Fn::EachMemberEquals': [{ 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }, { Ref: 'Vpc' }],
    });
    expect(v('!EachMemberIn [!RefAll AWS::EC2::VPC::Id, [a]]')).toEqual({ 'Fn::EachMemberIn': [{ 'Fn::RefAll': 'AWS::EC2::VPC::Id' }, ['a']] });
    expect(v('!ValueOf [Subnet, VpcId]')).toEqual({ 'Fn::ValueOf': ['Subnet', 'VpcId'] });
  });

  it('nests: !Sub inside !If inside !Join, in block and flow style', () => {
    const yaml = [
      'V: !Join',
      '  - ""',
      '  - - "arn:"',
      '    - !If',
      '      - IsGov',
      '      - !Sub "${AWS::Partition}-gov"',
      '      - !Select [0, !Split ["/", !GetAtt [Trail, Arn]]]',
      '',
    ].join('\n');
    expect(valueOf(yaml)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { 'Fn::If': ['IsGov', { 'Fn::Sub': '${AWS::Partition}-gov' }, { 'Fn::Select': [0, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Trail', 'Arn'] }] }] }] }],
      ],
    });
  });

  it('leaves long forms written in YAML as they are', () => {
    expect(valueOf('V:\n  Fn::GetAtt: [Key, Arn]\n')).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
  });
});

describe('CloudFormation YAML: scalars are read as YAML 1.1, as CloudFormation reads them', () => {
  it('yes/no/on/off are booleans in all three casings; y and n are strings', () => {
    expect(['yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((s) => v(s))).toEqual(Array(9).fill(true));
    expect(['no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((s) => v(s))).toEqual(Array(9).fill(false));
    expect([v('y'), v('n'), v('Y'), v('yES'), v('"yes"')]).toEqual(['y', 'n', 'Y', 'yES', 'yes']);
  });

  it('numbers follow YAML 1.1: octal, hex, binary, underscores, base 60', () => {
    expect([v('0777'), v('0x1F'), v('0b101'), v('1_000'), v('1:30'), v('-42'), v('3.50'), v('1.10'), v('"0777"')]).toEqual([511, 31, 5, 1000, 90, -42, 3.5, 1.1, '0777']);
    expect(v('.inf')).toBe(Number.POSITIVE_INFINITY);
    expect(v('.')).toBe('.');
  });

  it('~, null and nothing are null', () => {
    expect([v('~'), v('null'), v('Null'), v(''), v('"~"')]).toEqual([null, null, null, null, '~']);
  });

  it('dates stay strings (CloudFormation has no timestamp type)', () => {
    const body = parseCloudFormation(
      'p.yaml',
      'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement: []\n',
    )!.body;
    expect(body['AWSTemplateFormatVersion']).toBe('2010-09-09');
    expect(body).toMatchObject({ Resources: { P: { Properties: { PolicyDocument: { Version: '2012-10-17' } } } } });
    expect(v('2001-12-14t21:59:43.10-05:00')).toBe('2001-12-14t21:59:43.10-05:00');
  });

  it('keys are always strings, spelt as written', () => {
    expect(valueOf('V:\n  1: a\n  0777: b\n  yes: c\n  ~: d\n  "quoted key": e\n  1.50: f\n')).toEqual({
      '1': 'a',
      '0777': 'b',
      yes: 'c',
      '~': 'd',
      'quoted key': 'e',
      '1.50': 'f',
    });
  });

  it('a mapping or list as a key is an error, since JSON cannot express it', () => {
    const error = inputError(() => parseYamlDocuments('V:\n  ? [a, b]\n  : c\n', 'k.yaml'));
    expect(error.message).toBe('Invalid YAML at line 2, column 5: a mapping key must be a single value, not a list or mapping');
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const value = valueOf('V:\n  __proto__:\n    polluted: true\n') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('CloudFormation YAML: tags that are not intrinsic functions', () => {
  it('keeps the value of an unknown tag and warns where it is', () => {
    const [doc] = parseYamlDocuments('A: 1\nV: !Uppercase hello\n', 't.yaml');
    expect(doc!.value).toEqual({ A: 1, V: 'hello' });
    expect(doc!.warnings).toHaveLength(1);
    expect(doc!.warnings[0]).toMatchObject({ level: 'warning', code: 'unknown-yaml-tag', range: { start: { line: 2, column: 4 } } });
    expect(doc!.warnings[0]!.message).toContain('Unknown YAML tag !Uppercase at line 2');
  });

  it('reports the YAML 1.1 types CloudFormation does not support as unknown tags', () => {
    const [doc] = parseYamlDocuments('V: !!binary aGVsbG8=\nW: !!timestamp 2001-12-14\n', 't.yaml');
    expect(doc!.value).toEqual({ V: 'aGVsbG8=', W: '2001-12-14' });
    expect(doc!.warnings.map((w) => w.message.split(':')[0])).toEqual(['Unknown YAML tag !!binary at line 1', 'Unknown YAML tag !!timestamp at line 2']);
  });

  it('accepts the standard type tags silently', () => {
    const [doc] = parseYamlDocuments('V: !!str 0777\nW: !!int "12"\n', 't.yaml');
    expect(doc!.value).toEqual({ V: '0777', W: 12 });
    expect(doc!.warnings).toEqual([]);
  });
});

describe('CloudFormation YAML: anchors, aliases and merge keys', () => {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  A:',
    '    Type: AWS::SNS::Topic',
    '    Properties:',
    '      Tags: &tags',
    '        - Key: team',
    '          Value: !Ref Team',
    '  B:',
    '    Type: AWS::SQS::Queue',
    '    Properties: &common',
    '      Tags: *tags',
    '      KmsMasterKeyId: alias/aws/sqs',
    '  C:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      <<: *common',
    '      KmsMasterKeyId: alias/mine',
    '',
  ].join('\n');
  const template = parseCloudFormation('anchors.yaml', text)!;

  it('expands aliases and merge keys, keys written in the mapping winning', () => {
    const tags = [{ Key: 'team', Value: { Ref: 'Team' } }];
    expect(template.body['Resources']).toEqual({
      A: { Type: 'AWS::SNS::Topic', Properties: { Tags: tags } },
      B: { Type: 'AWS::SQS::Queue', Properties: { Tags: tags, KmsMasterKeyId: 'alias/aws/sqs' } },
      C: { Type: 'AWS::SQS::Queue', Properties: { Tags: tags, KmsMasterKeyId: 'alias/mine' } },
    });
  });

  it('gives each expansion its own objects', () => {
    const resources = template.body['Resources'] as Record<string, { Properties: { Tags: unknown } }>;
    expect(resources['B']!.Properties.Tags).not.toBe(resources['A']!.Properties.Tags);
  });

  it('places an aliased value at the alias, and its insides at the anchor', () => {
    expect(textAt(text, template.positions.get(['Resources', 'B', 'Properties', 'Tags']))).toBe('*tags');
    expect(at(template.positions.get(['Resources', 'B', 'Properties', 'Tags', 0, 'Value']))).toEqual([8, 18]);
    expect(at(template.positions.getKey(['Resources', 'C', 'Properties', 'KmsMasterKeyId']))).toEqual([18, 7]);
    expect(at(template.positions.getKey(['Resources', 'C', 'Properties', 'Tags']))).toEqual([12, 7]);
  });

  it('notes once that CloudFormation itself refuses aliases', () => {
    expect(template.warnings).toHaveLength(1);
    expect(template.warnings[0]).toMatchObject({ level: 'note', code: 'yaml-alias', range: { start: { line: 12, column: 13 } } });
  });

  it('applies earlier merge sources before later ones, and nested merges', () => {
    expect(valueOf('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2, <<: {w: 3}}\nV:\n  <<: [*a, *b]\n  x: 0\n')).toEqual({ x: 0, y: 1, z: 2, w: 3 });
  });

  it('rejects a merge of something that is not a mapping', () => {
    const error = inputError(() => parseYamlDocuments('V:\n  <<: [1, 2]\n', 'm.yaml'));
    expect(error.message).toBe('Invalid YAML at line 2, column 8: a merge key (<<) needs a mapping, an alias of a mapping, or a list of those');
  });

  it('stops an alias bomb with an error instead of exhausting memory', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const error = inputError(() => parseYamlDocuments(levels.join('\n'), 'bomb.yaml'));
    expect(error.message).toContain(`YAML aliases expand to more than ${MAX_ALIAS_EXPANSION_NODES} nodes`);
    expect(error.range?.start.line).toBe(1);
  });

  it('rejects an alias inside its own anchor', () => {
    const error = inputError(() => parseYamlDocuments('V: &loop\n  - *loop\n', 'loop.yaml'));
    expect(error.message).toBe('Invalid YAML at line 2, column 5: the alias *loop is inside the node it refers to, so it would never end');
  });
});

describe('CloudFormation YAML: duplicate keys', () => {
  it('keeps the later value and warns with the line', () => {
    const [doc] = parseYamlDocuments('Resources:\n  T:\n    Type: AWS::S3::Bucket\n    Type: AWS::SNS::Topic\n', 'd.yaml');
    expect(doc!.value).toEqual({ Resources: { T: { Type: 'AWS::SNS::Topic' } } });
    expect(doc!.warnings).toEqual([
      {
        level: 'warning',
        code: 'duplicate-key',
        message: 'Duplicate key "Type" at line 4, column 5: the later value replaces the earlier one',
        file: 'd.yaml',
        range: { file: 'd.yaml', start: { line: 4, column: 5 }, end: { line: 4, column: 9 } },
      },
    ]);
    expect(at(doc!.positions.get(['Resources', 'T', 'Type']))).toEqual([4, 11]);
  });
});

describe('CloudFormation YAML: syntax errors name the line and column', () => {
  const cases: Array<[string, string, string]> = [
    [
      'a key indented less than its siblings',
      'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n     S3BucketName: logs\n',
      'YAML syntax error at line 6, column 1: All mapping items must start at the same column',
    ],
    [
      'a mapping indented under a scalar',
      'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n      Properties: {}\n',
      'YAML syntax error at line 3, column 11: Nested mappings are not allowed in compact mappings',
    ],
    [
      'an unclosed double quote',
      'Resources:\n  Trail:\n    Type: "AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n',
      'YAML syntax error at line 3, column 11: the quoted string starting here is never closed (Missing closing "quote)',
    ],
    [
      'an unclosed single quote',
      "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: 'main\n",
      "YAML syntax error at line 5, column 18: the quoted string starting here is never closed (Missing closing 'quote)",
    ],
    ['a tab used for indentation', 'Resources:\n\tTrail: {}\n', 'YAML syntax error at line 2, column 1: Tabs are not allowed as indentation'],
    [
      'an unclosed flow sequence',
      'Resources:\n  T:\n    DependsOn: [A, B\n',
      'YAML syntax error at line 3, column 16: the flow sequence starting here is never closed (Flow sequence in block collection must be sufficiently indented and end with a ])',
    ],
    [
      'an unclosed flow mapping',
      '{"Resources": {"T": {"Type": "AWS::S3::Bucket"}}\n',
      'YAML syntax error at line 1, column 1: the flow mapping starting here is never closed (Flow map must end with a })',
    ],
    ['an alias without an anchor', 'V: *nowhere\n', 'Invalid YAML at line 1, column 4: the alias *nowhere has no anchor &nowhere before it'],
  ];

  it.each(cases)('%s', (_name, text, message) => {
    const error = inputError(() => parseYamlDocuments(text, 'broken.yaml'));
    expect(error.message).toBe(message);
    const [, line, column] = /line (\d+), column (\d+)/.exec(message)!;
    expect(error.range).toMatchObject({ file: 'broken.yaml', start: { line: Number(line), column: Number(column) } });
  });

  it('refuses absurd nesting with an error, not a stack overflow', () => {
    const error = inputError(() => parseYamlDocuments(`V: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'deep.yaml'));
    expect(error.message).toMatch(/^(YAML syntax error|Invalid YAML) at line 1, column \d+: /);
  });
});
