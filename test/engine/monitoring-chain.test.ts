import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../engine/graph.js';
import { builtinRules } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';
import { firesOnOneEvent } from '../../engine/semantics/alarms.js';
import { Unknown } from '../../core/unknown.js';

/**
 * The monitoring chain as the coverage rules see it: trail → log group →
 * metric filters (pattern and its line) → alarms on their metric → SNS topics,
 * across files, in CloudFormation and Terraform (test/fixtures/monitoring).
 */

const repo = join(import.meta.dirname, '..', '..');

function graphOf(paths: string[]): { get(address: string): Resource; all: Resource[] } {
  const out = scan({ paths, rules: [], root: repo, toolVersion: 'test' });
  expect(out.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  return {
    all: out.graph.resources,
    get: (address) => {
      const r = out.graph.resources.find((x) => x.address === address);
      if (!r) throw new Error(`no ${address}`);
      return r;
    },
  };
}

const addresses = (rs: Resource[] | undefined): string[] => (rs ?? []).map((r) => r.address);

describe('CloudFormation, two templates', () => {
  const g = graphOf([join(repo, 'test/fixtures/monitoring/cfn')]);

  it('links the trail to its log group, and the log group lists its filters (by Ref and by literal name)', () => {
    const group = g.get('TrailLogGroup');
    expect(addresses(group.lists['trails'])).toEqual(['Trail']);
    expect(addresses(group.lists['metricFilters'])).toEqual(['ConsoleNoMfaFilter', 'TrailChangesFilter']);
    expect(group.props['trailLogGroup']).toBe(true);
    expect(group.props['retentionDays']).toBe(400);
  });

  it('evaluates !Join and !Sub patterns and keeps the line of FilterPattern', () => {
    const f = g.get('ConsoleNoMfaFilter');
    expect(f.props['pattern']).toBe('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }');
    expect(f.locs['pattern']?.start.line).toBe(26);
    expect(g.get('TrailChangesFilter').props['pattern']).toBe('{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }');
    expect(f.props).toMatchObject({ metricNamespace: 'CISBenchmark', metricName: 'ConsoleSigninWithoutMFA', metricValue: '1', securityFilter: true });
  });

  it('finds the alarm in the other template by namespace and metric name, and its topic by Ref', () => {
    const f = g.get('ConsoleNoMfaFilter');
    expect(addresses(f.lists['alarms'])).toEqual(['ConsoleNoMfaAlarm']);
    expect(f.props['alarmed']).toBe(true);
    const alarm = g.get('ConsoleNoMfaAlarm');
    expect(alarm.props).toMatchObject({ firesOnOneEvent: true, hasEnabledAction: true, securityAlarm: true });
    expect(addresses(alarm.lists['topics'])).toEqual(['AlarmTopic']);
  });

  it('an alarm on the right metric name in the wrong namespace does not count, and says so', () => {
    const f = g.get('TrailChangesFilter');
    expect(f.props['alarmed']).toBe(false);
    expect(f.props['alarmProblem']).toMatch(/right metric name in the wrong namespace.*LogMetrics.*CISBenchmark/);
    // Its topic, named by literal ARN, is still found.
    expect(addresses(g.get('TrailChangesAlarm').lists['topics'])).toEqual(['AlarmTopic']);
  });

  it('merges the topic policy and judges it public; inline subscriptions count; an AWS managed key encrypts', () => {
    const t = g.get('AlarmTopic');
    expect(t.props).toMatchObject({ encrypted: true, hasSubscription: true, policyPublic: true, securityAlarmTopic: true });
    expect(t.locs['policyPublic']?.start.line).toBe(18);
  });
});

describe('Terraform, two files', () => {
  const g = graphOf([join(repo, 'test/fixtures/monitoring/tf')]);

  it('evaluates format()/join() and heredoc patterns, with the line of `pattern`', () => {
    const f = g.get('aws_cloudwatch_log_metric_filter.trail_changes');
    expect(f.props['pattern']).toBe(
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    );
    expect(f.locs['pattern']?.start.line).toBe(21);
    expect(g.get('aws_cloudwatch_log_metric_filter.root_usage').props['pattern']).toMatch(/^\{ \$\.userIdentity\.type = "Root" && .*\}\n$/);
  });

  it('reads metric_name = <filter>.id as the filter name, as the provider sets it, and reports the mismatch', () => {
    const alarm = g.get('aws_cloudwatch_metric_alarm.trail_changes');
    expect(alarm.props['metricName']).toBe('cloudtrail-changes');
    const f = g.get('aws_cloudwatch_log_metric_filter.trail_changes');
    expect(f.props['alarmed']).toBe(false);
    expect(f.props['alarmProblem']).toMatch(/watches cloudtrail-changes, the filter's name .* publishes CloudTrailChanges/);
  });

  it('a filter named like its metric is matched through .id; a disabled alarm action is reported', () => {
    const f = g.get('aws_cloudwatch_log_metric_filter.root_usage');
    expect(addresses(f.lists['alarms'])).toEqual(['aws_cloudwatch_metric_alarm.root_usage']);
    expect(f.props['alarmed']).toBe(false);
    expect(f.props['alarmProblem']).toBe("the alarm 'root-usage' has no enabled action (its actions are disabled)");
  });

  it('topics: unencrypted, a subscription resource counts, no policy is not public', () => {
    const t = g.get('aws_sns_topic.alarms');
    expect(t.props).toMatchObject({ encrypted: false, hasSubscription: true, policyPublic: false, securityAlarmTopic: true });
    expect(addresses(t.lists['subscriptions'])).toEqual(['aws_sns_topic_subscription.email']);
  });

  it('links the trail to its log group through "${arn}:*"', () => {
    expect(addresses(g.get('aws_cloudwatch_log_group.trail').lists['trails'])).toEqual(['aws_cloudtrail.main']);
    // The convenience list for coverage code: the filters of the trail's log group.
    expect(addresses(g.get('aws_cloudtrail.main').lists['metricFilters'])).toEqual([
      'aws_cloudwatch_log_metric_filter.trail_changes',
      'aws_cloudwatch_log_metric_filter.root_usage',
    ]);
  });
});

describe('log group ARNs and topic ARNs name their resource', () => {
  it('a trail naming its log group by literal ARN links to the group declared by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-mon-'));
    writeFileSync(
      join(dir, 'main.tf'),
      `resource "aws_cloudwatch_log_group" "g" {\n  name = "CloudTrail/DefaultLogGroup"\n}\nresource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = "b"\n  cloud_watch_logs_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/DefaultLogGroup:*"\n}\n`,
    );
    const g = graphOf([dir]);
    const e = g.get('aws_cloudtrail.t').edges['logGroup'];
    expect(e?.status === 'resolved' && e.target.address).toBe('aws_cloudwatch_log_group.g');
  });
});

describe('does one matching event fire the alarm?', () => {
  const cis = { statistic: 'Sum', threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1 };
  const one = { metricValue: '1' };
  it('the CIS alarm fires', () => expect(firesOnOneEvent(cis, one)).toEqual({ fires: true }));
  it('a threshold of 1 with GreaterThanThreshold does not', () =>
    expect(firesOnOneEvent({ ...cis, comparisonOperator: 'GreaterThanThreshold' }, one)).toMatchObject({ fires: false }));
  it('needing two datapoints does not', () => expect(firesOnOneEvent({ ...cis, evaluationPeriods: 2 }, one)).toMatchObject({ fires: false }));
  it('M of N with M = 1 does', () => expect(firesOnOneEvent({ ...cis, evaluationPeriods: 3, datapointsToAlarm: 1 }, one)).toEqual({ fires: true }));
  it('a LessThan comparison fires on absence, not on an event', () =>
    expect(firesOnOneEvent({ ...cis, comparisonOperator: 'LessThanThreshold' }, one)).toMatchObject({ fires: false }));
  it('SampleCount counts the event', () => expect(firesOnOneEvent({ ...cis, statistic: 'SampleCount' }, { metricValue: '$.bytes' })).toEqual({ fires: true }));
  it('a value taken from the event is undetermined', () =>
    expect(firesOnOneEvent(cis, { metricValue: '$.count' }).fires).toBeInstanceOf(Unknown));
  it('a threshold known at deployment is undetermined', () =>
    expect(firesOnOneEvent({ ...cis, threshold: new Unknown('parameter') }, one).fires).toBeInstanceOf(Unknown));
  it('Average with a default value is undetermined', () =>
    expect(firesOnOneEvent({ ...cis, statistic: 'Average' }, { metricValue: '1', defaultValue: 0 }).fires).toBeInstanceOf(Unknown));
});

describe('Terraform plan of the same configuration', () => {
  const g = graphOf([join(repo, 'test/fixtures/monitoring/plan/plan.json')]);

  it('reads metric_name = <filter>.id (known after apply in a plan) as the filter name', () => {
    expect(g.get('aws_cloudwatch_metric_alarm.trail_changes').props['metricName']).toBe('cloudtrail-changes');
    expect(g.get('aws_cloudwatch_log_metric_filter.trail_changes').props['alarmProblem']).toMatch(/the filter's name/);
    expect(addresses(g.get('aws_cloudwatch_log_metric_filter.root_usage').lists['alarms'])).toEqual(['aws_cloudwatch_metric_alarm.root_usage']);
  });

  it('links trail → log group → filters and alarm → topic through values known after apply', () => {
    const group = g.get('aws_cloudwatch_log_group.trail');
    expect(addresses(group.lists['trails'])).toEqual(['aws_cloudtrail.main']);
    expect(addresses(group.lists['metricFilters']).sort()).toEqual(['aws_cloudwatch_log_metric_filter.root_usage', 'aws_cloudwatch_log_metric_filter.trail_changes']);
    expect(addresses(g.get('aws_cloudwatch_metric_alarm.root_usage').lists['topics'])).toEqual(['aws_sns_topic.alarms']);
    expect(g.get('aws_sns_topic.alarms').props['hasSubscription']).toBe(true);
  });
});

describe('edges of the chain', () => {
  const write = (name: string, text: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-mon-'));
    writeFileSync(join(dir, name), text);
    return dir;
  };

  it('a log group created elsewhere: filters naming the group the trail names by ARN are the trail\'s', () => {
    const dir = write(
      'stack.yaml',
      `Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/audit:*
  Filter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: CloudTrail/audit
      FilterPattern: '{ $.errorCode = "AccessDenied" }'
      MetricTransformations: [{ MetricNamespace: CIS, MetricName: Denied, MetricValue: "1" }]
  OtherFilter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: app/logs
      FilterPattern: ERROR
      MetricTransformations: [{ MetricNamespace: App, MetricName: Errors, MetricValue: "1" }]
`,
    );
    const g = graphOf([dir]);
    expect(addresses(g.get('Trail').lists['metricFilters'])).toEqual(['Filter']);
    expect(g.get('Filter').props).toMatchObject({ onTrailLogGroup: true, securityFilter: true, alarmed: false });
    // An application filter on another group is no security filter.
    expect(g.get('OtherFilter').props).toMatchObject({ onTrailLogGroup: false, readsCloudTrailEvents: false, securityFilter: false });
  });

  it('an alarm on a metric math expression over the filter\'s metric leaves P5.2 undetermined, not failed', () => {
    const dir = write(
      'main.tf',
      `resource "aws_cloudwatch_log_metric_filter" "f" {
  name           = "denied"
  log_group_name = "CloudTrail/audit"
  pattern        = "{ $.errorCode = \\"AccessDenied\\" }"
  metric_transformation {
    name      = "Denied"
    namespace = "CIS"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "math" {
  alarm_name          = "denied-rate"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  threshold           = 1
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:alarms"]
  metric_query {
    id          = "e1"
    expression  = "m1 * 2"
    return_data = true
  }
  metric_query {
    id = "m1"
    metric {
      metric_name = "Denied"
      namespace   = "CIS"
      period      = 300
      stat        = "Sum"
    }
  }
}
`,
    );
    const g = graphOf([dir]);
    const f = g.get('aws_cloudwatch_log_metric_filter.f');
    expect(addresses(f.lists['alarms'])).toEqual(['aws_cloudwatch_metric_alarm.math']);
    expect(f.props['alarmed']).toBeInstanceOf(Unknown);
  });
});

describe('filters and alarms matched by metric', () => {
  const filter = (name: string, metric: string): string => `resource "aws_cloudwatch_log_metric_filter" "${name}" {
  name           = "${name}"
  log_group_name = "CloudTrail/audit"
  pattern        = "{ $.errorCode = \\"AccessDenied\\" }"
  metric_transformation {
    name      = "${metric}"
    namespace = "CIS"
    value     = "1"
  }
}
`;
  const alarm = (name: string, metrics: string[]): string => `resource "aws_cloudwatch_metric_alarm" "${name}" {
  alarm_name          = "${name}"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  threshold           = 1
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:alarms"]
  metric_query {
    id          = "e1"
    expression  = "${metrics.map((_, i) => `m${i}`).join(' + ')}"
    return_data = true
  }
${metrics.map((m, i) => `  metric_query {\n    id = "m${i}"\n    metric {\n      metric_name = "${m}"\n      namespace   = "CIS"\n      period      = 300\n      stat        = "Sum"\n    }\n  }\n`).join('')}}
`;

  it('lists a metric math alarm once on each filter of the metrics it reads, and its filters in the order they were written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-metrics-'));
    writeFileSync(join(dir, 'main.tf'), filter('b', 'Denied') + filter('a', 'Root') + filter('c', 'Denied') + alarm('both', ['Root', 'Denied', 'Root']) + alarm('root', ['Root']));
    const g = graphOf([dir]);
    const of = (name: string): Resource => g.get(`aws_cloudwatch_log_metric_filter.${name}`);
    expect(addresses(of('b').lists['alarms'])).toEqual(['aws_cloudwatch_metric_alarm.both']);
    expect(addresses(of('c').lists['alarms'])).toEqual(['aws_cloudwatch_metric_alarm.both']);
    expect(addresses(of('a').lists['alarms'])).toEqual(['aws_cloudwatch_metric_alarm.both', 'aws_cloudwatch_metric_alarm.root']);
    const filters = (name: string): string[] => addresses(g.get(`aws_cloudwatch_metric_alarm.${name}`).lists['metricFilters']);
    expect(filters('both')).toEqual(['aws_cloudwatch_log_metric_filter.b', 'aws_cloudwatch_log_metric_filter.a', 'aws_cloudwatch_log_metric_filter.c']);
    expect(filters('root')).toEqual(['aws_cloudwatch_log_metric_filter.a']);
  });

  it('relates every filter to every alarm of its metric over 300 copies of one stack, as one account (a list per metric, not one per filter)', () => {
    // 1,024 copies of such a plan took 27 s (a list per filter, each addition testing the list for
    // duplicates); bench/README.md, "Many copies of one stack", has the figures.
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-copies-'));
    for (let i = 0; i < 300; i++) {
      mkdirSync(join(dir, `copy-${i}`));
      writeFileSync(join(dir, `copy-${i}`, 'main.tf'), filter('f', 'Denied') + alarm('a', ['Denied']));
    }
    const g = graphOf([dir]);
    const filters = g.all.filter((r) => r.kind === 'metric_filter');
    const alarms = g.all.filter((r) => r.kind === 'metric_alarm');
    expect(filters).toHaveLength(300);
    for (const f of filters) expect(f.lists['alarms']).toHaveLength(300);
    for (const a of alarms) expect(a.lists['metricFilters']).toHaveLength(300);
    expect(new Set(filters.map((f) => f.lists['alarms'])).size).toBe(1);
  });
});

describe('a module with for_each filters and alarms on <filter>[each.key].id (as CIS baselines write it)', () => {
  const rules = builtinRules();
  it.each(['test/fixtures/monitoring/module', 'test/fixtures/monitoring/module/plan.json'])('%s', (path) => {
    const out = scan({ paths: [join(repo, path)], rules, root: repo, toolVersion: 'test' });
    const mine = (id: string) => out.findings.filter((f) => f.ruleId === id);
    // Filters named like their metric: every filter's alarm is found, fires, and notifies.
    expect(mine('cloudtrail-metric-filter-alarm')).toEqual([]);
    expect(out.undetermined.filter((u) => u.ruleId === 'cloudtrail-metric-filter-alarm')).toEqual([]);
    expect(mine('cloudtrail-alarm-actions-enabled')).toEqual([]);
    // What the module leaves out at its defaults: the topic key (null) and the log group key.
    expect(mine('cloudtrail-alarm-topic-encrypted').map((f) => f.resource?.address)).toEqual(['module.alarms.aws_sns_topic.alarms']);
    expect(mine('cloudtrail-log-group-encrypted')).toHaveLength(1);
    expect(mine('cloudtrail-log-group-retention')).toEqual([]);
    expect(mine('cloudtrail-alarm-topic-policy-not-public')).toEqual([]);
  });
});
