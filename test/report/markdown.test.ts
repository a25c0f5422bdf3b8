import { describe, expect, it } from 'vitest';
import { MARKDOWN_MARKER, MAX_TABLE_ROWS, renderMarkdown } from '../../engine/report/markdown.js';
import {
  finding,
  KMS_UNDETERMINED,
  MULTI_REGION,
  OPTIONS,
  TOPIC_ENCRYPTED,
  cleanScan,
  fullScan,
} from './scan-results.js';

const md = renderMarkdown(fullScan(), OPTIONS);
const lines = md.split('\n');
const tableRows = (text: string) => text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));

describe('markdown report (PR comment)', () => {
  it('starts with a hidden marker and a heading with the count', () => {
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(md).toContain('### trailguard: 6 findings\n\n**1 critical** · **3 high** · 1 medium · 1 low');
  });

  it('tables the findings most severe first, with rule, resource, file:line and message', () => {
    expect(md).toContain('| Severity | Rule | Resource | Location | Message |\n| --- | --- | --- | --- | --- |');
    const rows = tableRows(md);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toBe(
      '| 🔴 Critical | `cloudtrail-multi-region` | `MyTrail` | `cfn/trail.yaml:12:5` | Trail MyTrail records only its home region |',
    );
    expect(rows.at(-1)).toMatch(/^\| 🔵 Low \| `alarm-topic-encrypted` \| `aws_sns_topic.alarms` \| `terraform\/main.tf:55:1` \|/);
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| 🔴 Critical', '| 🟠 High', '| 🟠 High', '| 🟠 High', '| 🟡 Medium', '| 🔵 Low']);
    expect(md).toContain('`module.audit.aws_cloudtrail.this[0]`');
  });

  it('does not link files, as the repository URL is unknown', () => {
    expect(md).not.toMatch(/\]\((?!https:\/\/)/);
  });

  it('escapes text from the scanned files so it cannot break the table or inject markup', () => {
    const hostile = finding({
      rule: MULTI_REGION,
      file: 'cfn/trail.yaml',
      line: 1,
      column: 1,
      message: 'Trail a|b <img src=x onerror=alert(1)> **bold**',
      address: 'Name|With`Tick',
    });
    const row = tableRows(renderMarkdown(fullScan({ findings: [hostile] }), OPTIONS))[0]!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(7); // five cells, pipes in content escaped
    expect(row).not.toContain('<');
    expect(row).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(row).toContain('\\*\\*bold\\*\\*');
    expect(row).toContain('``Name\\|With`Tick``');
  });

  it('explains how to fix each rule in a collapsed section with Terraform and CloudFormation code', () => {
    const start = md.indexOf('<summary><code>cloudtrail-multi-region</code>: Trail records every region</summary>');
    expect(start).toBeGreaterThan(md.indexOf('#### How to fix'));
    const section = md.slice(start, md.indexOf('</details>', start));
    expect(section).toContain('```hcl\nresource "aws_cloudtrail" "main" {');
    expect(section).toContain('```yaml\nTrail:\n  Type: AWS::CloudTrail::Trail');
    expect(section).toContain("The rule's page: `trailguard explain cloudtrail-multi-region`.");
    // One section per rule, though two findings share cloudtrail-log-file-validation.
    expect(md.split('<code>cloudtrail-log-file-validation</code>').length - 1).toBe(1);
  });

  it('mentions suppressed findings, input problems and undetermined checks without listing them by default', () => {
    expect(md).toContain('_1 suppressed finding not shown._');
    expect(md).not.toContain('TrailBucket');
    expect(md).toContain('#### Input problems\n\n- `terraform/main.tf:20:1` **warning** (`remote-module`): Module "network"');
    expect(md.split('bad indentation of a mapping entry').length - 1).toBe(1); // the finding, not the diagnostic too
    expect(md).toContain('_1 check could not be judged: a value it needs is known only after deployment, or a resource it needs is not in the scan._');
    expect(md).not.toContain(KMS_UNDETERMINED.reason);
    expect(renderMarkdown(fullScan(), { ...OPTIONS, showUndetermined: true })).toContain(
      '- `terraform/main.tf:8:3` `cloudtrail-kms-encryption` on `aws_cloudtrail.main`: kms\\_key\\_id is known only after apply',
    );
  });

  it('keeps the table short on a large change and says how many more there are', () => {
    const many = Array.from({ length: MAX_TABLE_ROWS + 7 }, (_, i) =>
      finding({ rule: TOPIC_ENCRYPTED, file: 'terraform/main.tf', line: i + 1, column: 1, message: `m${i}`, address: `t${i}` }),
    );
    const text = renderMarkdown(fullScan({ findings: many }), OPTIONS);
    expect(tableRows(text)).toHaveLength(MAX_TABLE_ROWS);
    expect(text).toContain('### trailguard: 57 findings');
    expect(text).toContain('_…and 7 more. The SARIF or text report lists every finding._');
  });

  it('does not headline a scan with checks not judged as a clean "no findings"', () => {
    const text = renderMarkdown({ ...cleanScan(), undetermined: [KMS_UNDETERMINED] }, OPTIONS);
    expect(text).toContain('### trailguard: no findings, 1 check not judged\n\nNo findings in 2 scanned files, but not everything could be judged before deployment: see below.');
    expect(text).not.toContain('Nothing to report');
    expect(text).toContain('_1 check could not be judged');
  });

  it('has a short "no findings" variant', () => {
    expect(renderMarkdown(cleanScan(), OPTIONS)).toBe(
      `${MARKDOWN_MARKER}\n\n### trailguard: no findings\n\nNothing to report in 2 scanned files.\n\n<sub>trailguard 0.1.0 · 2 files scanned in 84 ms</sub>\n`,
    );
  });
});
