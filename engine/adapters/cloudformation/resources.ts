import type { Resource } from '../../graph.js';
import type { Kind } from '../../kinds.js';
import { Unknown } from '../../../core/unknown.js';
import { BUCKET_DEFAULTS } from '../../semantics/defaults.js';
import { asRecord, toBool, toList, toNum, toStr, toStrList } from '../convert.js';
import { deriveEventDataStore, deriveTrail } from '../derive.js';
import { setAttachment } from '../attachment.js';
import { CFN_SELECTOR_NAMES, selectorReaders } from '../selectors.js';
import type { CfnReader as CfnPropertyReader } from './reader.js';
import { CFN_MONITORING_ADAPTERS } from './monitoring.js';
import { CFN_GOVERNANCE_ADAPTERS } from './governance.js';

/**
 * CloudFormation resource types → normalized kinds. Defaults are those of
 * CloudFormation / the service API when the property is omitted
 * (docs/defaults.md lists them with their sources).
 */
export interface CfnMapping {
  kind: Kind;
  adapt(p: CfnPropertyReader, r: Resource): void;
}

const str = toStr;
const { basic: basicSelector, advanced: advancedSelector, insight: insightSelector } = selectorReaders(CFN_SELECTOR_NAMES);
const bool = toBool;
const num = toNum;

export const CFN_RESOURCE_ADAPTERS: Record<string, CfnMapping> = {
  'AWS::CloudTrail::Trail': {
    kind: 'trail',
    adapt(p, r) {
      p.set('name', 'TrailName', str);
      // IsLogging is required by CloudFormation; a template without it does not deploy.
      p.required('logging', 'IsLogging', bool);
      p.set('multiRegion', 'IsMultiRegionTrail', bool, false);
      p.set('includeGlobalServiceEvents', 'IncludeGlobalServiceEvents', bool, true);
      p.set('organization', 'IsOrganizationTrail', bool, false);
      p.set('logFileValidation', 'EnableLogFileValidation', bool, false);
      p.set('kmsKeyId', 'KMSKeyId', str);
      p.set('bucketName', 'S3BucketName', str);
      p.set('cloudWatchLogsLogGroupArn', 'CloudWatchLogsLogGroupArn', str);
      p.set('cloudWatchLogsRoleArn', 'CloudWatchLogsRoleArn', str);
      p.set('snsTopicName', 'SnsTopicName', str);
      p.set('eventSelectors', 'EventSelectors', (v) => toList(v, basicSelector));
      p.set('advancedEventSelectors', 'AdvancedEventSelectors', (v) => toList(v, advancedSelector));
      const insights = p.get('InsightSelectors');
      if (p.loc('InsightSelectors')) r.locs['insightTypes'] = p.loc('InsightSelectors')!;
      deriveTrail(r, toList(insights, insightSelector));
      p.link('bucket', 'bucketName', ['bucket']);
      p.link('key', 'kmsKeyId', ['key', 'key_alias']);
      p.link('logGroup', 'cloudWatchLogsLogGroupArn', ['log_group']);
      p.link('logRole', 'cloudWatchLogsRoleArn', ['role']);
    },
  },
  'AWS::CloudTrail::EventDataStore': {
    kind: 'event_data_store',
    adapt(p, r) {
      p.set('name', 'Name', str);
      p.set('kmsKeyId', 'KmsKeyId', str);
      p.set('billingMode', 'BillingMode', str, 'EXTENDABLE_RETENTION_PRICING');
      // The default retention depends on the billing mode: 366 days for
      // extendable retention pricing, 2557 for fixed (CreateEventDataStore API).
      const billing = r.props['billingMode'];
      const defaultRetention = billing === 'FIXED_RETENTION_PRICING' ? 2557 : billing === 'EXTENDABLE_RETENTION_PRICING' ? 366 : new Unknown('billing mode known at deployment');
      p.set('retentionDays', 'RetentionPeriod', num, defaultRetention);
      p.set('multiRegion', 'MultiRegionEnabled', bool, true);
      p.set('organization', 'OrganizationEnabled', bool, false);
      p.set('terminationProtection', 'TerminationProtectionEnabled', bool, true);
      p.set('advancedEventSelectors', 'AdvancedEventSelectors', (v) => toList(v, advancedSelector));
      deriveEventDataStore(r);
      p.link('key', 'kmsKeyId', ['key', 'key_alias']);
    },
  },
  'AWS::S3::Bucket': {
    kind: 'bucket',
    adapt(p, r) {
      p.set('name', 'BucketName', str);
      const name = r.props['name'];
      if (typeof name === 'string') {
        r.names.push(name, `arn:aws:s3:::${name}`);
        r.props['arn'] = `arn:aws:s3:::${name}`;
      }
      const pabValue = p.get('PublicAccessBlockConfiguration');
      const pabLoc = p.loc('PublicAccessBlockConfiguration');
      if (pabLoc) r.locs['publicAccessBlock'] = pabLoc;
      if (pabValue === undefined) {
        // A new bucket has all four settings on unless the template says otherwise (BUCKET_DEFAULTS).
        r.props['publicAccessBlock'] = { ...BUCKET_DEFAULTS.publicAccessBlock };
        r.defaulted.add('publicAccessBlock');
      } else {
        // A configuration replaces the whole setting (PutPublicAccessBlock): what it leaves out is off.
        const pab = asRecord(pabValue);
        r.props['publicAccessBlock'] = {
          blockPublicAcls: toBool(pab['BlockPublicAcls']) ?? false,
          ignorePublicAcls: toBool(pab['IgnorePublicAcls']) ?? false,
          blockPublicPolicy: toBool(pab['BlockPublicPolicy']) ?? false,
          restrictPublicBuckets: toBool(pab['RestrictPublicBuckets']) ?? false,
        };
      }
      p.set('acl', 'AccessControl', str, 'Private');
      const versioning = asRecord(p.get('VersioningConfiguration'))['Status'];
      r.props['versioning'] = versioning instanceof Unknown ? versioning : versioning === 'Enabled';
      const vLoc = p.loc('VersioningConfiguration');
      if (vLoc) r.locs['versioning'] = vLoc;
      // CloudFormation cannot enable MFA delete (only the root user, through the API, can).
      r.props['mfaDelete'] = false;
      r.defaulted.add('mfaDelete');
      const logging = p.get('LoggingConfiguration');
      if (logging !== undefined) {
        const dest = asRecord(logging)['DestinationBucketName'];
        // No destination: logs go to the bucket itself.
        r.props['loggingTarget'] = dest === undefined ? (r.props['name'] ?? new Unknown('the bucket itself', [{ address: r.address }], true)) : toStr(dest);
        r.props['loggingTargetIsSelf'] = dest === undefined || isSelfReference(dest, r.address);
        const lLoc = p.loc('LoggingConfiguration');
        if (lLoc) r.locs['loggingTarget'] = lLoc;
      }
      const enc = asRecord(asRecord(p.get('BucketEncryption'))['ServerSideEncryptionConfiguration']);
      const rules = Array.isArray(asRecord(p.get('BucketEncryption'))['ServerSideEncryptionConfiguration'])
        ? (asRecord(p.get('BucketEncryption'))['ServerSideEncryptionConfiguration'] as unknown[])
        : Object.keys(enc).length ? [enc] : [];
      const byDefault = asRecord(asRecord(rules[0])['ServerSideEncryptionByDefault']);
      // Since January 2023 every bucket is encrypted with SSE-S3 by default (BUCKET_DEFAULTS).
      r.props['sseAlgorithm'] = toStr(byDefault['SSEAlgorithm']) ?? BUCKET_DEFAULTS.sseAlgorithm;
      if (byDefault['SSEAlgorithm'] === undefined) r.defaulted.add('sseAlgorithm');
      const eLoc = p.loc('BucketEncryption');
      if (eLoc) r.locs['sseAlgorithm'] = eLoc;
      const lc = asRecord(p.get('LifecycleConfiguration'))['Rules'];
      if (lc !== undefined) {
        r.props['lifecycleRules'] = toList(lc, (x) => {
          const rule = asRecord(x);
          const transitions = [...(Array.isArray(rule['Transitions']) ? rule['Transitions'] : []), ...(rule['Transition'] ? [rule['Transition']] : [])];
          return {
            enabled: rule['Status'] instanceof Unknown ? rule['Status'] : rule['Status'] === 'Enabled',
            transitions: transitions.map((t) => toStr(asRecord(t)['StorageClass']) ?? ''),
            expirationDays: toNum(rule['ExpirationInDays']),
          };
        });
        const lcLoc = p.loc('LifecycleConfiguration');
        if (lcLoc) r.locs['lifecycleRules'] = lcLoc;
      }
    },
  },
  'AWS::S3::BucketPolicy': {
    kind: 'bucket_policy',
    adapt(p, r) {
      r.props['bucketRef'] = p.get('Bucket');
      p.link('bucket', 'bucketRef', ['bucket']);
      p.set('policy', 'PolicyDocument', (v) => v);
      r.nativePaths['policy'] = ['PolicyDocument'];
    },
  },
  'AWS::KMS::Key': {
    kind: 'key',
    adapt(p, r) {
      p.set('description', 'Description', str);
      p.set('rotation', 'EnableKeyRotation', bool, false);
      p.set('policy', 'KeyPolicy', (v) => v);
      r.nativePaths['policy'] = ['KeyPolicy'];
    },
  },
  'AWS::Organizations::Policy': {
    kind: 'org_policy',
    adapt(p, r) {
      p.set('name', 'Name', str);
      p.set('type', 'Type', str);
      // Content is a JSON object, or a JSON string (both are accepted).
      p.set('policy', 'Content', (v) => v);
      r.nativePaths['policy'] = ['Content'];
      p.set('targets', 'TargetIds', (v) => toStrList(v));
      setAttachment(r, (logicalId) => p.typeOf(logicalId));
    },
  },
  'AWS::KMS::Alias': {
    kind: 'key_alias',
    adapt(p, r) {
      p.set('name', 'AliasName', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      r.props['targetKeyId'] = p.get('TargetKeyId');
      p.link('key', 'targetKeyId', ['key']);
    },
  },
  'AWS::IAM::Role': {
    kind: 'role',
    adapt(p, r) {
      principalWithPolicies(p, r, 'RoleName', 'Roles');
    },
  },
  'AWS::IAM::User': {
    kind: 'iam_user',
    adapt(p, r) {
      principalWithPolicies(p, r, 'UserName', 'Users');
    },
  },
  'AWS::IAM::Group': {
    kind: 'iam_group',
    adapt(p, r) {
      principalWithPolicies(p, r, 'GroupName', 'Groups');
    },
  },
  'AWS::IAM::ManagedPolicy': {
    kind: 'identity_policy',
    adapt(p, r) {
      p.set('name', 'ManagedPolicyName', str);
      identityPolicy(p, r);
    },
  },
  'AWS::IAM::Policy': {
    kind: 'identity_policy',
    adapt(p, r) {
      p.set('name', 'PolicyName', str);
      identityPolicy(p, r);
    },
  },
  // The inline policy of one principal as a resource of its own (2023): the same as an entry of its
  // Policies, so an inline policy written this way is judged too.
  'AWS::IAM::RolePolicy': inlinePolicyResource('RoleName', 'attachedRoles'),
  'AWS::IAM::UserPolicy': inlinePolicyResource('UserName', 'attachedUsers'),
  'AWS::IAM::GroupPolicy': inlinePolicyResource('GroupName', 'attachedGroups'),
};

function inlinePolicyResource(principal: string, prop: 'attachedUsers' | 'attachedGroups' | 'attachedRoles'): CfnMapping {
  return {
    kind: 'identity_policy',
    adapt(p, r) {
      p.set('name', 'PolicyName', str);
      p.set('policy', 'PolicyDocument', (v) => v);
      r.nativePaths['policy'] = ['PolicyDocument'];
      r.props[`${prop}Raw`] = [p.get(principal) ?? new Unknown(`${principal} is missing`)];
      const loc = p.loc(principal);
      if (loc) r.locs[prop] = loc;
    },
  };
}

// The monitoring chain (log group, metric filter, alarm, SNS topic) lives in monitoring.ts.
Object.assign(CFN_RESOURCE_ADAPTERS, CFN_MONITORING_ADAPTERS);

/** A managed or inline policy: its document and what it is attached to (names or references). */
function identityPolicy(p: CfnPropertyReader, r: Resource): void {
  p.set('policy', 'PolicyDocument', (v) => v);
  r.nativePaths['policy'] = ['PolicyDocument'];
  for (const [prop, native] of [['attachedUsers', 'Users'], ['attachedGroups', 'Groups'], ['attachedRoles', 'Roles']] as const) {
    const v = toStrList(p.get(native));
    if (v !== undefined) r.props[`${prop}Raw`] = v;
    const loc = p.loc(native);
    if (loc) r.locs[prop] = loc;
  }
}

/**
 * A user, group or role: its name, its managed policies, and each inline
 * policy as an identity policy of its own attached to it.
 */
function principalWithPolicies(p: CfnPropertyReader, r: Resource, nameProp: string, attachAs: 'Users' | 'Groups' | 'Roles'): void {
  p.set('name', nameProp, str);
  const name = r.props['name'];
  if (typeof name === 'string') r.names.push(name);
  p.set('managedPolicyArns', 'ManagedPolicyArns', (v) => toStrList(v));
  const inline = p.get('Policies');
  if (!Array.isArray(inline)) return;
  inline.forEach((item, i) => {
    const rec = asRecord(item);
    const inner = p.addInner(`${r.address}.Policies[${i}]`, 'identity_policy', `${r.nativeType} inline policy`, ['Policies', i]);
    inner.props['name'] = toStr(rec['PolicyName']) ?? `${r.address} inline policy ${i + 1}`;
    inner.props['policy'] = rec['PolicyDocument'];
    inner.nativePaths['policy'] = ['PolicyDocument'];
    const key = attachAs === 'Users' ? 'attachedUsersRaw' : attachAs === 'Groups' ? 'attachedGroupsRaw' : 'attachedRolesRaw';
    inner.props[key] = [new Unknown(`the ${attachAs.slice(0, -1).toLowerCase()} ${r.address}`, [{ address: r.address }], true)];
  });
}


/** `!Ref Self` or the bucket's own name as the log destination. */
function isSelfReference(dest: unknown, address: string): boolean {
  return dest instanceof Unknown && dest.refs.some((r) => r.address === address);
}




// Governance: Security Hub, Athena, AWS Config (P11, P12, B6).
Object.assign(CFN_RESOURCE_ADAPTERS, CFN_GOVERNANCE_ADAPTERS);
