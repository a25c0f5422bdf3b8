import type { Resource } from '../graph.js';
import { Unknown } from '../../core/unknown.js';
import { asRecord, toNum, toStr } from './convert.js';

/**
 * A metric filter's metric transformation (CloudFormation MetricTransformations[0],
 * Terraform metric_transformation): namespace, name, value and default value,
 * each with the position where it is written.
 */
export interface TransformationNames {
  namespace: string;
  name: string;
  value: string;
  defaultValue: string;
}

/** The metric transformation's namespace, name, value and default value, with positions. */
export function transformation(
  p: { loc(path: (string | number)[]): Resource['range'] | undefined },
  r: Resource,
  t: unknown,
  base: (string | number)[],
  names: TransformationNames,
): void {
  if (t instanceof Unknown) {
    for (const k of ['metricNamespace', 'metricName', 'metricValue']) r.props[k] = t;
    return;
  }
  const rec = asRecord(t);
  const set = (prop: string, native: string, v: unknown): void => {
    if (v === undefined) return;
    r.props[prop] = v;
    const loc = p.loc([...base, native]);
    if (loc) r.locs[prop] = loc;
  };
  set('metricNamespace', names.namespace, toStr(rec[names.namespace]));
  set('metricName', names.name, toStr(rec[names.name]));
  set('metricValue', names.value, toStr(rec[names.value]));
  set('defaultValue', names.defaultValue, toNum(rec[names.defaultValue]));
}
