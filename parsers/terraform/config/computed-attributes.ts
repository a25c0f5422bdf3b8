// What a reference to a resource attribute gives when the configuration does
// not write it: the provider computes it at apply time, so it is an Unknown
// pointing at the resource (`{ address: 'aws_kms_key.trail', attribute: 'arn' }`),
// which lets the linker connect a trail to its key without knowing the ARN.
//
// `present` says whether some non-empty value is certain. It is true for the
// attributes every created resource has (id, arn, and a short list per type);
// for any other attribute left unset the provider may well leave it null.
//
// A few attributes follow from the configuration and are worth deriving:
// an S3 bucket's `id` and `bucket` are its `bucket` argument and its `arn` is
// `arn:aws:s3:::<bucket>`, so policies and trails naming the bucket link to
// it by name; the caller identity, region and partition data sources carry a
// template (`${data.aws_caller_identity.current.account_id}`) that policy
// analysis substitutes with its stand-in account.

import { Unknown } from '../../../core/unknown.js';
import { own } from '../../../core/own.js';
import type { ResourceMode } from './addresses.js';

export interface InstanceView {
  readonly address: string;
  readonly mode: ResourceMode;
  readonly type: string;
  /** Set when the instance uses a non-default provider configuration (`provider = aws.audit`, or one passed to its module). */
  readonly provider?: string | undefined;
  /** The evaluated written value of an argument or block type, undefined when not written. */
  written(name: string): unknown;
}

/** Computed attributes that every instance of the type has, beyond `id` and `arn`. */
const ALWAYS_PRESENT: Record<string, readonly string[]> = {
  aws_s3_bucket: ['bucket', 'bucket_domain_name', 'bucket_regional_domain_name', 'hosted_zone_id', 'region'],
  aws_kms_key: ['key_id'],
  aws_kms_alias: ['name', 'target_key_arn'],
  aws_cloudtrail: ['name', 'home_region'],
  aws_cloudtrail_event_data_store: ['name'],
  aws_cloudwatch_log_group: ['name'],
  aws_iam_role: ['name', 'unique_id', 'create_date'],
  aws_iam_policy: ['name', 'policy_id'],
  aws_sns_topic: ['name'],
  aws_sqs_queue: ['name', 'url'],
  'data.aws_caller_identity': ['account_id', 'arn', 'user_id'],
  'data.aws_region': ['name', 'region', 'endpoint', 'description'],
  'data.aws_partition': ['partition', 'dns_suffix', 'reverse_dns_prefix'],
  'data.aws_iam_policy_document': ['json', 'minified_json'],
  // Data sources that look a resource up fail when it does not exist, so what they find is there.
  'data.aws_s3_bucket': ['arn', 'bucket', 'bucket_domain_name', 'bucket_regional_domain_name', 'hosted_zone_id', 'region'],
  'data.aws_kms_key': ['arn', 'key_id'],
  'data.aws_kms_alias': ['arn', 'name', 'target_key_arn', 'target_key_id'],
  'data.aws_cloudwatch_log_group': ['arn', 'name'],
};

/**
 * Templates naming the account, region and partition in the form policy
 * analysis knows (engine/analysis/concretize.ts). They hold for the default
 * provider only: an aliased provider may assume a role in another account.
 */
const CANONICAL_TEMPLATES: Record<string, Record<string, string>> = {
  aws_caller_identity: { account_id: '${data.aws_caller_identity.current.account_id}' },
  aws_region: { name: '${data.aws_region.current.name}', region: '${data.aws_region.current.region}' },
  aws_partition: { partition: '${data.aws_partition.current.partition}' },
};

function key(view: Pick<InstanceView, 'mode' | 'type'>): string {
  return view.mode === 'data' ? `data.${view.type}` : view.type;
}

/** Names a reference to the whole object lists besides the written ones. */
export function alwaysPresentAttributes(view: Pick<InstanceView, 'mode' | 'type'>): readonly string[] {
  return [view.mode === 'data' ? 'id' : 'arn', 'id', ...(own(ALWAYS_PRESENT, key(view)) ?? [])].filter((n, i, all) => all.indexOf(n) === i);
}

/** The Unknown an unwritten attribute gets. */
export function computedAttribute(view: InstanceView, name: string): Unknown {
  const present = name === 'id' || (view.mode === 'managed' && name === 'arn') || (own(ALWAYS_PRESENT, key(view))?.includes(name) ?? false);
  const u = new Unknown('known after apply', [{ address: view.address, attribute: name }], present);
  const template = view.mode === 'data' && view.provider === undefined ? own(own(CANONICAL_TEMPLATES, view.type), name) : undefined;
  return template === undefined ? u : u.withTemplate(template);
}

/**
 * An attribute the provider derives from the configuration, or undefined when
 * the written value (or `computedAttribute`) is the answer.
 */
export function derivedAttribute(view: InstanceView, name: string): unknown {
  if (view.mode === 'managed' && view.type === 'aws_s3_bucket' && (name === 'id' || name === 'bucket' || name === 'arn')) {
    const bucket = view.written('bucket');
    if (typeof bucket === 'string' && bucket !== '') return name === 'arn' ? `arn:aws:s3:::${bucket}` : bucket;
    // A generated or unknown name: the reference still points at this bucket.
    return computedAttribute(view, name);
  }
  // The provider sets a metric filter's and a log group's `id` to their `name`
  // (resource_aws_cloudwatch_log_metric_filter.go: d.SetId(name)), so an alarm's
  // `metric_name = aws_cloudwatch_log_metric_filter.x.id` is the filter's name.
  if (view.mode === 'managed' && (view.type === 'aws_cloudwatch_log_metric_filter' || view.type === 'aws_cloudwatch_log_group') && name === 'id') {
    const written = view.written('name');
    if (typeof written === 'string' && written !== '') return written;
  }
  if (view.mode === 'data' && view.type === 'aws_region' && (name === 'name' || name === 'region' || name === 'id')) {
    // `data "aws_region" "x" { region = "eu-west-1" }` selects a region: it is known.
    for (const arg of ['region', 'name']) {
      const v = view.written(arg);
      if (typeof v === 'string' && v !== '') return v;
    }
  }
  return undefined;
}
