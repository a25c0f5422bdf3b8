import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';

/**
 * A CIS baseline scanned at its defaults, as a new user scans one: the shape of the public
 * Terraform baseline modules (test/fixtures/cis-baseline-shape, our own code; see SOURCE.md) —
 * a log group created with `count` and passed to the alarm module through a module output,
 * fifteen CIS v1.2.0-era filters whose alarms name `…filter[key].id` / `…filter[0].id`, a no-MFA
 * pattern assembled with join() and a conditional, an alarm topic with a null key and no
 * subscription, Security Hub with the region-less CIS v1.2.0 ARN, and an AWS Config recorder
 * without Config rules. It must draw what the code leaves out and nothing it does right.
 */

const rules = builtinRules();
const repo = join(rulesDir(), '..');
const fixture = join(repo, 'test/fixtures/cis-baseline-shape');

/** Checks about the monitoring chain and governance, which this shape is about. */
const CHAIN = /^(cloudwatch-|cloudtrail-metric-filter-alarm|cloudtrail-alarm-|cloudtrail-log-group-|securityhub-|config-|athena-)/;

function scanDir(dir: string) {
  const out = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
  expect(out.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  return out;
}

describe('a CIS baseline shaped like the public Terraform modules, at its defaults', () => {
  const out = scanDir(fixture);

  it('draws exactly the gaps of the monitoring chain and governance the code leaves', () => {
    const drawn = out.findings.filter((f) => CHAIN.test(f.ruleId)).map((f) => `${f.ruleId} ${f.resource?.address}`);
    expect(drawn.sort()).toEqual([
      'athena-cloudtrail-table module.trail.aws_cloudtrail.main[0]',
      'cloudtrail-alarm-topic-encrypted module.alarms.aws_sns_topic.alarms',
      'cloudtrail-alarm-topic-subscribed module.alarms.aws_sns_topic.alarms',
      'cloudtrail-log-group-encrypted module.trail.aws_cloudwatch_log_group.trail[0]',
      'config-cloudtrail-auto-remediation module.trail.aws_cloudtrail.main[0]',
      'config-cloudtrail-managed-rules module.trail.aws_cloudtrail.main[0]',
    ]);
    expect(out.undetermined.filter((u) => CHAIN.test(u.ruleId))).toEqual([]);
  });

  it('names the five missing Config rules', () => {
    const f = out.findings.find((x) => x.ruleId === 'config-cloudtrail-managed-rules');
    for (const id of ['CLOUD_TRAIL_ENABLED', 'CLOUD_TRAIL_ENCRYPTION_ENABLED', 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', 'S3_BUCKET_PUBLIC_READ_PROHIBITED']) {
      expect(f?.message).toContain(id);
    }
  });

  it('judges the CIS controls through the module chain: a filter that misses an event is drawn', () => {
    // Same baseline with StopLogging left out of the CloudTrail-changes pattern.
    const dir = mkdtempSync(join(tmpdir(), 'tg-cis-shape-'));
    cpSync(fixture, dir, { recursive: true });
    const alarms = join(dir, 'modules/alarms/main.tf');
    writeFileSync(alarms, readFileSync(alarms, 'utf8').replace(' || ($.eventName = StopLogging)', ''));
    const c45 = scanDir(dir).findings.filter((f) => f.ruleId.startsWith('cloudwatch-alarm-'));
    expect(c45.map((f) => f.ruleId)).toEqual(['cloudwatch-alarm-cloudtrail-changes']);
    expect(c45[0]!.message).toContain('StopLogging');
  });

  it('a subscription and a customer managed key on the topic clear B5.1 and B5.3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cis-shape-'));
    cpSync(fixture, dir, { recursive: true });
    const alarms = join(dir, 'modules/alarms/main.tf');
    writeFileSync(
      alarms,
      readFileSync(alarms, 'utf8').replace('default = null # no KMS key unless the caller gives one', 'default = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"') +
        '\nresource "aws_sns_topic_subscription" "team" {\n  topic_arn = aws_sns_topic.alarms.arn\n  protocol  = "email"\n  endpoint  = "security@example.com"\n}\n',
    );
    const topic = scanDir(dir).findings.filter((f) => f.ruleId.startsWith('cloudtrail-alarm-topic-'));
    expect(topic).toEqual([]);
  });
});
