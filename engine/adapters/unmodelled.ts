import type { CfnTemplate } from '../../parsers/cloudformation/index.js';
import type { TerraformResource } from '../../parsers/terraform/types.js';
import { own } from '../../core/own.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { ResourceGraph } from '../graph.js';
import type { Kind } from '../kinds.js';
import type { SourceRange } from '../../core/location.js';
import { asRecord } from './convert.js';
import { CFN_RESOURCE_ADAPTERS } from './cloudformation/resources.js';
import { TF_RESOURCE_ADAPTERS } from './terraform/resources.js';
import { awsccCloudFormationType } from './terraform/awscc.js';

/**
 * The safety net against silent passes. A resource type trailguard does not
 * model is skipped, which is right for an EC2 instance and wrong for a type
 * that changes what trailguard judges: a whole provider (hashicorp/awscc was
 * once read as nothing at all), a new CloudTrail resource, a KMS replica key.
 * So every type whose name says it belongs to a service trailguard judges, and
 * that no adapter reads, is reported once per scan as a note on its first
 * resource; and a scan whose only resources of those services are such types
 * says so on the report's last line instead of "Every check could be judged".
 *
 * Kept as data so that adding a service (or a type that provably does not
 * matter) is one line here. Terraform names are matched for the two AWS
 * providers only (`aws_`, `awscc_`): the same words in other providers'
 * types (`google_kms_key_ring`) are not AWS.
 */
export const JUDGED_SERVICES: readonly { prefixes: readonly string[]; effect: string }[] = [
  { prefixes: ['AWS::CloudTrail::', 'aws_cloudtrail', 'awscc_cloudtrail_'], effect: 'CloudTrail trails and event data stores' },
  { prefixes: ['AWS::S3::Bucket', 'aws_s3_bucket', 'aws_s3_account_', 'awscc_s3_bucket'], effect: 'the buckets trails deliver to' },
  { prefixes: ['AWS::KMS::', 'aws_kms_', 'awscc_kms_'], effect: 'the KMS keys that encrypt trail logs' },
  { prefixes: ['AWS::Logs::', 'aws_cloudwatch_log_', 'awscc_logs_'], effect: 'trail log groups and their metric filters' },
  {
    prefixes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm', 'awscc_cloudwatch_alarm', 'awscc_cloudwatch_composite_alarm'],
    effect: 'the alarms on security metric filters',
  },
  { prefixes: ['AWS::SNS::Topic', 'aws_sns_topic', 'awscc_sns_topic'], effect: 'the topics security alarms notify' },
  { prefixes: ['AWS::Organizations::Policy', 'aws_organizations_policy', 'awscc_organizations_policy'], effect: 'the service control policies that protect trails' },
  { prefixes: ['AWS::Config::', 'aws_config_', 'awscc_config_'], effect: 'AWS Config rules, remediations and recorders' },
  { prefixes: ['AWS::SecurityHub::', 'aws_securityhub_', 'awscc_securityhub_'], effect: 'Security Hub and its standards' },
  { prefixes: ['AWS::IAM::', 'aws_iam_', 'awscc_iam_'], effect: 'who may administer trails (identity policies and what they are attached to)' },
];

/**
 * Types under those prefixes that change nothing a rule reads: log streams,
 * objects, and bucket features unrelated to access, encryption, versioning,
 * logging or retention. Not noted, so that the notes that remain mean something.
 */
const NO_EFFECT = new Set([
  'AWS::Logs::LogStream', 'aws_cloudwatch_log_stream', 'awscc_logs_log_stream',
  'aws_s3_bucket_object', 'aws_s3_bucket_notification', 'aws_s3_bucket_cors_configuration', 'aws_s3_bucket_website_configuration',
  'aws_s3_bucket_accelerate_configuration', 'aws_s3_bucket_request_payment_configuration', 'aws_s3_bucket_analytics_configuration',
  'aws_s3_bucket_inventory', 'aws_s3_bucket_metric', 'aws_s3_bucket_intelligent_tiering_configuration',
  // IAM types that grant no permissions: credentials, identity providers, profiles, memberships (a group's
  // policies reach its members, and the rules judge the group), account settings, and the lists of
  // inline policy names that the `*_policies_exclusive` types pin (the policies are their own resources).
  'AWS::IAM::AccessKey', 'AWS::IAM::InstanceProfile', 'AWS::IAM::OIDCProvider', 'AWS::IAM::SAMLProvider', 'AWS::IAM::ServerCertificate',
  'AWS::IAM::ServiceLinkedRole', 'AWS::IAM::UserToGroupAddition', 'AWS::IAM::VirtualMFADevice',
  'aws_iam_access_key', 'aws_iam_account_alias', 'aws_iam_account_password_policy', 'aws_iam_group_membership', 'aws_iam_instance_profile',
  'aws_iam_openid_connect_provider', 'aws_iam_saml_provider', 'aws_iam_server_certificate', 'aws_iam_service_linked_role',
  'aws_iam_service_specific_credential', 'aws_iam_signing_certificate', 'aws_iam_user_group_membership', 'aws_iam_user_login_profile',
  'aws_iam_user_ssh_key', 'aws_iam_virtual_mfa_device', 'aws_iam_security_token_service_preferences', 'aws_iam_organizations_features',
  'aws_iam_role_policies_exclusive', 'aws_iam_user_policies_exclusive', 'aws_iam_group_policies_exclusive',
  'awscc_iam_instance_profile', 'awscc_iam_oidc_provider', 'awscc_iam_saml_provider', 'awscc_iam_server_certificate', 'awscc_iam_service_linked_role',
  'awscc_iam_virtual_mfa_device',
]);

/** The kinds of the judged services: a scan holding none of them judged nothing of those services. */
const SERVICE_KINDS: readonly Kind[] = [
  'trail', 'event_data_store', 'bucket', 'bucket_policy', 'bucket_config', 'account_public_access_block', 'key', 'key_policy', 'key_alias',
  'log_group', 'metric_filter', 'metric_alarm', 'sns_topic', 'sns_topic_policy', 'sns_subscription', 'org_policy', 'org_policy_attachment',
  'config_rule', 'config_remediation', 'config_conformance_pack', 'config_recorder', 'config_recorder_status', 'config_delivery_channel',
  'securityhub_hub', 'securityhub_standard', 'securityhub_configuration_policy', 'identity_policy', 'policy_attachment', 'iam_user', 'iam_group', 'role',
];

/** Diagnostic codes, for reports that give them a place of their own. */
export const UNMODELLED_TYPE = 'unmodelled-type';
export const ONLY_UNMODELLED_TYPES = 'only-unmodelled-types';

/** What a type not modelled would change, when its name says it belongs to a judged service. */
export function unjudgedEffect(type: string): string | undefined {
  if (NO_EFFECT.has(type)) return undefined;
  return JUDGED_SERVICES.find((s) => s.prefixes.some((p) => type.startsWith(p)))?.effect;
}

/** Collects, once per type, the resource types of judged services that no adapter reads. */
export class UnmodelledTypes {
  private readonly first = new Map<string, { file: string; range?: SourceRange; effect: string }>();
  /** Every type looked at, noted or not: a plan of 10,000 instances of one type asks once. */
  private readonly seen = new Set<string>();

  /** A Terraform resource (from `.tf` sources or a plan): modelled by the AWS mappings or as an awscc twin. */
  terraform(tf: TerraformResource): void {
    if (tf.mode !== 'managed' || this.seen.has(tf.type) || own(TF_RESOURCE_ADAPTERS, tf.type) || awsccCloudFormationType(tf.type)) return;
    // Positions of plan entries are found on request (a scan of the plan's text): only for a type noted.
    this.note(tf.type, () => tf.declaredAt ?? tf.range);
  }

  /** Every resource of a CloudFormation template. */
  cloudFormation(t: CfnTemplate): void {
    for (const [logicalId, def] of Object.entries(asRecord(asRecord(t.body)['Resources']))) {
      const type = asRecord(def)['Type'];
      if (typeof type !== 'string' || own(CFN_RESOURCE_ADAPTERS, type)) continue;
      this.note(type, () => t.positions.getKey(['Resources', logicalId]) ?? { file: t.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } });
    }
  }

  private note(type: string, where: () => SourceRange): void {
    if (this.seen.has(type)) return;
    this.seen.add(type);
    const effect = unjudgedEffect(type);
    if (effect === undefined) return;
    const range = where();
    this.first.set(type, { file: range.file, range, effect });
  }

  /** One note per type; and, when the graph holds nothing of the judged services, a warning that says so. */
  diagnostics(graph: ResourceGraph): Diagnostic[] {
    const out: Diagnostic[] = [...this.first].map(([type, at]) => ({
      level: 'note' as const,
      code: UNMODELLED_TYPE,
      file: at.file,
      ...(at.range ? { range: at.range } : {}),
      message: `${type} is not modelled by trailguard: its effect on ${at.effect} is not judged`,
    }));
    if (out.length > 0 && SERVICE_KINDS.every((k) => graph.ofKind(k).length === 0)) {
      const [first] = this.first.values();
      const types = [...this.first.keys()];
      out.push({
        level: 'warning',
        code: ONLY_UNMODELLED_TYPES,
        file: first!.file,
        ...(first!.range ? { range: first!.range } : {}),
        message: `Nothing was judged: the only CloudTrail-related resources in the scan are of ${types.length === 1 ? 'a type' : 'types'} trailguard does not model (${types.join(', ')}).`,
      });
    }
    return out;
  }
}
