// Hand-built scan results shaped like what the engine reports for a small
// repository: a CloudFormation trail, a Terraform root module calling an
// audit module, a template that does not parse, a value known only after
// apply, and a finding suppressed in the source.
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Finding, RuleMeta, ScanResult, Undetermined } from '../../engine/findings.js';
import { rangeAt } from '../../core/location.js';
import { fingerprint } from '../../engine/report/fingerprint.js';

export const ROOT = '/work/repo';

function rule(meta: Partial<RuleMeta> & Pick<RuleMeta, 'id' | 'name' | 'title' | 'severity' | 'catalog'>): RuleMeta {
  return {
    description: `${meta.title}.`,
    securityHub: [],
    cis: [],
    tags: ['cloudtrail'],
    precision: 'very-high',
    help: `Why ${meta.id} matters and how to fix it.`,
    remediation: {},
    ...meta,
  };
}

export const MULTI_REGION = rule({
  id: 'cloudtrail-multi-region',
  name: 'CloudTrailMultiRegion',
  title: 'Trail records every region',
  description: 'A trail that records only its home region misses API calls made in every other region.',
  severity: 'critical',
  catalog: ['P1.2', 'M1'],
  securityHub: ['CloudTrail.1'],
  cis: ['3.1'],
  tags: ['cloudtrail', 'logging'],
  help: 'An attacker who works in a region you do not log is invisible. Make the trail multi-region.',
  remediation: {
    terraform: 'resource "aws_cloudtrail" "main" {\n  is_multi_region_trail = true\n}\n',
    cloudformation: 'Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsMultiRegionTrail: true\n',
  },
});

export const LOG_VALIDATION = rule({
  id: 'cloudtrail-log-file-validation',
  name: 'CloudTrailLogFileValidation',
  title: 'Trail validates its log files',
  severity: 'high',
  catalog: ['P3.1', 'M3'],
  securityHub: ['CloudTrail.4'],
  cis: ['3.2'],
  remediation: { terraform: 'enable_log_file_validation = true', cloudformation: 'EnableLogFileValidation: true' },
});

export const BUCKET_VERSIONING = rule({
  id: 'trail-bucket-versioning',
  name: 'TrailBucketVersioning',
  title: "Trail's bucket keeps object versions",
  severity: 'high',
  catalog: ['P4.4'],
  cis: ['3.6'],
});

export const TRAIL_CHANGE_FILTER = rule({
  id: 'metric-filter-trail-changes',
  name: 'MetricFilterTrailChanges',
  title: 'Changes to CloudTrail raise an alarm',
  severity: 'medium',
  catalog: ['C4.5', 'B3'],
  cis: ['4.5'],
});

export const TOPIC_ENCRYPTED = rule({
  id: 'alarm-topic-encrypted',
  name: 'AlarmTopicEncrypted',
  title: 'Alarm topics are encrypted with KMS',
  severity: 'low',
  catalog: ['B5.1'],
  tags: ['sns'],
});

export const TRAIL_KMS = rule({
  id: 'cloudtrail-kms-encryption',
  name: 'CloudTrailKmsEncryption',
  title: 'Trail logs are encrypted with KMS',
  severity: 'high',
  catalog: ['P2.1', 'M2'],
  securityHub: ['CloudTrail.2'],
  cis: ['3.7'],
});

export const PARSE_ERROR = rule({
  id: 'parse-error',
  name: 'ParseError',
  title: 'Input file could not be parsed',
  description: 'trailguard could not read this file, so none of its resources were checked.',
  severity: 'high',
  catalog: [],
  tags: [],
});

interface FindingInput {
  rule: RuleMeta;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  address?: string;
  nativeType?: string;
  kind?: string;
  property?: string;
  suppressed?: Finding['suppressed'];
}

export function finding(input: FindingInput): Finding {
  const { rule: r, file, line, column } = input;
  const address = input.address ?? '';
  return {
    ruleId: r.id,
    severity: r.severity,
    message: input.message,
    location: rangeAt(file, line, column, input.endLine ?? line, input.endColumn ?? column),
    ...(input.address
      ? { resource: { address, kind: input.kind ?? 'trail', nativeType: input.nativeType ?? 'AWS::CloudTrail::Trail', file } }
      : {}),
    catalog: [...r.catalog],
    fingerprint: fingerprint({ ruleId: r.id, file, address, ...(input.property ? { property: input.property } : {}) }),
    ...(input.suppressed ? { suppressed: input.suppressed } : {}),
  };
}

export const CFN_MULTI_REGION = finding({
  rule: MULTI_REGION,
  file: 'cfn/trail.yaml',
  line: 12,
  column: 5,
  endColumn: 29,
  message: 'Trail MyTrail records only its home region',
  address: 'MyTrail',
  property: 'IsMultiRegionTrail',
});

export const CFN_LOG_VALIDATION = finding({
  rule: LOG_VALIDATION,
  file: 'cfn/trail.yaml',
  line: 9,
  column: 3,
  endColumn: 10,
  message: 'Trail MyTrail does not validate its log files',
  address: 'MyTrail',
  property: 'EnableLogFileValidation',
});

export const CFN_SUPPRESSED = finding({
  rule: BUCKET_VERSIONING,
  file: 'cfn/trail.yaml',
  line: 30,
  column: 3,
  message: 'Bucket TrailBucket does not keep object versions',
  address: 'TrailBucket',
  kind: 'bucket',
  nativeType: 'AWS::S3::Bucket',
  suppressed: { kind: 'inSource', justification: 'Versioning is managed by the central logging account' },
});

export const TF_MODULE_LOG_VALIDATION = finding({
  rule: LOG_VALIDATION,
  file: 'terraform/modules/audit/main.tf',
  line: 4,
  column: 1,
  endLine: 11,
  endColumn: 2,
  message: 'Trail module.audit.aws_cloudtrail.this[0] does not validate its log files',
  address: 'module.audit.aws_cloudtrail.this[0]',
  nativeType: 'aws_cloudtrail',
});

// Given as an absolute path, as the scanner gets it for `trailguard scan /work/repo/terraform`.
export const TF_TRAIL_FILTER = finding({
  rule: TRAIL_CHANGE_FILTER,
  file: `${ROOT}/terraform/main.tf`,
  line: 40,
  column: 3,
  endColumn: 60,
  message: 'No metric filter on log group aws_cloudwatch_log_group.trail matches CloudTrail configuration changes',
  address: 'aws_cloudwatch_log_group.trail',
  kind: 'log-group',
  nativeType: 'aws_cloudwatch_log_group',
});

export const TF_TOPIC = finding({
  rule: TOPIC_ENCRYPTED,
  file: 'terraform/main.tf',
  line: 55,
  column: 1,
  message: 'Topic aws_sns_topic.alarms that security alarms notify is not encrypted with KMS',
  address: 'aws_sns_topic.alarms',
  kind: 'topic',
  nativeType: 'aws_sns_topic',
});

export const BROKEN_FILE = 'broken/bad template.yaml';

export const PARSE_ERROR_FINDING = finding({
  rule: PARSE_ERROR,
  file: BROKEN_FILE,
  line: 3,
  column: 7,
  message: 'YAML syntax error: bad indentation of a mapping entry',
});

export const PARSE_ERROR_DIAGNOSTIC: Diagnostic = {
  level: 'error',
  code: 'parse-error',
  message: 'YAML syntax error: bad indentation of a mapping entry',
  file: BROKEN_FILE,
  range: rangeAt(BROKEN_FILE, 3, 7),
};

export const REMOTE_MODULE_DIAGNOSTIC: Diagnostic = {
  level: 'warning',
  code: 'remote-module',
  message: 'Module "network" comes from git::https://example.com/network.git and was not scanned',
  file: 'terraform/main.tf',
  range: rangeAt('terraform/main.tf', 20, 1, 23, 2),
};

export const KMS_UNDETERMINED: Undetermined = {
  ruleId: TRAIL_KMS.id,
  resource: { address: 'aws_cloudtrail.main', kind: 'trail', nativeType: 'aws_cloudtrail', file: 'terraform/main.tf' },
  location: rangeAt('terraform/main.tf', 8, 3, 8, 40),
  reason: 'kms_key_id is known only after apply',
};

export const FILES = [
  'terraform/main.tf',
  'cfn/trail.yaml',
  'terraform/modules/audit/main.tf',
  BROKEN_FILE,
  'policies/scp.json',
];

export const ALL_RULES = [MULTI_REGION, LOG_VALIDATION, BUCKET_VERSIONING, TRAIL_CHANGE_FILTER, TOPIC_ENCRYPTED, TRAIL_KMS, PARSE_ERROR];

/** A scan with one finding of every kind the reporters must handle. */
export function fullScan(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    root: ROOT,
    files: [...FILES],
    rules: [...ALL_RULES],
    findings: [CFN_MULTI_REGION, TF_TOPIC, CFN_LOG_VALIDATION, TF_MODULE_LOG_VALIDATION, TF_TRAIL_FILTER, CFN_SUPPRESSED, PARSE_ERROR_FINDING],
    undetermined: [KMS_UNDETERMINED],
    diagnostics: [PARSE_ERROR_DIAGNOSTIC, REMOTE_MODULE_DIAGNOSTIC],
    toolVersion: '0.1.0',
    elapsedMs: 84,
    ...overrides,
  };
}

/** A clean repository: everything checked, nothing wrong. */
export function cleanScan(): ScanResult {
  return fullScan({ findings: [], undetermined: [], diagnostics: [], files: ['cfn/trail.yaml', 'terraform/main.tf'] });
}

export const OPTIONS = { color: false, root: ROOT } as const;
