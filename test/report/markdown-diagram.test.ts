import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import type { Finding, ScanResult } from '../../engine/findings.js';
import { render, type ReportOptions } from '../../engine/report/index.js';
import { MAX_TABLE_ROWS } from '../../engine/report/markdown.js';
import { mermaidText } from '../../engine/report/mermaid.js';
import { MAX_EVENT_DATA_STORES_DRAWN, MAX_NODES_PER_TRAIL, MAX_TRAILS_DRAWN } from '../../engine/report/trail-diagram.js';
import { scan } from '../../engine/scan.js';

/**
 * The PR comment's picture of each trail and what it depends on, on real
 * scans: the two CloudFormation examples, a Terraform module with every part
 * (test/fixtures/pr-comment), and templates with hostile names written here.
 */

const repo = join(import.meta.dirname, '../..');
const rules = builtinRules();
const work = mkdtempSync(join(tmpdir(), 'trailguard-pr-comment-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scanOf(paths: string[], root = repo): ScanResult {
  return scan({ paths, rules, root, toolVersion: '0.1.0' });
}

function markdown(result: ScanResult, extra: Partial<ReportOptions> = {}): string {
  return render('markdown', result, { color: false, root: result.root, ...extra });
}

interface Diagram {
  /** Node ID → its label lines, entities decoded. */
  labels: Map<string, string[]>;
  /** `n1 -->|delivers to| n2` with IDs replaced by the first two label lines (`kind: name`). */
  edges: string[];
  /** Class name → the `kind: name` of its nodes. */
  classes: Map<string, string[]>;
}

const SAFE_LABEL_TEXT = /^(?:[A-Za-z0-9 ._:/@,=+-]|#\d+;)*$/;

/**
 * A small checker of the generated block, strict where input could break out:
 * one fenced ```mermaid block; every line is a node with a quoted label, an
 * edge between generated IDs, a classDef or a class line; every label holds
 * only safe characters and entity codes between our `<br/>`s. Returns the
 * parsed picture with labels decoded.
 */
function checkDiagram(md: string): Diagram {
  const lines = md.split('\n');
  const opens = lines.flatMap((l, i) => (l === '```mermaid' ? [i] : []));
  expect(opens).toHaveLength(1);
  const start = opens[0]!;
  const end = lines.indexOf('```', start + 1);
  expect(end).toBeGreaterThan(start);
  // The block ends where we end it: the legend follows, nothing from input closed the fence early.
  expect(lines[end + 2]).toMatch(/^<sub>Red: a finding of high severity or above/);
  const body = lines.slice(start + 1, end);
  expect(body[0]).toBe('flowchart LR');
  const labels = new Map<string, string[]>();
  const rawEdges: [string, string, string][] = [];
  const rawClasses = new Map<string, string[]>();
  for (const line of body.slice(1)) {
    expect(line).not.toMatch(/[`\r\u0000-\u0008\u000b-\u001f\u007f]/);
    const node = /^ {2}(n\d+)\["([^"]*)"\]$/.exec(line);
    const edge = /^ {2}(n\d+) (-->|-\.->)\|([a-z ]+)\| (n\d+)$/.exec(line);
    const classDef = /^ {2}classDef (failing|warning|undetermined|outside) [a-z-]+:[#0-9a-z ]+(,[a-z-]+:[#0-9a-z ]+)*$/.exec(line);
    const cls = /^ {2}class (n\d+(?:,n\d+)*) (failing|warning|undetermined|outside)$/.exec(line);
    if (node) {
      const parts = node[2]!.split('<br/>');
      for (const p of parts) expect(p).toMatch(SAFE_LABEL_TEXT);
      labels.set(node[1]!, parts.map(decodeEntities));
    } else if (edge) rawEdges.push([edge[1]!, `${edge[2]}|${edge[3]}|`, edge[4]!]);
    else if (cls) rawClasses.set(cls[2]!, cls[1]!.split(','));
    else expect(classDef, `unexpected line in the mermaid block: ${line}`).not.toBeNull();
  }
  const name = (id: string) => {
    const l = labels.get(id);
    expect(l, `edge to undeclared node ${id}`).toBeDefined();
    return l!.slice(0, 2).join(': ');
  };
  return {
    labels,
    edges: rawEdges.map(([a, arrow, b]) => `${name(a)} ${arrow} ${name(b)}`),
    classes: new Map([...rawClasses].map(([c, ids]) => [c, ids.map(name)])),
  };
}

function decodeEntities(text: string): string {
  return text.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}

function nodeNames(d: Diagram): string[] {
  return [...d.labels.values()].map((l) => l.slice(0, 2).join(': '));
}

describe('markdown: the picture of each trail', () => {
  it('draws the compliant example: bucket and policy, key, log group, filters and alarms to the topic, the SCP, the event data store', () => {
    const result = scanOf(['examples/cloudformation/compliant-org-trail.yaml']);
    const md = markdown(result);
    const d = checkDiagram(md);
    expect(nodeNames(d)).toEqual(
      expect.arrayContaining([
        'CloudTrail trail: OrgTrail',
        'S3 bucket: TrailBucket',
        'bucket policy: TrailBucketPolicy',
        'KMS key: TrailKey',
        'log group: TrailLogGroup',
        'SCP: TrailProtection',
        'event data store: SecurityLake',
        'KMS key: LakeKey',
      ]),
    );
    expect(d.edges).toEqual(
      expect.arrayContaining([
        'CloudTrail trail: OrgTrail -->|delivers to| S3 bucket: TrailBucket',
        'S3 bucket: TrailBucket -->|policy| bucket policy: TrailBucketPolicy',
        'CloudTrail trail: OrgTrail -->|encrypted by| KMS key: TrailKey',
        'CloudTrail trail: OrgTrail -->|sends to| log group: TrailLogGroup',
        'SCP: TrailProtection -.->|protects| CloudTrail trail: OrgTrail',
        'log group: TrailLogGroup -->|filter| metric filter: TrailChangesFilter',
        'metric filter: TrailChangesFilter -->|alarm| alarm: TrailChangesAlarm',
        'alarm: TrailChangesAlarm -->|notifies| SNS topic: SecurityAlarmsTopic',
        'event data store: SecurityLake -->|encrypted by| KMS key: LakeKey',
      ]),
    );
    // Nothing failing: no class marks a node.
    expect(result.findings.filter((f) => !f.suppressed)).toHaveLength(0);
    expect(d.classes.size).toBe(0);
  });

  it('says how much of a big trail it left out, and the counts add up to what the trail depends on', () => {
    const result = scanOf(['examples/cloudformation/compliant-org-trail.yaml']);
    const d = checkDiagram(markdown(result));
    const note = /- (\d+) more resources of trail `OrgTrail` not drawn \((\d+) alarms, (\d+) metric filters\): the picture shows at most (\d+) per trail\./.exec(markdown(result));
    expect(note).not.toBeNull();
    const [, total, alarms, filters, max] = note!.map(Number);
    expect(max).toBe(MAX_NODES_PER_TRAIL);
    expect(alarms! + filters!).toBe(total);
    const trail = result.graph!.ofKind('trail').find((t) => t.address === 'OrgTrail')!;
    const allFilters = trail.lists['metricFilters']!;
    const allAlarms = new Set(allFilters.flatMap((f) => f.lists['alarms'] ?? []));
    const drawn = nodeNames(d);
    expect(drawn.filter((n) => n.startsWith('metric filter: ')).length + filters!).toBe(allFilters.length);
    expect(drawn.filter((n) => n.startsWith('alarm: ')).length + alarms!).toBe(allAlarms.size);
    // The event data store side is drawn on its own budget.
    expect(drawn.length).toBe(MAX_NODES_PER_TRAIL + 2);
  });

  it('marks the failing parts of the insecure example: red at high or above, amber below', () => {
    const result = scanOf(['examples/cloudformation/insecure-trail.yaml']);
    const d = checkDiagram(markdown(result));
    expect(d.classes.get('failing')).toEqual(
      expect.arrayContaining([
        'CloudTrail trail: AuditTrail',
        'S3 bucket: AuditLogs',
        // Its findings are reported on the bucket but placed in the policy's statements.
        'bucket policy: AuditLogsPolicy',
        'log group: AuditLogGroup',
        'metric filter: RootUsageFilter',
        'alarm: RootUsageAlarm',
        'SNS topic: AlarmTopic',
      ]),
    );
    // Only medium findings on the event data store (retention, multi-region…).
    expect(d.classes.get('warning')).toEqual(['event data store: ShortLivedLake']);
    expect(d.edges).toEqual(
      expect.arrayContaining([
        'CloudTrail trail: AuditTrail -->|delivers to| S3 bucket: AuditLogs',
        'S3 bucket: AuditLogs -->|policy| bucket policy: AuditLogsPolicy',
        'log group: AuditLogGroup -->|filter| metric filter: RootUsageFilter',
        'metric filter: RootUsageFilter -->|alarm| alarm: RootUsageAlarm',
        'alarm: RootUsageAlarm -->|notifies| SNS topic: AlarmTopic',
      ]),
    );
  });

  it('draws a Terraform module with its key policy, SCP attachment and event data store, and judges each node by its own findings', () => {
    const result = scanOf(['test/fixtures/pr-comment/tf']);
    const d = checkDiagram(markdown(result));
    expect(d.edges.sort()).toEqual(
      [
        'CloudTrail trail: aws_cloudtrail.org -->|delivers to| S3 bucket: aws_s3_bucket.logs',
        'S3 bucket: aws_s3_bucket.logs -->|policy| bucket policy: aws_s3_bucket_policy.logs',
        'CloudTrail trail: aws_cloudtrail.org -->|encrypted by| KMS key: aws_kms_key.trail',
        'KMS key: aws_kms_key.trail -->|policy| key policy: aws_kms_key_policy.trail',
        'CloudTrail trail: aws_cloudtrail.org -->|sends to| log group: aws_cloudwatch_log_group.trail',
        'SCP: aws_organizations_policy.trail_protection -.->|protects| CloudTrail trail: aws_cloudtrail.org',
        'log group: aws_cloudwatch_log_group.trail -->|filter| metric filter: aws_cloudwatch_log_metric_filter.trail_changes',
        'metric filter: aws_cloudwatch_log_metric_filter.trail_changes -->|alarm| alarm: aws_cloudwatch_metric_alarm.trail_changes',
        'alarm: aws_cloudwatch_metric_alarm.trail_changes -->|notifies| SNS topic: aws_sns_topic.alarms',
        'event data store: aws_cloudtrail_event_data_store.lake -->|encrypted by| KMS key: aws_kms_key.lake',
      ].sort(),
    );
    // The node verdicts follow the findings: worst severity on each resource.
    const worst = (address: string) => {
      const own = result.findings.filter((f) => f.resource?.address === address).map((f) => f.severity);
      return own.some((s) => s === 'critical' || s === 'high') ? 'failing' : own.length > 0 ? 'warning' : 'ok';
    };
    const classOf = (name: string) => [...d.classes].find(([, names]) => names.includes(name))?.[0] ?? 'ok';
    for (const name of nodeNames(d)) {
      const address = name.split(': ')[1]!;
      if (address === 'aws_s3_bucket_policy.logs') continue; // also judged by findings placed in it
      expect(classOf(name), name).toBe(worst(address));
    }
    expect(classOf('KMS key: aws_kms_key.trail')).toBe('failing'); // no rotation
    expect(classOf('event data store: aws_cloudtrail_event_data_store.lake')).toBe('warning'); // 30-day retention
    expect(classOf('key policy: aws_kms_key_policy.trail')).toBe('ok');
  });

  it('is what the README shows for that module', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const start = readme.indexOf('````markdown\n```mermaid\n');
    expect(start).toBeGreaterThan(0);
    const shown = readme.slice(start + '````markdown\n'.length, readme.indexOf('\n````', start + 1));
    const md = markdown(scanOf(['test/fixtures/pr-comment/tf']));
    expect(md).toContain(`\n${shown}\n`);
  });

  it('draws resources named but not in the scan as such, and values known only after apply as undetermined', () => {
    const dir = join(work, 'outside');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "trail_key" {}',
        'resource "aws_cloudtrail" "main" {',
        '  name           = "main"',
        '  s3_bucket_name = "bucket-of-another-team"',
        '  kms_key_id     = var.trail_key',
        '}',
        '',
      ].join('\n'),
    );
    const d = checkDiagram(markdown(scanOf([dir], dir)));
    expect(d.edges).toContain('CloudTrail trail: aws_cloudtrail.main -->|delivers to| S3 bucket: bucket-of-another-team');
    expect(d.edges).toContain('CloudTrail trail: aws_cloudtrail.main -.->|encrypted by| KMS key: (known only after deployment)');
    expect(d.classes.get('outside')).toEqual(['S3 bucket: bucket-of-another-team']);
    expect(d.classes.get('undetermined')).toEqual(['KMS key: (known only after deployment)']);
    const bucket = [...d.labels.values()].find((l) => l[1] === 'bucket-of-another-team')!;
    expect(bucket[2]).toBe('(not in the scan)');
  });

  it('draws at most MAX_TRAILS_DRAWN trails and event data stores, and names the ones left out', () => {
    const dir = join(work, 'many');
    mkdirSync(dir, { recursive: true });
    const trails = Array.from({ length: MAX_TRAILS_DRAWN + 2 }, (_, i) =>
      `resource "aws_cloudtrail" "t${i}" {\n  name = "t${i}"\n  s3_bucket_name = "logs"\n}\n`,
    );
    const stores = Array.from({ length: MAX_EVENT_DATA_STORES_DRAWN + 3 }, (_, i) => `resource "aws_cloudtrail_event_data_store" "s${i}" {\n  name = "s${i}"\n}\n`);
    writeFileSync(join(dir, 'main.tf'), [...trails, ...stores].join('\n'));
    const md = markdown(scanOf([dir], dir));
    const d = checkDiagram(md);
    const drawnTrails = nodeNames(d).filter((n) => n.startsWith('CloudTrail trail: '));
    expect(drawnTrails).toHaveLength(MAX_TRAILS_DRAWN);
    expect(nodeNames(d).filter((n) => n.startsWith('event data store: '))).toHaveLength(MAX_EVENT_DATA_STORES_DRAWN);
    // All fail alike here: the last ones in file order are left out.
    expect(md).toContain(
      `- 2 more trails not drawn: \`aws_cloudtrail.t${MAX_TRAILS_DRAWN}\`, \`aws_cloudtrail.t${MAX_TRAILS_DRAWN + 1}\` (the picture shows at most ${MAX_TRAILS_DRAWN} trails, those with findings first).`,
    );
    expect(md).toContain(`- 3 more event data stores not drawn (at most ${MAX_EVENT_DATA_STORES_DRAWN}).`);
    // The shared bucket outside the scan is drawn once.
    expect(nodeNames(d).filter((n) => n === 'S3 bucket: logs')).toHaveLength(1);
  });

  it('has no picture when the scan holds no trail and no event data store', () => {
    const md = markdown(scanOf(['test/fixtures/monitoring/cfn/alarms.yaml']));
    expect(md).not.toContain('```mermaid');
    expect(md).not.toContain('Trails and what they depend on');
  });
});

describe('markdown: hostile names in the picture', () => {
  // A JSON template's logical IDs and a trail's bucket name are free text written by the PR's author.
  const hostileId = 'Trail"]\n```\n<img src=x onerror=alert(1)> `tick` |pipe| [x] %%{init: {}}%% #quot; & \u001b[2J \u202eend';
  const hostileBucket = 'logs"] --> n1\n```\n</details><script>alert(1)</script> | `b` #60; &amp; ]) {x}';

  function hostileScan(): { md: string; result: ScanResult } {
    const dir = join(work, 'hostile');
    mkdirSync(dir, { recursive: true });
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        [hostileId]: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, S3BucketName: hostileBucket } },
      },
    };
    writeFileSync(join(dir, 'hostile.json'), JSON.stringify(template, null, 2));
    const result = scanOf([dir], dir);
    return { md: markdown(result), result };
  }

  it('keeps every label quoted with entity codes, so nothing closes the fence or injects markup', () => {
    const { md, result } = hostileScan();
    expect(result.graph!.ofKind('trail').map((t) => t.address)).toEqual([hostileId]);
    const d = checkDiagram(md);
    // Shown faithfully: the decoded label is the name, with line breaks and control characters visibly escaped.
    const trail = [...d.labels.values()].find((l) => l[0] === 'CloudTrail trail')!;
    expect(trail[1]).toBe('Trail"]\\n```\\n<img src=x onerror=alert(1)> `tick` |pipe| [x] %%{init: {}}%% #quot; & \\x1b[2J \\u202eend'.slice(0, 79) + '…');
    const bucket = [...d.labels.values()].find((l) => l[0] === 'S3 bucket')!;
    expect(bucket[1]!.startsWith('logs"] --> n1\\n```\\n</details><script>')).toBe(true);
    // Around the block, the section holds only our own markup; in the rest of the comment, names
    // appear raw only inside code spans, which GitHub shows as text.
    const section = md.slice(md.indexOf('#### Trails and what they depend on'), md.indexOf('#### How to fix'));
    const aroundBlock = section.slice(0, section.indexOf('```mermaid')) + section.slice(section.indexOf('<sub>Red'));
    expect(aroundBlock.match(/<[^>]*>/g)).toEqual(['<sub>', '</sub>']);
    const withoutCode = md.replace(/^```[a-z]*\n[\s\S]*?^```$/gm, '').replace(/(`+)[^`][\s\S]*?[^`]\1(?!`)/g, '');
    expect(withoutCode).not.toMatch(/<img|<script|<\/details><script/);
  });

  it('keeps a label short even when every character needs an entity code', () => {
    expect(mermaidText('<'.repeat(500)).length).toBeLessThanOrEqual(200);
    expect(mermaidText('<'.repeat(500))).toMatch(/^(#60;)+#8230;$/);
    expect(mermaidText('a'.repeat(80))).toBe('a'.repeat(80));
    expect(mermaidText('a'.repeat(81))).toBe(`${'a'.repeat(79)}#8230;`);
  });

  it('generates node IDs itself: none comes from input', () => {
    const { md } = hostileScan();
    const block = md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3));
    const ids = [...block.matchAll(/^ {2}(\S+)\[/gm)].map((m) => m[1]);
    expect(ids).toEqual(['n1', 'n2']);
  });
});

describe('markdown: --link-base', () => {
  const base = 'https://github.com/o/r/blob/0123abc';

  it('links every location of the table to the file and its lines', () => {
    const result = scanOf(['examples/cloudformation/insecure-trail.yaml']);
    const md = markdown(result, { linkBase: base });
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row).toMatch(/\| \[`examples\/cloudformation\/insecure-trail\.yaml:\d+:\d+`\]\(https:\/\/github\.com\/o\/r\/blob\/0123abc\/examples\/cloudformation\/insecure-trail\.yaml#L\d+(-L\d+)?\) \|/);
    }
    // A finding over several lines links them all; one on one line links that line.
    const multi = result.findings.find((f) => f.location.end.line > f.location.start.line)!;
    expect(md).toContain(`insecure-trail.yaml#L${multi.location.start.line}-L${multi.location.end.line})`);
    const single = result.findings.find((f) => f.location.end.line === f.location.start.line)!;
    expect(md).toContain(`insecure-trail.yaml:${single.location.start.line}:${single.location.start.column}\`](${base}/examples/cloudformation/insecure-trail.yaml#L${single.location.start.line})`);
  });

  it('percent-encodes each path segment, so a file name cannot end the link', () => {
    const dir = join(work, 'links');
    const sub = join(dir, 'my stacks');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'trail (v2)#1.yaml'), 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: false\n      S3BucketName: logs\n');
    const md = markdown(scanOf([dir], dir), { linkBase: base, showUndetermined: true });
    expect(md).toContain(`(${base}/my%20stacks/trail%20%28v2%29%231.yaml#L`);
    expect(md).not.toContain('trail (v2)#1.yaml#L');
  });

  it('links nothing without a link base', () => {
    const md = markdown(scanOf(['examples/cloudformation/insecure-trail.yaml']));
    expect(md).not.toMatch(/\[`examples\/cloudformation\/insecure-trail\.yaml:\d+:\d+`\]\(/);
    expect(md).toContain('| `examples/cloudformation/insecure-trail.yaml:8:3` |');
  });
});

describe('markdown: new findings first', () => {
  function withStates(result: ScanResult, isNew: (f: Finding) => boolean): ScanResult {
    return { ...result, findings: result.findings.map((f) => ({ ...f, baselineState: isNew(f) ? ('new' as const) : ('unchanged' as const) })) };
  }

  it('tables the new findings and folds the unchanged ones in a details block', () => {
    const result = scanOf(['examples/cloudformation/insecure-trail.yaml']);
    const isNew = (f: Finding) => f.resource?.address === 'AuditLogs';
    const fresh = result.findings.filter((f) => !f.suppressed && isNew(f));
    const old = result.findings.filter((f) => !f.suppressed && !isNew(f));
    expect(fresh.length).toBeGreaterThan(0);
    const md = markdown(withStates(result, isNew));
    expect(md).toContain(`### trailguard: ${fresh.length} new findings`);
    const details = md.indexOf('<details>\n<summary>');
    const firstTable = md.slice(0, details);
    const folded = md.slice(details, md.indexOf('</details>', details));
    expect(folded).toMatch(new RegExp(`^<details>\\n<summary>${old.length} unchanged findings \\(already there before this change\\): `));
    const rowsOf = (text: string) => text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));
    expect(rowsOf(firstTable)).toHaveLength(fresh.length);
    for (const row of rowsOf(firstTable)) expect(row).toContain('`AuditLogs`');
    // The two tables share MAX_TABLE_ROWS (GitHub caps a comment's length); the rest is counted.
    expect(old.length + fresh.length).toBeGreaterThan(MAX_TABLE_ROWS);
    expect(rowsOf(folded)).toHaveLength(MAX_TABLE_ROWS - fresh.length);
    expect(folded).toContain(`_…and ${old.length + fresh.length - MAX_TABLE_ROWS} more. The SARIF or text report lists every finding._`);
    for (const row of rowsOf(folded)) expect(row).not.toContain('`AuditLogs`');
    // How to fix covers what the change introduced.
    expect(md).toContain('<summary><code>cloudtrail-bucket-versioning</code>');
    expect(md).not.toContain('<summary><code>cloudtrail-multi-region</code>');
  });

  it('says there is nothing new when every finding was already there', () => {
    const result = scanOf(['examples/cloudformation/insecure-trail.yaml']);
    const md = markdown(withStates(result, () => false));
    expect(md).toContain('### trailguard: no new findings');
    expect(md.indexOf('<details>\n<summary>')).toBeGreaterThan(md.indexOf('no new findings'));
    expect(md).not.toContain('#### How to fix');
  });

  it('keeps the plain layout when no finding carries a baseline state', () => {
    const md = markdown(scanOf(['examples/cloudformation/insecure-trail.yaml']));
    expect(md).toMatch(/### trailguard: \d+ findings\n/);
    expect(md).not.toContain('unchanged finding');
  });
});
