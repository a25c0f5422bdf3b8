import type { Resource } from '../../graph.js';
import { Unknown } from '../../../core/unknown.js';
import { asRecord, toBool, toNum, toStr, toStrList } from '../convert.js';
import { transformation } from '../metric-transformation.js';
import type { TfAttributeReader } from './adapter.js';
import type { TfMapping } from './resources.js';

/**
 * The monitoring chain in Terraform (AWS provider v4–v6): log group → metric
 * filter → alarm → SNS topic, policy and subscriptions. Defaults are the
 * provider's (registry documentation of each resource):
 * - aws_cloudwatch_log_group `retention_in_days`: 0 (never expire) when unset;
 * - aws_cloudwatch_log_metric_filter: the resource's `id` is its `name`;
 * - aws_cloudwatch_metric_alarm `actions_enabled`: true; `treat_missing_data`: "missing";
 * - aws_sns_topic `kms_master_key_id`: unset, no server-side encryption.
 */

const str = toStr;
const num = toNum;
const bool = toBool;

export const TF_MONITORING_ADAPTERS: Record<string, TfMapping> = {
  aws_cloudwatch_log_group: {
    kind: 'log_group',
    adapt(p, r) {
      p.set('name', 'name', str);
      // 0 is the provider's "never expire", the same as leaving it unset.
      p.set('retentionDays', 'retention_in_days', (v) => (v === 0 || v === '0' ? undefined : num(v)));
      p.set('kmsKeyId', 'kms_key_id', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      addArn(p, r);
      p.link('key', 'kmsKeyId', ['key', 'key_alias']);
    },
  },
  aws_cloudwatch_log_metric_filter: {
    kind: 'metric_filter',
    adapt(p, r) {
      p.set('name', 'name', str);
      const raw = p.get('pattern');
      // An empty pattern matches every event; keep it rather than read it as unset.
      if (raw === '') r.props['pattern'] = '';
      else p.set('pattern', 'pattern', str);
      const loc = p.loc('pattern');
      if (loc) r.locs['pattern'] = loc;
      p.set('logGroupName', 'log_group_name', str);
      p.link('logGroup', 'logGroupName', ['log_group']);
      const blocks = p.blocks('metric_transformation');
      const first = blocks instanceof Unknown ? blocks : blocks?.[0];
      transformation(p, r, first, ['metric_transformation', 0], { namespace: 'namespace', name: 'name', value: 'value', defaultValue: 'default_value' });
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
    },
  },
  aws_cloudwatch_metric_alarm: {
    kind: 'metric_alarm',
    adapt(p, r) {
      p.set('name', 'alarm_name', str);
      p.set('metricNamespace', 'namespace', str);
      p.set('metricName', 'metric_name', str);
      p.set('statistic', 'statistic', str);
      if (r.props['statistic'] === undefined) p.set('statistic', 'extended_statistic', str);
      p.set('period', 'period', num);
      p.set('threshold', 'threshold', num);
      p.set('comparisonOperator', 'comparison_operator', str);
      p.set('evaluationPeriods', 'evaluation_periods', num);
      p.set('datapointsToAlarm', 'datapoints_to_alarm', num);
      p.set('treatMissingData', 'treat_missing_data', str, 'missing');
      const math = p.blocks('metric_query');
      r.props['usesMetricMath'] = math instanceof Unknown ? math : Array.isArray(math) && math.length > 0;
      if (Array.isArray(math)) {
        r.props['metricMathMetrics'] = math.map((q) => {
          const m = asRecord(q)['metric'];
          const metric = asRecord(Array.isArray(m) ? m[0] : m);
          return { namespace: metric['namespace'], name: metric['metric_name'] };
        });
      }
      if (p.loc('metric_query')) r.locs['usesMetricMath'] = p.loc('metric_query')!;
      p.set('actionsEnabled', 'actions_enabled', bool, true);
      p.set('alarmActions', 'alarm_actions', (v) => toStrList(v));
    },
  },
  aws_sns_topic: {
    kind: 'sns_topic',
    adapt(p, r) {
      p.set('name', 'name', str);
      const name = r.props['name'];
      if (typeof name === 'string') r.names.push(name);
      addArn(p, r);
      p.set('kmsMasterKeyId', 'kms_master_key_id', str);
      p.link('key', 'kmsMasterKeyId', ['key', 'key_alias']);
      // The topic's own `policy` argument; an aws_sns_topic_policy replaces it.
      const policy = p.get('policy');
      if (policy !== undefined && policy !== null && policy !== '') {
        r.props['policy'] = policy;
        r.nativePaths['policy'] = ['policy'];
        if (p.loc('policy')) r.locs['policy'] = p.loc('policy')!;
      }
      r.props['inlineSubscriptions'] = 0;
    },
  },
  aws_sns_topic_policy: {
    kind: 'sns_topic_policy',
    adapt(p, r) {
      r.props['topicRef'] = p.get('arn');
      p.link('topic', 'topicRef', ['sns_topic']);
      p.set('policy', 'policy', (v) => v);
      r.nativePaths['policy'] = ['policy'];
    },
  },
  aws_sns_topic_subscription: {
    kind: 'sns_subscription',
    adapt(p, r) {
      p.set('protocol', 'protocol', str);
      p.set('endpoint', 'endpoint', str);
      r.props['topicRef'] = p.get('topic_arn');
      p.link('topic', 'topicRef', ['sns_topic']);
    },
  },
};

/** A plan of an existing resource knows its ARN: other resources may name it by it. */
function addArn(p: TfAttributeReader, r: Resource): void {
  const arn = p.get('arn');
  if (typeof arn === 'string') {
    r.names.push(arn);
    r.props['arn'] = arn;
  }
}
