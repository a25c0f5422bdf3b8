// Which names in a `.tf.json` resource are nested blocks.
//
// In JSON, `"event_selector": [{...}]` could be a block or an argument holding
// a list of objects: Terraform decides from the provider's schema. trailguard
// has no provider schemas, so this is the schema knowledge it needs: the
// nested block types of the resources and data sources its checks read (and
// of the blocks inside them). A name not listed here is read as an argument;
// for a resource trailguard reads, that only matters where it would read a
// block, and those are listed.

/** Block type → the block types nested in it. */
export type BlockTree = ReadonlyMap<string, BlockTree>;

type TreeSpec = { readonly [name: string]: TreeSpec };

const RESOURCES: Record<string, TreeSpec> = {
  aws_cloudtrail: {
    event_selector: { data_resource: {} },
    advanced_event_selector: { field_selector: {} },
    insight_selector: {},
  },
  aws_cloudtrail_event_data_store: { advanced_event_selector: { field_selector: {} } },
  aws_s3_bucket: {
    // Provider v3 inline configuration, still read for older code.
    versioning: {},
    logging: {},
    server_side_encryption_configuration: { rule: { apply_server_side_encryption_by_default: {} } },
    lifecycle_rule: { expiration: {}, transition: {}, noncurrent_version_expiration: {}, noncurrent_version_transition: {} },
    object_lock_configuration: { rule: { default_retention: {} } },
    grant: {},
    replication_configuration: { rules: { destination: {}, filter: {}, source_selection_criteria: {} } },
    website: {},
    cors_rule: {},
  },
  aws_s3_bucket_versioning: { versioning_configuration: {} },
  aws_s3_bucket_logging: { target_grant: { grantee: {} }, target_object_key_format: { partitioned_prefix: {}, simple_prefix: {} } },
  aws_s3_bucket_server_side_encryption_configuration: { rule: { apply_server_side_encryption_by_default: {} } },
  aws_s3_bucket_lifecycle_configuration: {
    rule: {
      filter: { and: {}, tag: {} },
      expiration: {},
      transition: {},
      noncurrent_version_expiration: {},
      noncurrent_version_transition: {},
      abort_incomplete_multipart_upload: {},
    },
  },
  aws_s3_bucket_acl: { access_control_policy: { grant: { grantee: {} }, owner: {} } },
  aws_s3_bucket_object_lock_configuration: { rule: { default_retention: {} } },
  aws_cloudwatch_log_metric_filter: { metric_transformation: {} },
  aws_cloudwatch_metric_alarm: { metric_query: { metric: {} } },
  aws_config_configuration_recorder: {
    recording_group: { exclusion_by_resource_types: {}, recording_strategy: {} },
    recording_mode: { recording_mode_override: {} },
  },
  aws_config_delivery_channel: { snapshot_delivery_properties: {} },
  aws_config_config_rule: { source: { source_detail: {}, custom_policy_details: {} }, scope: {}, evaluation_mode: {} },
  aws_config_remediation_configuration: { parameter: {}, execution_controls: { ssm_controls: {} } },
  aws_config_conformance_pack: { input_parameter: {} },
  aws_config_organization_conformance_pack: { input_parameter: {} },
  aws_athena_workgroup: { configuration: { result_configuration: { encryption_configuration: {}, acl_configuration: {} }, engine_version: {} } },
  aws_glue_catalog_table: { storage_descriptor: { columns: {}, ser_de_info: {}, sort_columns: {}, skewed_info: {}, schema_reference: {} }, partition_keys: {} },
  aws_securityhub_configuration_policy: {
    configuration_policy: {
      security_controls_configuration: { security_control_custom_parameter: { parameter: { bool: {}, double: {}, enum: {}, enum_list: {}, int: {}, int_list: {}, string: {}, string_list: {} } } },
    },
  },
  aws_iam_role: { inline_policy: {} },
};

const DATA_SOURCES: Record<string, TreeSpec> = {
  aws_iam_policy_document: { statement: { principals: {}, not_principals: {}, condition: {} } },
};

function toTree(spec: TreeSpec): BlockTree {
  return new Map(Object.keys(spec).map((k) => [k, toTree(spec[k]!)]));
}

const EMPTY: BlockTree = new Map();
const resourceTrees = new Map(Object.keys(RESOURCES).map((k) => [k, toTree(RESOURCES[k]!)]));
const dataTrees = new Map(Object.keys(DATA_SOURCES).map((k) => [k, toTree(DATA_SOURCES[k]!)]));

/** The nested block types of a resource (`managed`) or data source type. */
export function nestedBlockTypes(mode: 'managed' | 'data', type: string): BlockTree {
  return (mode === 'data' ? dataTrees : resourceTrees).get(type) ?? EMPTY;
}
