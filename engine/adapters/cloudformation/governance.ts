import type { Resource } from '../../graph.js';
import { Unknown } from '../../../core/unknown.js';
import { asRecord, toBool, toStr } from '../convert.js';
import { setRecordingGroup, setStandard, setTableLocations } from '../governance.js';
import type { CfnMapping } from './resources.js';
import type { CfnReader as CfnPropertyReader } from './reader.js';

/**
 * CloudFormation mappings for the account-level services the governance
 * checks look for: Security Hub (P11.1, P11.2), Athena over the trail's logs
 * (P11.3), AWS Config rules and remediation (P12) and the Config recorder (B6).
 */
export const CFN_GOVERNANCE_ADAPTERS: Record<string, CfnMapping> = {
  'AWS::SecurityHub::Hub': {
    kind: 'securityhub_hub',
    adapt(p) {
      // "If you don't provide a value for EnableDefaultStandards, it is set to true" (EnableSecurityHub API).
      p.set('enableDefaultStandards', 'EnableDefaultStandards', toBool, true);
    },
  },
  'AWS::SecurityHub::Standard': {
    kind: 'securityhub_standard',
    adapt(p, r) {
      p.required('standardsArn', 'StandardsArn', toStr);
      setStandard(r);
    },
  },
  'AWS::SecurityHub::ConfigurationPolicy': {
    kind: 'securityhub_configuration_policy',
    adapt(p, r) {
      p.set('name', 'Name', toStr);
      const hub = asRecord(asRecord(p.get('ConfigurationPolicy'))['SecurityHub']);
      r.props['serviceEnabled'] = toBool(hub['ServiceEnabled']);
      r.props['enabledStandardArns'] = hub['EnabledStandardIdentifiers'];
      const loc = p.loc(['ConfigurationPolicy', 'SecurityHub', 'EnabledStandardIdentifiers']) ?? p.loc('ConfigurationPolicy');
      if (loc) r.locs['enabledStandardArns'] = loc;
    },
  },
  'AWS::Athena::WorkGroup': {
    kind: 'athena_workgroup',
    adapt(p) {
      p.set('name', 'Name', toStr);
    },
  },
  'AWS::Athena::NamedQuery': {
    kind: 'athena_table',
    adapt(p, r) {
      p.set('name', 'Name', toStr);
      const query = p.get('QueryString');
      setTableLocations(r, [query], 'query', p.loc('QueryString'));
    },
  },
  'AWS::Glue::Table': {
    kind: 'athena_table',
    adapt(p, r) {
      const input = asRecord(p.get('TableInput'));
      r.props['name'] = toStr(input['Name']);
      const location = asRecord(input['StorageDescriptor'])['Location'];
      const template = asRecord(input['Parameters'])['storage.location.template'];
      const loc = p.loc(['TableInput', 'StorageDescriptor', 'Location']) ?? p.loc(['TableInput', 'Parameters']) ?? p.loc('TableInput');
      setTableLocations(r, [location, template], 'location', loc);
    },
  },
  'AWS::Config::ConfigRule': {
    kind: 'config_rule',
    adapt(p, r) {
      p.set('name', 'ConfigRuleName', toStr);
      const source = asRecord(p.get('Source'));
      r.props['owner'] = toStr(source['Owner']);
      r.props['sourceIdentifier'] = toStr(source['SourceIdentifier']);
      const loc = p.loc(['Source', 'SourceIdentifier']) ?? p.loc('Source');
      if (loc) r.locs['sourceIdentifier'] = loc;
      ruleNames(r);
    },
  },
  'AWS::Config::OrganizationConfigRule': {
    kind: 'config_rule',
    adapt(p, r) {
      p.set('name', 'OrganizationConfigRuleName', toStr);
      const managed = p.get('OrganizationManagedRuleMetadata');
      if (managed !== undefined) {
        r.props['owner'] = 'AWS';
        r.props['sourceIdentifier'] = toStr(asRecord(managed)['RuleIdentifier']);
        const loc = p.loc(['OrganizationManagedRuleMetadata', 'RuleIdentifier']);
        if (loc) r.locs['sourceIdentifier'] = loc;
      } else r.props['owner'] = 'CUSTOM';
      ruleNames(r);
    },
  },
  'AWS::Config::RemediationConfiguration': {
    kind: 'config_remediation',
    adapt(p) {
      p.set('configRuleName', 'ConfigRuleName', toStr);
      p.set('targetId', 'TargetId', toStr);
      p.set('automatic', 'Automatic', toBool, false);
      p.link('rule', 'configRuleName', ['config_rule']);
    },
  },
  'AWS::Config::ConformancePack': conformancePack('ConformancePackName'),
  'AWS::Config::OrganizationConformancePack': conformancePack('OrganizationConformancePackName'),
  'AWS::Config::ConfigurationRecorder': {
    kind: 'config_recorder',
    adapt(p, r) {
      p.set('name', 'Name', toStr, 'default');
      const group = p.get('RecordingGroup');
      const g = asRecord(group);
      const strategy = asRecord(g['RecordingStrategy'])['UseOnly'];
      setRecordingGroup(r, {
        present: group !== undefined,
        group: group instanceof Unknown ? group : undefined,
        allSupported: g['AllSupported'],
        includeGlobal: g['IncludeGlobalResourceTypes'],
        resourceTypes: g['ResourceTypes'],
        strategy,
        // Within a RecordingGroup, CloudFormation leaves an omitted AllSupported to the API.
        allSupportedDefault: new Unknown('RecordingGroup omits AllSupported'),
      });
      const loc = p.loc('RecordingGroup');
      if (loc) r.locs['allSupported'] = r.locs['includeGlobalResourceTypes'] = loc;
      // "AWS CloudFormation starts the recorder as soon as the delivery channel is available"
      // (AWS::Config::ConfigurationRecorder): there is no status resource to read.
      r.props['enabled'] = true;
      r.defaulted.add('enabled');
      recorderNames(r);
    },
  },
  'AWS::Config::DeliveryChannel': {
    kind: 'config_delivery_channel',
    adapt(p) {
      p.set('name', 'Name', toStr, 'default');
      p.set('bucketName', 'S3BucketName', toStr);
    },
  },
};

function conformancePack(nameProp: string): CfnMapping {
  return {
    kind: 'config_conformance_pack',
    adapt(p: CfnPropertyReader, r: Resource) {
      p.set('name', nameProp, toStr);
      p.set('templateS3Uri', 'TemplateS3Uri', toStr);
      const body = p.get('TemplateBody');
      if (body !== undefined) r.props['templateBody'] = body;
      const loc = p.loc('TemplateBody') ?? p.loc('TemplateS3Uri');
      if (loc) r.locs['templateBody'] = loc;
    },
  };
}

function ruleNames(r: Resource): void {
  const name = r.props['name'];
  if (typeof name === 'string') r.names.push(name);
}

function recorderNames(r: Resource): void {
  const name = r.props['name'];
  if (typeof name === 'string') r.names.push(name);
}
