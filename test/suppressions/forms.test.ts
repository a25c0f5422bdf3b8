// Suppressions with a reason and an end, in every form trailguard reads:
// CloudFormation Metadata (YAML and JSON), `.tf` comments and `.trailguard.yaml`.
// Each fixture (test/fixtures/suppressions/README.md) suppresses the same five
// rules on a sandbox trail: valid, expired, without a reason, with a date
// that does not exist, and one that matches no finding.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import { applyConfig, loadConfig } from '../../engine/config.js';
import type { Finding } from '../../engine/findings.js';
import { scan, type ScanSuppressionOptions } from '../../engine/scan.js';

const fixtures = join(import.meta.dirname, '../fixtures/suppressions');
const TODAY = '2026-12-07';

interface Form {
  name: string;
  dir: string;
  /** The scanned file the findings are in, and the file the suppressions are written in. */
  file: string;
  suppressionFile: string;
  /** Lines: each suppression, and the expiry of the one with an impossible date. */
  lines: { valid: number; expired: number; noReason: number; badDate: number; unused: number };
  kind: 'inSource' | 'external';
}

const FORMS: Form[] = [
  {
    name: 'CloudFormation YAML Metadata',
    dir: 'cloudformation-yaml',
    file: 'sandbox-trail.yaml',
    suppressionFile: 'sandbox-trail.yaml',
    lines: { valid: 9, expired: 12, noReason: 15, badDate: 18, unused: 19 },
    kind: 'inSource',
  },
  {
    name: 'CloudFormation JSON Metadata',
    dir: 'cloudformation-json',
    file: 'sandbox-trail.json',
    suppressionFile: 'sandbox-trail.json',
    lines: { valid: 10, expired: 11, noReason: 12, badDate: 13, unused: 14 },
    kind: 'inSource',
  },
  {
    name: '.tf comments',
    dir: 'terraform',
    file: 'main.tf',
    suppressionFile: 'main.tf',
    lines: { valid: 3, expired: 4, noReason: 5, badDate: 14, unused: 15 },
    kind: 'inSource',
  },
  {
    name: '.trailguard.yaml',
    dir: 'config',
    file: 'templates/sandbox-trail.yaml',
    suppressionFile: '.trailguard.yaml',
    lines: { valid: 3, expired: 7, noReason: 11, badDate: 16, unused: 17 },
    kind: 'external',
  },
];

function run(form: Form, options: ScanSuppressionOptions = {}): Finding[] {
  const root = join(fixtures, form.dir);
  const config = form.dir === 'config' ? loadConfig(join(root, '.trailguard.yaml'), root) : undefined;
  const rules = config ? applyConfig(builtinRules(), config) : builtinRules();
  const result = scan({
    paths: [form.dir === 'config' ? join(root, 'templates') : root],
    rules,
    root,
    toolVersion: 'test',
    suppressions: { today: TODAY, reportUnused: true, config: config?.suppressions ?? [], ...options },
  });
  return result.findings;
}

const trailFinding = (findings: Finding[], ruleId: string, file: string): Finding[] =>
  findings.filter((f) => f.ruleId === ruleId && f.location.file === file && f.resource?.address.includes('andbox'));

describe.each(FORMS)('suppressions in $name', (form) => {
  const findings = run(form);
  const one = (ruleId: string): Finding => {
    const list = trailFinding(findings, ruleId, form.file);
    expect(list, ruleId).toHaveLength(1);
    return list[0]!;
  };
  const problems = (ruleId: string) =>
    findings.filter((f) => f.ruleId === ruleId).map((f) => ({ file: f.location.file, line: f.location.start.line, message: f.message }));

  it('a suppression with a reason and a future expiry hides its finding, with reason, expiry and place', () => {
    const f = one('cloudtrail-multi-region');
    expect(f.suppressed).toMatchObject({ kind: form.kind, justification: 'regional sandbox; the organization trail covers every region', expires: '2027-03-31' });
    expect(f.suppressed?.at).toMatchObject({ file: form.suppressionFile, start: { line: form.lines.valid } });
    expect(f.expiredSuppressions).toBeUndefined();
  });

  it('an expired suppression stops hiding its finding, which names it and where it is written', () => {
    const f = one('cloudtrail-log-file-validation');
    expect(f.suppressed).toBeUndefined();
    expect(f.expiredSuppressions).toEqual([
      {
        ruleId: 'cloudtrail-log-file-validation',
        expires: '2026-11-30',
        reason: 'validation comes with the new bucket',
        at: expect.objectContaining({ file: form.suppressionFile, start: expect.objectContaining({ line: form.lines.expired }) }),
      },
    ]);
  });

  it('a suppression without a reason still applies, and is itself a low finding at its line', () => {
    expect(one('cloudtrail-global-service-events').suppressed).toMatchObject({ kind: form.kind });
    expect(one('cloudtrail-global-service-events').suppressed?.justification).toBeUndefined();
    const reported = problems('suppression-without-reason');
    expect(reported).toEqual([{ file: form.suppressionFile, line: form.lines.noReason, message: expect.stringContaining("'cloudtrail-global-service-events' gives no reason") }]);
    expect(findings.find((f) => f.ruleId === 'suppression-without-reason')?.severity).toBe('low');
  });

  it('a suppression whose expiry is not a real date does not apply, and the date is reported at its line', () => {
    expect(one('cloudtrail-kms-encryption').suppressed).toBeUndefined();
    const reported = problems('suppression-invalid');
    const expected = form.dir === 'config' ? "'tomorrow'" : "'2027-02-30'";
    expect(reported).toContainEqual({ file: form.suppressionFile, line: form.lines.badDate, message: expect.stringContaining(`The expiry ${expected} of this suppression of 'cloudtrail-kms-encryption'`) });
  });

  it('reports a suppression that matched no finding, with file, line and rule id', () => {
    expect(trailFinding(findings, 'cloudtrail-logging-enabled', form.file)).toEqual([]);
    expect(problems('suppression-unused')).toEqual([
      { file: form.suppressionFile, line: form.lines.unused, message: expect.stringContaining("suppression of 'cloudtrail-logging-enabled' matches no finding") },
    ]);
    // Only on request.
    expect(run(form, { reportUnused: false }).some((f) => f.ruleId === 'suppression-unused')).toBe(false);
  });

  it('judges expiry by the UTC day: the last day still applies, the next one does not', () => {
    const onTheDay = run(form, { today: '2026-11-30' });
    expect(trailFinding(onTheDay, 'cloudtrail-log-file-validation', form.file)[0]?.suppressed).toBeDefined();
    const later = run(form, { today: '2027-04-01' });
    const multiRegion = trailFinding(later, 'cloudtrail-multi-region', form.file)[0]!;
    expect(multiRegion.suppressed).toBeUndefined();
    expect(multiRegion.expiredSuppressions?.map((e) => e.expires)).toEqual(['2027-03-31']);
  });
});

describe('other forms', () => {
  it('a malformed expiry in a .tf comment (expires: with a colon) is reported, and the suppression does not apply', () => {
    const findings = run(FORMS[2]!);
    const legacy = findings.filter((f) => f.resource?.address === 'aws_cloudtrail.legacy' && f.ruleId === 'cloudtrail-log-file-validation');
    expect(legacy).toHaveLength(1);
    expect(legacy[0]!.suppressed).toBeUndefined();
    expect(findings.filter((f) => f.ruleId === 'suppression-invalid').map((f) => [f.location.start.line, f.message])).toContainEqual([
      19,
      "The expiry 'expires:' of this suppression of 'cloudtrail-log-file-validation' is not a date written YYYY-MM-DD, so the suppression does not apply.",
    ]);
  });

  it("other tools' suppressions keep working; a missing reason is a note, and ids no rule honours are left alone", () => {
    const root = join(fixtures, 'cloudformation-peer');
    const result = scan({ paths: [root], rules: builtinRules(), root, toolVersion: 'test', suppressions: { today: TODAY, reportUnused: true } });
    const of = (id: string) => result.findings.find((f) => f.ruleId === id && f.resource?.address === 'PeerTrail');
    expect(of('cloudtrail-kms-encryption')?.suppressed).toMatchObject({ kind: 'inSource' });
    expect(of('cloudtrail-multi-region')?.suppressed).toMatchObject({ kind: 'inSource', justification: 'regional trail by design' });
    expect(result.findings.filter((f) => f.ruleId.startsWith('suppression-'))).toEqual([]);
    expect(result.diagnostics.filter((d) => d.code === 'suppression-without-reason').map((d) => [d.level, d.range?.start.line, d.message])).toEqual([
      ['note', 9, "cfn-guard suppression of 'CLOUD_TRAIL_ENCRYPTION_ENABLED' gives no reason; it applies (trailguard honours it as cfn-guard does)."],
    ]);
  });
});
