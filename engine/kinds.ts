/**
 * The provider-neutral kinds of the resource graph and the normalized
 * properties each carries. This table is the contract between adapters
 * (which fill the properties from CloudFormation or Terraform) and rules
 * (which may only name properties declared here: the rule loader rejects a
 * rule that names an unknown kind or property, so a typo cannot silently
 * disable a check).
 */

export type PropType = 'boolean' | 'string' | 'number' | 'string[]' | 'object' | 'object[]';

export interface PropSpec {
  type: PropType;
  description: string;
}

export interface RelationSpec {
  kinds: readonly string[];
  description: string;
}

export interface KindSpec {
  description: string;
  properties: Record<string, PropSpec>;
  /** Relations the linker resolves: name → the kinds it may point at. */
  relations?: Record<string, RelationSpec>;
  /**
   * One-to-many relations filled by analysis (`Resource.lists`), in scan order:
   * a log group's metric filters, a filter's alarms, an alarm's topics. Code
   * (analysis, coverage engines) reads them; rules read the properties derived
   * from them.
   */
  lists?: Record<string, RelationSpec>;
}

const recording: Record<string, PropSpec> = {
  'recording.managementRead': { type: 'boolean', description: 'Read management events are recorded.' },
  'recording.managementWrite': { type: 'boolean', description: 'Write management events are recorded.' },
  'recording.managementExcludedSources': {
    type: 'string[]',
    description: 'Event sources excluded from management events (e.g. kms.amazonaws.com).',
  },
  'recording.s3Data': { type: 'boolean', description: 'Some S3 object data events are recorded.' },
  'recording.s3DataScope': { type: 'string', description: '`all`, `partial` or `none`: how much of S3 object data activity is recorded.' },
  'recording.lambdaData': { type: 'boolean', description: 'Some Lambda function data events (Invoke) are recorded.' },
  'recording.lambdaDataScope': { type: 'string', description: '`all`, `partial` or `none` for Lambda data events.' },
  'recording.dynamodbData': { type: 'boolean', description: 'Some DynamoDB table data events are recorded.' },
  'recording.dynamodbDataScope': { type: 'string', description: '`all`, `partial` or `none` for DynamoDB data events.' },
  'recording.anyData': { type: 'boolean', description: 'Data events of any resource type are recorded.' },
  'recording.networkActivity': {
    type: 'boolean',
    description: 'Network activity events (VPC endpoint API calls) are recorded.',
  },
};

export const KINDS = {
  trail: {
    description: 'A CloudTrail trail (AWS::CloudTrail::Trail, aws_cloudtrail).',
    properties: {
      name: { type: 'string', description: 'Trail name.' },
      arn: { type: 'string', description: 'Trail ARN, where the configuration shows it (for a trail a policy names, its aws:SourceArn); policy queries take its partition, region and account from it.' },
      logging: { type: 'boolean', description: 'The trail is logging (not stopped).' },
      multiRegion: { type: 'boolean', description: 'The trail records events in all regions.' },
      includeGlobalServiceEvents: { type: 'boolean', description: 'Events of global services (IAM, STS, CloudFront) are recorded.' },
      organization: { type: 'boolean', description: 'The trail is an organization trail.' },
      logFileValidation: { type: 'boolean', description: 'Log file integrity validation (digest files) is on.' },
      kmsKeyId: { type: 'string', description: 'KMS key (ID, ARN or alias) that encrypts the logs.' },
      kmsKeyArn: { type: 'string', description: 'The key as a key ARN, when the configuration names one (unknown for aliases and keys created alongside).' },
      bucketName: { type: 'string', description: 'S3 bucket the logs are delivered to.' },
      cloudWatchLogsLogGroupArn: { type: 'string', description: 'CloudWatch Logs log group ARN the trail sends to.' },
      cloudWatchLogsRoleArn: { type: 'string', description: 'IAM role CloudTrail assumes to write to CloudWatch Logs.' },
      snsTopicName: { type: 'string', description: 'SNS topic notified of log delivery.' },
      eventSelectors: { type: 'object[]', description: 'Basic event selectors, normalized.' },
      advancedEventSelectors: { type: 'object[]', description: 'Advanced event selectors, normalized.' },
      insightTypes: { type: 'string[]', description: 'Insight types enabled (ApiCallRateInsight, ApiErrorRateInsight).' },
      insightsEnabled: { type: 'boolean', description: 'At least one Insights type is enabled.' },
      selectorIssues: { type: 'string[]', description: 'Why CloudTrail would reject the event selectors (unset when they are valid).' },
      ...recording,
    },
    relations: {
      bucket: { kinds: ['bucket'], description: 'The S3 bucket the trail delivers to.' },
      key: { kinds: ['key', 'key_alias'], description: 'The KMS key that encrypts the logs.' },
      logGroup: { kinds: ['log_group'], description: 'The CloudWatch Logs group the trail sends to.' },
      logRole: { kinds: ['role'], description: 'The IAM role used for CloudWatch Logs delivery.' },
    },
    lists: {
      metricFilters: {
        kinds: ['metric_filter'],
        description: "The metric filters on the trail's log group (= `edges.logGroup.target.lists.metricFilters`); each lists its `alarms`, each alarm its `topics`.",
      },
    },
  },
  event_data_store: {
    description: 'A CloudTrail Lake event data store (AWS::CloudTrail::EventDataStore, aws_cloudtrail_event_data_store).',
    properties: {
      name: { type: 'string', description: 'Event data store name.' },
      kmsKeyId: { type: 'string', description: 'Customer-managed KMS key; unset means AWS-owned encryption.' },
      customerManagedKey: { type: 'boolean', description: 'Encrypted with a customer-managed key (a key that is not `alias/aws/*`).' },
      retentionDays: { type: 'number', description: 'Retention period in days.' },
      multiRegion: { type: 'boolean', description: 'Collects events from all regions.' },
      organization: { type: 'boolean', description: 'Collects events of all accounts of the organization.' },
      terminationProtection: { type: 'boolean', description: 'Termination protection is on.' },
      billingMode: { type: 'string', description: 'EXTENDABLE_RETENTION_PRICING or FIXED_RETENTION_PRICING.' },
      advancedEventSelectors: { type: 'object[]', description: 'Advanced event selectors, normalized.' },
      selectorIssues: { type: 'string[]', description: 'Why CloudTrail would reject the event selectors (unset when they are valid).' },
      ...recording,
    },
    relations: { key: { kinds: ['key', 'key_alias'], description: 'The KMS key that encrypts the store.' } },
  },
  bucket: {
    description: 'An S3 bucket (AWS::S3::Bucket, aws_s3_bucket and its split configuration resources).',
    properties: {
      name: { type: 'string', description: 'Bucket name.' },
      arn: { type: 'string', description: 'Bucket ARN (from the name).' },
      'publicAccessBlock.blockPublicAcls': { type: 'boolean', description: 'BlockPublicAcls (on for a new bucket without a configuration; off when a configuration omits it).' },
      'publicAccessBlock.ignorePublicAcls': { type: 'boolean', description: 'IgnorePublicAcls (on for a new bucket without a configuration; off when a configuration omits it).' },
      'publicAccessBlock.blockPublicPolicy': { type: 'boolean', description: 'BlockPublicPolicy (on for a new bucket without a configuration; off when a configuration omits it).' },
      'publicAccessBlock.restrictPublicBuckets': { type: 'boolean', description: 'RestrictPublicBuckets (on for a new bucket without a configuration; off when a configuration omits it).' },
      publicAccessBlocked: { type: 'boolean', description: 'All four Block Public Access settings are on, for the bucket or its account.' },
      acl: { type: 'string', description: 'Canned ACL (private, public-read, …).' },
      aclPublic: { type: 'boolean', description: 'The ACL grants something to all users or all authenticated users.' },
      versioning: { type: 'boolean', description: 'Versioning is enabled.' },
      mfaDelete: { type: 'boolean', description: 'MFA delete is enabled (only the root user can enable it, with the API or Terraform; CloudFormation cannot).' },
      loggingTarget: { type: 'string', description: 'Bucket that receives server access logs; unset: logging off.' },
      loggingToOtherBucket: { type: 'boolean', description: 'Server access logging is on and delivers to another bucket.' },
      sseAlgorithm: { type: 'string', description: 'Default encryption: AES256, aws:kms or aws:kms:dsse.' },
      sseKms: { type: 'boolean', description: 'Default encryption is SSE-KMS (aws:kms or aws:kms:dsse).' },
      lifecycleArchives: { type: 'boolean', description: 'An enabled lifecycle rule transitions objects to Glacier or Deep Archive.' },
      lifecycleShortestExpirationDays: { type: 'number', description: 'Fewest days after which an enabled rule expires current objects; unset: nothing expires.' },
      policy: { type: 'object', description: 'The bucket policy document (from a bucket policy resource or a raw file).' },
      policyResourceArn: { type: 'string', description: "The bucket's ARN as its policy is judged: the real one, or for a bucket named at deployment a stand-in that the policy's references to the bucket resolve to." },
      policyPublic: { type: 'boolean', description: 'The bucket policy is public by S3\'s definition.' },
      policyDeniesInsecureTransport: { type: 'boolean', description: 'The bucket policy denies every request without TLS (aws:SecureTransport false).' },
      policyDeniesDeleteWithoutMfa: { type: 'boolean', description: 'The bucket policy denies object deletion without MFA (aws:MultiFactorAuthPresent false).' },
      policyCloudTrailScoped: { type: 'boolean', description: 'Every grant to cloudtrail.amazonaws.com is scoped by aws:SourceArn or aws:SourceAccount.' },
      cloudTrailWriteGranted: { type: 'boolean', description: 'The bucket policy lets cloudtrail.amazonaws.com write (s3:PutObject): the bucket is evidently a trail\'s.' },
      policyBroadGrants: { type: 'string[]', description: 'Statements granting access to principals other than the CloudTrail service without a restricting condition.' },
    },
  },
  key: {
    description: 'A KMS key (AWS::KMS::Key, aws_kms_key).',
    properties: {
      description: { type: 'string', description: 'Key description.' },
      rotation: { type: 'boolean', description: 'Automatic key rotation is on.' },
      policy: { type: 'object', description: 'The key policy document.' },
      policyCloudTrailScoped: { type: 'boolean', description: 'cloudtrail.amazonaws.com may use kms:GenerateDataKey* only for this account\'s trails (aws:SourceArn or kms:EncryptionContext:aws:cloudtrail:arn).' },
      policyDecryptToEveryone: { type: 'boolean', description: 'The key policy lets any principal (`*`) decrypt without a restricting condition.' },
      cloudTrailEncryptGranted: { type: 'boolean', description: 'The key policy lets cloudtrail.amazonaws.com encrypt (kms:GenerateDataKey*): the key is evidently a trail\'s.' },
    },
  },
  bucket_config: {
    description: "One part of a bucket's configuration declared as its own resource (Terraform's aws_s3_bucket_versioning, _public_access_block, _logging, _lifecycle_configuration, _server_side_encryption_configuration, _acl); merged into its bucket.",
    properties: {
      part: { type: 'string', description: 'versioning, publicAccessBlock, logging, lifecycle, encryption or acl.' },
    },
    relations: { bucket: { kinds: ['bucket'], description: 'The bucket configured.' } },
  },
  org_policy_attachment: {
    description: 'An attachment of an organization policy to a root, OU or account (aws_organizations_policy_attachment); merged into the policy.',
    properties: {
      target: { type: 'string', description: 'Root, OU or account ID.' },
    },
    relations: { policy: { kinds: ['org_policy'], description: 'The policy attached.' } },
  },
  policy_attachment: {
    description: "An attachment of a managed IAM policy to a user, group or role (aws_iam_*_policy_attachment), or to lists of them (aws_iam_policy_attachment); merged into the policy's attachments.",
    properties: {
      principalKind: { type: 'string', description: 'user, group or role (one principal).' },
      principal: { type: 'string', description: 'Name of the user, group or role (one principal).' },
      users: { type: 'string[]', description: 'Names of the users (aws_iam_policy_attachment).' },
      groups: { type: 'string[]', description: 'Names of the groups (aws_iam_policy_attachment).' },
      roles: { type: 'string[]', description: 'Names of the roles (aws_iam_policy_attachment).' },
      policyArn: { type: 'string', description: 'ARN of the attached policy.' },
    },
    relations: { policy: { kinds: ['identity_policy'], description: 'The policy attached, when it is in the scan.' } },
  },
  bucket_policy: {
    description: 'A bucket policy (AWS::S3::BucketPolicy, aws_s3_bucket_policy, or a raw bucket policy file); merged into its bucket.',
    properties: {
      policy: { type: 'object', description: 'The policy document.' },
    },
    relations: { bucket: { kinds: ['bucket'], description: 'The bucket the policy is attached to.' } },
  },
  account_public_access_block: {
    description: "The account's S3 Block Public Access settings (aws_s3_account_public_access_block); they apply to every bucket of the account.",
    properties: {
      allBlocked: { type: 'boolean', description: 'All four settings are on.' },
    },
  },
  key_policy: {
    description: 'A key policy declared as its own resource (aws_kms_key_policy); merged into its key.',
    properties: {
      policy: { type: 'object', description: 'The policy document.' },
    },
    relations: { key: { kinds: ['key'], description: 'The key the policy is attached to.' } },
  },
  org_policy: {
    description: 'An AWS Organizations policy (AWS::Organizations::Policy, aws_organizations_policy, or a raw SCP file) with its attachments.',
    properties: {
      name: { type: 'string', description: 'Policy name.' },
      type: { type: 'string', description: 'SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, …' },
      policy: { type: 'object', description: 'The policy document.' },
      targets: { type: 'string[]', description: 'Root (r-…), OU (ou-…) and account IDs it is attached to.' },
      attachedToRootOrOu: { type: 'boolean', description: 'Attached to the organization root or an organizational unit.' },
    },
  },
  identity_policy: {
    description: 'An identity-based IAM policy: managed or inline, from CloudFormation, Terraform or a raw policy file.',
    properties: {
      name: { type: 'string', description: 'Policy name.' },
      policy: { type: 'object', description: 'The policy document.' },
      attachedUsers: { type: 'string[]', description: 'IAM users the policy is attached to (names).' },
      attachedGroups: { type: 'string[]', description: 'IAM groups the policy is attached to (names).' },
      attachedRoles: { type: 'string[]', description: 'IAM roles the policy is attached to (names).' },
    },
  },
  iam_group: {
    description: 'An IAM group (AWS::IAM::Group, aws_iam_group).',
    properties: {
      name: { type: 'string', description: 'Group name.' },
      managedPolicyArns: { type: 'string[]', description: 'Managed policies attached to the group.' },
    },
  },
  iam_user: {
    description: 'An IAM user (AWS::IAM::User, aws_iam_user) and the managed policies attached to it.',
    properties: {
      name: { type: 'string', description: 'User name.' },
      managedPolicyArns: { type: 'string[]', description: 'Managed policies attached directly to the user.' },
    },
  },
  key_alias: {
    description: 'A KMS alias (AWS::KMS::Alias, aws_kms_alias).',
    properties: {
      name: { type: 'string', description: 'Alias name, `alias/...`.' },
    },
    relations: { key: { kinds: ['key'], description: 'The key the alias points at.' } },
  },
  // ── Monitoring chain (P5.2–P5.4, B5, and the C4.x coverage rules): trail → log group → metric
  //    filter → alarm → SNS topic. Kind, property, relation and list names below are stable.
  //    Linked by engine/graph.ts (trail.logGroup, metric_filter.logGroup, sns_* .topic: Ref/GetAtt,
  //    Terraform references, names and ARNs) and completed by engine/analysis/monitoring.ts (the
  //    `lists`, alarms matched to filters by namespace + metric name across the whole scan, and the
  //    derived properties). For coverage code: `trail.lists.metricFilters` → each filter's `pattern`
  //    (string, or Unknown when known only after apply), `locs.pattern` (its line), `alarmed` /
  //    `alarmProblem`, and `lists.alarms`.
  log_group: {
    description: 'A CloudWatch Logs log group (AWS::Logs::LogGroup, aws_cloudwatch_log_group).',
    properties: {
      name: { type: 'string', description: 'Log group name.' },
      arn: { type: 'string', description: 'Log group ARN, when the configuration knows it (a plan of an existing group).' },
      retentionDays: { type: 'number', description: 'Retention in days; unset means never expire (Terraform\'s `retention_in_days = 0` reads as unset).' },
      kmsKeyId: { type: 'string', description: 'KMS key ARN that encrypts the group; unset: CloudWatch Logs\' own encryption.' },
      trailLogGroup: { type: 'boolean', description: 'A trail in the scan sends its events to this group (set by analysis).' },
    },
    relations: { key: { kinds: ['key', 'key_alias'], description: 'The KMS key that encrypts the group.' } },
    lists: {
      metricFilters: { kinds: ['metric_filter'], description: 'The metric filters whose log group is this one (resolved edges only), in scan order.' },
      trails: { kinds: ['trail'], description: 'The trails that send to this group.' },
    },
  },
  metric_filter: {
    description:
      'A CloudWatch Logs metric filter (AWS::Logs::MetricFilter, aws_cloudwatch_log_metric_filter). `locs.pattern` is where the pattern ' +
      'property is written (the FilterPattern key, or the `pattern` attribute); a pattern built with `!Join`, `!Sub`, `join()`, ' +
      '`format()` or a heredoc is evaluated first, and one known only after apply is an Unknown.',
    properties: {
      name: { type: 'string', description: 'Filter name (Terraform: `name`, which is also its `id`).' },
      pattern: { type: 'string', description: 'The filter pattern text, as CloudWatch Logs receives it.' },
      logGroupName: { type: 'string', description: 'Name of the log group the filter reads.' },
      metricNamespace: { type: 'string', description: 'Namespace of the metric the filter publishes (its metric transformation).' },
      metricName: { type: 'string', description: 'Name of the metric the filter publishes.' },
      metricValue: { type: 'string', description: 'Value published per matching event (`1`, or `$.field`).' },
      defaultValue: { type: 'number', description: 'Value published when no event matches; unset: nothing is published.' },
      onTrailLogGroup: { type: 'boolean', description: 'The filter reads the log group a trail in the scan sends to (set by analysis).' },
      readsCloudTrailEvents: { type: 'boolean', description: 'The pattern tests CloudTrail record fields ($.eventName, $.eventSource, $.userIdentity, $.errorCode…).' },
      securityFilter: {
        type: 'boolean',
        description: 'A security metric filter: on a trail\'s log group, or (no trail in the scan names its group) a pattern over CloudTrail record fields.',
      },
      alarmed: {
        type: 'boolean',
        description: 'An alarm on the filter\'s metric (same namespace and name) fires on one matching event and has an enabled action.',
      },
      alarmProblem: { type: 'string', description: 'Why `alarmed` is false, in words ("the filter\'s metric has no alarm", …).' },
      patternProblem: {
        type: 'string',
        description: 'Why CloudWatch Logs would reject the pattern, with its line and column in the pattern (unset when it is valid or unknown).',
      },
    },
    relations: { logGroup: { kinds: ['log_group'], description: 'The log group the filter reads.' } },
    lists: { alarms: { kinds: ['metric_alarm'], description: 'Alarms on the filter\'s metric (same namespace and metric name).' } },
  },
  metric_alarm: {
    description: 'A CloudWatch alarm (AWS::CloudWatch::Alarm, aws_cloudwatch_metric_alarm).',
    properties: {
      name: { type: 'string', description: 'Alarm name.' },
      metricNamespace: { type: 'string', description: 'Namespace of the metric watched.' },
      metricName: {
        type: 'string',
        description: 'Name of the metric watched; Terraform `aws_cloudwatch_log_metric_filter.x.id` reads as that filter\'s name (the provider sets id = name).',
      },
      statistic: { type: 'string', description: 'Sum, Average, Maximum, Minimum, SampleCount, or an extended statistic (p90).' },
      period: { type: 'number', description: 'Period in seconds.' },
      threshold: { type: 'number', description: 'Threshold compared with the statistic.' },
      comparisonOperator: { type: 'string', description: 'GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, …' },
      evaluationPeriods: { type: 'number', description: 'Number of periods evaluated.' },
      datapointsToAlarm: { type: 'number', description: 'Breaching datapoints needed; unset: evaluationPeriods.' },
      treatMissingData: { type: 'string', description: 'missing (default), notBreaching, breaching, ignore.' },
      usesMetricMath: { type: 'boolean', description: 'The alarm watches a metric math expression (Metrics / metric_query), not one metric.' },
      actionsEnabled: { type: 'boolean', description: 'Alarm actions run on state changes (default true).' },
      alarmActions: { type: 'string[]', description: 'ARNs notified when the alarm fires.' },
      hasEnabledAction: { type: 'boolean', description: 'Actions are enabled and at least one alarm action is set.' },
      firesOnOneEvent: { type: 'boolean', description: 'One matching log event (the filter\'s value in one period) breaches the threshold, and one breaching datapoint is enough.' },
      firesOnOneEventReason: { type: 'string', description: 'Why one event does not fire the alarm, in words (set when firesOnOneEvent is false).' },
      securityAlarm: { type: 'boolean', description: 'The alarm watches the metric of a security metric filter (set by analysis).' },
    },
    lists: {
      metricFilters: { kinds: ['metric_filter'], description: 'The metric filters that publish the metric watched.' },
      topics: { kinds: ['sns_topic'], description: 'The SNS topics among the alarm actions that are in the scan.' },
    },
  },
  sns_topic: {
    description: 'An SNS topic (AWS::SNS::Topic, aws_sns_topic) with its topic policy and subscriptions merged in.',
    properties: {
      name: { type: 'string', description: 'Topic name.' },
      arn: { type: 'string', description: 'Topic ARN, when known.' },
      kmsMasterKeyId: { type: 'string', description: 'KMS key (ID, ARN or alias) for server-side encryption; unset: not encrypted.' },
      encrypted: { type: 'boolean', description: 'Server-side encryption with a KMS key is on.' },
      policy: { type: 'object', description: 'The topic policy document (from AWS::SNS::TopicPolicy or TopicInlinePolicy, aws_sns_topic_policy, or aws_sns_topic `policy`).' },
      policyPublic: {
        type: 'boolean',
        description: 'The topic policy allows everyone (`*`, or NotPrincipal) without a condition that pins a fixed account, source, organization or network.',
      },
      policyPublicReason: { type: 'string', description: 'Why the policy is public, in words.' },
      hasSubscription: { type: 'boolean', description: 'At least one subscription (inline or a subscription resource) exists.' },
      securityAlarmTopic: { type: 'boolean', description: 'A security alarm (`metric_alarm.securityAlarm`) notifies this topic (set by analysis).' },
    },
    relations: { key: { kinds: ['key', 'key_alias'], description: 'The KMS key that encrypts the topic.' } },
    lists: {
      alarms: { kinds: ['metric_alarm'], description: 'Alarms that notify this topic.' },
      subscriptions: { kinds: ['sns_subscription'], description: 'Subscription resources on this topic.' },
    },
  },
  sns_topic_policy: {
    description:
      'A topic policy (AWS::SNS::TopicPolicy, one per topic it lists; AWS::SNS::TopicInlinePolicy; aws_sns_topic_policy); merged into its topic.',
    properties: {
      policy: { type: 'object', description: 'The policy document.' },
    },
    relations: { topic: { kinds: ['sns_topic'], description: 'The topic the policy applies to.' } },
  },
  sns_subscription: {
    description: 'An SNS subscription (AWS::SNS::Subscription, aws_sns_topic_subscription).',
    properties: {
      protocol: { type: 'string', description: 'email, sqs, lambda, https, …' },
      endpoint: { type: 'string', description: 'Where messages go.' },
    },
    relations: { topic: { kinds: ['sns_topic'], description: 'The topic subscribed to.' } },
  },
  // ── end of the monitoring chain
  role: {
    description: 'An IAM role (AWS::IAM::Role, aws_iam_role).',
    properties: {
      name: { type: 'string', description: 'Role name.' },
      managedPolicyArns: { type: 'string[]', description: 'Managed policies attached to the role.' },
    },
  },
  unread_module: {
    description:
      'A Terraform module call whose source was not read (not installed by `terraform init`, or outside the repository root), or a part of a CloudFormation template that creates resources out of sight (a macro or `Fn::Transform`, an `AWS::Include` or nested stack template that is not in the scan, a `Fn::ForEach` over a collection known only at deployment). What it creates is unknown, so every check it could answer is undetermined, at that line.',
    properties: {
      source: { type: 'string', description: 'The module source as written.' },
      reason: { type: 'string', description: 'Why it was not read, and what to do.' },
    },
  },
  // --- Governance (P11 Security Hub + Athena, P12 Config rules, B6 Config recorder) ---
  securityhub_hub: {
    description: 'Security Hub CSPM enabled in an account and region (AWS::SecurityHub::Hub, aws_securityhub_account).',
    properties: {
      enableDefaultStandards: { type: 'boolean', description: 'The standards Security Hub enables by default (FSBP v1.0.0 and CIS v1.2.0) are enabled (default true).' },
    },
  },
  securityhub_standard: {
    description: 'A Security Hub standards subscription (AWS::SecurityHub::Standard, aws_securityhub_standards_subscription), or one enabled by default with the hub.',
    properties: {
      standardsArn: { type: 'string', description: 'ARN of the standard.' },
      standard: { type: 'string', description: '`fsbp` (AWS Foundational Security Best Practices), `cis` (CIS AWS Foundations Benchmark, any version) or `other`.' },
      version: { type: 'string', description: 'Version of the standard named by the ARN (`1.2.0`, `3.0.0`).' },
      byDefault: { type: 'boolean', description: 'Enabled by the hub\'s default standards rather than a subscription of its own.' },
    },
  },
  securityhub_configuration_policy: {
    description: "A Security Hub central configuration policy (AWS::SecurityHub::ConfigurationPolicy, aws_securityhub_configuration_policy); the standards it enables become standards subscriptions.",
    properties: {
      name: { type: 'string', description: 'Policy name.' },
      serviceEnabled: { type: 'boolean', description: 'The policy enables Security Hub in the accounts it is associated with.' },
    },
  },
  athena_table: {
    description: 'A table Athena can query: AWS::Glue::Table / aws_glue_catalog_table, or an Athena named query (AWS::Athena::NamedQuery / aws_athena_named_query) that creates one.',
    properties: {
      name: { type: 'string', description: 'Table or query name.' },
      locations: { type: 'string[]', description: 'The S3 locations the table reads (storage location, partition projection template, LOCATION of the query).' },
      overTrailBucket: { type: 'boolean', description: 'A location is under `AWSLogs/` in the bucket of a trail of the scan.' },
    },
  },
  athena_workgroup: {
    description: 'An Athena workgroup (AWS::Athena::WorkGroup, aws_athena_workgroup).',
    properties: {
      name: { type: 'string', description: 'Workgroup name.' },
    },
  },
  config_rule: {
    description: 'An AWS Config rule (AWS::Config::ConfigRule, aws_config_config_rule, their organization forms, or a rule inside a conformance pack).',
    properties: {
      name: { type: 'string', description: 'Config rule name.' },
      owner: { type: 'string', description: '`AWS` for a managed rule, `CUSTOM_LAMBDA` or `CUSTOM_POLICY`.' },
      sourceIdentifier: { type: 'string', description: 'Managed rule identifier (`CLOUD_TRAIL_ENABLED`), for owner AWS.' },
    },
  },
  config_remediation: {
    description: 'An AWS Config remediation (AWS::Config::RemediationConfiguration, aws_config_remediation_configuration).',
    properties: {
      configRuleName: { type: 'string', description: 'Name of the Config rule it remediates.' },
      targetId: { type: 'string', description: 'SSM document run (`AWSConfigRemediation-EnableCloudTrail`).' },
      automatic: { type: 'boolean', description: 'Runs automatically on non-compliant resources (default false).' },
    },
    relations: { rule: { kinds: ['config_rule'], description: 'The Config rule remediated.' } },
  },
  config_conformance_pack: {
    description: 'An AWS Config conformance pack (AWS::Config::ConformancePack, aws_config_conformance_pack and their organization forms); the rules of its template body are read as Config rules.',
    properties: {
      name: { type: 'string', description: 'Conformance pack name.' },
      templateS3Uri: { type: 'string', description: 'Template in S3: cannot be read before deployment.' },
    },
  },
  config_recorder: {
    description: 'An AWS Config configuration recorder (AWS::Config::ConfigurationRecorder, aws_config_configuration_recorder) with its status.',
    properties: {
      name: { type: 'string', description: 'Recorder name (default `default`).' },
      allSupported: { type: 'boolean', description: 'Records all current and future supported resource types.' },
      includeGlobalResourceTypes: { type: 'boolean', description: 'Also records the global IAM resource types (users, groups, roles, customer managed policies).' },
      enabled: { type: 'boolean', description: 'The recorder is started (Terraform: aws_config_configuration_recorder_status; CloudFormation starts it once a delivery channel exists).' },
      deliveryChannel: { type: 'boolean', description: 'A delivery channel exists beside it (same template or Terraform configuration).' },
    },
  },
  config_recorder_status: {
    description: 'Whether a configuration recorder is started (aws_config_configuration_recorder_status); merged into its recorder.',
    properties: {
      isEnabled: { type: 'boolean', description: 'The recorder is started.' },
    },
    relations: { recorder: { kinds: ['config_recorder'], description: 'The recorder started or stopped.' } },
  },
  config_delivery_channel: {
    description: 'An AWS Config delivery channel (AWS::Config::DeliveryChannel, aws_config_delivery_channel).',
    properties: {
      name: { type: 'string', description: 'Delivery channel name.' },
      bucketName: { type: 'string', description: 'S3 bucket configuration snapshots and history go to.' },
    },
  },
  // --- end governance ---
} as const satisfies Record<string, KindSpec>;

export type Kind = keyof typeof KINDS;

export function isKind(k: string): k is Kind {
  return Object.prototype.hasOwnProperty.call(KINDS, k);
}

export function kindSpec(k: Kind): KindSpec {
  return KINDS[k];
}
