import type { Resource } from '../../graph.js';
import type { Kind } from '../../kinds.js';
import { Unknown } from '../../../core/unknown.js';
import { BUCKET_DEFAULTS } from '../../semantics/defaults.js';
import { asRecord, toBool, toList, toNum, toStr, toStrList } from '../convert.js';
import { deriveEventDataStore, deriveTrail } from '../derive.js';
import { TF_SELECTOR_NAMES, selectorReaders } from '../selectors.js';
import type { TfAttributeReader } from './adapter.js';
import { TF_MONITORING_ADAPTERS } from './monitoring.js';
import { TF_GOVERNANCE_ADAPTERS } from './governance.js';

/**
 * Terraform AWS provider resource types (v4, v5, v6) → normalized kinds.
 * Defaults are the provider's (docs/defaults.md, engine/semantics/defaults.ts).
 */
export interface TfMapping {
  kind: Kind;
  adapt(p: TfAttributeReader, r: Resource): void;
}

const str = toStr;
const { basic: basicSelector, advanced: advancedSelector, insight: insightSelector } = selectorReaders(TF_SELECTOR_NAMES);
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
      if (typeof name === 'string') {
        r.names.push(name, `arn:aws:s3:::${name}`);
        r.props['arn'] = `arn:aws:s3:::${name}`;
      }
      const arn = p.get('arn');
      if (typeof arn === 'string') r.names.push(arn);
      // Defaults of a bucket whose configuration is declared nowhere: the split
      // resources (merged after linking) and the legacy inline blocks override them.
      // S3 turns all four Block Public Access settings on for a new bucket (BUCKET_DEFAULTS);
      // an aws_s3_bucket_public_access_block replaces them, its omitted arguments false.
      r.props['publicAccessBlock'] = { ...BUCKET_DEFAULTS.publicAccessBlock };
      r.defaulted.add('publicAccessBlock');
      // A plan that does not create the bucket: it exists already, perhaps from before April 2023,
      // and its settings are not in the plan. Unknown, unless a public access block resource says.
      const actions = (p.tf as { actions?: readonly string[] }).actions;
      if (actions && actions.length > 0 && !actions.includes('create')) {
        const why = new Unknown('the bucket exists already and its Block Public Access settings are not in the plan (S3 turns them on only for buckets created since April 2023)');
        r.props['publicAccessBlock'] = { blockPublicAcls: why, ignorePublicAcls: why, blockPublicPolicy: why, restrictPublicBuckets: why };
      }
      p.set('acl', 'acl', str, 'private');
      const versioning = firstBlock(p.get('versioning'));
      r.props['versioning'] = versioning instanceof Unknown ? versioning : toBool(versioning?.['enabled']) ?? false;
      r.props['mfaDelete'] = versioning instanceof Unknown ? versioning : toBool(versioning?.['mfa_delete']) ?? false;
      if (p.loc('versioning')) r.locs['versioning'] = r.locs['mfaDelete'] = p.loc('versioning')!;
      const logging = firstBlock(p.get('logging'));
      if (logging !== undefined) {
        r.props['loggingTarget'] = logging instanceof Unknown ? logging : toStr(logging['target_bucket']);
        if (p.loc('logging')) r.locs['loggingTarget'] = p.loc('logging')!;
      }
      const sse = firstBlock(p.get('server_side_encryption_configuration'));
      const rule = sse instanceof Unknown ? sse : firstBlock(sse?.['rule']);
      const def = rule instanceof Unknown ? rule : firstBlock(rule?.['apply_server_side_encryption_by_default']);
      r.props['sseAlgorithm'] = def instanceof Unknown ? def : (toStr(def?.['sse_algorithm']) ?? BUCKET_DEFAULTS.sseAlgorithm);
      if (p.loc('server_side_encryption_configuration')) r.locs['sseAlgorithm'] = p.loc('server_side_encryption_configuration')!;
      const lc = p.get('lifecycle_rule');
      if (lc !== undefined && !(Array.isArray(lc) && lc.length === 0)) {
        r.props['lifecycleRules'] = lifecycleRules(lc, (rule) => rule['enabled']);
        if (p.loc('lifecycle_rule')) r.locs['lifecycleRules'] = p.loc('lifecycle_rule')!;
      }
      const policy = p.get('policy');
      if (policy !== undefined && policy !== null && policy !== '') {
        r.props['policy'] = policy;
        r.nativePaths['policy'] = ['policy'];
        if (p.loc('policy')) r.locs['policy'] = p.loc('policy')!;
      }
    },
  },
  aws_kms_key: {
    kind: 'key',
    adapt(p, r) {
      p.set('description', 'description', str);
      p.set('rotation', 'enable_key_rotation', bool, false);
      p.set('policy', 'policy', (v) => (v === '' ? undefined : v));
      r.nativePaths['policy'] = ['policy'];
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
  aws_iam_role: {
    kind: 'role',
    adapt(p, r) {
      p.set('name', 'name', str);
      p.set('managedPolicyArns', 'managed_policy_arns', (v) => toStrList(v));
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      const arn = p.get('arn');
      if (typeof arn === 'string') r.names.push(arn);
      roleInlinePolicies(p, r);
    },
  },
};

/**
 * `inline_policy` blocks of `aws_iam_role`: each an identity policy of its
 * own, attached to the role (as CloudFormation's `Policies` are). A plan shows
 * the argument as unknown when the configuration sets none (the provider
 * fills it in from `aws_iam_role_policy` resources, which are read on their
 * own), so only written blocks count.
 */
function roleInlinePolicies(p: TfAttributeReader, r: Resource): void {
  const blocks = p.blocks('inline_policy');
  if (!Array.isArray(blocks)) return;
  blocks.forEach((block, i) => {
    const rec = asRecord(block);
    // `inline_policy {}` with no policy is how a configuration asks Terraform to remove every inline policy.
    if (rec['policy'] === undefined || rec['policy'] === null || rec['policy'] === '') return;
    const inner = p.addInner('identity_policy', 'aws_iam_role inline policy', ['inline_policy', i]);
    inner.props['name'] = toStr(rec['name']) ?? `${r.address} inline policy ${i + 1}`;
    inner.props['policy'] = rec['policy'];
    inner.nativePaths['policy'] = ['policy'];
    const at = p.loc(['inline_policy', i, 'policy']);
    if (at) inner.locs['policy'] = at;
    inner.props['attachedRolesRaw'] = [new Unknown(`the role ${r.address}`, [{ address: r.address }], true)];
  });
}

// The monitoring chain (log group, metric filter, alarm, SNS topic) lives in monitoring.ts.
Object.assign(TF_RESOURCE_ADAPTERS, TF_MONITORING_ADAPTERS);

function setBlocks<T>(p: TfAttributeReader, r: Resource, prop: string, name: string, each: (x: unknown) => T): void {
  const blocks = p.blocks(name);
  const loc = p.loc(name);
  if (loc) r.locs[prop] = loc;
  // An empty list of blocks is the same as none: the provider keeps the default selector.
  if (blocks === undefined || (Array.isArray(blocks) && blocks.length === 0)) return;
  r.props[prop] = toList(blocks, each);
}





/** A value that is a reference to a bucket (`aws_s3_bucket.logs.id`) or its literal name. */
function bucketLink(p: TfAttributeReader, r: Resource): void {
  r.props['bucketRef'] = p.get('bucket');
  p.link('bucket', 'bucketRef', ['bucket']);
}

function firstBlock(v: unknown): Record<string, unknown> | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) return v.length ? asRecord(v[0]) : undefined;
  if (v && typeof v === 'object') return asRecord(v);
  return undefined;
}

function lifecycleRules(rules: unknown, enabledOf: (rule: Record<string, unknown>) => unknown): unknown {
  return toList(rules, (x) => {
    const rule = asRecord(x);
    const enabled = enabledOf(rule);
    const transitions = Array.isArray(rule['transition']) ? rule['transition'] : rule['transition'] ? [rule['transition']] : [];
    const expiration = firstBlock(rule['expiration']);
    return {
      enabled: enabled instanceof Unknown ? enabled : enabled === true || enabled === 'Enabled',
      transitions: transitions.map((t) => toStr(asRecord(t)['storage_class']) ?? ''),
      expirationDays: expiration instanceof Unknown ? expiration : expiration ? toNum(expiration['days']) : undefined,
    };
  });
}

/**
 * The split S3 configuration resources of provider v4+ (and the legacy
 * inline blocks of aws_s3_bucket) carry one part of a bucket's configuration
 * each; `bucket_config` resources are merged into their bucket after linking.
 */
Object.assign(TF_RESOURCE_ADAPTERS, {
  aws_s3_bucket_public_access_block: {
    kind: 'bucket_config',
    adapt(p, r) {
      bucketLink(p, r);
      r.props['part'] = 'publicAccessBlock';
      r.props['values'] = {
        blockPublicAcls: toBool(p.get('block_public_acls')) ?? false,
        ignorePublicAcls: toBool(p.get('ignore_public_acls')) ?? false,
        blockPublicPolicy: toBool(p.get('block_public_policy')) ?? false,
        restrictPublicBuckets: toBool(p.get('restrict_public_buckets')) ?? false,
      };
    },
  },
  aws_s3_bucket_versioning: {
    kind: 'bucket_config',
    adapt(p, r) {
      bucketLink(p, r);
      r.props['part'] = 'versioning';
      const cfg = firstBlock(p.get('versioning_configuration'));
      const status = cfg instanceof Unknown ? cfg : cfg?.['status'];
      const mfa = cfg instanceof Unknown ? cfg : cfg?.['mfa_delete'];
      r.props['values'] = {
        versioning: status instanceof Unknown ? status : status === 'Enabled',
        mfaDelete: mfa instanceof Unknown ? mfa : mfa === 'Enabled',
      };
      const loc = p.loc(['versioning_configuration', 0, 'status']) ?? p.loc('versioning_configuration');
      if (loc) r.locs['versioning'] = loc;
      const mloc = p.loc(['versioning_configuration', 0, 'mfa_delete']) ?? p.loc('versioning_configuration');
      if (mloc) r.locs['mfaDelete'] = mloc;
    },
  },
  aws_s3_bucket_logging: {
    kind: 'bucket_config',
    adapt(p, r) {
      bucketLink(p, r);
      r.props['part'] = 'logging';
      const target = p.get('target_bucket');
      r.props['values'] = { loggingTarget: target instanceof Unknown ? target : toStr(target), loggingTargetRaw: target };
      const loc = p.loc('target_bucket');
      if (loc) r.locs['loggingTarget'] = loc;
    },
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    kind: 'bucket_config',
    adapt(p, r) {
      bucketLink(p, r);
      r.props['part'] = 'encryption';
      const rule = firstBlock(p.get('rule'));
      const def = rule instanceof Unknown ? rule : firstBlock(rule?.['apply_server_side_encryption_by_default']);
      r.props['values'] = { sseAlgorithm: def instanceof Unknown ? def : (toStr(def?.['sse_algorithm']) ?? BUCKET_DEFAULTS.sseAlgorithm) };
      const loc = p.loc(['rule', 0, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm']) ?? p.loc('rule');
      if (loc) r.locs['sseAlgorithm'] = loc;
    },
  },
  aws_s3_bucket_lifecycle_configuration: {
    kind: 'bucket_config',
    adapt(p, r) {
      bucketLink(p, r);
      r.props['part'] = 'lifecycle';
      r.props['values'] = { lifecycleRules: lifecycleRules(p.get('rule'), (rule) => rule['status']) };
      const loc = p.loc('rule');
      if (loc) r.locs['lifecycleRules'] = loc;
    },
  },
  aws_s3_bucket_acl: {
    kind: 'bucket_config',
    adapt(p, r) {
      bucketLink(p, r);
      r.props['part'] = 'acl';
      r.props['values'] = { acl: toStr(p.get('acl')) ?? 'private' };
      const loc = p.loc('acl');
      if (loc) r.locs['acl'] = loc;
    },
  },
  aws_s3_bucket_policy: {
    kind: 'bucket_policy',
    adapt(p, r) {
      bucketLink(p, r);
      p.set('policy', 'policy', (v) => v);
      r.nativePaths['policy'] = ['policy'];
    },
  },
  aws_s3_account_public_access_block: {
    kind: 'account_public_access_block',
    adapt(p, r) {
      const values = ['block_public_acls', 'ignore_public_acls', 'block_public_policy', 'restrict_public_buckets'].map((a) => toBool(p.get(a)) ?? false);
      r.props['allBlocked'] = values.some((v) => v === false) ? false : values.find((v) => v instanceof Unknown) ?? true;
    },
  },
  aws_kms_key_policy: {
    kind: 'key_policy',
    adapt(p, r) {
      r.props['keyRef'] = p.get('key_id');
      p.link('key', 'keyRef', ['key']);
      p.set('policy', 'policy', (v) => v);
      r.nativePaths['policy'] = ['policy'];
    },
  },
  aws_organizations_policy: {
    kind: 'org_policy',
    adapt(p, r) {
      p.set('name', 'name', str);
      p.set('type', 'type', str, 'SERVICE_CONTROL_POLICY');
      p.set('policy', 'content', (v) => v);
      r.nativePaths['policy'] = ['content'];
      for (const a of ['id', 'arn']) {
        const v = p.get(a);
        if (typeof v === 'string') r.names.push(v);
      }
    },
  },
  aws_organizations_policy_attachment: {
    kind: 'org_policy_attachment',
    adapt(p, r) {
      r.props['policyRef'] = p.get('policy_id');
      p.link('policy', 'policyRef', ['org_policy']);
      p.set('target', 'target_id', str);
    },
  },
  aws_iam_policy: {
    kind: 'identity_policy',
    adapt(p, r) {
      p.set('name', 'name', str);
      p.set('policy', 'policy', (v) => v);
      r.nativePaths['policy'] = ['policy'];
      const arn = p.get('arn');
      if (typeof arn === 'string') r.names.push(arn);
    },
  },
  aws_iam_role_policy: inlineIdentityPolicy('role', 'attachedRolesRaw'),
  aws_iam_user_policy: inlineIdentityPolicy('user', 'attachedUsersRaw'),
  aws_iam_group_policy: inlineIdentityPolicy('group', 'attachedGroupsRaw'),
  aws_iam_user_policy_attachment: policyAttachment('user', 'user'),
  aws_iam_group_policy_attachment: policyAttachment('group', 'group'),
  aws_iam_role_policy_attachment: policyAttachment('role', 'role'),
  // Every managed policy of one principal (exclusively: Terraform detaches any other).
  aws_iam_user_policy_attachments_exclusive: exclusiveAttachments('user', 'user_name'),
  aws_iam_group_policy_attachments_exclusive: exclusiveAttachments('group', 'group_name'),
  aws_iam_role_policy_attachments_exclusive: exclusiveAttachments('role', 'role_name'),
  // One policy to lists of users, groups and roles (exclusively: Terraform detaches it from any other).
  aws_iam_policy_attachment: {
    kind: 'policy_attachment',
    adapt(p, r) {
      for (const [prop, attr] of [['users', 'users'], ['groups', 'groups'], ['roles', 'roles']] as const) {
        const v = p.get(attr);
        if (v !== undefined && v !== null) r.props[prop] = toList(v, (x) => x);
      }
      r.props['policyArn'] = p.get('policy_arn');
      p.link('policy', 'policyArn', ['identity_policy']);
    },
  },
  aws_iam_user: {
    kind: 'iam_user',
    adapt(p, r) {
      p.set('name', 'name', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
    },
  },
  aws_iam_group: {
    kind: 'iam_group',
    adapt(p, r) {
      p.set('name', 'name', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
    },
  },
} satisfies Record<string, TfMapping>);

function inlineIdentityPolicy(principal: 'role' | 'user' | 'group', key: string): TfMapping {
  return {
    kind: 'identity_policy',
    adapt(p, r) {
      p.set('name', 'name', str);
      p.set('policy', 'policy', (v) => v);
      r.nativePaths['policy'] = ['policy'];
      r.props[key] = [p.get(principal)];
    },
  };
}

/**
 * `aws_iam_*_policy_attachments_exclusive`: a principal and the list of its
 * managed policies' ARNs. Each ARN is one attachment (the linker draws one
 * edge per resource): the first is this resource, the others inner ones
 * (`….policy_arns[1]`). A list known only at apply is one unknown attachment.
 */
function exclusiveAttachments(principalKind: 'user' | 'group' | 'role', attr: string): TfMapping {
  return {
    kind: 'policy_attachment',
    adapt(p, r) {
      const arns = p.get('policy_arns');
      const list = Array.isArray(arns) ? arns : [arns instanceof Unknown ? arns : new Unknown('policy_arns is missing')];
      const principal = p.get(attr);
      list.forEach((arn, i) => {
        const target = i === 0 ? r : p.addInner('policy_attachment', r.nativeType, ['policy_arns', i]);
        target.props['principalKind'] = principalKind;
        target.props['principal'] = principal;
        target.props['policyArn'] = arn;
        target.links['policy'] = { value: arn, kinds: ['identity_policy'] };
      });
    },
  };
}

function policyAttachment(principalKind: 'user' | 'group' | 'role', attr: string): TfMapping {
  return {
    kind: 'policy_attachment',
    adapt(p, r) {
      r.props['principalKind'] = principalKind;
      r.props['principal'] = p.get(attr);
      r.props['policyArn'] = p.get('policy_arn');
      p.link('policy', 'policyArn', ['identity_policy']);
    },
  };
}

// Governance: Security Hub, Athena, AWS Config (P11, P12, B6).
Object.assign(TF_RESOURCE_ADAPTERS, TF_GOVERNANCE_ADAPTERS);
