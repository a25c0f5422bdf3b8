// A trail that leaves the management events of some sources out (ExcludeManagementEventSources: AWS KMS,
// RDS Data API) does not record "all management events": AWS Config's multi-region-cloudtrail-enabled
// (behind Security Hub CloudTrail.1) is non-compliant when the list is not empty. Such a trail passed
// P1.1 and P1.6, and counted for the CIS alarms (C4.x), although CIS 4.7 watches KMS events.

import { describe, expect, it } from 'vitest';
import type { scan } from '../engine/scan.js';
import { scanFiles } from './scan-files.js';

const ids = (result: ReturnType<typeof scan>, ruleId: string) => result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.resource?.address);

const template = (exclude: string) => `Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      IncludeGlobalServiceEvents: true
      S3BucketName: logs
      CloudWatchLogsLogGroupArn: !GetAtt Group.Arn
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/trail-to-logs
      EventSelectors:
        - ReadWriteType: All
          IncludeManagementEvents: true
${exclude}  Group:
    Type: AWS::Logs::LogGroup
  RootFilter:
    Type: AWS::Logs::MetricFilter
    Properties:
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

describe('management events of every event source', () => {
  it('reports a trail that leaves KMS events out, and does not count it for P1.1 or the CIS alarms', () => {
    const excluded = scanFiles({ 'a.yaml': template('          ExcludeManagementEventSources: [kms.amazonaws.com]\n') });
    expect(ids(excluded, 'cloudtrail-management-events-every-source')).toEqual(['Trail']);
    expect(excluded.findings.find((f) => f.ruleId === 'cloudtrail-management-events-every-source')!.message).toContain('kms.amazonaws.com');
    expect(ids(excluded, 'cloudtrail-active-multi-region-trail')).toEqual(['Trail']);
    expect(ids(excluded, 'cloudwatch-alarm-root-usage')).toEqual(['Trail']);
    // P1.6's own check (read and write) is not repeated for it.
    expect(ids(excluded, 'cloudtrail-management-events')).toEqual([]);

    const every = scanFiles({ 'a.yaml': template('') });
    for (const rule of ['cloudtrail-management-events-every-source', 'cloudtrail-active-multi-region-trail', 'cloudwatch-alarm-root-usage']) {
      expect(ids(every, rule), rule).toEqual([]);
    }
  });
});
