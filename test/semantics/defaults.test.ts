import { describe, expect, it } from 'vitest';
import { CFN_REQUIRED, DEFAULTS, defaultRetentionDays } from '../../engine/semantics/defaults.js';

/** The defaults of docs/defaults.md, each pinned to the source cited there. */

describe('DEFAULTS', () => {
  it.each([
    // CATALOG.md "Defaults" and the provider source trail.go.
    ['terraform enable_logging', DEFAULTS.terraform.trail.enable_logging, true],
    ['terraform is_multi_region_trail', DEFAULTS.terraform.trail.is_multi_region_trail, false],
    ['terraform include_global_service_events', DEFAULTS.terraform.trail.include_global_service_events, true],
    ['terraform is_organization_trail', DEFAULTS.terraform.trail.is_organization_trail, false],
    ['terraform enable_log_file_validation', DEFAULTS.terraform.trail.enable_log_file_validation, false],
    ['terraform read_write_type', DEFAULTS.terraform.trail.read_write_type, 'All'],
    ['terraform include_management_events', DEFAULTS.terraform.trail.include_management_events, true],
    // CloudFormation template reference / CreateTrail API reference.
    ['cloudformation IsMultiRegionTrail', DEFAULTS.cloudformation.trail.IsMultiRegionTrail, false],
    ['cloudformation EnableLogFileValidation', DEFAULTS.cloudformation.trail.EnableLogFileValidation, false],
    ['cloudformation IsOrganizationTrail', DEFAULTS.cloudformation.trail.IsOrganizationTrail, false],
    ['cloudformation IncludeGlobalServiceEvents (not stated; example output)', DEFAULTS.cloudformation.trail.IncludeGlobalServiceEvents, true],
    ['cloudformation IsLogging has no default', DEFAULTS.cloudformation.trail.IsLogging, undefined],
    ['cloudformation insight categories', DEFAULTS.cloudformation.trail.InsightEventCategories, ['Management']],
    // Event data stores.
    ['cloudformation BillingMode', DEFAULTS.cloudformation.eventDataStore.BillingMode, 'EXTENDABLE_RETENTION_PRICING'],
    ['cloudformation TerminationProtectionEnabled', DEFAULTS.cloudformation.eventDataStore.TerminationProtectionEnabled, true],
    ['cloudformation IngestionEnabled', DEFAULTS.cloudformation.eventDataStore.IngestionEnabled, true],
    ['cloudformation MultiRegionEnabled (not stated; example output)', DEFAULTS.cloudformation.eventDataStore.MultiRegionEnabled, true],
    ['cloudformation OrganizationEnabled (not stated; example output)', DEFAULTS.cloudformation.eventDataStore.OrganizationEnabled, false],
    ['cloudformation KmsKeyId: AWS-owned key', DEFAULTS.cloudformation.eventDataStore.KmsKeyId, undefined],
    ['terraform billing_mode', DEFAULTS.terraform.eventDataStore.billing_mode, 'EXTENDABLE_RETENTION_PRICING'],
    ['terraform retention_period', DEFAULTS.terraform.eventDataStore.retention_period, 2555],
    ['terraform multi_region_enabled', DEFAULTS.terraform.eventDataStore.multi_region_enabled, true],
    ['terraform organization_enabled', DEFAULTS.terraform.eventDataStore.organization_enabled, false],
    ['terraform termination_protection_enabled', DEFAULTS.terraform.eventDataStore.termination_protection_enabled, true],
    // KMS and CloudWatch Logs.
    ['cloudformation EnableKeyRotation', DEFAULTS.cloudformation.kmsKey.EnableKeyRotation, false],
    ['terraform enable_key_rotation', DEFAULTS.terraform.kmsKey.enable_key_rotation, false],
    ['cloudformation RetentionInDays: never expire', DEFAULTS.cloudformation.logGroup.RetentionInDays, undefined],
    ['terraform retention_in_days: 0 = never expire', DEFAULTS.terraform.logGroup.retention_in_days, 0],
  ] as const)('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('IsLogging and S3BucketName are required by CloudFormation', () => {
    expect(CFN_REQUIRED.trail).toEqual(['S3BucketName', 'IsLogging']);
  });
});

describe('defaultRetentionDays', () => {
  it.each([
    ['cloudformation, billing mode unset (EXTENDABLE)', 'cloudformation', undefined, 366],
    ['cloudformation, EXTENDABLE_RETENTION_PRICING', 'cloudformation', 'EXTENDABLE_RETENTION_PRICING', 366],
    ['cloudformation, FIXED_RETENTION_PRICING', 'cloudformation', 'FIXED_RETENTION_PRICING', 2557],
    ['cloudformation, undocumented billing mode', 'cloudformation', 'OTHER', undefined],
    ['terraform sends 2555 whatever the billing mode', 'terraform', 'FIXED_RETENTION_PRICING', 2555],
    ['terraform, billing mode unset', 'terraform', undefined, 2555],
  ] as const)('%s', (_name, format, mode, expected) => {
    expect(defaultRetentionDays(format, mode)).toBe(expected);
  });
});
