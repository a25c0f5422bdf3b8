import type { Resource } from '../graph.js';
import {
  summarizeEventDataStoreSelectors,
  summarizeTrailSelectors,
  validateEventDataStoreSelectors,
  validateTrailSelectors,
  type AdvancedEventSelector,
  type BasicEventSelector,
  type SelectorIssue,
} from '../semantics/event-selectors.js';
import { summarizeInsights } from '../semantics/insights.js';
import { containsUnknown, Unknown } from '../../core/unknown.js';
import { trimTrailing } from '../../core/trim.js';

/**
 * Derived properties that every adapter computes the same way once the
 * native attributes are normalized: what the selectors record, whether
 * Insights are on, whether a key is customer-managed. Keeping them here is
 * what lets one rule serve CloudFormation and Terraform alike.
 */

export function deriveTrail(r: Resource, insightSelectors: unknown): void {
  const key = r.props['kmsKeyId'];
  if (typeof key === 'string' && /^arn:aws[a-z-]*:kms:[^:]*:\d{12}:key\//.test(key)) r.props['kmsKeyArn'] = key;
  else if (key !== undefined) r.props['kmsKeyArn'] = new Unknown('the trail names its key by alias or by a value known at deployment, not by key ARN');
  const basic = r.props['eventSelectors'] as BasicEventSelector[] | Unknown | undefined;
  const advanced = r.props['advancedEventSelectors'] as AdvancedEventSelector[] | Unknown | undefined;
  const { recording, issues } = memoized(basic, advanced, () => ({
    recording: summarizeTrailSelectors(basic, advanced),
    issues: validateTrailSelectors(basic, advanced),
  }));
  r.props['recording'] = recording;
  const where = r.locs['advancedEventSelectors'] ?? r.locs['eventSelectors'];
  if (where) r.locs['recording'] = where;
  setSelectorIssues(r, issues);

  const insights = summarizeInsights(insightSelectors as Parameters<typeof summarizeInsights>[0]);
  r.props['insightTypes'] = insights.insightTypes;
  r.props['insightsEnabled'] = insights.insightsEnabled;
  if (r.locs['insightTypes']) r.locs['insightsEnabled'] = r.locs['insightTypes'];
}

export function deriveEventDataStore(r: Resource): void {
  const advanced = r.props['advancedEventSelectors'] as AdvancedEventSelector[] | Unknown | undefined;
  r.props['recording'] = summarizeEventDataStoreSelectors(advanced);
  if (r.locs['advancedEventSelectors']) r.locs['recording'] = r.locs['advancedEventSelectors'];
  setSelectorIssues(r, validateEventDataStoreSelectors(advanced));
  r.props['customerManagedKey'] = isCustomerManagedKey(r.props['kmsKeyId']);
  if (r.locs['kmsKeyId']) r.locs['customerManagedKey'] = r.locs['kmsKeyId'];
}

/**
 * Trails created by one module share their selectors: a plan of thousands of
 * trails evaluates each distinct selector list once. Only fully known inputs
 * are cached (an Unknown carries per-resource references); results are shared
 * and never mutated.
 */
const selectorCache = new Map<string, { recording: ReturnType<typeof summarizeTrailSelectors>; issues: SelectorIssue[] }>();

function memoized(
  basic: unknown,
  advanced: unknown,
  compute: () => { recording: ReturnType<typeof summarizeTrailSelectors>; issues: SelectorIssue[] },
): { recording: ReturnType<typeof summarizeTrailSelectors>; issues: SelectorIssue[] } {
  // An Unknown serializes with an `unknown` member (Unknown.toJSON and its subclasses'), so a key
  // without one holds none and the walks for them are skipped (thousands of trails, none with any).
  const key = JSON.stringify([basic ?? null, advanced ?? null]);
  if (key.includes('"unknown":') && (containsUnknown(basic) || containsUnknown(advanced))) return compute();
  let hit = selectorCache.get(key);
  if (!hit) {
    hit = compute();
    if (selectorCache.size < 10_000) selectorCache.set(key, hit);
  }
  return hit;
}

/**
 * Selectors CloudTrail rejects: the whole selector list is refused, so what
 * gets recorded depends on how the deployment fails. The recording answers
 * are then undetermined; this property is what a rule reports instead.
 */
function setSelectorIssues(r: Resource, issues: SelectorIssue[]): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return;
  const text = (i: SelectorIssue): string => trimTrailing(i.message, '.');
  r.props['selectorIssues'] = errors.map((i) => (i.selector !== undefined ? `selector ${i.selector + 1}: ${text(i)}` : text(i)));
  const loc = r.locs[errors[0]!.property];
  if (loc) r.locs['selectorIssues'] = loc;
}

/**
 * Unset means AWS-owned encryption; `alias/aws/...` names an AWS managed key.
 * A reference to a key created in the same configuration is customer-managed
 * even though its ARN is known only after deployment.
 */
export function isCustomerManagedKey(v: unknown): boolean | Unknown {
  if (v === undefined || v === null || v === '') return false;
  // A reference to a key created alongside is customer-managed; any other unknown stays unknown.
  if (v instanceof Unknown) return v.present && v.refs.length > 0 ? true : v;
  if (typeof v !== 'string') return new Unknown('KMS key is not a string');
  return !/(^|:)alias\/aws\//.test(v);
}
