import { describe, expect, it } from 'vitest';
import { renderText } from '../../engine/report/text.js';
import { rangeAt } from '../../core/location.js';
import {
  CFN_LOG_VALIDATION,
  KMS_UNDETERMINED,
  OPTIONS,
  PARSE_ERROR_DIAGNOSTIC,
  REMOTE_MODULE_DIAGNOSTIC,
  cleanScan,
  fullScan,
} from './scan-results.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const plain = renderText(fullScan(), OPTIONS);
const lines = plain.split('\n');

/** Index of the line that starts a file's block. */
const header = (file: string) => lines.indexOf(file);

describe('text report', () => {
  it('groups findings under their repository-relative file, files in sorted order', () => {
    const files = ['broken/bad template.yaml', 'cfn/trail.yaml', 'terraform/main.tf', 'terraform/modules/audit/main.tf'];
    const positions = files.map(header);
    for (const p of positions) expect(p).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The absolute input path /work/repo/terraform/main.tf is shown relative, once.
    expect(plain).not.toContain('/work/repo');
  });

  it('puts the most severe finding of a file first, even when it is further down', () => {
    const block = lines.slice(header('cfn/trail.yaml') + 1, header('terraform/main.tf'));
    const findingLines = block.filter((l) => /^ {2}\d/.test(l));
    expect(findingLines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['12:5', '9:3']);
  });

  it('orders findings of the same severity by line', () => {
    const text = renderText(
      fullScan({
        findings: [
          { ...CFN_LOG_VALIDATION, location: rangeAt('cfn/trail.yaml', 40, 1) },
          { ...CFN_LOG_VALIDATION, location: rangeAt('cfn/trail.yaml', 7, 1) },
        ],
      }),
      OPTIONS,
    );
    expect(text.indexOf('  7:1')).toBeLessThan(text.indexOf('  40:1'));
  });

  it('shows each finding on one line with position, severity, rule, message and catalog IDs, then its resource', () => {
    const i = lines.findIndex((l) => l.includes('cloudtrail-multi-region'));
    expect(lines[i]).toMatch(/^ {2}12:5 +CRITICAL +cloudtrail-multi-region +Trail MyTrail records only its home region {2}\[P1\.2 M1\]$/);
    expect(lines[i + 1]).toMatch(/^ +resource: MyTrail \(AWS::CloudTrail::Trail\)$/);
    expect(plain).toContain('resource: module.audit.aws_cloudtrail.this[0] (aws_cloudtrail)');
  });

  it('lines up the columns across files', () => {
    const severityColumn = lines
      .filter((l) => / (CRITICAL|HIGH|MEDIUM|LOW) /.test(l))
      .map((l) => l.search(/CRITICAL|HIGH|MEDIUM|LOW/));
    expect(new Set(severityColumn).size).toBe(1);
  });

  it('does not list suppressed findings but says how many there are', () => {
    expect(plain).not.toContain('TrailBucket');
    expect(plain).toContain('(1 suppressed finding not shown)');
  });

  it('contains no ANSI codes without colour', () => {
    expect(plain).not.toMatch(ANSI);
  });

  it('colours severities with colour on, and reads the same once the colours are removed', () => {
    const coloured = renderText(fullScan(), { ...OPTIONS, color: true });
    expect(coloured).toMatch(/\u001b\[[0-9;]*mCRITICAL\u001b\[/);
    expect(coloured).toMatch(/\u001b\[31mHIGH\u001b\[39m/);
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it('shows input problems with file:line:col, without repeating a parse error already shown as a finding', () => {
    expect(plain).toMatch(/^ {2}terraform\/main\.tf:20:1 +warning +remote-module +Module "network" comes from/m);
    expect(plain.split('bad indentation of a mapping entry').length - 1).toBe(1);
  });

  it('does not repeat a file the engine failed on, reported as a parse-error finding under another code', () => {
    const internal = { ...PARSE_ERROR_DIAGNOSTIC, code: 'internal-error', message: 'trailguard could not process this file' };
    const text = renderText(fullScan({ diagnostics: [internal] }), OPTIONS);
    expect(text).not.toContain('Input problems');
  });

  it('shows a parse error with file:line:col when no finding reports it', () => {
    const text = renderText(fullScan({ findings: [], diagnostics: [PARSE_ERROR_DIAGNOSTIC] }), OPTIONS);
    expect(text).toMatch(/^ {2}broken\/bad template\.yaml:3:7 +error +parse-error +YAML syntax error/m);
  });

  it('summarises counts per severity and findings per practice', () => {
    expect(plain).toContain('6 findings: 1 critical, 3 high, 1 medium, 1 low');
    const practice = (id: string) => lines.find((l) => l.startsWith(`  ${id} `))?.trim().split(/ {2,}/);
    expect(practice('P1')).toEqual(['P1', 'Organization trail across all regions', '1 finding', 'P1.2 M1']);
    // Two trails without log file validation: one in CloudFormation, one in a Terraform module.
    expect(practice('P3')).toEqual(['P3', 'Log file integrity validation', '2 findings', 'P3.1 M3']);
    // CIS metric-filter checks (C4.x) belong to P5.
    expect(practice('P5')).toEqual(['P5', 'CloudWatch Logs integration with metric filters', '1 finding', 'C4.5']);
    expect(practice('B5')).toEqual(['B5', 'Alarms and SNS topics are secured', '1 finding', 'B5.1']);
    expect(practice('P4')).toBeUndefined(); // only the suppressed finding touched P4
  });

  it('counts checks that wait on deployment-time values in one line, listing them only on request', () => {
    expect(lines.at(-2)).toBe(
      '1 check could not be judged before deployment (values known only after deployment, links or modules not in the scan); --show-undetermined lists it.',
    );
    expect(plain).not.toContain(KMS_UNDETERMINED.reason);
    const listed = renderText(fullScan(), { ...OPTIONS, showUndetermined: true });
    expect(listed).toMatch(/^ {2}terraform\/main\.tf:8:3 +cloudtrail-kms-encryption +aws_cloudtrail\.main: kms_key_id is known only after apply$/m);
  });

  it('ends with the number of files scanned and the time taken, then the checks not judged', () => {
    expect(lines.at(-3)).toBe('Scanned 5 files in 84 ms.');
    expect(renderText(fullScan({ elapsedMs: 1520 }), OPTIONS)).toContain('Scanned 5 files in 1.5 s.');
  });

  it('says "No findings." when there are none', () => {
    expect(renderText(cleanScan(), OPTIONS)).toBe('No findings.\nScanned 2 files in 84 ms.\nEvery check could be judged.\n');
  });

  it('never lets "No findings." hide checks that were not judged', () => {
    const text = renderText({ ...cleanScan(), undetermined: [KMS_UNDETERMINED] }, OPTIONS);
    expect(text.trimEnd().split('\n')).toEqual([
      'No findings, but 1 check could not be judged.',
      'Scanned 2 files in 84 ms.',
      '1 check could not be judged before deployment (values known only after deployment, links or modules not in the scan); --show-undetermined lists it.',
    ]);
  });

  it('shows a headline with checks not judged in the warning colour, never the green of a clean pass', () => {
    const coloured = renderText({ ...cleanScan(), undetermined: [KMS_UNDETERMINED, KMS_UNDETERMINED] }, { ...OPTIONS, color: true });
    expect(coloured).toContain('\u001b[33mNo findings, but 2 checks could not be judged.\u001b[39m');
    expect(coloured).not.toContain('\u001b[32m');
    expect(renderText(cleanScan(), { ...OPTIONS, color: true })).toContain('\u001b[32mNo findings.\u001b[39m');
  });

  it('still shows input problems when there are no findings', () => {
    const text = renderText({ ...cleanScan(), diagnostics: [REMOTE_MODULE_DIAGNOSTIC] }, OPTIONS);
    expect(text).toContain('No findings.');
    expect(text).toContain('terraform/main.tf:20:1');
  });
});
