import { Unknown } from '../../core/unknown.js';

/**
 * Does one log event that matches a metric filter put its alarm in ALARM?
 *
 * A metric filter publishes its `MetricValue` (usually 1) for each matching
 * event, and its `DefaultValue` (when set) for each event that does not match
 * (CloudWatch Logs User Guide, "Creating metrics from log events using
 * filters" → "Metric filter concepts": metric value, default value). So one
 * matching event in a period gives the statistics:
 * - Sum, Maximum, p100: the metric value (a default of 0 adds nothing to the sum);
 * - SampleCount: at least 1;
 * - Average, Minimum, percentiles: the metric value when no default value is
 *   published, otherwise something between the default and the value.
 *
 * The alarm compares the statistic with its threshold (ComparisonOperator) and
 * goes to ALARM when `DatapointsToAlarm` of the last `EvaluationPeriods`
 * datapoints breach (CloudWatch User Guide, "Evaluating an alarm": unset
 * DatapointsToAlarm means all N). One event makes one breaching datapoint, so it
 * fires only when one datapoint is enough, or when missing data counts as
 * breaching (`TreatMissingData: breaching`).
 */

export interface AlarmShape {
  statistic?: unknown;
  threshold?: unknown;
  comparisonOperator?: unknown;
  evaluationPeriods?: unknown;
  datapointsToAlarm?: unknown;
  treatMissingData?: unknown;
}

export interface FilterMetric {
  metricValue?: unknown;
  defaultValue?: unknown;
}

export type Fires = { fires: true } | { fires: false; reason: string } | { fires: Unknown };

export function firesOnOneEvent(alarm: AlarmShape, filter: FilterMetric | undefined): Fires {
  const u = [alarm.statistic, alarm.threshold, alarm.comparisonOperator, alarm.evaluationPeriods, alarm.datapointsToAlarm].find((v) => v instanceof Unknown);
  if (u instanceof Unknown) return { fires: u };
  const op = alarm.comparisonOperator;
  if (typeof op !== 'string') return { fires: new Unknown('the alarm has no comparison operator') };
  const threshold = alarm.threshold;
  if (typeof threshold !== 'number') return { fires: new Unknown('the alarm has no static threshold (anomaly detection)') };

  const periods = typeof alarm.evaluationPeriods === 'number' ? alarm.evaluationPeriods : 1;
  const needed = typeof alarm.datapointsToAlarm === 'number' ? alarm.datapointsToAlarm : periods;
  if (needed > 1 && alarm.treatMissingData !== 'breaching') {
    return { fires: false, reason: `it needs ${needed} breaching datapoints (DatapointsToAlarm/EvaluationPeriods), one event makes one` };
  }

  const observed = statisticOfOneEvent(alarm.statistic, filter);
  if (observed instanceof Unknown) return { fires: observed };
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return observed >= threshold ? { fires: true } : { fires: false, reason: `one event gives ${observed}, below the threshold ${threshold}` };
    case 'GreaterThanThreshold':
      return observed > threshold ? { fires: true } : { fires: false, reason: `one event gives ${observed}, not greater than the threshold ${threshold}` };
    case 'LessThanThreshold':
    case 'LessThanOrEqualToThreshold':
      return { fires: false, reason: `it compares with ${op}: it fires when events are absent, not when one happens` };
    default:
      return { fires: new Unknown(`comparison ${op} is an anomaly-detection band`) };
  }
}

function statisticOfOneEvent(statistic: unknown, filter: FilterMetric | undefined): number | Unknown {
  const stat = typeof statistic === 'string' ? statistic : 'Sum';
  if (stat === 'SampleCount') return 1;
  const value = metricValue(filter?.metricValue);
  if (value instanceof Unknown) return value;
  if (stat === 'Sum' || stat === 'Maximum' || stat === 'p100') {
    // With a default value, the sum also holds the defaults of non-matching events (0 for CIS filters).
    const d = filter?.defaultValue;
    if (stat === 'Sum' && typeof d === 'number' && d < 0) return new Unknown('a negative default value lowers the sum');
    return value;
  }
  if (filter?.defaultValue === undefined) return value;
  return new Unknown(`the ${stat} statistic mixes the filter's default value with the matching event's value`);
}

function metricValue(v: unknown): number | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (v === undefined) return new Unknown('the filter that publishes the metric is not in the scan');
  return new Unknown(`the filter publishes '${String(v)}', a value taken from the event`);
}
