// Budgets instead of crashes (issue 11): input that once killed the whole run
// (stack overflow, "Invalid string length", out of memory) now costs a note
// or a warning at its place, the resource is checked as written, and every
// other file's findings are intact. No assertion here is about time: the
// point is that each case finishes with a report (vitest's timeout is the
// only clock), and `npm run bench` measures speed.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INSTANCES_IN_FULL } from '../parsers/terraform/config/index.js';
import { MAX_YAML_TEMPLATE_BYTES } from '../parsers/cloudformation/index.js';
import { MAX_TOTAL_STRING_CHARS } from '../parsers/terraform/hcl/string-budget.js';
import { renderText } from '../engine/report/text.js';
import { rangeAt } from '../core/location.js';
import { CFN_LOG_VALIDATION, fullScan, OPTIONS } from './report/scan-results.js';
import { describeDiagnostics, load } from './terraform-config/helpers.js';

const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'bin/trailguard.js');

interface JsonReport {
  findings: { ruleId: string; location: { file: string; start: { line: number } } }[];
  diagnostics: { level: string; code: string; file: string; message: string }[];
}

function scanJson(dir: string, extra: string[] = []): { code: number | null; report?: JsonReport; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'scan', '.', '--root', '.', '--format', 'json', ...extra], { cwd: dir, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stderr: r.stderr, ...(r.status === 0 || r.status === 1 ? { report: JSON.parse(r.stdout) as JsonReport } : {}) };
}

/** A trail with logging off in a file of its own: its finding must survive whatever else is scanned. */
const COMPANION = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  CompanionTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: companion-logs
      IsLogging: false
`;

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-budget-'));
  for (const [path, text] of Object.entries({ 'companion.yaml': COMPANION, ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function companionIntact(report: JsonReport | undefined): void {
  expect(report?.findings.some((f) => f.ruleId === 'cloudtrail-logging-enabled' && f.location.file === 'companion.yaml')).toBe(true);
}

describe('CloudFormation conditions', () => {
  /** C0 true, each next one the negation of the previous: C(n) holds when n is even. */
  function chain(n: number, order: 'forward' | 'backward'): string {
    const defs = ['  C0: !Equals [!Ref P, a]'];
    for (let i = 1; i < n; i++) defs.push(`  C${i}: !Not [{ Condition: C${i - 1} }]`);
    if (order === 'backward') defs.reverse();
    return [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  P: { Type: String, Default: a }',
      'Conditions:',
      ...defs,
      'Resources:',
      '  Created:',
      '    Type: AWS::CloudTrail::Trail',
      `    Condition: C${n - 2}`,
      '    Properties: { S3BucketName: b, IsLogging: false }',
      '  NotCreated:',
      '    Type: AWS::CloudTrail::Trail',
      `    Condition: C${n - 1}`,
      '    Properties: { S3BucketName: b, IsLogging: false }',
      '',
    ].join('\n');
  }

  it('decides a chain of 600 conditions written in order (no stack overflow)', () => {
    const { code, report } = scanJson(workdir({ 'chain.yaml': chain(600, 'forward') }));
    expect(code).toBe(1);
    const onChain = report!.findings.filter((f) => f.location.file === 'chain.yaml' && f.ruleId === 'cloudtrail-logging-enabled');
    // C598 holds (even), C599 does not: only the first trail is created.
    expect(onChain.map((f) => f.location.start.line)).toEqual([609]);
    expect(report!.findings.some((f) => f.ruleId === 'parse-error')).toBe(false);
    companionIntact(report);
  });

  it('takes a chain written backwards as undecided past its limit, with a note, and checks both trails as written', () => {
    const { code, report } = scanJson(workdir({ 'chain.yaml': chain(600, 'backward') }));
    expect(code).toBe(1);
    const onChain = report!.findings.filter((f) => f.location.file === 'chain.yaml' && f.ruleId === 'cloudtrail-logging-enabled');
    expect(onChain).toHaveLength(2);
    expect(report!.diagnostics.filter((d) => d.code === 'condition-chain-too-long')).toHaveLength(1);
    companionIntact(report);
  });
});

describe('custom rules', () => {
  it('rejects a rule nested 300 deep with the file and field, exit 2, no internal error', () => {
    let assert = '{ property: logging, equals: true }';
    for (let i = 0; i < 300; i++) assert = `{ not: ${assert} }`;
    const dir = workdir({
      'rules/deep/rule.yaml': `id: deep-not\ntitle: deep\nseverity: low\ncatalog: [P1.3]\nresource: trail\nassert: ${assert}\ndescription: x\nmessage: x\nhelp: x\nremediation: { terraform: x, cloudformation: x }\n`,
    });
    const r = spawnSync(process.execPath, [cli, 'scan', 'companion.yaml', '--rules', 'rules'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/rules\/deep\/rule\.yaml:6: field 'assert(\.not)+': nests more than 64 levels deep/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('Terraform expansion', () => {
  const trail = 'resource "aws_cloudtrail" "t" {\n  count          = 200\n  name           = "t"\n  s3_bucket_name = "b"\n}\n';

  it('checks blocks once as written past the instance budget (module count 200 × resource count 200)', () => {
    const result = load({ 'main.tf': 'module "x" {\n  count  = 200\n  source = "./m"\n}\n', 'm/main.tf': trail });
    // Within the budget every instance; then the block once more at most.
    expect(result.resources.length).toBeLessThanOrEqual(MAX_INSTANCES_IN_FULL);
    expect(result.resources.length).toBeGreaterThan(MAX_INSTANCES_IN_FULL / 2);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      `warning too-many-instances m/main.tf:1: The configuration expands to more than ${MAX_INSTANCES_IN_FULL} module and resource instances; from here on each resource block is checked once as written and each module call in its first instance`,
    ]);
  });

  it('follows modules nested 17 deep, each called twice, in linear time past the budget', () => {
    const files: Record<string, string> = { 'main.tf': 'module "root" {\n  source = "./m0"\n}\n' };
    for (let i = 0; i < 17; i++) {
      files[`m${i}/main.tf`] =
        i < 16
          ? `module "a" {\n  source = "../m${i + 1}"\n}\nmodule "b" {\n  source = "../m${i + 1}"\n}\nresource "aws_s3_bucket" "b${i}" {\n  bucket = "b${i}"\n}\n`
          : 'resource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = "b"\n}\n';
    }
    const result = load(files);
    expect(result.resources.length).toBeLessThanOrEqual(MAX_INSTANCES_IN_FULL);
    // Every block is checked at least once, the deepest trail included.
    for (let i = 0; i < 16; i++) expect(result.resources.some((r) => r.type === 'aws_s3_bucket' && r.name === `b${i}`)).toBe(true);
    expect(result.resources.some((r) => r.type === 'aws_cloudtrail')).toBe(true);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['too-many-instances']);
  });

  it('makes values unknown, with a warning, once the configuration has built too much text', () => {
    // Each l<i> is just under 1,000,000 characters (the largest one value may be); enough of them exceed the total.
    const count = Math.ceil(MAX_TOTAL_STRING_CHARS / 1_000_000) + 3;
    // b10 doubles a 976-character literal ten times (999,424 characters); each l<i> builds a new copy of it.
    const doubling = Array.from({ length: 10 }, (_, i) => `  b${i + 1} = "\${local.b${i}}\${local.b${i}}"`).join('\n');
    const copies = Array.from({ length: count }, (_, i) => `  l${i} = "\${local.b10}${i}"`).join('\n');
    const locals = `  b0 = "${'x'.repeat(976)}"\n${doubling}\n${copies}`;
    const uses = Array.from({ length: count }, (_, i) => `    k${i} = length(local.l${i})`).join('\n');
    const result = load({ 'main.tf': `locals {\n${locals}\n}\nresource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = "b"\n  tags = {\n${uses}\n  }\n}\n` });
    expect(result.resources).toHaveLength(1);
    const warnings = result.diagnostics.filter((d) => /builds more than \d+ characters of strings/.test(d.message));
    // The doublings count too: the last few copies (3 over the budget, plus the doublings' share) are refused.
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    expect(warnings.length).toBeLessThanOrEqual(6);
    const tags = result.resources[0]!.values['tags'] as Record<string, unknown>;
    const unknown = Object.values(tags).filter((v) => typeof v !== 'number');
    expect(unknown).toHaveLength(warnings.length);
  });
});

describe('reports of any size', () => {
  it('renders 300,000 findings as text without exhausting the stack', () => {
    const findings = Array.from({ length: 300_000 }, (_, i) => ({ ...CFN_LOG_VALIDATION, location: rangeAt(`f${i % 1000}.yaml`, 1 + (i % 5000), 1) }));
    const text = renderText(fullScan({ findings }), OPTIONS);
    expect(text).toContain('300000 findings');
  });
});

describe('YAML at scale', () => {
  // Past MAX_YAML_TEMPLATE_BYTES the `yaml` library would take minutes and gigabytes (bench/README.md).
  const trail = (i: number) => `  Trail${i}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs-${i}\n      IsLogging: true\n`;
  const big = (bytes: number) => {
    const parts = ['AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'];
    let size = parts[0]!.length;
    for (let i = 0; size <= bytes; i++) {
      parts.push(trail(i));
      size += parts[parts.length - 1]!.length;
    }
    return parts.join('');
  };

  it('reports a YAML template over the limit as a parse-error naming the file and the limit; the other files are scanned', () => {
    const dir = workdir({ 'huge.yaml': big(MAX_YAML_TEMPLATE_BYTES + 1) });
    const { code, report } = scanJson(dir);
    expect(code).toBe(1);
    companionIntact(report);
    const refused = report!.findings.filter((f) => f.location.file === 'huge.yaml');
    expect(refused.map((f) => f.ruleId)).toEqual(['parse-error']);
    expect(report!.diagnostics.find((d) => d.file === 'huge.yaml')).toMatchObject({ level: 'error', code: 'yaml-too-large' });
    expect(report!.diagnostics.find((d) => d.file === 'huge.yaml')!.message).toMatch(/over the limit of 4 MiB/);
  });

  it('skips a large YAML file that is not a template quietly, as any other unrelated YAML', () => {
    const dir = workdir({ 'data.yaml': `items:\n${'  - { name: item, value: 12345678 }\n'.repeat(140_000)}` });
    const { report } = scanJson(dir);
    companionIntact(report);
    expect(report!.findings.filter((f) => f.location.file === 'data.yaml')).toEqual([]);
    expect(report!.diagnostics.filter((d) => d.file === 'data.yaml')).toEqual([]);
  });
});
