import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonReport, renderJson, type JsonReport } from '../../engine/report/json.js';
import {
  ALL_RULES,
  CFN_MULTI_REGION,
  CFN_SUPPRESSED,
  OPTIONS,
  cleanScan,
  fullScan,
} from './scan-results.js';

const report = JSON.parse(renderJson(fullScan(), OPTIONS)) as JsonReport;

describe('JSON report', () => {
  it('has the documented top-level shape', () => {
    expect(Object.keys(report)).toEqual(['version', 'tool', 'summary', 'findings', 'undetermined', 'diagnostics', 'rules', 'comparison']);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'trailguard', version: '0.1.0' });
  });

  it('summarises active findings per severity and practice, apart from suppressed ones', () => {
    expect(report.summary).toEqual({
      filesScanned: 5,
      elapsedMs: 84,
      findings: 6,
      bySeverity: { critical: 1, high: 3, medium: 1, low: 1 },
      suppressed: 1,
      undetermined: 1,
      diagnostics: { error: 1, warning: 1, note: 0 },
      byPractice: [
        { id: 'P1', title: 'Organization trail across all regions', findings: 1, checks: ['P1.2', 'M1'] },
        { id: 'P3', title: 'Log file integrity validation', findings: 2, checks: ['P3.1', 'M3'] },
        { id: 'P5', title: 'CloudWatch Logs integration with metric filters', findings: 1, checks: ['C4.5'] },
        { id: 'B3', title: 'Monitor changes to CloudTrail itself', findings: 1, checks: ['B3'] },
        { id: 'B5', title: 'Alarms and SNS topics are secured', findings: 1, checks: ['B5.1'] },
      ],
    });
  });

  it('gives each finding its location, resource, catalog and fingerprint, with repository-relative paths', () => {
    const f = report.findings.find((x) => x.ruleId === CFN_MULTI_REGION.ruleId)!;
    expect(f).toEqual({
      ruleId: 'cloudtrail-multi-region',
      severity: 'critical',
      message: 'Trail MyTrail records only its home region',
      location: { file: 'cfn/trail.yaml', start: { line: 12, column: 5 }, end: { line: 12, column: 29 } },
      resource: { address: 'MyTrail', kind: 'trail', nativeType: 'AWS::CloudTrail::Trail', file: 'cfn/trail.yaml' },
      catalog: ['P1.2', 'M1'],
      fingerprint: CFN_MULTI_REGION.fingerprint,
      suppressed: null,
      baselineState: null,
      expiredSuppressions: [],
    });
    for (const x of report.findings) expect(x.location.file).not.toMatch(/^\/|\\/);
    expect(report.findings.map((x) => x.location.file)).toContain('terraform/main.tf'); // given as an absolute path
  });

  it('keeps suppressed findings, marked with their kind and justification', () => {
    const suppressed = report.findings.filter((x) => x.suppressed);
    expect(suppressed.map((x) => x.fingerprint)).toEqual([CFN_SUPPRESSED.fingerprint]);
    expect(suppressed[0]!.suppressed).toEqual({
      kind: 'inSource',
      justification: 'Versioning is managed by the central logging account',
      expires: null,
      location: null,
    });
  });

  it('uses null, not a missing key, for a finding without a resource', () => {
    const parseError = report.findings.find((x) => x.ruleId === 'parse-error')!;
    expect(parseError).toHaveProperty('resource', null);
    expect(Object.keys(parseError)).toEqual(Object.keys(report.findings[1]!));
  });

  it('sorts findings by file, then line', () => {
    const places = report.findings.map((x) => `${x.location.file}:${String(x.location.start.line).padStart(5, '0')}`);
    expect(places).toEqual([...places].sort());
  });

  it('lists undetermined checks and every diagnostic in full', () => {
    expect(report.undetermined).toEqual([
      {
        ruleId: 'cloudtrail-kms-encryption',
        location: { file: 'terraform/main.tf', start: { line: 8, column: 3 }, end: { line: 8, column: 40 } },
        resource: { address: 'aws_cloudtrail.main', kind: 'trail', nativeType: 'aws_cloudtrail', file: 'terraform/main.tf' },
        reason: 'kms_key_id is known only after apply',
      },
    ]);
    expect(report.diagnostics.map((d) => [d.level, d.code, d.file, d.start])).toEqual([
      ['error', 'parse-error', 'broken/bad template.yaml', { line: 3, column: 7 }],
      ['warning', 'remote-module', 'terraform/main.tf', { line: 20, column: 1 }],
    ]);
    const noRange = jsonReport(fullScan({ diagnostics: [{ level: 'note', code: 'n', message: 'm', file: 'x.tf' }] }), OPTIONS);
    expect(noRange.diagnostics[0]).toEqual({ level: 'note', code: 'n', message: 'm', file: 'x.tf', start: null, end: null });
  });

  it('describes every rule that ran', () => {
    expect(report.rules.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    expect(report.rules[0]).toEqual({
      id: 'cloudtrail-multi-region',
      name: 'CloudTrailMultiRegion',
      title: 'Trail records every region',
      description: 'A trail that records only its home region misses API calls made in every other region.',
      severity: 'critical',
      catalog: ['P1.2', 'M1'],
      securityHub: ['CloudTrail.1'],
      cis: ['3.1'],
      tags: ['cloudtrail', 'logging'],
      precision: 'very-high',
    });
    // No placeholder link: the project has no public home yet.
    expect(report.rules[0]).not.toHaveProperty('helpUri');
  });

  it('has the same shape with no findings', () => {
    const clean = jsonReport(cleanScan(), OPTIONS);
    expect(clean.findings).toEqual([]);
    expect(clean.summary.findings).toBe(0);
    expect(clean.summary.byPractice).toEqual([]);
  });

  it('documents every field it emits in engine/report/README.md', () => {
    const readme = readFileSync(new URL('../../engine/report/README.md', import.meta.url), 'utf8');
    const keys = new Set<string>();
    const collect = (value: unknown, parent: string) => {
      if (Array.isArray(value)) return value.forEach((v) => collect(v, parent));
      if (value === null || typeof value !== 'object') return;
      for (const [key, child] of Object.entries(value)) {
        // Count maps are keyed by severity or level: values, not fields.
        if (parent !== 'bySeverity' && parent !== 'summary.diagnostics') keys.add(key);
        collect(child, parent === 'summary' && key === 'diagnostics' ? 'summary.diagnostics' : key);
      }
    };
    collect(report, '');
    const undocumented = [...keys].filter((k) => !readme.includes(`\`${k}\``));
    expect(undocumented).toEqual([]);
  });
});
