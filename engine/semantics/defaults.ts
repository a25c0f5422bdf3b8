/**
 * What AWS (through CloudFormation) and the Terraform AWS provider (v5 and
 * v6 alike) use when a property is left unset. Rules judge an unset property
 * by this value, in the format the resource was written in. Keys are the
 * native property names. docs/defaults.md has the same facts as tables, with
 * the full titles and addresses of the sources cited here.
 *
 * `undefined` means "no default": the property is required (see
 * CFN_REQUIRED) or unset means "nothing" (no KMS key, no retention limit).
 * Where the documentation does not state a default, the value is the
 * behaviour the AWS documentation's own examples show, and the comment says so.
 */

/** Sources, cited by key in the comments below. */
export const DEFAULT_SOURCES = {
  cfnTrail: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html',
  cfnTrailSchema:
    'https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/data/schemas/providers/us_east_1/aws-cloudtrail-trail.json',
  apiCreateTrail: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html',
  apiEventSelector: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html',
  apiInsightSelector: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_InsightSelector.html',
  apiGetInsightSelectors: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetInsightSelectors.html',
  guideCreateTrailCli:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-create-trail.html',
  cfnEventDataStore: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-eventdatastore.html',
  apiUpdateEventDataStore: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateEventDataStore.html',
  guideOrgEventDataStores: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-lake-organizations.html',
  guideCreateEventDataStore: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-event-data-store-cloudtrail.html',
  cfnKmsKey: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html',
  cfnLogGroup: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html',
  tfTrail: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail',
  tfTrailSource: 'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/cloudtrail/trail.go',
  tfEventDataStore: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail_event_data_store',
  tfEventDataStoreSource:
    'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/cloudtrail/event_data_store.go',
  tfKmsKey: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key',
  tfLogGroup: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group',
  s3DefaultsApril2023: 'https://aws.amazon.com/blogs/aws/heads-up-amazon-s3-security-changes-are-coming-in-april-of-2023/',
  s3BlockPublicAccess: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  s3ObjectOwnership: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
  s3DefaultEncryption: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html',
  tfBucketPublicAccessBlock: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block',
} as const;

/**
 * What S3 gives a bucket it creates, whatever created it (API, CloudFormation, the
 * Terraform provider's CreateBucket): since April 2023 all four bucket-level Block Public
 * Access settings on and Object Ownership BucketOwnerEnforced (ACLs disabled)
 * (s3DefaultsApril2023: "all newly created buckets in the Region will by default have S3
 * Block Public Access enabled and access control lists (ACLs) disabled ... for buckets
 * that are created using the S3 API, S3 CLI, the AWS SDKs, or AWS CloudFormation
 * templates"; s3BlockPublicAccess; s3ObjectOwnership), and since January 2023 SSE-S3
 * (s3DefaultEncryption). A written configuration replaces them: a CloudFormation
 * PublicAccessBlockConfiguration or a Terraform aws_s3_bucket_public_access_block leaves
 * the settings it omits off (tfBucketPublicAccessBlock: each argument "Defaults to false").
 * Buckets created before those dates (an imported bucket) keep what they had.
 */
export const BUCKET_DEFAULTS = {
  publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
  objectOwnership: 'BucketOwnerEnforced',
  sseAlgorithm: 'AES256',
} as const;

/** Properties CloudFormation requires: a template without them fails validation, so they have no default. */
export const CFN_REQUIRED = {
  // cfnTrail ("IsLogging ... Required: Yes") and cfnTrailSchema ("required": ["S3BucketName", "IsLogging"]).
  trail: ['S3BucketName', 'IsLogging'],
  eventDataStore: [],
} as const;

export const DEFAULTS = {
  cloudformation: {
    trail: {
      // Required, no default (CFN_REQUIRED). The API itself creates trails with
      // logging off until StartLogging (guideCreateTrailCli: "Use the
      // start-logging command to start logging for your trail").
      IsLogging: undefined,
      // cfnTrail and apiCreateTrail: "The default is false."
      IsMultiRegionTrail: false,
      // Not stated by cfnTrail nor apiCreateTrail. guideCreateTrailCli shows
      // "IncludeGlobalServiceEvents": true for a trail created without the flag.
      IncludeGlobalServiceEvents: true,
      // apiCreateTrail: "The default is false".
      IsOrganizationTrail: false,
      // cfnTrail and apiCreateTrail: "The default is false."
      EnableLogFileValidation: false,
      // apiEventSelector: "trails created without specific event selectors will be
      // configured to log all read and write management events, and no data events."
      EventSelectors: 'all read and write management events, no data events',
      // apiEventSelector: "By default, the value is All."
      ReadWriteType: 'All',
      // apiEventSelector: "By default, the value is true."
      IncludeManagementEvents: true,
      // No selectors: Insights off (apiGetInsightSelectors: InsightNotEnabledException
      // for a trail without Insights).
      InsightSelectors: 'Insights off',
      // apiInsightSelector: "If EventCategories is not provided, the specified Insights
      // types are enabled on management API calls by default."
      InsightEventCategories: ['Management'],
      // Unset: no customer-managed key (logs are SSE-S3 encrypted).
      KMSKeyId: undefined,
    },
    eventDataStore: {
      // cfnEventDataStore, BillingMode: "The default value is EXTENDABLE_RETENTION_PRICING."
      BillingMode: 'EXTENDABLE_RETENTION_PRICING',
      // cfnEventDataStore, BillingMode: "The default retention period for this billing
      // mode is 366 days" (extendable) / "... is 2557 days" (fixed).
      RetentionPeriod: { EXTENDABLE_RETENTION_PRICING: 366, FIXED_RETENTION_PRICING: 2557 },
      // Not stated by cfnEventDataStore. guideOrgEventDataStores shows
      // "MultiRegionEnabled": true for create-event-data-store without the flag.
      MultiRegionEnabled: true,
      // Not stated; same example output: "OrganizationEnabled": false.
      OrganizationEnabled: false,
      // apiUpdateEventDataStore: "By default, TerminationProtection is enabled."
      TerminationProtectionEnabled: true,
      // cfnEventDataStore, IngestionEnabled: "The default is true."
      IngestionEnabled: true,
      // guideCreateEventDataStore: "By default, all events in an event data store are
      // encrypted by CloudTrail using a KMS key that AWS owns and manages for you."
      KmsKeyId: undefined,
      // guideOrgEventDataStores: the "Default management events" selector
      // (eventCategory Equals Management) is set when none is given.
      AdvancedEventSelectors: 'all management events',
    },
    kmsKey: {
      // cfnKmsKey, EnableKeyRotation: "By default, automatic key rotation is not enabled."
      EnableKeyRotation: false,
    },
    logGroup: {
      // cfnLogGroup, RetentionInDays: "To set a log group so that its log events do
      // not expire, do not specify this property." Unset = never expire.
      RetentionInDays: undefined,
    },
  },
  terraform: {
    trail: {
      // tfTrail "Defaults to true"; tfTrailSource: Default: true (the provider calls
      // StartLogging after CreateTrail).
      enable_logging: true,
      // tfTrail "Defaults to false"; tfTrailSource: Default: false.
      is_multi_region_trail: false,
      // tfTrail "Defaults to true"; tfTrailSource: Default: true.
      include_global_service_events: true,
      // tfTrailSource: Default: false.
      is_organization_trail: false,
      // tfTrail "Defaults to false"; tfTrailSource: Default: false.
      enable_log_file_validation: false,
      // tfTrailSource: with no event_selector the provider keeps (or restores) the
      // single default selector, IncludeManagementEvents true, ReadWriteType All.
      event_selector: 'all read and write management events, no data events',
      // tfTrailSource: read_write_type Default: All.
      read_write_type: 'All',
      // tfTrailSource: include_management_events Default: true.
      include_management_events: true,
      // tfTrailSource: insight_selector has only insight_type, so Insights set
      // here cover management events only.
      insight_selector: 'Insights off',
      kms_key_id: undefined,
    },
    eventDataStore: {
      // tfEventDataStoreSource: Default: EXTENDABLE_RETENTION_PRICING.
      billing_mode: 'EXTENDABLE_RETENTION_PRICING',
      // tfEventDataStore "Default: 2555"; tfEventDataStoreSource: Default 2555 and
      // validation IntBetween(7, 2555), whatever the billing mode. The provider
      // therefore cannot configure 2557 days or more.
      retention_period: 2555,
      // tfEventDataStore "Default: true".
      multi_region_enabled: true,
      // tfEventDataStore "Default: false".
      organization_enabled: false,
      // tfEventDataStore "Default: true".
      termination_protection_enabled: true,
      // tfEventDataStoreSource: `suspend` unset sends no StartIngestion, so the API
      // default (ingesting) applies.
      suspend: undefined,
      // Unset: AWS-owned key (as for CloudFormation).
      kms_key_id: undefined,
      // tfEventDataStoreSource: Optional + Computed; unset reads back AWS's
      // "Default management events" selector.
      advanced_event_selector: 'all management events',
    },
    kmsKey: {
      // tfKmsKey: "Defaults to `false`."
      enable_key_rotation: false,
    },
    logGroup: {
      // tfLogGroup: "If you select 0, the events in the log group are always retained
      // and never expire." Unset sets no retention policy either.
      retention_in_days: 0,
    },
  },
} as const;

export type BillingMode = keyof typeof DEFAULTS.cloudformation.eventDataStore.RetentionPeriod;

/**
 * Retention of an event data store whose retention period is unset. In
 * CloudFormation it depends on the billing mode (itself defaulting to
 * EXTENDABLE_RETENTION_PRICING); the Terraform provider always sends 2555.
 * `undefined` for a billing mode AWS does not document.
 */
export function defaultRetentionDays(format: 'cloudformation' | 'terraform', billingMode?: string): number | undefined {
  if (format === 'terraform') return DEFAULTS.terraform.eventDataStore.retention_period;
  const mode = billingMode ?? DEFAULTS.cloudformation.eventDataStore.BillingMode;
  const table: Record<string, number> = DEFAULTS.cloudformation.eventDataStore.RetentionPeriod;
  return table[mode];
}
