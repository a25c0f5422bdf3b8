import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../../engine/builtin-rules.js';
import { applyConfig } from '../../engine/config.js';
import { scan } from '../../engine/scan.js';
import { s3UrisIn } from '../../engine/analysis/governance.js';
import { classifyStandardsArn } from '../../engine/semantics/security-hub-standards.js';
import { Unknown } from '../../core/unknown.js';

const rules = builtinRules();
const repo = join(rulesDir(), '..');
const GOVERNANCE = [
  'securityhub-foundational-best-practices',
  'securityhub-cis-standard',
  'athena-cloudtrail-table',
  'config-cloudtrail-managed-rules',
  'config-cloudtrail-auto-remediation',
  'config-recorder-all-resources',
  'config-recorder-enabled-with-channel',
];

function scanCase(rule: string, name: string) {
  return scan({ paths: [join(rulesDir(), rule, 'cases', name)], rules, root: repo, toolVersion: 'test' });
}

function scanText(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tg-gov-'));
  writeFileSync(join(dir, name), text);
  return scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
}

describe('Security Hub standards ARNs (DescribeStandards forms)', () => {
  const cases: [string, unknown, string | null][] = [
    ['CIS 1.2.0 ruleset', 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0', 'cis'],
    ['CIS 1.4.0 regional', 'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0', 'cis'],
    ['CIS 3.0.0 China partition', 'arn:aws-cn:securityhub:cn-north-1::standards/cis-aws-foundations-benchmark/v/3.0.0', 'cis'],
    ['FSBP GovCloud', 'arn:aws-us-gov:securityhub:us-gov-west-1::standards/aws-foundational-security-best-practices/v/1.0.0', 'fsbp'],
    ['PCI DSS', 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1', 'other'],
    ['misspelt standard', 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practice/v/1.0.0', 'other'],
    ['not an ARN', 'cis-aws-foundations-benchmark', 'other'],
    [
      '!Sub with partition and region',
      new Unknown('Fn::Sub', [], true).withTemplate('arn:${AWS::Partition}:securityhub:${AWS::Region}::standards/aws-foundational-security-best-practices/v/1.0.0'),
      'fsbp',
    ],
    ['standard name unknown', new Unknown('Fn::Sub', [], true).withTemplate('arn:aws:securityhub:${AWS::Region}::standards/${Standard}/v/1.0.0'), null],
    ['no template at all', new Unknown('parameter without default'), null],
  ];
  it.each(cases)('%s', (_, arn, want) => {
    const got = classifyStandardsArn(arn);
    if (want === null) expect(got).toBeInstanceOf(Unknown);
    else expect(got).toMatchObject({ standard: want });
  });
});

describe('S3 locations in an Athena query', () => {
  it('finds each location up to its quote, linearly on long input', () => {
    expect(s3UrisIn("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/AWSLogs/' TBLPROPERTIES ('storage.location.template'='s3://b/AWSLogs/${region}')")).toEqual([
      's3://b/AWSLogs/',
      's3://b/AWSLogs/${region}',
    ]);
    const hostile = 's3://'.repeat(50_000);
    const started = performance.now();
    expect(s3UrisIn(hostile).length).toBeLessThanOrEqual(100);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('governance scope checks', () => {
  it('P12.1 names every missing managed rule in one finding on the trail', () => {
    const res = scanCase('config-cloudtrail-managed-rules', 'fail.cfn.yaml');
    const f = res.findings.filter((x) => x.ruleId === 'config-cloudtrail-managed-rules');
    expect(f).toHaveLength(1);
    expect(f[0]!.resource?.address).toBe('Trail');
    expect(f[0]!.message).toContain('managed rules CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED, S3_BUCKET_PUBLIC_READ_PROHIBITED:');
    expect(f[0]!.message).not.toContain('CLOUD_TRAIL_ENABLED,');
  });

  it('P12.1 in Terraform names the one rule for_each leaves out', () => {
    const res = scanCase('config-cloudtrail-managed-rules', 'fail.tf');
    const f = res.findings.filter((x) => x.ruleId === 'config-cloudtrail-managed-rules');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('managed rules S3_BUCKET_PUBLIC_READ_PROHIBITED:');
  });

  it('a conformance pack template in S3 leaves the managed rules undetermined, with the reason', () => {
    const res = scanCase('config-cloudtrail-managed-rules', 'pass-template-in-s3.cfn.yaml');
    const u = res.undetermined.filter((x) => x.ruleId === 'config-cloudtrail-managed-rules');
    expect(u).toHaveLength(5);
    expect(u[0]!.reason).toContain('TemplateS3Uri');
  });

  it('a standards ARN or table location from a variable without default is undetermined, not a finding', () => {
    for (const [rule, name] of [
      ['securityhub-foundational-best-practices', 'pass-arn-from-variable.tf'],
      ['athena-cloudtrail-table', 'pass-location-from-variable.tf'],
    ] as const) {
      const res = scanCase(rule, name);
      expect(res.findings.filter((x) => x.ruleId === rule)).toEqual([]);
      expect(res.undetermined.some((x) => x.ruleId === rule), `${rule} undetermined`).toBe(true);
    }
  });

  it('the remediation of a rule not in the scan is undetermined', () => {
    const res = scanCase('config-cloudtrail-auto-remediation', 'pass-rule-elsewhere.cfn.yaml');
    const u = res.undetermined.filter((x) => x.ruleId === 'config-cloudtrail-auto-remediation');
    expect(u.map((x) => x.reason).join()).toContain("rule 'cloudtrail-enabled' is not part of the scan");
  });

  it('messages say what was looked for and what the scan holds', () => {
    const res = scanCase('config-recorder-enabled-with-channel', 'fail.cfn.yaml');
    const f = res.findings.find((x) => x.ruleId === 'config-recorder-enabled-with-channel');
    expect(f?.message).toContain('recorders in the scan: Recorder; delivery channels: none');
  });

  it('scopeChecks: false turns every governance check off', () => {
    const kept = applyConfig(rules, { rules: {}, scopeChecks: false, policies: [] }).map((r) => r.spec.id);
    for (const id of GOVERNANCE) expect(kept).not.toContain(id);
  });

  it('a scan with no trail is silent even with nothing of Security Hub, Athena or Config', () => {
    const res = scanText('bucket.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
    expect(res.findings.filter((f) => GOVERNANCE.includes(f.ruleId))).toEqual([]);
  });

  it('hostile names and identifiers are plain data', () => {
    const res = scanText(
      'hostile.yaml',
      [
        'Resources:',
        '  Trail:',
        '    Type: AWS::CloudTrail::Trail',
        '    Properties: { IsLogging: true, S3BucketName: __proto__ }',
        '  R:',
        '    Type: AWS::Config::ConfigRule',
        '    Properties: { ConfigRuleName: constructor, Source: { Owner: AWS, SourceIdentifier: __proto__ } }',
        '  Rem:',
        '    Type: AWS::Config::RemediationConfiguration',
        '    Properties: { ConfigRuleName: hasOwnProperty, TargetId: AWSConfigRemediation-EnableCloudTrail, Automatic: true }',
        '  Pack:',
        '    Type: AWS::Config::ConformancePack',
        '    Properties: { TemplateBody: "{{{ not a template" }',
        '  Table:',
        '    Type: AWS::Glue::Table',
        '    Properties: { TableInput: { StorageDescriptor: { Location: "s3://__proto__/AWSLogs/" } } }',
        '',
      ].join('\n'),
    );
    // A pack body that is not a template cannot say which rules it holds: undetermined, with a warning.
    expect(res.undetermined.some((u) => u.ruleId === 'config-cloudtrail-managed-rules')).toBe(true);
    expect(res.diagnostics.some((d) => d.code === 'conformance-pack-template' || d.level === 'warning')).toBe(true);
    // The table reads the bucket the trail names, whatever that name is.
    expect(res.findings.some((f) => f.ruleId === 'athena-cloudtrail-table')).toBe(false);
  });
});

describe('Athena tables by reference in Terraform sources', () => {
  const tf = (target: string) => `
resource "aws_s3_bucket" "trail" {
  bucket_prefix = "org-trail-"
}
resource "aws_s3_bucket" "other" {
  bucket_prefix = "other-"
}
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
resource "aws_glue_catalog_table" "t" {
  name          = "cloudtrail_logs"
  database_name = "audit"
  storage_descriptor {
    location = "s3://\${${target}}/AWSLogs/"
  }
}
`;
  it('a location naming the trail bucket resource (name known only at apply) reads the trail logs', () => {
    const res = scanText('main.tf', tf('aws_s3_bucket.trail.id'));
    expect(res.findings.filter((f) => f.ruleId === 'athena-cloudtrail-table')).toEqual([]);
    expect(res.undetermined.filter((u) => u.ruleId === 'athena-cloudtrail-table')).toEqual([]);
  });
  it('a location naming another bucket resource does not', () => {
    const res = scanText('main.tf', tf('aws_s3_bucket.other.id'));
    expect(res.findings.filter((f) => f.ruleId === 'athena-cloudtrail-table').map((f) => f.location.start.line)).toEqual([8]);
  });
});
