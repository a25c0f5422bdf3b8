import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';
import { parseYamlDocuments } from '../parsers/cloudformation/yaml-template.js';

/**
 * The peers' own test cases (test/fixtures/corpus, see SOURCE.md there), run
 * through trailguard: where a peer check and one of our rules judge the same
 * thing, our outcome must match the peer's expected outcome, except for the
 * cases listed in DELIBERATE_DIFFERENCES, each with the reason.
 */

const corpus = join(import.meta.dirname, 'fixtures/corpus');
const rules = builtinRules();
const work = mkdtempSync(join(tmpdir(), 'trailguard-corpus-'));

/** Trivy check file → our rule. */
const TRIVY: Record<string, string> = {
  'cloudtrail/enable_all_regions.yaml': 'cloudtrail-multi-region',
  'cloudtrail/enable_log_validation.yaml': 'cloudtrail-log-file-validation',
  'cloudtrail/encryption_customer_key.yaml': 'cloudtrail-kms-encryption',
  'cloudtrail/ensure_cloudwatch_integration.yaml': 'cloudtrail-cloudwatch-logs',
  'cloudtrail/no_public_log_access.yaml': 'cloudtrail-bucket-acl-not-public',
  'cloudtrail/require_bucket_access_logging.yaml': 'cloudtrail-bucket-access-logging',
};

/** cfn-guard registry rule → our rule. */
const GUARD: Record<string, { file: string; rule: string }> = {
  MULTI_REGION_CLOUD_TRAIL_ENABLED: { file: 'cloudtrail/tests/multi_region_cloud_trail_enabled_tests.yml', rule: 'cloudtrail-multi-region' },
  CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED: { file: 'cloudtrail/tests/cloud_trail_log_file_validation_enabled_tests.yml', rule: 'cloudtrail-log-file-validation' },
  CLOUD_TRAIL_ENCRYPTION_ENABLED: { file: 'cloudtrail/tests/cloud_trail_encryption_enabled_tests.yml', rule: 'cloudtrail-kms-encryption' },
  CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED: { file: 'cloudtrail/tests/cloud_trail_cloud_watch_logs_enabled_tests.yml', rule: 'cloudtrail-cloudwatch-logs' },
  CLOUD_TRAIL_ENABLED: { file: 'cloudtrail/tests/cloud_trail_enabled_tests.yml', rule: 'cloudtrail-logging-enabled' },
  CLOUDTRAIL_S3_DATAEVENTS_ENABLED: { file: 'cloudtrail/tests/cloudtrail_s3_dataevents_enabled_tests.yml', rule: 'cloudtrail-data-events-s3' },
};

/** Cases where our outcome differs from the peer's on purpose: case name → why. */
const DELIBERATE_DIFFERENCES: Record<string, string> = {
  'cloudtrail/encryption_customer_key.yaml good #1':
    "The 'good' template spells the property KmsKeyId; CloudFormation's property is KMSKeyId and property names are case-sensitive, so CloudFormation rejects KmsKeyId and the trail as written names no key. trailguard reports the missing key and warns about the unknown property (did you mean KMSKeyId?).",
  'cloudtrail/ensure_cloudwatch_integration.yaml good #1':
    'Only CloudWatchLogsLogGroupArn is set. Catalog check P5.1 requires the log group ARN and the delivery role (CloudWatchLogsRoleArn) both: CloudTrail cannot write to the group without the role.',
  'cloudtrail/ensure_cloudwatch_integration.yaml terraform good #1':
    'Only cloud_watch_logs_group_arn is set. Catalog check P5.1 requires the log group ARN and the delivery role (cloud_watch_logs_role_arn) both: CloudTrail cannot write to the group without the role.',
  'CloudTrail Trail CloudWatchLogsGroupArn set, PASS':
    'Only CloudWatchLogsLogGroupArn is set. Catalog check P5.1 requires the log group ARN and the delivery role (CloudWatchLogsRoleArn) both: CloudTrail cannot write to the group without the role.',
  'CloudTrail Trail IsLogging property missing, FAIL':
    'IsLogging is a required property of AWS::CloudTrail::Trail: CloudFormation rejects the template, so the trail is never deployed with logging off. trailguard does not report a violation the template does not show; it reports the check as undetermined (cfn-lint reports the missing required property).',
};

function scanTemplate(name: string, body: string, ext: string): { ruleIds: string[]; errors: string[] } {
  const dir = join(work, name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `template${ext}`);
  writeFileSync(file, body);
  const r = scan({ paths: [file], rules, root: work, toolVersion: 'test' });
  return {
    ruleIds: r.findings.filter((f) => !f.suppressed).map((f) => f.ruleId),
    errors: r.diagnostics.filter((d) => d.level === 'error').map((d) => d.message),
  };
}

describe('Trivy CloudFormation examples', () => {
  for (const [file, rule] of Object.entries(TRIVY)) {
    const spec = parseYaml(readFileSync(join(corpus, 'trivy-checks', file), 'utf8')) as { cloudformation: { good: string[]; bad: string[] } };
    spec.cloudformation.good.forEach((text, i) => {
      const name = `${file} good #${i + 1}`;
      it(`${name}: no ${rule}`, () => {
        const r = scanTemplate(`trivy-${file}-good-${i}`, text, '.yaml');
        expect(r.errors).toEqual([]);
        if (DELIBERATE_DIFFERENCES[name]) expect(r.ruleIds, 'listed as a deliberate difference, so it must differ').toContain(rule);
        else expect(r.ruleIds).not.toContain(rule);
      });
    });
    spec.cloudformation.bad.forEach((text, i) => {
      it(`${file} bad #${i + 1}: ${rule}`, () => {
        const r = scanTemplate(`trivy-${file}-bad-${i}`, text, '.yaml');
        expect(r.errors).toEqual([]);
        expect(r.ruleIds).toContain(rule);
      });
    });
  }
});

it('every deliberate difference names a case that exists', () => {
  const names = new Set<string>();
  for (const file of Object.keys(TRIVY)) {
    const spec = parseYaml(readFileSync(join(corpus, 'trivy-checks', file), 'utf8')) as { cloudformation: { good: string[] } };
    spec.cloudformation.good.forEach((_, i) => names.add(`${file} good #${i + 1}`));
    const tf = parseYaml(readFileSync(join(corpus, 'trivy-checks', file), 'utf8')) as { terraform?: { good: string[] } };
    tf.terraform?.good.forEach((_, i) => names.add(`${file} terraform good #${i + 1}`));
  }
  for (const { file } of Object.values(GUARD)) {
    const docs = parseYamlDocuments(readFileSync(join(corpus, 'guard-rules-registry', file), 'utf8'), file);
    for (const c of docs[0]!.value as { name: string }[]) names.add(c.name);
  }
  for (const k of Object.keys(DELIBERATE_DIFFERENCES)) expect(names, k).toContain(k);
});

describe('Trivy Terraform examples', () => {
  for (const [file, rule] of Object.entries(TRIVY)) {
    const spec = parseYaml(readFileSync(join(corpus, 'trivy-checks', file), 'utf8')) as { terraform?: { good: string[]; bad: string[] } };
    if (!spec.terraform) continue;
    spec.terraform.good.forEach((text, i) => {
      const name = `${file} terraform good #${i + 1}`;
      it(`${name}: no ${rule}`, () => {
        const r = scanTemplate(`trivy-tf-${file}-good-${i}`, text, '.tf');
        expect(r.errors).toEqual([]);
        if (DELIBERATE_DIFFERENCES[name]) expect(r.ruleIds, 'listed as a deliberate difference, so it must differ').toContain(rule);
        else expect(r.ruleIds).not.toContain(rule);
      });
    });
    spec.terraform.bad.forEach((text, i) => {
      it(`${file} terraform bad #${i + 1}: ${rule}`, () => {
        const r = scanTemplate(`trivy-tf-${file}-bad-${i}`, text, '.tf');
        expect(r.errors).toEqual([]);
        expect(r.ruleIds).toContain(rule);
      });
    });
  }
});

describe('cfn-guard rules registry tests', () => {
  for (const [guardRule, { file, rule }] of Object.entries(GUARD)) {
    const docs = parseYamlDocuments(readFileSync(join(corpus, 'guard-rules-registry', file), 'utf8'), file);
    const cases = docs[0]!.value as { name: string; input: unknown; expectations: { rules: Record<string, 'PASS' | 'FAIL' | 'SKIP'> } }[];
    for (const c of cases) {
      const expected = c.expectations.rules[guardRule];
      it(`${guardRule}: ${c.name}`, () => {
        // Inputs are written inline in the test file; the JSON twin keeps the long-form intrinsics.
        const r = scanTemplate(`guard-${guardRule}-${c.name}`, JSON.stringify(c.input ?? {}, null, 2), '.json');
        expect(r.errors).toEqual([]);
        const fails = r.ruleIds.includes(rule);
        const differs = fails !== (expected === 'FAIL');
        if (DELIBERATE_DIFFERENCES[c.name]) expect(differs, 'listed as a deliberate difference, so it must differ').toBe(true);
        else expect(fails, `guard expects ${expected}`).toBe(expected === 'FAIL');
      });
    }
  }
});
