#!/usr/bin/env python3
"""Writes the CloudFormation YAML and Terraform cases of the CIS 4.x alarm rules
(rules/cloudwatch-alarm-*/cases) from each rule's events.yaml: `pass` is a baseline
with all fifteen filters and alarms; `fail` leaves out the rule's own filter; the
special cases (split filter, wrong namespace, disabled actions, typo, over-broad
filter, alarm in another file) are variations of the same baseline. Then run
  node test/tools/cfn-cases-to-json.mjs
  node test/tools/tf-cases-to-plan.mjs rules/cloudwatch-*/cases/*.tf
"""
import os, yaml, glob
ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
RULES = os.path.join(ROOT, 'rules')

def load():
    out = []
    for d in sorted(glob.glob(os.path.join(RULES, 'cloudwatch-alarm-*'))):
        ev = yaml.safe_load(open(os.path.join(d, 'events.yaml')))
        rule = yaml.safe_load(open(os.path.join(d, 'rule.yaml')))
        pat = next(p for p in ev['patterns'] if p['covers'])['pattern']
        metric = rule['remediation']['cloudformation'].split('Filter:')[0].strip()
        out.append(dict(dir=d, id=os.path.basename(d), control=ev['control'], pattern=pat, metric=metric))
    return sorted(out, key=lambda c: int(c['control'][3:]))

CONTROLS = load()

def cfn(controls, trail_marker=False, tweak=None, with_trail=True, with_alarms=True, with_filters=True, filter_marker=None):
    L = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:']
    if with_trail:
        L += ['  TrailLogGroup:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      LogGroupName: /aws/cloudtrail/org', '      RetentionInDays: 365',
              '  SecurityAlarmsTopic:', '    Type: AWS::SNS::Topic', '    Properties:', '      TopicName: security-alarms', '      KmsMasterKeyId: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
              '  Trail:', '    Type: AWS::CloudTrail::Trail', '    Properties:', '      TrailName: org-trail', '      IsLogging: true', '      IsMultiRegionTrail: true',
              '      S3BucketName: org-trail-logs',
              '      CloudWatchLogsLogGroupArn: !GetAtt TrailLogGroup.Arn' + ('  # expect-finding' if trail_marker else ''),
              '      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/trail-to-logs']
    for c in controls:
        filters = (tweak or {}).get(c['control'], {}).get('filters') or [(c['metric'], c['pattern'])]
        ns = (tweak or {}).get(c['control'], {}).get('alarmNamespace', 'CISBenchmark')
        enabled = (tweak or {}).get(c['control'], {}).get('actionsEnabled')
        for name, pat in filters:
            if with_filters:
                mark = '  # expect-finding' if filter_marker == name else ''
                L += [f'  {name}Filter:', '    Type: AWS::Logs::MetricFilter', '    Properties:',
                      '      LogGroupName: !Ref TrailLogGroup' if with_trail else '      LogGroupName: /aws/cloudtrail/org',
                      "      FilterPattern: '" + pat.replace("'", "''") + "'" + mark,
                      '      MetricTransformations:', '        - MetricNamespace: CISBenchmark', f'          MetricName: {name}', '          MetricValue: "1"']
            if with_alarms:
                L += [f'  {name}Alarm:', '    Type: AWS::CloudWatch::Alarm', '    Properties:', f'      AlarmName: {name}', f'      Namespace: {ns}', f'      MetricName: {name}',
                      '      Statistic: Sum', '      Period: 300', '      EvaluationPeriods: 1', '      Threshold: 1', '      ComparisonOperator: GreaterThanOrEqualToThreshold']
                if enabled is not None: L.append(f'      ActionsEnabled: {str(enabled).lower()}')
                L.append('      AlarmActions: [!Ref SecurityAlarmsTopic]' if with_trail else '      AlarmActions: [arn:aws:sns:us-east-1:111122223333:security-alarms]')
    return '\n'.join(L) + '\n'

def hcl_str(s): return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def snake(name):
    out = ''
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0 and not name[i-1].isupper(): out += '_'
        out += ch.lower()
    return out

def tf(controls, trail_marker=False, tweak=None, with_trail=True, with_alarms=True, with_filters=True, filter_marker=None):
    L = []
    if with_trail:
        L += ['resource "aws_cloudwatch_log_group" "trail" {', '  name              = "/aws/cloudtrail/org"', '  retention_in_days = 365', '}', '',
              'resource "aws_sns_topic" "security_alarms" {', '  name              = "security-alarms"', '  kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"', '}', '',
              'resource "aws_cloudtrail" "main" {', '  name                       = "org-trail"', '  s3_bucket_name             = "org-trail-logs"',
              '  is_multi_region_trail      = true',
              '  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"' + (' # expect-finding' if trail_marker else ''),
              '  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-to-logs"', '}', '']
    for c in controls:
        filters = (tweak or {}).get(c['control'], {}).get('filters') or [(c['metric'], c['pattern'])]
        ns = (tweak or {}).get(c['control'], {}).get('alarmNamespace', 'CISBenchmark')
        enabled = (tweak or {}).get(c['control'], {}).get('actionsEnabled')
        for name, pat in filters:
            s = snake(name)
            if with_filters:
                mark = ' # expect-finding' if filter_marker == name else ''
                L += [f'resource "aws_cloudwatch_log_metric_filter" "{s}" {{', f'  name           = "{name}"',
                      '  log_group_name = aws_cloudwatch_log_group.trail.name' if with_trail else '  log_group_name = "/aws/cloudtrail/org"',
                      f'  pattern        = {hcl_str(pat)}{mark}', '  metric_transformation {', f'    name      = "{name}"', '    namespace = "CISBenchmark"', '    value     = "1"', '  }', '}', '']
            if with_alarms:
                L += [f'resource "aws_cloudwatch_metric_alarm" "{s}" {{', f'  alarm_name          = "{name}"', f'  namespace           = "{ns}"',
                      f'  metric_name         = "{name}"', '  statistic           = "Sum"', '  period              = 300', '  evaluation_periods  = 1',
                      '  threshold           = 1', '  comparison_operator = "GreaterThanOrEqualToThreshold"']
                if enabled is not None: L.append(f'  actions_enabled     = {str(enabled).lower()}')
                L.append('  alarm_actions       = [aws_sns_topic.security_alarms.arn]' if with_trail else '  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]')
                L += ['}', '']
    return '\n'.join(L)

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, 'w').write(text)

def both(case_dir, name, **kw):
    write(os.path.join(case_dir, f'{name}.cfn.yaml'), cfn(CONTROLS, **kw))
    write(os.path.join(case_dir, f'{name}.tf'), tf(CONTROLS, **kw))

for c in CONTROLS:
    d = os.path.join(c['dir'], 'cases')
    both(d, 'pass')
    others = [x for x in CONTROLS if x is not c]
    write(os.path.join(d, 'fail.cfn.yaml'), cfn(others, trail_marker=True))
    write(os.path.join(d, 'fail.tf'), tf(others, trail_marker=True))

by = {c['control']: c for c in CONTROLS}
def dir_of(cid): return os.path.join(by[cid]['dir'], 'cases')

# C4.5: a filter split over two resources covers; an alarm on the right metric name in the wrong
# namespace, or with its actions disabled, does not.
split = {'C4.5': {'filters': [('CloudTrailCreateUpdateDelete', '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) }'),
                              ('CloudTrailStartStop', '{ ($.eventName = StartLogging) || ($.eventName = StopLogging) }')]}}
both(dir_of('C4.5'), 'pass-split-filter', tweak=split)
both(dir_of('C4.5'), 'fail-alarm-wrong-namespace', trail_marker=True, tweak={'C4.5': {'alarmNamespace': 'LogMetrics'}})
both(dir_of('C4.5'), 'fail-alarm-actions-disabled', trail_marker=True, tweak={'C4.5': {'actionsEnabled': False}})
# C4.11: a typo in one event name (capital I for l).
typo = by['C4.11']['pattern'].replace('($.eventName=CreateNetworkAcl)', '($.eventName=CreateNetworkAcI)')
assert typo != by['C4.11']['pattern']
both(dir_of('C4.11'), 'fail-typo-in-event-name', trail_marker=True, tweak={'C4.11': {'filters': [(by['C4.11']['metric'], typo)]}})
# C4.10: an over-broad filter alarms on every event.
both(dir_of('C4.10'), 'fail-over-broad-filter', trail_marker=True, tweak={'C4.10': {'filters': [(by['C4.10']['metric'], '{ $.eventName = * }')]}})
# C4.3: the alarms live in another file (another stack; another .tf file of the configuration).
for kind, gen, ext in (('cfn', cfn, '.cfn.yaml'), ('tf', tf, '.tf')):
    base = os.path.join(dir_of('C4.3'), f'pass-alarms-in-another-file-{kind}')
    if kind == 'cfn':
        write(os.path.join(base, 'trail.yaml'), gen(CONTROLS, with_alarms=False))
        write(os.path.join(base, 'alarms.yaml'), gen(CONTROLS, with_trail=False, with_filters=False))
    else:
        write(os.path.join(base, 'main.tf'), gen(CONTROLS, with_alarms=False))
        write(os.path.join(base, 'alarms.tf'), gen(CONTROLS, with_trail=False, with_filters=False))

# cloudwatch-filter-pattern-valid: the baseline passes; '==' is rejected.
pv = os.path.join(RULES, 'cloudwatch-filter-pattern-valid', 'cases')
both(pv, 'pass')
bad = by['C4.5']['pattern'].replace('($.eventName=UpdateTrail)', '($.eventName==UpdateTrail)')
assert bad != by['C4.5']['pattern']
both(pv, 'fail-double-equals', tweak={'C4.5': {'filters': [(by['C4.5']['metric'], bad)]}}, filter_marker=by['C4.5']['metric'])
print('cases written')
