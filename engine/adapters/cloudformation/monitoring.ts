import type { Resource } from '../../graph.js';
import { Unknown } from '../../../core/unknown.js';
import { asRecord, toBool, toNum, toStr, toStrList } from '../convert.js';
import { transformation } from '../metric-transformation.js';
import type { CfnReader as CfnPropertyReader } from './reader.js';
import type { CfnMapping } from './resources.js';

/**
 * The monitoring chain in CloudFormation: log group → metric filter → alarm →
 * SNS topic (with its topic policy and subscriptions). Defaults are those of
 * the CloudFormation resource reference pages:
 * - AWS::Logs::LogGroup RetentionInDays: "If you omit RetentionInDays …, the
 *   data in the log group never expires."
 * - AWS::CloudWatch::Alarm ActionsEnabled: "The default is TRUE."
 *   DatapointsToAlarm: unset means EvaluationPeriods ("M out of N" with M = N).
 * - AWS::SNS::Topic KmsMasterKeyId: unset means no server-side encryption.
 * - AWS::SNS::TopicPolicy Topics: "The Amazon Resource Names (ARN) of the topics
 *   to which you want to add the policy" (Ref of a topic returns its ARN).
 */

const str = toStr;
const num = toNum;
const bool = toBool;

export const CFN_MONITORING_ADAPTERS: Record<string, CfnMapping> = {
  'AWS::Logs::LogGroup': {
    kind: 'log_group',
    adapt(p, r) {
      p.set('name', 'LogGroupName', str);
      p.set('retentionDays', 'RetentionInDays', num);
      p.set('kmsKeyId', 'KmsKeyId', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      p.link('key', 'kmsKeyId', ['key', 'key_alias']);
    },
  },
  'AWS::Logs::MetricFilter': {
    kind: 'metric_filter',
    adapt(p, r) {
      p.set('name', 'FilterName', str);
      setPattern(p, r, 'FilterPattern');
      p.set('logGroupName', 'LogGroupName', str);
      p.link('logGroup', 'logGroupName', ['log_group']);
      const list = p.get('MetricTransformations');
      // CloudFormation accepts exactly one transformation; an unknown list leaves the metric unknown.
      const first = list instanceof Unknown ? list : Array.isArray(list) ? list[0] : list;
      const base = ['MetricTransformations', 0];
      transformation(p, r, first, base, { namespace: 'MetricNamespace', name: 'MetricName', value: 'MetricValue', defaultValue: 'DefaultValue' });
    },
  },
  'AWS::CloudWatch::Alarm': {
    kind: 'metric_alarm',
    adapt(p, r) {
      p.set('name', 'AlarmName', str);
      p.set('metricNamespace', 'Namespace', str);
      p.set('metricName', 'MetricName', str);
      p.set('statistic', 'Statistic', str);
      if (r.props['statistic'] === undefined) p.set('statistic', 'ExtendedStatistic', str);
      p.set('period', 'Period', num);
      p.set('threshold', 'Threshold', num);
      p.set('comparisonOperator', 'ComparisonOperator', str);
      p.set('evaluationPeriods', 'EvaluationPeriods', num);
      p.set('datapointsToAlarm', 'DatapointsToAlarm', num);
      p.set('treatMissingData', 'TreatMissingData', str, 'missing');
      const metrics = p.get('Metrics');
      r.props['usesMetricMath'] = metrics !== undefined;
      // The metrics a metric math alarm reads: it may be a filter's alarm, judged as undetermined.
      if (Array.isArray(metrics)) {
        r.props['metricMathMetrics'] = metrics.map((m) => {
          const metric = asRecord(asRecord(asRecord(m)['MetricStat'])['Metric']);
          return { namespace: metric['Namespace'], name: metric['MetricName'] };
        });
      }
      if (p.loc('Metrics')) r.locs['usesMetricMath'] = p.loc('Metrics')!;
      p.set('actionsEnabled', 'ActionsEnabled', bool, true);
      p.set('alarmActions', 'AlarmActions', (v) => toStrList(v));
    },
  },
  'AWS::SNS::Topic': {
    kind: 'sns_topic',
    adapt(p, r) {
      p.set('name', 'TopicName', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      p.set('kmsMasterKeyId', 'KmsMasterKeyId', str);
      p.link('key', 'kmsMasterKeyId', ['key', 'key_alias']);
      const subs = p.get('Subscription');
      r.props['inlineSubscriptions'] = subs instanceof Unknown ? subs : Array.isArray(subs) ? subs.length : 0;
      if (p.loc('Subscription')) r.locs['inlineSubscriptions'] = p.loc('Subscription')!;
    },
  },
  'AWS::SNS::TopicPolicy': {
    kind: 'sns_topic_policy',
    adapt(p, r) {
      p.set('policy', 'PolicyDocument', (v) => v);
      r.nativePaths['policy'] = ['PolicyDocument'];
      const topics = p.get('Topics');
      const list = topics instanceof Unknown ? [topics] : Array.isArray(topics) ? topics : topics === undefined ? [] : [topics];
      // One policy resource per topic it lists: the linker draws one edge per resource.
      list.forEach((topic, i) => {
        const target = i === 0 ? r : p.addInner(`${r.address}.Topics[${i}]`, 'sns_topic_policy', 'AWS::SNS::TopicPolicy', ['Topics', i]);
        if (target !== r) {
          target.props['policy'] = r.props['policy'];
          target.nativePaths['policy'] = ['PolicyDocument'];
          target.locateNative = r.locateNative;
          if (r.locs['policy']) target.locs['policy'] = r.locs['policy'];
        }
        target.props['topicRef'] = topic;
        target.links['topic'] = { value: topic, kinds: ['sns_topic'] };
      });
    },
  },
  // A topic's policy as a resource of the topic (2023): one topic, by ARN.
  'AWS::SNS::TopicInlinePolicy': {
    kind: 'sns_topic_policy',
    adapt(p, r) {
      p.set('policy', 'PolicyDocument', (v) => v);
      r.nativePaths['policy'] = ['PolicyDocument'];
      r.props['topicRef'] = p.get('TopicArn');
      p.link('topic', 'topicRef', ['sns_topic']);
    },
  },
  'AWS::SNS::Subscription': {
    kind: 'sns_subscription',
    adapt(p, r) {
      p.set('protocol', 'Protocol', str);
      p.set('endpoint', 'Endpoint', str);
      r.props['topicRef'] = p.get('TopicArn');
      p.link('topic', 'topicRef', ['sns_topic']);
    },
  },
};

/** The pattern, and where its property is written (the line a finding about the pattern names). */
function setPattern(p: CfnPropertyReader, r: Resource, name: string): void {
  const raw = p.get(name);
  // An empty pattern is valid for CloudWatch Logs: it matches every event. Keep it as ''.
  if (raw === '') r.props['pattern'] = '';
  else p.set('pattern', name, str);
  const loc = p.loc(name);
  if (loc) r.locs['pattern'] = loc;
}
