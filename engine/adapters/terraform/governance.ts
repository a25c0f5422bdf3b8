import type { Resource } from '../../graph.js';
import { Unknown } from '../../../core/unknown.js';
import { asRecord, toBool, toStr } from '../convert.js';
import { setRecordingGroup, setStandard, setTableLocations } from '../governance.js';
import type { TfMapping } from './resources.js';
import type { TfAttributeReader } from './adapter.js';

/**
 * Terraform mappings for Security Hub (P11.1, P11.2), Athena (P11.3), AWS
 * Config rules and remediation (P12) and the Config recorder (B6). Defaults
 * are the AWS provider's (its resource pages).
 */
export const TF_GOVERNANCE_ADAPTERS: Record<string, TfMapping> = {
  aws_securityhub_account: {
    kind: 'securityhub_hub',
    adapt(p) {
      // enable_default_standards: "Defaults to true" (FSBP v1.0.0 and CIS v1.2.0).
      p.set('enableDefaultStandards', 'enable_default_standards', toBool, true);
    },
  },
  aws_securityhub_standards_subscription: {
    kind: 'securityhub_standard',
    adapt(p, r) {
      p.set('standardsArn', 'standards_arn', toStr);
      setStandard(r);
    },
  },
  aws_securityhub_configuration_policy: {
    kind: 'securityhub_configuration_policy',
    adapt(p, r) {
      p.set('name', 'name', toStr);
      const policy = first(p.get('configuration_policy'));
      r.props['serviceEnabled'] = policy instanceof Unknown ? policy : toBool(policy?.['service_enabled']);
      r.props['enabledStandardArns'] = policy instanceof Unknown ? policy : policy?.['enabled_standard_arns'];
      const loc = p.loc(['configuration_policy', 0, 'enabled_standard_arns']) ?? p.loc('configuration_policy');
      if (loc) r.locs['enabledStandardArns'] = loc;
    },
  },
  aws_athena_workgroup: {
    kind: 'athena_workgroup',
    adapt(p) {
      p.set('name', 'name', toStr);
    },
  },
  aws_athena_named_query: {
    kind: 'athena_table',
    adapt(p, r) {
      p.set('name', 'name', toStr);
      setTableLocations(r, [p.get('query')], 'query', p.loc('query'));
    },
  },
  aws_glue_catalog_table: {
    kind: 'athena_table',
    adapt(p, r) {
      p.set('name', 'name', toStr);
      const sd = first(p.get('storage_descriptor'));
      const location = sd instanceof Unknown ? sd : sd?.['location'];
      const params = p.get('parameters');
      const template = params instanceof Unknown ? params : asRecord(params)['storage.location.template'];
      const loc = p.loc(['storage_descriptor', 0, 'location']) ?? p.loc('parameters') ?? p.loc('storage_descriptor');
      setTableLocations(r, [location, template], 'location', loc);
    },
  },
  aws_config_config_rule: {
    kind: 'config_rule',
    adapt(p, r) {
      p.set('name', 'name', toStr);
      const source = first(p.get('source'));
      r.props['owner'] = source instanceof Unknown ? source : toStr(source?.['owner']);
      r.props['sourceIdentifier'] = source instanceof Unknown ? source : toStr(source?.['source_identifier']);
      const loc = p.loc(['source', 0, 'source_identifier']) ?? p.loc('source');
      if (loc) r.locs['sourceIdentifier'] = loc;
      named(p, r);
    },
  },
  aws_config_organization_managed_rule: {
    kind: 'config_rule',
    adapt(p, r) {
      p.set('name', 'name', toStr);
      r.props['owner'] = 'AWS';
      p.set('sourceIdentifier', 'rule_identifier', toStr);
      named(p, r);
    },
  },
  aws_config_remediation_configuration: {
    kind: 'config_remediation',
    adapt(p) {
      p.set('configRuleName', 'config_rule_name', toStr);
      p.set('targetId', 'target_id', toStr);
      p.set('automatic', 'automatic', toBool, false);
      p.link('rule', 'configRuleName', ['config_rule']);
    },
  },
  aws_config_conformance_pack: conformancePack(),
  aws_config_organization_conformance_pack: conformancePack(),
  aws_config_configuration_recorder: {
    kind: 'config_recorder',
    adapt(p, r) {
      p.set('name', 'name', toStr, 'default');
      const group = first(p.get('recording_group'));
      const g = group instanceof Unknown ? {} : group ?? {};
      const strategy = first(g['recording_strategy']);
      setRecordingGroup(r, {
        present: group !== undefined,
        group: group instanceof Unknown ? group : undefined,
        allSupported: g['all_supported'],
        includeGlobal: g['include_global_resource_types'],
        resourceTypes: g['resource_types'],
        strategy: strategy instanceof Unknown ? strategy : strategy?.['use_only'],
        // The provider's all_supported "Defaults to true".
        allSupportedDefault: true,
      });
      const loc = p.loc('recording_group');
      if (loc) r.locs['allSupported'] = r.locs['includeGlobalResourceTypes'] = loc;
      // Terraform creates the recorder stopped; aws_config_configuration_recorder_status starts it
      // (merged in by engine/analysis/governance.ts).
      r.props['enabled'] = false;
      r.defaulted.add('enabled');
      named(p, r);
    },
  },
  aws_config_configuration_recorder_status: {
    kind: 'config_recorder_status',
    adapt(p, r) {
      r.props['recorderName'] = p.get('name');
      p.link('recorder', 'recorderName', ['config_recorder']);
      p.set('isEnabled', 'is_enabled', toBool);
    },
  },
  aws_config_delivery_channel: {
    kind: 'config_delivery_channel',
    adapt(p) {
      p.set('name', 'name', toStr, 'default');
      p.set('bucketName', 's3_bucket_name', toStr);
    },
  },
};

function conformancePack(): TfMapping {
  return {
    kind: 'config_conformance_pack',
    adapt(p, r) {
      p.set('name', 'name', toStr);
      p.set('templateS3Uri', 'template_s3_uri', toStr);
      const body = p.get('template_body');
      if (body !== undefined && body !== '') r.props['templateBody'] = body;
      const loc = p.loc('template_body') ?? p.loc('template_s3_uri');
      if (loc) r.locs['templateBody'] = loc;
    },
  };
}

function named(p: TfAttributeReader, r: Resource): void {
  const name = r.props['name'];
  if (typeof name === 'string') r.names.push(name);
  const arn = p.get('arn');
  if (typeof arn === 'string') r.names.push(arn);
}

function first(v: unknown): Record<string, unknown> | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) return v.length ? asRecord(v[0]) : undefined;
  if (v && typeof v === 'object') return asRecord(v);
  return undefined;
}
