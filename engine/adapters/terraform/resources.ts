import type { Resource } from '../../graph.js';
import type { Kind } from '../../kinds.js';
import type { AdvancedEventSelector, BasicEventSelector, FieldSelector } from '../../semantics/event-selectors.js';
import { Unknown } from '../../unknown.js';
import { asRecord, toBool, toList, toNum, toStr, toStrList } from '../convert.js';
import { deriveEventDataStore, deriveTrail } from '../derive.js';
import type { TfAttributeReader } from './adapter.js';

/**
 * Terraform AWS provider resource types (v4, v5, v6) → normalized kinds.
 * Defaults are the provider's (docs/defaults.md, engine/semantics/defaults.ts).
 */
export interface TfMapping {
  kind: Kind;
  adapt(p: TfAttributeReader, r: Resource): void;
}

const str = toStr;
const bool = toBool;
const num = toNum;

export const TF_RESOURCE_ADAPTERS: Record<string, TfMapping> = {
  aws_cloudtrail: {
    kind: 'trail',
    adapt(p, r) {
      p.set('name', 'name', str);
      p.set('logging', 'enable_logging', bool, true);
      p.set('multiRegion', 'is_multi_region_trail', bool, false);
      p.set('includeGlobalServiceEvents', 'include_global_service_events', bool, true);
      p.set('organization', 'is_organization_trail', bool, false);
      p.set('logFileValidation', 'enable_log_file_validation', bool, false);
      p.set('kmsKeyId', 'kms_key_id', str);
      p.set('bucketName', 's3_bucket_name', str);
      p.set('cloudWatchLogsLogGroupArn', 'cloud_watch_logs_group_arn', str);
      p.set('cloudWatchLogsRoleArn', 'cloud_watch_logs_role_arn', str);
      p.set('snsTopicName', 'sns_topic_name', str);
      setBlocks(p, r, 'eventSelectors', 'event_selector', basicSelector);
      setBlocks(p, r, 'advancedEventSelectors', 'advanced_event_selector', advancedSelector);
      const insights = p.blocks('insight_selector');
      const insightLoc = p.loc('insight_selector');
      if (insightLoc) r.locs['insightTypes'] = insightLoc;
      deriveTrail(r, toList(insights, insightSelector));
      p.link('bucket', 'bucketName', ['bucket']);
      p.link('key', 'kmsKeyId', ['key', 'key_alias']);
      p.link('logGroup', 'cloudWatchLogsLogGroupArn', ['log_group']);
      p.link('logRole', 'cloudWatchLogsRoleArn', ['role']);
    },
  },
  aws_cloudtrail_event_data_store: {
    kind: 'event_data_store',
    adapt(p, r) {
      p.set('name', 'name', str);
      p.set('kmsKeyId', 'kms_key_id', str);
      p.set('billingMode', 'billing_mode', str, 'EXTENDABLE_RETENTION_PRICING');
      // The provider sends its own default (2555 days) whatever the billing mode.
      p.set('retentionDays', 'retention_period', num, 2555);
      p.set('multiRegion', 'multi_region_enabled', bool, true);
      p.set('organization', 'organization_enabled', bool, false);
      p.set('terminationProtection', 'termination_protection_enabled', bool, true);
      setBlocks(p, r, 'advancedEventSelectors', 'advanced_event_selector', advancedSelector);
      deriveEventDataStore(r);
      p.link('key', 'kmsKeyId', ['key', 'key_alias']);
    },
  },
  aws_s3_bucket: {
    kind: 'bucket',
    adapt(p, r) {
      p.set('name', 'bucket', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name, `arn:aws:s3:::${name}`);
      const arn = p.get('arn');
      if (typeof arn === 'string') r.names.push(arn);
    },
  },
  aws_kms_key: {
    kind: 'key',
    adapt(p, r) {
      p.set('description', 'description', str);
      p.set('rotation', 'enable_key_rotation', bool, false);
      for (const a of ['arn', 'key_id']) {
        const v = p.get(a);
        if (typeof v === 'string') r.names.push(v);
      }
    },
  },
  aws_kms_alias: {
    kind: 'key_alias',
    adapt(p, r) {
      p.set('name', 'name', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      r.props['targetKeyId'] = p.get('target_key_id');
      p.link('key', 'targetKeyId', ['key']);
    },
  },
  aws_cloudwatch_log_group: {
    kind: 'log_group',
    adapt(p, r) {
      p.set('name', 'name', str);
      p.set('retentionDays', 'retention_in_days', num);
      p.set('kmsKeyId', 'kms_key_id', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      const arn = p.get('arn');
      if (typeof arn === 'string') r.names.push(arn);
    },
  },
  aws_iam_role: {
    kind: 'role',
    adapt(p, r) {
      p.set('name', 'name', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      const arn = p.get('arn');
      if (typeof arn === 'string') r.names.push(arn);
    },
  },
};

function setBlocks<T>(p: TfAttributeReader, r: Resource, prop: string, name: string, each: (x: unknown) => T): void {
  const blocks = p.blocks(name);
  const loc = p.loc(name);
  if (loc) r.locs[prop] = loc;
  // An empty list of blocks is the same as none: the provider keeps the default selector.
  if (blocks === undefined || (Array.isArray(blocks) && blocks.length === 0)) return;
  r.props[prop] = toList(blocks, each);
}

function basicSelector(v: unknown): BasicEventSelector {
  if (v instanceof Unknown) return { dataResources: v, readWriteType: v, includeManagementEvents: v };
  const s = asRecord(v);
  const out: BasicEventSelector = {};
  const rw = toStr(s['read_write_type']);
  if (rw !== undefined) out.readWriteType = rw;
  const im = toBool(s['include_management_events']);
  if (im !== undefined) out.includeManagementEvents = im;
  const ex = toStrList(s['exclude_management_event_sources']);
  if (ex !== undefined) out.excludeManagementEventSources = ex;
  const dr = toList(s['data_resource'], (d) => {
    const rec = asRecord(d);
    return { type: toStr(rec['type']) ?? '', values: toStrList(rec['values']) ?? [] };
  });
  if (dr !== undefined) out.dataResources = dr;
  return out;
}

function advancedSelector(v: unknown): AdvancedEventSelector {
  if (v instanceof Unknown) return { fieldSelectors: v };
  const s = asRecord(v);
  const fields = toList(s['field_selector'], fieldSelector);
  const out: AdvancedEventSelector = { fieldSelectors: fields ?? [] };
  const name = toStr(s['name']);
  if (name !== undefined) out.name = name;
  return out;
}

function fieldSelector(v: unknown): FieldSelector {
  const f = asRecord(v);
  const out: FieldSelector = { field: toStr(f['field']) ?? '' };
  const ops: [string, string][] = [
    ['equals', 'equals'],
    ['startsWith', 'starts_with'],
    ['endsWith', 'ends_with'],
    ['notEquals', 'not_equals'],
    ['notStartsWith', 'not_starts_with'],
    ['notEndsWith', 'not_ends_with'],
  ];
  for (const [to, from] of ops) {
    const raw = f[from];
    // Terraform shows unset list attributes as [] or null; neither constrains the field.
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) continue;
    const list = toStrList(raw);
    if (list !== undefined) (out as unknown as Record<string, unknown>)[to] = list;
  }
  return out;
}

function insightSelector(v: unknown): { insightType: string | Unknown } {
  if (v instanceof Unknown) return { insightType: v };
  return { insightType: toStr(asRecord(v)['insight_type']) ?? new Unknown('insight_type missing') };
}
