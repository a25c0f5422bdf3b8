// Generates a realistic Terraform JSON plan of a given size, for benchmarks
// and scale tests of parsers/terraform/plan.
//
// The shape is an organisation rolling out audit trails per account: a root
// KMS key and log bucket, then a module "account" with for_each over accounts,
// each instance holding a module "trail" with a key, a log bucket (count = 1)
// and a trail whose kms_key_id is `coalesce(var.kms_key_arn, <its key>.arn)`
// (an input passed down two module levels) and whose bucket is the log bucket.
// A third of the accounts already exist (no-op / update, with prior state),
// the rest are being created, so after_unknown, after_sensitive, prior_state
// and configuration are all as large and as nested as in real plans. Output
// is one line, as `terraform show -json` prints it, or indented as `jq .` does.
//
//   import { generatePlan } from './generate-plan.mjs';
//   const text = generatePlan(10_000);                  // ~10,000 resource instances
//   node test/plan/generate-plan.mjs 20000 plan.json [--pretty]

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROVIDER = 'registry.terraform.io/hashicorp/aws';
const REGION = 'eu-west-1';
/** Resource instances per account: key, bucket, trail. */
const PER_ACCOUNT = 3;

/** `acct-00042`: for_each keys that sort like Terraform's output. */
function accountKey(i) {
  return `acct-${String(i).padStart(5, '0')}`;
}

function tags(i) {
  return { Team: 'security', Account: accountKey(i), CostCenter: String(4000 + (i % 100)) };
}

function keyValues(i) {
  return {
    bypass_policy_lockout_safety_check: false,
    custom_key_store_id: null,
    customer_master_key_spec: 'SYMMETRIC_DEFAULT',
    deletion_window_in_days: 30,
    description: `CloudTrail key for ${accountKey(i)}`,
    enable_key_rotation: i % 7 !== 0,
    is_enabled: true,
    key_usage: 'ENCRYPT_DECRYPT',
    tags: tags(i),
    tags_all: tags(i),
    timeouts: null,
    xks_key_id: null,
  };
}

function keyState(i) {
  const id = `${String(i).padStart(8, '0')}-1111-2222-3333-444455556666`;
  return {
    ...keyValues(i),
    arn: `arn:aws:kms:${REGION}:111122223333:key/${id}`,
    id,
    key_id: id,
    multi_region: false,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    }),
    rotation_period_in_days: 365,
  };
}

function bucketName(i) {
  return `org-trail-logs-${accountKey(i)}`;
}

function bucketState(i) {
  const name = bucketName(i);
  return {
    acceleration_status: '',
    acl: null,
    arn: `arn:aws:s3:::${name}`,
    bucket: name,
    bucket_domain_name: `${name}.s3.amazonaws.com`,
    bucket_prefix: '',
    bucket_regional_domain_name: `${name}.s3.${REGION}.amazonaws.com`,
    cors_rule: [],
    force_destroy: false,
    grant: [{ id: 'c0ffee', permissions: ['FULL_CONTROL'], type: 'CanonicalUser', uri: '' }],
    hosted_zone_id: 'Z1BKCTXD74EZPE',
    id: name,
    lifecycle_rule: [],
    logging: [],
    object_lock_configuration: [],
    object_lock_enabled: false,
    policy: '',
    region: REGION,
    replication_configuration: [],
    request_payer: 'BucketOwner',
    server_side_encryption_configuration: [
      { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: '', sse_algorithm: 'AES256' }], bucket_key_enabled: false }] },
    ],
    tags: tags(i),
    tags_all: tags(i),
    timeouts: null,
    versioning: [{ enabled: true, mfa_delete: false }],
    website: [],
    website_domain: null,
    website_endpoint: null,
  };
}

const BUCKET_UNKNOWN = Object.fromEntries(
  [
    'acceleration_status', 'acl', 'arn', 'bucket_domain_name', 'bucket_prefix', 'bucket_regional_domain_name', 'cors_rule', 'grant',
    'hosted_zone_id', 'id', 'lifecycle_rule', 'logging', 'object_lock_configuration', 'object_lock_enabled', 'policy', 'region',
    'replication_configuration', 'request_payer', 'server_side_encryption_configuration', 'versioning', 'website', 'website_domain',
    'website_endpoint',
  ].map((k) => [k, true]),
);
const BUCKET_SENSITIVE = {
  cors_rule: [], grant: [], lifecycle_rule: [], logging: [], object_lock_configuration: [], replication_configuration: [],
  server_side_encryption_configuration: [], tags: {}, tags_all: {}, versioning: [], website: [],
};
const KEY_UNKNOWN = { arn: true, id: true, key_id: true, multi_region: true, policy: true, rotation_period_in_days: true, tags: {}, tags_all: {} };

function trailValues(i, known) {
  const values = {
    advanced_event_selector: [
      { field_selector: [{ ends_with: null, equals: ['Management'], field: 'eventCategory', not_ends_with: null, not_equals: null, not_starts_with: null, starts_with: null }], name: 'Management events' },
      {
        field_selector: [
          { ends_with: null, equals: ['Data'], field: 'eventCategory', not_ends_with: null, not_equals: null, not_starts_with: null, starts_with: null },
          { ends_with: null, equals: ['AWS::S3::Object'], field: 'resources.type', not_ends_with: null, not_equals: null, not_starts_with: null, starts_with: null },
        ],
        name: 'S3 data events',
      },
    ],
    cloud_watch_logs_group_arn: null,
    cloud_watch_logs_role_arn: null,
    enable_log_file_validation: i % 4 !== 0,
    enable_logging: true,
    event_selector: [],
    include_global_service_events: true,
    insight_selector: [{ insight_type: 'ApiCallRateInsight' }],
    is_multi_region_trail: i % 2 === 0,
    is_organization_trail: false,
    name: `trail-${accountKey(i)}`,
    s3_key_prefix: null,
    sns_topic_name: null,
    tags: tags(i),
    tags_all: tags(i),
    timeouts: null,
  };
  if (known) {
    Object.assign(values, {
      arn: `arn:aws:cloudtrail:${REGION}:111122223333:trail/trail-${accountKey(i)}`,
      home_region: REGION,
      id: `trail-${accountKey(i)}`,
      kms_key_id: keyState(i).arn,
      s3_bucket_name: bucketName(i),
      sns_topic_arn: '',
    });
  }
  return values;
}
const TRAIL_UNKNOWN = { advanced_event_selector: [{ field_selector: [{}] }, { field_selector: [{}, {}] }], arn: true, event_selector: [], home_region: true, id: true, insight_selector: [{}], kms_key_id: true, s3_bucket_name: true, sns_topic_arn: true, tags: {}, tags_all: {} };
const TRAIL_SENSITIVE = { advanced_event_selector: [{ field_selector: [{ equals: [false] }] }, { field_selector: [{ equals: [false] }, { equals: [false] }] }], event_selector: [], insight_selector: [{}], tags: {}, tags_all: {} };

function instance(moduleAddress, type, name, index) {
  const key = index === undefined ? '' : typeof index === 'number' ? `[${index}]` : `[${JSON.stringify(index)}]`;
  const entry = { address: `${moduleAddress}.${type}.${name}${key}`, module_address: moduleAddress, mode: 'managed', type, name };
  if (index !== undefined) entry.index = index;
  return entry;
}

/**
 * The text of a plan with about `resourceCount` resource instances (rounded
 * to whole accounts of 3). `pretty` indents it as `jq .` would.
 */
export function generatePlan(resourceCount, { pretty = false } = {}) {
  const accounts = Math.max(1, Math.round(resourceCount / PER_ACCOUNT));
  const resourceChanges = [];
  const childModules = [];
  const priorModules = [];
  for (let i = 0; i < accounts; i++) {
    const account = `module.account["${accountKey(i)}"]`;
    const module = `${account}.module.trail`;
    const existing = i % 3 === 0;
    const key = instance(module, 'aws_kms_key', 'trail');
    const bucket = instance(module, 'aws_s3_bucket', 'logs', 0);
    const trail = instance(module, 'aws_cloudtrail', 'this');
    const change = (entry, actions, before, after, afterUnknown, sensitive) => ({
      ...entry,
      provider_name: PROVIDER,
      change: { actions, before, after, after_unknown: afterUnknown, before_sensitive: before ? sensitive : false, after_sensitive: sensitive },
    });
    if (existing) {
      const updated = { ...bucketState(i), tags: { ...tags(i), Retention: '400d' }, tags_all: { ...tags(i), Retention: '400d' } };
      // Terraform sorts changes by address: aws_cloudtrail < aws_kms_key < aws_s3_bucket.
      resourceChanges.push(
        change(trail, ['no-op'], trailValues(i, true), trailValues(i, true), {}, TRAIL_SENSITIVE),
        change(key, ['no-op'], keyState(i), keyState(i), {}, { tags: {}, tags_all: {} }),
        change(bucket, ['update'], bucketState(i), updated, {}, BUCKET_SENSITIVE),
      );
    } else {
      resourceChanges.push(
        change(trail, ['create'], null, trailValues(i, false), TRAIL_UNKNOWN, TRAIL_SENSITIVE),
        change(key, ['create'], null, keyValues(i), KEY_UNKNOWN, { tags: {}, tags_all: {} }),
        change(bucket, ['create'], null, { bucket: bucketName(i), force_destroy: false, tags: tags(i), tags_all: tags(i), timeouts: null }, BUCKET_UNKNOWN, BUCKET_SENSITIVE),
      );
    }
    const planned = resourceChanges.slice(-3).map(({ address, mode, type, name, index, change: c }) => ({
      address, mode, type, name, ...(index === undefined ? {} : { index }), provider_name: PROVIDER, schema_version: 0, values: c.after, sensitive_values: c.after_sensitive,
    }));
    childModules.push({ address: account, child_modules: [{ resources: planned, address: module }] });
    if (existing) {
      const prior = [
        { ...trail, values: trailValues(i, true) },
        { ...key, values: keyState(i) },
        { ...bucket, values: bucketState(i) },
      ].map(({ module_address, ...rest }) => ({ ...rest, provider_name: PROVIDER, schema_version: 0, sensitive_values: {} }));
      priorModules.push({ address: account, child_modules: [{ resources: prior, address: module }] });
    }
  }

  const reference = (...refs) => ({ references: refs });
  const constant = (value) => ({ constant_value: value });
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: { region: { value: REGION } },
    planned_values: { root_module: { child_modules: childModules } },
    resource_changes: resourceChanges,
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: {
        root_module: {
          resources: [
            { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', provider_name: PROVIDER, schema_version: 0, values: { account_id: '111122223333', arn: 'arn:aws:iam::111122223333:role/ci', id: '111122223333', user_id: 'AROAEXAMPLE:ci' }, sensitive_values: {} },
          ],
          child_modules: priorModules,
        },
      },
    },
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: PROVIDER, version_constraint: '~> 5.70', expressions: { region: reference('var.region') } } },
      root_module: {
        resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', provider_config_key: 'aws', schema_version: 0 }],
        module_calls: {
          account: {
            source: './modules/account',
            for_each_expression: reference('local.accounts'),
            expressions: { account_id: reference('each.key'), kms_key_arn: constant(null) },
            module: {
              module_calls: {
                trail: {
                  source: '../trail',
                  expressions: {
                    kms_key_arn: reference('var.kms_key_arn'),
                    name: reference('var.account_id'),
                  },
                  module: {
                    resources: [
                      { address: 'aws_kms_key.trail', mode: 'managed', type: 'aws_kms_key', name: 'trail', provider_config_key: 'aws', expressions: { description: reference('var.name'), enable_key_rotation: constant(true) }, schema_version: 0 },
                      { address: 'aws_s3_bucket.logs', mode: 'managed', type: 'aws_s3_bucket', name: 'logs', provider_config_key: 'aws', expressions: { bucket: reference('var.name') }, schema_version: 0, count_expression: constant(1) },
                      {
                        address: 'aws_cloudtrail.this', mode: 'managed', type: 'aws_cloudtrail', name: 'this', provider_config_key: 'aws', schema_version: 0,
                        expressions: {
                          // kms_key_id = coalesce(var.kms_key_arn, aws_kms_key.trail.arn)
                          kms_key_id: reference('var.kms_key_arn', 'aws_kms_key.trail.arn', 'aws_kms_key.trail'),
                          s3_bucket_name: reference('aws_s3_bucket.logs[0].id', 'aws_s3_bucket.logs[0]', 'aws_s3_bucket.logs'),
                          name: reference('var.name'),
                          enable_log_file_validation: constant(true),
                          advanced_event_selector: [
                            { name: constant('Management events'), field_selector: [{ field: constant('eventCategory'), equals: constant(['Management']) }] },
                            { name: constant('S3 data events'), field_selector: [{ field: constant('eventCategory'), equals: constant(['Data']) }, { field: constant('resources.type'), equals: constant(['AWS::S3::Object']) }] },
                          ],
                          insight_selector: [{ insight_type: constant('ApiCallRateInsight') }],
                        },
                      },
                    ],
                    variables: { kms_key_arn: {}, name: {} },
                  },
                },
              },
              variables: { account_id: {}, kms_key_arn: { default: null } },
            },
          },
        },
        variables: { region: { default: REGION } },
      },
    },
    timestamp: '2024-11-05T09:14:27Z',
    applyable: true,
    complete: true,
    errored: false,
  };
  return pretty ? JSON.stringify(plan, null, 2) : JSON.stringify(plan);
}

/** Resource instances a generated plan of `resourceCount` describes (what parsePlan returns, plus the data source). */
export function generatedInstanceCount(resourceCount) {
  return Math.max(1, Math.round(resourceCount / PER_ACCOUNT)) * PER_ACCOUNT + 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [count = '10000', out = `plan-${count}.json`] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const text = generatePlan(Number(count), { pretty: process.argv.includes('--pretty') });
  writeFileSync(out, text);
  console.log(`${out}: ${generatedInstanceCount(Number(count))} resource instances, ${(text.length / 1e6).toFixed(1)} MB`);
}
