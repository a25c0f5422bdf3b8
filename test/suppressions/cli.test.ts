// Suppressions as a user meets them: the built command line in a throwaway repository
// whose `.trailguard.yaml` suppresses findings of a template, with "today" fixed by
// TRAILGUARD_TODAY (for tests only).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { sarifProblems } from '../report/sarif-validator.js';

const cli = join(import.meta.dirname, '../../bin/trailguard.js');
let repo: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'trailguard-suppressions-'));
  cpSync(join(import.meta.dirname, '../fixtures/suppressions/config'), repo, { recursive: true });
});

function run(args: string[], today = '2026-12-07'): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: '1', TRAILGUARD_TODAY: today };
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scan with expiring suppressions', () => {
  it('text: the expired suppression no longer hides its finding, and the report says which expired where', () => {
    const r = run(['scan', '--report-unused-suppressions']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('cloudtrail-log-file-validation') && l.includes('log file validation disabled'));
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at + 1, at + 3).join('\n')).toContain(
      'suppression expired 2026-11-30 (.trailguard.yaml:7, cloudtrail-log-file-validation): validation comes with the new bucket',
    );
    // The suppressions themselves, under the configuration file.
    const config = lines.indexOf('.trailguard.yaml');
    expect(config).toBeGreaterThan(-1);
    const block = lines.slice(config + 1, config + 4).join('\n');
    expect(block).toMatch(/11:5 +LOW +suppression-without-reason +This suppression of 'cloudtrail-global-service-events' gives no reason/);
    expect(block).toMatch(/16:14 +LOW +suppression-invalid +The expiry 'tomorrow'/);
    expect(block).toMatch(/17:5 +LOW +suppression-unused +This suppression of 'cloudtrail-logging-enabled' matches no finding/);
    expect(r.stdout).toContain('(2 suppressed findings not shown)');
  });

  it('before the expiry the same suppression still hides the finding', () => {
    const r = run(['scan'], '2026-11-30');
    expect(r.stdout).not.toContain('log file validation disabled');
    expect(r.stdout).toContain('(3 suppressed findings not shown)');
  });

  it('JSON: suppressed findings carry reason, expiry and place; the expired one is listed on its finding', () => {
    const out = JSON.parse(run(['scan', '--format', 'json']).stdout) as {
      findings: { ruleId: string; suppressed: unknown; expiredSuppressions: unknown[]; location: { file: string } }[];
      summary: { suppressed: number };
    };
    const of = (id: string) => out.findings.find((f) => f.ruleId === id && f.location.file === 'templates/sandbox-trail.yaml')!;
    expect(of('cloudtrail-multi-region').suppressed).toEqual({
      kind: 'external',
      justification: 'regional sandbox; the organization trail covers every region',
      expires: '2027-03-31',
      location: { file: '.trailguard.yaml', start: { line: 3, column: 5 }, end: expect.anything() },
    });
    expect(of('cloudtrail-log-file-validation').suppressed).toBeNull();
    expect(of('cloudtrail-log-file-validation').expiredSuppressions).toEqual([
      {
        ruleId: 'cloudtrail-log-file-validation',
        expires: '2026-11-30',
        location: { file: '.trailguard.yaml', start: { line: 7, column: 5 }, end: expect.anything() },
        reason: 'validation comes with the new bucket',
      },
    ]);
    expect(out.summary.suppressed).toBe(2);
  });

  it('SARIF: suppressions[] with justification, location and expiry; the expired one named in the message and a property bag; valid for GitHub', () => {
    const text = run(['scan', '--format', 'sarif', '--report-unused-suppressions']).stdout;
    const log = JSON.parse(text) as Log;
    const results = log.runs[0]!.results!;
    const of = (id: string): Result => results.find((x) => x.ruleId === id && x.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'templates/sandbox-trail.yaml')!;
    expect(of('cloudtrail-multi-region').suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'regional sandbox; the organization trail covers every region',
        location: { physicalLocation: expect.objectContaining({ artifactLocation: expect.objectContaining({ uri: '.trailguard.yaml' }), region: expect.objectContaining({ startLine: 3 }) }) },
        properties: { expires: '2027-03-31' },
      },
    ]);
    const expired = of('cloudtrail-log-file-validation');
    expect(expired.suppressions).toBeUndefined();
    expect(expired.message.text).toContain('(Reported again: the suppression at .trailguard.yaml:7 expired 2026-11-30.)');
    expect(expired.properties?.['expiredSuppressions']).toEqual([
      expect.objectContaining({ ruleId: 'cloudtrail-log-file-validation', expires: '2026-11-30', reason: 'validation comes with the new bucket' }),
    ]);
    const problems = results.filter((x) => x.ruleId?.startsWith('suppression-')).map((x) => [x.ruleId, x.locations?.[0]?.physicalLocation?.region?.startLine]);
    expect(problems.sort()).toEqual([
      ['suppression-invalid', 16],
      ['suppression-unused', 17],
      ['suppression-without-reason', 11],
    ]);
    expect(log.runs[0]!.tool.driver.rules!.map((r) => r.id)).toEqual(expect.arrayContaining(['suppression-invalid', 'suppression-unused', 'suppression-without-reason']));
    expect(sarifProblems(text)).toEqual([]);
  }, 120_000); // the SARIF multitool is a self-contained .NET binary: slow to start on a loaded machine

  it('Markdown: lists the expired suppression under the findings', () => {
    const md = run(['scan', '--format', 'markdown']).stdout;
    expect(md).toContain('#### Expired suppressions');
    expect(md).toContain('- `.trailguard.yaml:7` `cloudtrail-log-file-validation` expired 2026-11-30: `cloudtrail-log-file-validation` is reported again (validation comes with the new bucket)');
  });

  it('a configuration named with --config outside the repository is not quoted, even for an unreadable expiry', () => {
    const outside = mkdtempSync(join(tmpdir(), 'trailguard-outside-'));
    const file = join(outside, 'config.yaml');
    writeFileSync(file, 'suppressions:\n  - rule: cloudtrail-insights\n    reason: x\n    expires: s3cr3t-value\n');
    const r = run(['scan', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('s3cr3t');
    expect(r.stderr).toContain('its content is not shown');
  });

  it('refuses a malformed TRAILGUARD_TODAY with exit status 2', () => {
    const r = run(['scan'], '2026-13-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('trailguard: TRAILGUARD_TODAY must be a date written YYYY-MM-DD (it is for tests only)\n');
  });

  it('documents the suppression forms in scan --help', () => {
    const r = run(['scan', '--help']);
    expect(r.stdout).toContain('--report-unused-suppressions');
    expect(r.stdout).toContain('# trailguard:ignore RULE[,RULE] expires=2027-03-31 reason...');
    expect(r.stdout).toContain('expires: 2027-03-31');
  });
});
