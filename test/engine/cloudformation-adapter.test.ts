import { describe, expect, it } from 'vitest';
import { adaptCloudFormation } from '../../engine/adapters/cloudformation/adapter.js';
import { CFN_RESOURCE_PROPERTIES } from '../../engine/adapters/cloudformation/cfn-properties.js';
import { cfnPropertyStructs } from '../../engine/adapters/cloudformation/unknown-properties.js';
import { CFN_RESOURCE_ADAPTERS } from '../../engine/adapters/cloudformation/resources.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { ResourceGraph, type Resource } from '../../engine/graph.js';
import { Unknown } from '../../core/unknown.js';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';

function adapt(text: string): { graph: ResourceGraph; diagnostics: Diagnostic[]; get(address: string): Resource } {
  const t = parseCloudFormation('stack.yaml', text);
  if (!t) throw new Error('not a template');
  const graph = new ResourceGraph();
  const diagnostics: Diagnostic[] = [];
  adaptCloudFormation(t, graph, diagnostics);
  graph.link();
  return { graph, diagnostics, get: (a) => graph.resources.find((r) => r.address === a)! };
}

const stack = `
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/trail
      TargetKeyId: !Ref Key
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: org-trail-logs
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: CloudTrail/Org
  Trail:
    Type: AWS::CloudTrail::Trail
    Metadata:
      guard:
        SuppressedRules: [CLOUD_TRAIL_ENCRYPTION_ENABLED]
      checkov:
        skip:
          - id: CKV_AWS_67
            comment: regional by design
    Properties:
      TrailName: org
      IsLogging: true
      S3BucketName: org-trail-logs
      KMSKeyId: !GetAtt Key.Arn
      CloudWatchLogsLogGroupArn: !GetAtt Group.Arn
      IsMultiRegionTrail: "true"
  AliasTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: elsewhere-bucket
      KMSKeyId: alias/trail
`;

describe('CloudFormation adapter', () => {
  it('normalizes properties with their types, defaults and positions', () => {
    const { get } = adapt(stack);
    const t = get('Trail');
    expect(t.kind).toBe('trail');
    expect(t.props['multiRegion']).toBe(true);
    expect(t.props['logFileValidation']).toBe(false);
    expect(t.defaulted.has('logFileValidation')).toBe(true);
    expect(t.props['includeGlobalServiceEvents']).toBe(true);
    expect(t.locs["multiRegion"]?.start).toEqual({ line: 35, column: 7 });
    expect(t.range.start).toEqual({ line: 20, column: 3 });
    const key = t.props['kmsKeyId'] as Unknown;
    expect(key).toBeInstanceOf(Unknown);
    expect(key.refs).toEqual([{ address: 'Key', attribute: 'Arn' }]);
  });

  it('links the trail to its key, bucket and log group by reference or by name', () => {
    const { get } = adapt(stack);
    const t = get('Trail');
    expect(t.edges['key']).toMatchObject({ status: 'resolved', target: { address: 'Key' } });
    expect(t.edges['bucket']).toMatchObject({ status: 'resolved', target: { address: 'Logs' } });
    expect(t.edges['logGroup']).toMatchObject({ status: 'resolved', target: { address: 'Group' } });
    expect(t.edges['logRole']).toEqual({ status: 'unset' });
    const a = get('AliasTrail');
    expect(a.edges['key']).toMatchObject({ status: 'resolved', target: { address: 'KeyAlias' } });
    expect(a.edges['bucket']).toEqual({ status: 'outside', name: 'elsewhere-bucket' });
    expect(get('KeyAlias').edges['key']).toMatchObject({ status: 'resolved', target: { address: 'Key' } });
  });

  it('reads suppressions written for trailguard, cfn-guard and checkov', () => {
    const { get } = adapt(stack);
    expect(get('Trail').suppressions.map((s) => [s.ruleId, s.reason])).toEqual([
      ['CLOUD_TRAIL_ENCRYPTION_ENABLED', undefined],
      ['CKV_AWS_67', 'regional by design'],
    ]);
  });

  it('warns about a misspelt property inside a property type, at every level and in every list element', () => {
    const { diagnostics, get } = adapt(`
Resources:
  T:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      EventSelectors:
        - ReadWriteTyp: WriteOnly
          IncludeManagementEvents: true
        - ReadWriteType: All
          DataResources:
            - Type: AWS::S3::Object
              Value: ['arn:aws:s3']
      AdvancedEventSelectors:
        - FieldSelectors:
            - Field: eventCategory
              Equal: [Data]
      Tags:
        - key: team
          Value: security
`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['unknown-property', 9, "T: EventSelectors.0 (AWS::CloudTrail::Trail.EventSelector) has no property 'ReadWriteTyp' (did you mean 'ReadWriteType'?); CloudFormation rejects it and trailguard ignores it"],
      ['unknown-property', 14, "T: EventSelectors.1.DataResources.0 (AWS::CloudTrail::Trail.DataResource) has no property 'Value' (did you mean 'Values'?); CloudFormation rejects it and trailguard ignores it"],
      ['unknown-property', 18, "T: AdvancedEventSelectors.0.FieldSelectors.0 (AWS::CloudTrail::Trail.AdvancedFieldSelector) has no property 'Equal' (did you mean 'Equals'?); CloudFormation rejects it and trailguard ignores it"],
      ['unknown-property', 20, "T: Tags.0 (AWS::CloudTrail::Trail.Tag) has no property 'key' (did you mean 'Key'?); CloudFormation rejects it and trailguard ignores it"],
    ]);
    // What the misspelling hides: the first selector reads as if ReadWriteType were not set (CloudFormation's default, All).
    const selectors = get('T').props['eventSelectors'] as Record<string, unknown>[];
    expect(JSON.stringify(selectors[0])).not.toContain('WriteOnly');
    expect(JSON.stringify(selectors[1])).toContain('All');
  });

  it('does not look into a property type written with an intrinsic function, and says no name of Object.prototype is a member', () => {
    const { diagnostics } = adapt(`
Conditions:
  Prod: !Equals [!Ref AWS::AccountId, '111122223333']
Resources:
  T:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      EventSelectors: !If [Prod, [{ ReadWriteTyp: All }], !Ref AWS::NoValue]
      InsightSelectors:
        - !If [Prod, { InsightTyp: ApiCallRateInsight }, !Ref AWS::NoValue]
        - constructor: x
          __proto__: y
          toString: z
`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message.slice(0, d.message.indexOf(';'))])).toEqual([
      ['unknown-property', 13, "T: InsightSelectors.1 (AWS::CloudTrail::Trail.InsightSelector) has no property 'constructor'"],
      ['unknown-property', 14, "T: InsightSelectors.1 (AWS::CloudTrail::Trail.InsightSelector) has no property '__proto__'"],
      ['unknown-property', 15, "T: InsightSelectors.1 (AWS::CloudTrail::Trail.InsightSelector) has no property 'toString'"],
    ]);
  });

  it('says the first 50 unknown property names of a template one by one, then counts the rest', () => {
    const selectors = Array.from({ length: 60 }, (_, i) => `        - ReadWriteTyp${i}: All`).join('\n');
    const { diagnostics } = adapt(`
Resources:
  T:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      EventSelectors:
${selectors}
`);
    const unknown = diagnostics.filter((d) => d.code === 'unknown-property');
    expect(unknown).toHaveLength(51);
    expect(unknown[49]!.range?.start.line).toBe(58);
    expect(unknown[50]).toEqual({
      level: 'warning',
      code: 'unknown-property',
      file: 'stack.yaml',
      message: '10 more property names in this template that CloudFormation does not accept; trailguard ignores each of them',
    });
  });

  it('warns about a misspelt property inside a property type of a JSON template, at its line', () => {
    const t = parseCloudFormation(
      'stack.json',
      JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KmsMasterKeyId: 'k' } }] } } } } }, null, 2),
    );
    const diagnostics: Diagnostic[] = [];
    adaptCloudFormation(t!, new ResourceGraph(), diagnostics);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      [
        'unknown-property',
        11,
        "B: BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault (AWS::S3::Bucket.ServerSideEncryptionByDefault) has no property 'KmsMasterKeyId' (did you mean 'KMSMasterKeyID'?); CloudFormation rejects it and trailguard ignores it",
      ],
    ]);
  });

  it('warns about a misspelt property that would hide a check', () => {
    const { diagnostics } = adapt(`
Resources:
  T:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      KmsKeyId: alias/x
      IsMultiRegionTrial: true
`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['unknown-property', 7, "T: AWS::CloudTrail::Trail has no property 'KmsKeyId' (did you mean 'KMSKeyId'?); CloudFormation rejects it and trailguard ignores it"],
      ['unknown-property', 8, "T: AWS::CloudTrail::Trail has no property 'IsMultiRegionTrial' (did you mean 'IsMultiRegionTrail'?); CloudFormation rejects it and trailguard ignores it"],
    ]);
  });

  it('warns at its line of each null property value, which CloudFormation rejects, and reads it as not set', () => {
    const yaml = `
Resources:
  T:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: ~
      S3BucketName: logs
      KMSKeyId:
      EventSelectors:
        - ReadWriteType: All
          DataResources: [null]
      IsMultiRegionTrail: !Ref AWS::NoValue
`;
    const { diagnostics, get } = adapt(yaml);
    const rejects = "CloudFormation rejects a template with a null value ('null' values are not allowed in templates); trailguard reads it as not set (use AWS::NoValue to leave a property unset)";
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['null-value', 6, `T: IsLogging is null, and ${rejects}`],
      ['null-value', 8, `T: KMSKeyId is null, and ${rejects}`],
      ['null-value', 11, `T: EventSelectors.0.DataResources.0 is null, and ${rejects}`],
    ]);
    // IsLogging is required: null is as undecided as missing; KMSKeyId is optional: not set.
    expect(get('T').props['logging']).toEqual(new Unknown('required property IsLogging is null'));
    expect(get('T').props['kmsKeyId']).toBeUndefined();
    expect(get('T').props['bucketName']).toBe('logs');
    // The same template as JSON: the same warnings, each at its line.
    const json = JSON.stringify(
      { Resources: { T: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: null, S3BucketName: 'logs', KMSKeyId: null } } } },
      null,
      2,
    );
    const t = parseCloudFormation('stack.json', json)!;
    const jsonDiagnostics: Diagnostic[] = [];
    adaptCloudFormation(t, new ResourceGraph(), jsonDiagnostics);
    expect(jsonDiagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([
      ['null-value', 6],
      ['null-value', 8],
    ]);
  });

  it('says at most twenty nulls of a template one by one, then counts the rest', () => {
    const selectors = Array.from({ length: 30 }, () => '        - null').join('\n');
    const { diagnostics } = adapt(`
Resources:
  T:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      EventSelectors:
${selectors}
`);
    const nulls = diagnostics.filter((d) => d.code === 'null-value');
    expect(nulls).toHaveLength(21);
    expect(nulls[19]!.range?.start.line).toBe(27);
    expect(nulls[20]!.message).toBe('10 more null values in this template (CloudFormation rejects every one of them); trailguard reads each as not set');
  });

  it('says at its line each resource it cannot read, and a Properties that is not a map', () => {
    const { diagnostics, get } = adapt(`
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Listed:
    Type: [AWS::CloudTrail::Trail]
  ByRef:
    Type: !Ref TrailType
  Untyped:
    Properties: { IsLogging: false }
  Empty:
  Number: 5
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: [IsLogging, false]
`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['invalid-resource', 4, 'Listed has a Type that is a list of 1, not a resource type name: CloudFormation rejects it, and trailguard does not judge it'],
      ['invalid-resource', 6, 'ByRef has a Type that is a map, not a resource type name: CloudFormation rejects it, and trailguard does not judge it'],
      ['invalid-resource', 8, 'Untyped has no Type: CloudFormation rejects it, and trailguard does not judge it'],
      ['invalid-resource', 10, 'Empty is empty, not a resource (a map with Type and Properties): CloudFormation rejects it, and trailguard does not judge it'],
      ['invalid-resource', 11, 'Number is 5, not a resource (a map with Type and Properties): CloudFormation rejects it, and trailguard does not judge it'],
      ['invalid-resource', 14, 'Trail: Properties is a list of 2, not a map: CloudFormation rejects it, and trailguard judges the resource as if it had no properties'],
    ]);
    expect(get('Trail').props['logging']).toEqual(new Unknown('required property IsLogging is missing'));
  });

  it('knows the properties of every type it reads, from the registry schemas', () => {
    expect(Object.keys(CFN_RESOURCE_PROPERTIES).sort()).toEqual(Object.keys(CFN_RESOURCE_ADAPTERS).sort());
    // Every property type a property or member names is in the table, and belongs to a type read.
    const structs = cfnPropertyStructs();
    for (const [owner, members] of Object.entries(structs)) {
      const type = owner.split('.')[0]!;
      expect(Object.hasOwn(CFN_RESOURCE_PROPERTIES, type)).toBe(true);
      for (const struct of Object.values(members)) if (struct) expect(Object.hasOwn(structs, `${type}.${struct}`), `${owner} → ${struct}`).toBe(true);
    }
    const { diagnostics } = adapt(`
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguraton: { Status: Enabled }
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/props.yaml } }
      Tags: []
`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['unknown-property', 6, "Logs: AWS::S3::Bucket has no property 'VersioningConfiguraton' (did you mean 'VersioningConfiguration'?); CloudFormation rejects it and trailguard ignores it"],
    ]);
  });

  it('warns about a misspelt resource type of the ones it reads, not about other types', () => {
    const { diagnostics } = adapt(`
Resources:
  T:
    Type: AWS::CloudTrail::Trial
  U:
    Type: AWS::Cloudtrail::Trail
  P:
    Type: AWS::IoT::Policy
  B:
    Type: AWS::S3::Bucket
  D:
    Type: AWS::CloudTrail::Dashboard
  N:
    Type: AWS::CloudTrail::NoSuchThing
`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['unknown-resource-type', 4, "T: AWS::CloudTrail::Trial is not a CloudFormation resource type (did you mean 'AWS::CloudTrail::Trail'?); CloudFormation rejects it and trailguard does not judge it (types as of @aws-cdk/aws-service-spec 0.1.216)"],
      ['unknown-resource-type', 6, "U: AWS::Cloudtrail::Trail is not a CloudFormation resource type (did you mean 'AWS::CloudTrail::Trail'?); CloudFormation rejects it and trailguard does not judge it (types as of @aws-cdk/aws-service-spec 0.1.216)"],
      // A real type of the service (not read by trailguard) is fine; a name the service does not have is not.
      ['unknown-resource-type', 14, 'N: AWS::CloudTrail::NoSuchThing is not a CloudFormation resource type; CloudFormation rejects it and trailguard does not judge it (types as of @aws-cdk/aws-service-spec 0.1.216)'],
    ]);
  });

  it('skips resources whose Condition is false, keeps those whose condition is undecidable', () => {
    const { graph } = adapt(`
Parameters:
  Create: { Type: String, Default: "no" }
  Unknown: { Type: String }
Conditions:
  WantIt: !Equals [!Ref Create, "yes"]
  Maybe: !Equals [!Ref Unknown, "yes"]
Resources:
  Skipped:
    Type: AWS::CloudTrail::Trail
    Condition: WantIt
    Properties: { IsLogging: true }
  Kept:
    Type: AWS::CloudTrail::Trail
    Condition: Maybe
    Properties: { IsLogging: true }
`);
    expect(graph.resources.map((r) => r.address)).toEqual(['Kept']);
  });

  it('derives what the event data store records and whether its key is customer-managed', () => {
    const { get } = adapt(`
Resources:
  Lake:
    Type: AWS::CloudTrail::EventDataStore
    Properties:
      KmsKeyId: alias/aws/cloudtrail
      BillingMode: FIXED_RETENTION_PRICING
`);
    const lake = get('Lake');
    expect(lake.props['customerManagedKey']).toBe(false);
    expect(lake.props['retentionDays']).toBe(2557);
    expect(lake.props['multiRegion']).toBe(true);
    expect(lake.props['terminationProtection']).toBe(true);
  });
});
