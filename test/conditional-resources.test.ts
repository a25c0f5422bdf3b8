// A resource that may not be created (a CloudFormation Condition on a parameter without default, a
// Terraform count or for_each known only after apply, in the resource or a calling module) was counted as
// created: a conditional multi-region trail satisfied "at least one multi-region trail" (P1.1), a
// conditional SCP protected the trail (P9.1), a conditional bucket policy's TLS deny satisfied P4.7, a
// conditional metric filter covered a CIS control. Such a resource is still checked as written (if it is
// created, it is as written: its own findings stand), but what only it would provide is undetermined.

import { describe, expect, it } from 'vitest';
import type { scan } from '../engine/scan.js';
import { scanFiles } from './scan-files.js';



const verdict = (result: ReturnType<typeof scan>, ruleId: string) => ({
  findings: result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.resource?.address),
  undetermined: result.undetermined.filter((u) => u.ruleId === ruleId).map((u) => u.reason),
});

const CFN_TRAIL = (condition: string) => `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Always: !Equals [a, a]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
${condition}    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      IncludeGlobalServiceEvents: true
      S3BucketName: logs
`;

describe('resources that may not be created', () => {
  it('does not count a CloudFormation trail created only under a condition known at deployment as the multi-region trail', () => {
    const maybe = verdict(scanFiles({ 'a.yaml': CFN_TRAIL('    Condition: IsProd\n') }), 'cloudtrail-active-multi-region-trail');
    expect(maybe.findings).toEqual([]);
    expect(maybe.undetermined).toEqual(['Trail is created only when its Condition IsProd holds, which is known only at deployment']);
    // A condition that holds, and none at all: satisfied.
    expect(verdict(scanFiles({ 'a.yaml': CFN_TRAIL('    Condition: Always\n') }), 'cloudtrail-active-multi-region-trail')).toEqual({ findings: [], undetermined: [] });
    expect(verdict(scanFiles({ 'a.yaml': CFN_TRAIL('') }), 'cloudtrail-active-multi-region-trail')).toEqual({ findings: [], undetermined: [] });
  });

  it('does not count the trail of a StackSet created only under a condition known at deployment, in its target accounts', () => {
    const template = `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Baseline:
    Type: AWS::CloudFormation::StackSet
    Condition: IsProd
    Properties:
      StackSetName: baseline
      PermissionModel: SERVICE_MANAGED
      TemplateBody: |
        Resources:
          Trail:
            Type: AWS::CloudTrail::Trail
            Properties:
              IsLogging: true
              IsMultiRegionTrail: true
              S3BucketName: logs
`;
    const maybe = verdict(scanFiles({ 'a.yaml': template }), 'cloudtrail-active-multi-region-trail');
    expect(maybe.findings).toEqual([]);
    expect(maybe.undetermined).toEqual(['StackSet Baseline is created only when its Condition IsProd holds, which is known only at deployment']);
  });

  it('does not count the trail of a nested stack created only under a condition known at deployment', () => {
    const parent = (condition: string) => `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Audit:
    Type: AWS::CloudFormation::Stack
${condition}    Properties:
      TemplateURL: ./child.yaml
`;
    const child = `Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: logs
`;
    const maybe = verdict(scanFiles({ 'parent.yaml': parent('    Condition: IsProd\n'), 'child.yaml': child }), 'cloudtrail-active-multi-region-trail');
    expect(maybe).toEqual({ findings: [], undetermined: ['nested stack Audit is created only when its Condition IsProd holds, which is known only at deployment'] });
    expect(verdict(scanFiles({ 'parent.yaml': parent(''), 'child.yaml': child }), 'cloudtrail-active-multi-region-trail')).toEqual({ findings: [], undetermined: [] });
  });

  it('still judges such a resource as written: its own findings stand', () => {
    const result = scanFiles({ 'a.yaml': CFN_TRAIL('    Condition: IsProd\n').replace('IsLogging: true', 'IsLogging: false') });
    expect(verdict(result, 'cloudtrail-logging-enabled').findings).toEqual(['Trail']);
  });

  it('does not count a Terraform trail whose count, or whose module\'s for_each, is known only after apply', () => {
    const trail = (meta: string) => `resource "aws_cloudtrail" "t" {
  ${meta}
  name                          = "t"
  s3_bucket_name                = "logs"
  is_multi_region_trail         = true
  include_global_service_events = true
}
`;
    const count = verdict(scanFiles({ 'main.tf': `variable "enabled" { type = bool }\n${trail('count = var.enabled ? 1 : 0')}` }), 'cloudtrail-active-multi-region-trail');
    expect(count.undetermined).toEqual([expect.stringMatching(/^aws_cloudtrail\.t has a count or for_each known only after apply .*so it may create no instance$/)]);
    expect(verdict(scanFiles({ 'main.tf': trail('count = 1') }), 'cloudtrail-active-multi-region-trail')).toEqual({ findings: [], undetermined: [] });
    const module = scanFiles({
      'main.tf': 'variable "regions" { type = set(string) }\nmodule "trail" {\n  source   = "./modules/trail"\n  for_each = var.regions\n}\n',
      'modules/trail/main.tf': trail(''),
    });
    expect(verdict(module, 'cloudtrail-active-multi-region-trail').undetermined).toEqual([expect.stringMatching(/^module\.trail has a count or for_each known only after apply .*so it may create nothing$/)]);
  });

  it('does not count a conditional SCP as the protection of the trail (P9.1)', () => {
    const template = `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: logs
  Guardrail:
    Type: AWS::Organizations::Policy
    Condition: IsProd
    Properties:
      Name: deny-trail-tampering
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-ab12]
      Content:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: [cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors, cloudtrail:PutInsightSelectors]
            Resource: "*"
`;
    const maybe = verdict(scanFiles({ 'a.yaml': template }), 'cloudtrail-scp-denies-trail-tampering');
    expect(maybe.findings).toEqual([]);
    expect(maybe.undetermined).toEqual([expect.stringContaining('Guardrail is created only when its Condition IsProd holds')]);
    expect(verdict(scanFiles({ 'a.yaml': template.replace('    Condition: IsProd\n', '') }), 'cloudtrail-scp-denies-trail-tampering')).toEqual({ findings: [], undetermined: [] });
  });

  it('does not count what a conditional bucket policy protects, but reports what it exposes', () => {
    const template = (condition: string) => `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: !Ref Logs
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: logs-bucket
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
${condition}    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: [arn:aws:s3:::logs-bucket, arn:aws:s3:::logs-bucket/*]
            Condition: { Bool: { aws:SecureTransport: "false" } }
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::logs-bucket/*
`;
    const maybe = scanFiles({ 'a.yaml': template('    Condition: IsProd\n') });
    expect(verdict(maybe, 'cloudtrail-bucket-tls-only')).toEqual({
      findings: [],
      undetermined: ['policyDeniesInsecureTransport: LogsPolicy is created only when its Condition IsProd holds, which is known only at deployment'],
    });
    expect(verdict(maybe, 'cloudtrail-bucket-policy-not-public').findings).toEqual(['Logs']);
    const sure = scanFiles({ 'a.yaml': template('') });
    expect(verdict(sure, 'cloudtrail-bucket-tls-only')).toEqual({ findings: [], undetermined: [] });
  });

  it('does not count a conditional metric filter as covering a CIS control', () => {
    const template = (condition: string) => `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: logs
      CloudWatchLogsLogGroupArn: !GetAtt Group.Arn
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/trail-to-logs
  Group:
    Type: AWS::Logs::LogGroup
  RootFilter:
    Type: AWS::Logs::MetricFilter
${condition}    Properties:
      LogGroupName: !Ref Group
      FilterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'
      MetricTransformations:
        - MetricNamespace: CIS
          MetricName: RootUsage
          MetricValue: "1"
  RootAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: CIS
      MetricName: RootUsage
      Statistic: Sum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      AlarmActions: [arn:aws:sns:us-east-1:111122223333:alarms]
`;
    expect(verdict(scanFiles({ 'a.yaml': template('') }), 'cloudwatch-alarm-root-usage')).toEqual({ findings: [], undetermined: [] });
    const maybe = verdict(scanFiles({ 'a.yaml': template('    Condition: IsProd\n') }), 'cloudwatch-alarm-root-usage');
    expect(maybe.findings).toEqual([]);
    expect(maybe.undetermined).toEqual([expect.stringContaining('RootFilter is created only when its Condition IsProd holds')]);
  });
});
