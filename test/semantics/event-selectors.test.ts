import { describe, expect, it } from 'vitest';
import {
  summarizeEventDataStoreSelectors,
  summarizeTrailSelectors,
  validateEventDataStoreSelectors,
  validateTrailSelectors,
  type AdvancedEventSelector,
  type BasicEventSelector,
  type FieldSelector,
  type Recording,
} from '../../engine/semantics/event-selectors.js';
import { Unknown } from '../../core/unknown.js';

/**
 * What selectors record, pinned to documented AWS behaviour. Sources, cited
 * per case by key:
 * - ES:  EventSelector, API reference (defaults; no selectors = all management, no data)
 * - DR:  DataResource, API reference (S3 prefixes, `arn:aws:s3`, exact Lambda ARNs)
 * - AFS: AdvancedFieldSelector, API reference / CloudFormation template reference
 *        (operators, required fields, eventSource NotEquals kms/rdsdata for trails)
 * - NET: Logging network activity events, user guide (eventSource required, Equals only)
 * - EDS: Understanding organization event data stores, user guide ("Default management events")
 * - SEED: shared/seeds/003 practices 6 and 7 (the selectors the guide recommends)
 */

const U = Symbol('unknown');
type Expect = Partial<Record<keyof Recording, unknown>>;

const eq = (field: string, ...values: (string | Unknown)[]): FieldSelector => ({ field, equals: values });
const ne = (field: string, ...values: (string | Unknown)[]): FieldSelector => ({ field, notEquals: values });
const sw = (field: string, ...values: (string | Unknown)[]): FieldSelector => ({ field, startsWith: values });
const nsw = (field: string, ...values: (string | Unknown)[]): FieldSelector => ({ field, notStartsWith: values });
const adv = (...fieldSelectors: FieldSelector[]): AdvancedEventSelector => ({ fieldSelectors });

const MGMT = eq('eventCategory', 'Management');
const DATA = eq('eventCategory', 'Data');
const NET = eq('eventCategory', 'NetworkActivity');
const S3 = eq('resources.type', 'AWS::S3::Object');
const LAMBDA = eq('resources.type', 'AWS::Lambda::Function');
const DDB = eq('resources.type', 'AWS::DynamoDB::Table');

const NOTHING_ELSE: Expect = {
  s3Data: false,
  s3DataScope: 'none',
  lambdaData: false,
  lambdaDataScope: 'none',
  dynamodbData: false,
  dynamodbDataScope: 'none',
  anyData: false,
  networkActivity: false,
};
const ALL_MANAGEMENT: Expect = { managementRead: true, managementWrite: true, managementExcludedSources: [] };
const NO_MANAGEMENT: Expect = { managementRead: false, managementWrite: false, managementExcludedSources: [] };

/** The seed's practice 6 selectors (SEED): S3, Lambda, DynamoDB data events. */
const SEED_DATA = [
  { name: 'S3DataEvents', fieldSelectors: [DATA, S3] },
  { name: 'LambdaDataEvents', fieldSelectors: [DATA, LAMBDA] },
  { name: 'DynamoDBDataEvents', fieldSelectors: [DATA, DDB] },
];
/** SEED: "S3WriteOnlyForAnalytics". */
const SEED_WRITE_ONLY = adv(DATA, S3, sw('resources.ARN', 'arn:aws:s3:::sensitive-data-bucket/'), eq('readOnly', 'false'));
/** SEED practice 7, as printed: resources.type instead of the required eventSource (NET). */
const SEED_NETWORK = [
  { name: 'NetworkActivityS3', fieldSelectors: [NET, eq('resources.type', 'AWS::S3::AccessPoint')] },
  { name: 'NetworkActivityKMS', fieldSelectors: [NET, eq('resources.type', 'AWS::KMS::Key')] },
];
const SEED_DENIED_ONLY = adv(NET, eq('resources.type', 'AWS::EC2::Snapshot'), eq('errorCode', 'VpceAccessDenied'));

function check(actual: Recording, expected: Expect): void {
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key as keyof Recording];
    if (want === U) expect(got, key).toBeInstanceOf(Unknown);
    else expect(got, key).toEqual(want);
  }
}

interface TrailCase {
  name: string;
  basic?: BasicEventSelector[] | Unknown;
  advanced?: AdvancedEventSelector[] | Unknown;
  expect: Expect;
}

const param = (reason: string) => new Unknown(reason, [{ address: reason }]);

const trailCases: TrailCase[] = [
  // --- defaults (ES) ---
  { name: 'no selectors: all management events, no data events (ES)', expect: { ...ALL_MANAGEMENT, ...NOTHING_ELSE } },
  { name: 'empty selector lists read like no selectors', basic: [], advanced: [], expect: { ...ALL_MANAGEMENT, ...NOTHING_ELSE } },
  { name: 'a basic selector with every field unset is the default (ES)', basic: [{}], expect: { ...ALL_MANAGEMENT, ...NOTHING_ELSE } },

  // --- basic selectors: management ---
  {
    name: 'basic ReadOnly records read management events only',
    basic: [{ readWriteType: 'ReadOnly' }],
    expect: { managementRead: true, managementWrite: false, ...NOTHING_ELSE },
  },
  {
    name: 'basic WriteOnly records write management events only',
    basic: [{ readWriteType: 'WriteOnly' }],
    expect: { managementRead: false, managementWrite: true },
  },
  {
    name: 'basic selector excluding KMS events',
    basic: [{ excludeManagementEventSources: ['kms.amazonaws.com'] }],
    expect: { managementRead: true, managementWrite: true, managementExcludedSources: ['kms.amazonaws.com'] },
  },
  {
    name: 'basic selector excluding KMS and RDS Data API events (sorted)',
    basic: [{ excludeManagementEventSources: ['rdsdata.amazonaws.com', 'kms.amazonaws.com'] }],
    expect: { managementExcludedSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
  },
  {
    name: 'union: a read-only and a write-only selector record all management events',
    basic: [{ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly' }],
    expect: ALL_MANAGEMENT,
  },
  {
    name: 'union: an exclusion in one selector is undone by another selector that records KMS',
    basic: [{ excludeManagementEventSources: ['kms.amazonaws.com'] }, { readWriteType: 'All' }],
    expect: ALL_MANAGEMENT,
  },
  {
    name: 'exclusion on the read selector only is still an excluded source',
    basic: [{ readWriteType: 'ReadOnly', excludeManagementEventSources: ['kms.amazonaws.com'] }, { readWriteType: 'WriteOnly' }],
    expect: { managementRead: true, managementWrite: true, managementExcludedSources: ['kms.amazonaws.com'] },
  },

  // --- basic selectors: data resources (DR) ---
  {
    name: 'basic S3 arn:aws:s3 records every bucket; IncludeManagementEvents false drops management',
    basic: [{ includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }],
    expect: { ...NO_MANAGEMENT, s3Data: true, s3DataScope: 'all', anyData: true, lambdaData: false },
  },
  {
    name: 'basic S3 arn:aws:s3::: (older documented form) records every bucket',
    basic: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::'] }] }],
    expect: { ...ALL_MANAGEMENT, s3DataScope: 'all' },
  },
  {
    name: 'basic S3 one bucket is partial',
    basic: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::audit-bucket/'] }] }],
    expect: { s3Data: true, s3DataScope: 'partial' },
  },
  {
    name: 'basic S3 every bucket but ReadOnly is partial',
    basic: [{ readWriteType: 'ReadOnly', dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }],
    expect: { managementRead: true, managementWrite: false, s3DataScope: 'partial' },
  },
  {
    name: 'basic S3 ReadOnly and WriteOnly selectors together cover every S3 data event',
    basic: [
      { readWriteType: 'ReadOnly', dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] },
      { readWriteType: 'WriteOnly', dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] },
    ],
    expect: { ...ALL_MANAGEMENT, s3DataScope: 'all' },
  },
  {
    name: 'basic Lambda arn:aws:lambda is all functions; a function ARN is exact, so partial',
    basic: [
      {
        dataResources: [
          { type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] },
          { type: 'AWS::DynamoDB::Table', values: ['arn:aws:dynamodb:us-east-1:111122223333:table/orders'] },
        ],
      },
    ],
    expect: { lambdaData: true, lambdaDataScope: 'all', dynamodbData: true, dynamodbDataScope: 'partial', s3DataScope: 'none' },
  },
  {
    name: 'basic DynamoDB arn:aws:dynamodb is all tables',
    basic: [{ dataResources: [{ type: 'AWS::DynamoDB::Table', values: ['arn:aws:dynamodb'] }] }],
    expect: { dynamodbDataScope: 'all' },
  },
  {
    name: 'basic S3 in the China partition: arn:aws-cn:s3 is all buckets there',
    basic: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws-cn:s3'] }] }],
    expect: { s3DataScope: 'all' },
  },
  {
    name: 'basic data resource with no values records nothing for it',
    basic: [{ dataResources: [{ type: 'AWS::S3::Object', values: [] }] }],
    expect: { ...ALL_MANAGEMENT, s3Data: false, s3DataScope: 'none' },
  },

  // --- basic selectors CloudTrail rejects ---
  {
    name: 'basic wildcard value arn:aws:s3:::* is rejected (InvalidEventSelectorsException)',
    basic: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::*'] }] }],
    expect: { managementRead: U, s3DataScope: U, s3Data: U },
  },
  {
    name: 'IncludeManagementEvents false without data resources is rejected',
    basic: [{ includeManagementEvents: false }],
    expect: { managementRead: U, managementWrite: U },
  },
  {
    name: 'basic and advanced selectors together are rejected',
    basic: [{}],
    advanced: [adv(MGMT)],
    expect: { managementRead: U, s3Data: U, networkActivity: U },
  },

  // --- advanced selectors: data events (AFS, SEED) ---
  {
    name: 'SEED practice 6 alone: S3, Lambda, DynamoDB all recorded, and management events no longer are',
    advanced: SEED_DATA,
    expect: {
      ...NO_MANAGEMENT,
      s3Data: true,
      s3DataScope: 'all',
      lambdaData: true,
      lambdaDataScope: 'all',
      dynamodbData: true,
      dynamodbDataScope: 'all',
      anyData: true,
      networkActivity: false,
    },
  },
  {
    name: 'SEED practice 6 with a management selector added',
    advanced: [adv(MGMT), ...SEED_DATA],
    expect: { ...ALL_MANAGEMENT, s3DataScope: 'all', lambdaDataScope: 'all', dynamodbDataScope: 'all' },
  },
  {
    name: 'SEED S3WriteOnlyForAnalytics: one bucket, write only, is partial',
    advanced: [SEED_WRITE_ONLY],
    expect: { s3Data: true, s3DataScope: 'partial', lambdaDataScope: 'none', ...NO_MANAGEMENT },
  },
  {
    name: 'S3 read selector and S3 write selector together are all',
    advanced: [adv(DATA, S3, eq('readOnly', 'true')), adv(DATA, S3, eq('readOnly', 'false'))],
    expect: { s3DataScope: 'all' },
  },
  {
    name: 'StartsWith a bucket plus NotStartsWith the same bucket cover every object',
    advanced: [
      adv(DATA, S3, sw('resources.ARN', 'arn:aws:s3:::logs/')),
      adv(DATA, S3, nsw('resources.ARN', 'arn:aws:s3:::logs/')),
    ],
    expect: { s3DataScope: 'all' },
  },
  {
    name: 'StartsWith arn:aws:s3::: names every S3 object ARN, so it is all',
    advanced: [adv(DATA, S3, sw('resources.ARN', 'arn:aws:s3:::'))],
    expect: { s3DataScope: 'all' },
  },
  {
    name: 'NotStartsWith arn:aws:s3::: excludes every object: none',
    advanced: [adv(DATA, S3, nsw('resources.ARN', 'arn:aws:s3:::'))],
    expect: { s3Data: false, s3DataScope: 'none', anyData: false },
  },
  {
    name: 'eventName Equals GetObject is partial',
    advanced: [adv(DATA, S3, eq('eventName', 'GetObject'))],
    expect: { s3DataScope: 'partial' },
  },
  {
    name: 'eventName NotEquals GetObject is partial too',
    advanced: [adv(DATA, S3, ne('eventName', 'GetObject'))],
    expect: { s3DataScope: 'partial' },
  },
  {
    name: 'eventSource NotEquals s3.amazonaws.com leaves no S3 data event',
    advanced: [adv(DATA, S3, ne('eventSource', 's3.amazonaws.com'))],
    expect: { s3DataScope: 'none' },
  },
  {
    name: 'a resources.ARN that is not an S3 ARN records no S3 object',
    advanced: [adv(DATA, S3, eq('resources.ARN', 'arn:aws:lambda:us-east-1:111122223333:function:f'))],
    expect: { s3DataScope: 'none' },
  },
  {
    name: 'a basic S3 value that is a Lambda ARN prefix names no S3 object',
    basic: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:lambda:us-east-1:111122223333:function:'] }] }],
    expect: { s3Data: false, s3DataScope: 'none', anyData: false },
  },
  {
    name: 'data events of another type count for anyData only',
    advanced: [adv(DATA, eq('resources.type', 'AWS::SNS::Topic'))],
    expect: { anyData: true, s3Data: false, lambdaData: false, dynamodbData: false },
  },

  // --- advanced selectors: management events (AFS) ---
  {
    name: 'advanced management selector: all management events',
    advanced: [adv(MGMT)],
    expect: { ...ALL_MANAGEMENT, ...NOTHING_ELSE },
  },
  {
    name: 'advanced management readOnly true: read only',
    advanced: [adv(MGMT, eq('readOnly', 'true'))],
    expect: { managementRead: true, managementWrite: false },
  },
  {
    name: 'advanced management readOnly false: write only',
    advanced: [adv(MGMT, eq('readOnly', 'false'))],
    expect: { managementRead: false, managementWrite: true },
  },
  {
    name: 'advanced management excluding KMS and RDS Data API events',
    advanced: [adv(MGMT, ne('eventSource', 'kms.amazonaws.com', 'rdsdata.amazonaws.com'))],
    expect: {
      managementRead: true,
      managementWrite: true,
      managementExcludedSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'],
    },
  },

  // --- network activity (NET, SEED) ---
  {
    name: 'network activity for KMS VPC endpoints (eventSource Equals)',
    advanced: [adv(NET, eq('eventSource', 'kms.amazonaws.com'))],
    expect: { networkActivity: true, ...NO_MANAGEMENT, anyData: false },
  },
  {
    name: 'network activity denied calls only still records network activity',
    advanced: [adv(NET, eq('eventSource', 'ec2.amazonaws.com'), eq('errorCode', 'VpceAccessDenied'))],
    expect: { networkActivity: true },
  },
  {
    name: 'SEED practice 7 as printed lacks the required eventSource: rejected, so undetermined',
    advanced: SEED_NETWORK,
    expect: { networkActivity: U, managementRead: U },
  },
  {
    name: 'SEED VpceAccessDenied selector as printed lacks eventSource: rejected',
    advanced: [SEED_DENIED_ONLY],
    expect: { networkActivity: U },
  },

  // --- advanced selectors CloudTrail rejects (AFS) ---
  {
    name: 'Data without resources.type is rejected for trails',
    advanced: [adv(DATA)],
    expect: { s3Data: U, s3DataScope: U, anyData: U, managementRead: U },
  },
  {
    name: 'eventCategory NotEquals Management is rejected (eventCategory takes Equals only), even with resources.type',
    advanced: [adv(ne('eventCategory', 'Management'), S3)],
    expect: { s3Data: U, managementRead: U },
  },
  {
    name: 'a selector without eventCategory is rejected',
    advanced: [adv(S3)],
    expect: { s3Data: U },
  },
  {
    name: 'values are case-sensitive: eventCategory "management" is rejected',
    advanced: [adv(eq('eventCategory', 'management'))],
    expect: { managementRead: U },
  },
  {
    name: 'a trail management selector cannot include an event source (NotEquals kms/rdsdata only)',
    advanced: [adv(MGMT, eq('eventSource', 'iam.amazonaws.com'))],
    expect: { managementRead: U },
  },
  {
    name: 'readOnly with NotEquals is rejected',
    advanced: [adv(DATA, S3, ne('readOnly', 'true'))],
    expect: { s3DataScope: U },
  },
  {
    name: 'Insight is an event-data-store category, rejected on a trail',
    advanced: [adv(eq('eventCategory', 'Insight'))],
    expect: { managementRead: U },
  },

  // --- unknowns ---
  {
    name: 'unknown advanced selector list: everything undetermined',
    advanced: param('Selectors parameter'),
    expect: { managementRead: U, s3Data: U, networkActivity: U, managementExcludedSources: U },
  },
  {
    name: 'an unknown bucket in a write-only selector cannot make it all: partial',
    advanced: [adv(DATA, S3, sw('resources.ARN', param('LogBucket.Arn')), eq('readOnly', 'false'))],
    expect: { s3Data: true, s3DataScope: 'partial' },
  },
  {
    name: 'an unknown ARN prefix alone may be arn:aws:s3 or one bucket: scope undetermined, data recorded',
    advanced: [adv(DATA, S3, sw('resources.ARN', param('Prefix')))],
    expect: { s3Data: true, s3DataScope: U, anyData: true },
  },
  {
    name: 'an unknown ARN cannot change a scope another selector already makes all',
    advanced: [adv(DATA, S3), adv(DATA, S3, eq('resources.ARN', param('ObjectArn')))],
    expect: { s3DataScope: 'all' },
  },
  {
    name: 'unknown readOnly on the management selector: management undetermined, data still none',
    advanced: [adv(MGMT, eq('readOnly', param('ReadOnly')))],
    expect: { managementRead: U, managementWrite: U, s3DataScope: 'none', networkActivity: false },
  },
  {
    name: 'unknown eventCategory next to resources.type S3: management not recorded either way, S3 undetermined',
    advanced: [adv(eq('eventCategory', param('Category')), S3)],
    expect: { managementRead: false, managementWrite: false, s3DataScope: U, networkActivity: false },
  },
  {
    name: 'an unknown selector cannot undo what another selector records',
    advanced: [adv(MGMT), { fieldSelectors: param('Conditional selector') }],
    expect: { managementRead: true, managementWrite: true, s3Data: U, networkActivity: U },
  },
  {
    name: 'basic unknown ReadWriteType: management undetermined, exclusions still none',
    basic: [{ readWriteType: param('RW') }],
    expect: { managementRead: U, managementWrite: U, managementExcludedSources: [], s3Data: false },
  },
  {
    name: 'basic unknown IncludeManagementEvents does not change the S3 scope',
    basic: [{ includeManagementEvents: param('IncludeMgmt'), dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }],
    expect: { managementRead: U, s3DataScope: 'all', s3Data: true },
  },
  {
    name: 'basic unknown excluded source: management recorded, the exclusion list undetermined',
    basic: [{ excludeManagementEventSources: [param('ExcludedSource')] }],
    expect: { managementRead: true, managementWrite: true, managementExcludedSources: U },
  },
  {
    name: 'basic unknown data resource values: some S3 events recorded, scope undetermined',
    basic: [{ dataResources: [{ type: 'AWS::S3::Object', values: param('Buckets') }] }],
    expect: { s3Data: true, s3DataScope: U, lambdaData: false, ...ALL_MANAGEMENT },
  },
];

describe('summarizeTrailSelectors', () => {
  it.each(trailCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    check(summarizeTrailSelectors(c.basic, c.advanced), c.expect);
  });

  it('carries the references of the unknown values, so a finding can name the resource', () => {
    const r = summarizeTrailSelectors(undefined, [adv(DATA, S3, sw('resources.ARN', param('Prefix')))]);
    expect(r.s3DataScope).toBeInstanceOf(Unknown);
    expect((r.s3DataScope as Unknown).refs).toEqual([{ address: 'Prefix' }]);
  });

  it('says why an answer is undetermined when CloudTrail rejects the selectors', () => {
    const r = summarizeTrailSelectors(undefined, SEED_NETWORK);
    expect((r.networkActivity as Unknown).reason).toMatch(/eventSource is required/);
  });
});

interface EdsCase {
  name: string;
  advanced?: AdvancedEventSelector[] | Unknown;
  expect: Expect;
}

const edsCases: EdsCase[] = [
  { name: 'no selectors: the "Default management events" selector (EDS)', expect: { ...ALL_MANAGEMENT, ...NOTHING_ELSE } },
  {
    name: 'event data stores may exclude KMS with NotEquals on eventSource',
    advanced: [adv(MGMT, ne('eventSource', 'kms.amazonaws.com'))],
    expect: { managementRead: true, managementWrite: true, managementExcludedSources: ['kms.amazonaws.com'] },
  },
  {
    name: 'event data stores may include one event source only: not all management events',
    advanced: [adv(MGMT, eq('eventSource', 'iam.amazonaws.com'))],
    expect: { managementRead: false, managementWrite: false, managementExcludedSources: [] },
  },
  {
    name: 'a management selector narrowed by eventName is not "recorded"',
    advanced: [adv(MGMT, eq('eventName', 'ConsoleLogin'))],
    expect: { managementRead: false, managementWrite: false },
  },
  {
    name: 'NotStartsWith on eventSource: the excluded sources are a pattern, so management is not fully recorded',
    advanced: [adv(MGMT, nsw('eventSource', 'kms'))],
    expect: { managementRead: false, managementWrite: false, managementExcludedSources: [] },
  },
  {
    name: 'an Insights event data store records no management or data events',
    advanced: [adv(eq('eventCategory', 'Insight'))],
    expect: { ...NO_MANAGEMENT, ...NOTHING_ELSE },
  },
  {
    name: 'S3 data events only: selectors replace the default, so no management events',
    advanced: [adv(DATA, S3)],
    expect: { ...NO_MANAGEMENT, s3DataScope: 'all' },
  },
  {
    name: 'network activity without eventSource is rejected for event data stores too',
    advanced: [adv(NET)],
    expect: { networkActivity: U },
  },
];

describe('summarizeEventDataStoreSelectors', () => {
  it.each(edsCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    check(summarizeEventDataStoreSelectors(c.advanced), c.expect);
  });
});

interface IssueCase {
  name: string;
  issues: () => { severity: string; message: string }[];
  expect: (string | RegExp)[];
  severity?: 'error' | 'warning';
}

const issueCases: IssueCase[] = [
  {
    name: 'valid seed data selectors have no issue',
    issues: () => validateTrailSelectors(undefined, SEED_DATA),
    expect: [],
  },
  {
    name: 'seed network selectors: eventSource required (twice)',
    issues: () => validateTrailSelectors(undefined, SEED_NETWORK).filter((i) => i.severity === 'error'),
    expect: [/eventSource is required/, /eventSource is required/],
  },
  {
    name: 'seed network selectors: resources.type is not documented for network activity',
    issues: () => validateTrailSelectors(undefined, SEED_NETWORK).filter((i) => i.severity === 'warning'),
    expect: [/resources\.type is not documented for NetworkActivity/, /resources\.type is not documented for NetworkActivity/],
  },
  {
    name: 'Data without resources.type',
    issues: () => validateTrailSelectors(undefined, [adv(DATA)]),
    expect: [/resources\.type is required/],
  },
  {
    name: 'eventCategory with NotEquals',
    issues: () => validateTrailSelectors(undefined, [adv(ne('eventCategory', 'Management'), S3)]),
    expect: [/eventCategory can only use the Equals operator \(found notEquals\)/],
  },
  {
    name: 'errorCode other than VpceAccessDenied',
    issues: () => validateTrailSelectors(undefined, [adv(NET, eq('eventSource', 'kms.amazonaws.com'), eq('errorCode', 'AccessDenied'))]),
    expect: [/only valid errorCode is VpceAccessDenied/],
  },
  {
    name: 'a field selector without operator',
    issues: () => validateTrailSelectors(undefined, [adv(MGMT, { field: 'readOnly' })]),
    expect: [/has no operator/],
  },
  {
    name: 'an unknown category value is not reported (never a finding on an Unknown)',
    issues: () => validateTrailSelectors(undefined, [adv(eq('eventCategory', param('Category')))]),
    expect: [],
  },
  {
    name: 'basic: exclusion of a source other than KMS or RDS Data API',
    issues: () => validateTrailSelectors([{ excludeManagementEventSources: ['iam.amazonaws.com'] }], undefined),
    expect: [/can hold only kms\.amazonaws\.com or rdsdata\.amazonaws\.com/],
  },
  {
    name: 'basic: a resource type basic selectors do not support',
    issues: () => validateTrailSelectors([{ dataResources: [{ type: 'AWS::SNS::Topic', values: ['arn:aws:sns'] }] }], undefined),
    expect: [/use advanced event selectors/],
  },
  {
    name: 'both basic and advanced',
    issues: () => validateTrailSelectors([{}], [adv(MGMT)]),
    expect: [/cannot have both/],
  },
  {
    name: 'basic: 250 data resource values across the selectors are within the quota',
    issues: () => validateTrailSelectors([{ dataResources: [{ type: 'AWS::S3::Object', values: bucketPrefixes(200) }] }, { dataResources: [{ type: 'AWS::S3::Object', values: bucketPrefixes(50) }] }], undefined),
    expect: [],
  },
  {
    name: 'basic: 251 data resource values are over the quota (one issue, not one per value)',
    issues: () => validateTrailSelectors([{ dataResources: [{ type: 'AWS::S3::Object', values: bucketPrefixes(200) }] }, { dataResources: [{ type: 'AWS::S3::Object', values: [...bucketPrefixes(50), 'arn:aws:s3:::*'] }] }], undefined),
    expect: [/at most 250 data resource values across its event selectors \(found 251\)/],
  },
  {
    name: "advanced: 500 values in all of a trail's conditions are within the quota",
    issues: () => validateTrailSelectors(undefined, [adv(DATA, S3, sw('resources.ARN', ...bucketPrefixes(498)))]),
    expect: [],
  },
  {
    name: "advanced: 501 values are over a trail's quota",
    issues: () => validateTrailSelectors(undefined, [adv(DATA, S3, sw('resources.ARN', ...bucketPrefixes(499)))]),
    expect: [/advanced event selectors take at most 500 values in all \(found 501\)/],
  },
  {
    name: 'event data store: the trail quota does not apply',
    issues: () => validateEventDataStoreSelectors([adv(DATA, S3, sw('resources.ARN', ...bucketPrefixes(600)))]),
    expect: [],
  },
  {
    name: 'event data store: Insight is a valid category',
    issues: () => validateEventDataStoreSelectors([adv(eq('eventCategory', 'Insight'))]),
    expect: [],
  },
  {
    name: 'event data store: management eventSource Equals is allowed',
    issues: () => validateEventDataStoreSelectors([adv(MGMT, eq('eventSource', 'iam.amazonaws.com'))]),
    expect: [],
  },
];

/** `n` distinct S3 object ARN prefixes. */
function bucketPrefixes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${i}/`);
}

describe('selectors beyond what CloudTrail accepts', () => {
  it('leaves a trail over its quota unknown, citing the rejection, and answers at once for 200,000 values', () => {
    // Values are compared with one another: 200,000 of them took minutes before the quota was checked first.
    const r = summarizeTrailSelectors([{ dataResources: [{ type: 'AWS::S3::Object', values: bucketPrefixes(200_000) }] }], undefined);
    expect(r.s3Data).toBeInstanceOf(Unknown);
    expect((r.s3Data as Unknown).reason).toMatch(/CloudTrail rejects these selectors: A trail takes at most 250 data resource values .*found 200000/);
  });

  it('evaluates an event data store with as many values as a trail may hold, and leaves one with more than 1,000 unknown', () => {
    expect(summarizeEventDataStoreSelectors([adv(DATA, S3, sw('resources.ARN', ...bucketPrefixes(998)))]).s3DataScope).toBe('partial');
    const r = summarizeEventDataStoreSelectors([adv(DATA, S3, { field: 'resources.ARN', startsWith: bucketPrefixes(200_000) })]);
    expect(r.s3DataScope).toBeInstanceOf(Unknown);
    expect((r.s3DataScope as Unknown).reason).toBe('the selectors hold 200002 values, more than the 1000 trailguard evaluates');
  });
});

describe('validate selectors', () => {
  it.each(issueCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const messages = c.issues().map((i) => i.message);
    expect(messages).toHaveLength(c.expect.length);
    c.expect.forEach((m, i) => expect(messages[i]).toMatch(m));
  });

  it('cites the documentation each issue comes from', () => {
    const [i] = validateTrailSelectors(undefined, [adv(NET)]);
    expect(i?.source).toBe('https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html');
    expect(i?.selector).toBe(0);
    expect(i?.property).toBe('advancedEventSelectors');
  });
});
