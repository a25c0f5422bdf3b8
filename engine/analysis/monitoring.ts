import type { Diagnostic } from '../../core/diagnostics.js';
import { nameVariants, type Resource, type ResourceGraph } from '../graph.js';
import { isPublicPolicy } from '../iam/index.js';
import { firesOnOneEvent } from '../semantics/alarms.js';
import { Unknown } from '../../core/unknown.js';
import { readPolicy, statementLoc } from './policy-facts.js';
import { localAddressOf } from '../graph.js';
import { pushAll } from '../../parsers/arrays.js';

/**
 * The monitoring chain after linking: trail → log group → metric filters →
 * alarms on their metric → SNS topics. Fills the one-to-many `lists` (kinds.ts)
 * and the properties P5.2–P5.4 and B5.1–B5.3 read:
 *
 * - a log group's `metricFilters` and `trails`; `trailLogGroup`;
 * - a filter's `alarms` (same namespace and metric name), `securityFilter`,
 *   `alarmed` and, when it is false, `alarmProblem` in words;
 * - an alarm's `metricFilters`, `topics`, `hasEnabledAction`, `firesOnOneEvent`, `securityAlarm`;
 * - a topic's policy (merged from its topic policy resource), `encrypted`,
 *   `policyPublic`, `hasSubscription`, `alarms`, `securityAlarmTopic`.
 *
 * Alarms are matched to filters by (namespace, metric name) over everything
 * scanned together, as CloudWatch matches them in one account and region: an
 * alarm in another file or stack counts.
 */
export function analyzeMonitoring(graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  mergeTopicPolicies(graph);
  for (const t of graph.ofKind('trail')) {
    const edge = t.edges['logGroup'];
    if (edge?.status === 'resolved') addTo(edge.target, 'trails', t);
  }
  for (const f of graph.ofKind('metric_filter')) {
    const edge = f.edges['logGroup'];
    if (edge?.status === 'resolved') addTo(edge.target, 'metricFilters', f);
  }
  for (const g of graph.ofKind('log_group')) g.props['trailLogGroup'] = (g.lists['trails'] ?? []).length > 0;
  const filters = graph.ofKind('metric_filter');
  const inFilterOrder = filterOrder(filters);
  let outside: Map<string, Resource[]> | undefined;
  for (const t of graph.ofKind('trail')) {
    const edge = t.edges['logGroup'];
    if (edge?.status === 'resolved') t.lists['metricFilters'] = edge.target.lists['metricFilters'] ?? [];
    else if (edge?.status === 'outside') {
      // The group is created elsewhere (named by ARN): filters that name the same group still read the
      // trail's events. Found through an index of the filters' group names, made once (a scan over every
      // filter for each trail was quadratic in a scan of many copies of one stack), in graph order.
      outside ??= indexOutsideFilters(filters);
      const found = new Set<Resource>();
      for (const n of nameVariants(edge.name)) for (const f of outside.get(n) ?? []) found.add(f);
      t.lists['metricFilters'] = inFilterOrder(found);
    } else t.lists['metricFilters'] = [];
  }
  const onTrailGroup = new Set(graph.ofKind('trail').flatMap((t) => t.lists['metricFilters'] ?? []));

  const alarms = graph.ofKind('metric_alarm');
  for (const a of alarms) resolveFilterReferences(a, graph);
  const byMetric = new Map<string, Resource[]>();
  const byName = new Map<string, Resource[]>();
  for (const a of alarms) {
    const ns = a.props['metricNamespace'];
    const name = a.props['metricName'];
    if (typeof name === 'string') push(byName, name, a);
    if (typeof ns === 'string' && typeof name === 'string') push(byMetric, metricKey(ns, name), a);
    const math = a.props['metricMathMetrics'];
    if (Array.isArray(math)) {
      for (const m of math as { namespace?: unknown; name?: unknown }[]) {
        if (typeof m.namespace === 'string' && typeof m.name === 'string') push(byMetric, metricKey(m.namespace, m.name), a);
      }
    }
  }

  for (const f of graph.ofKind('metric_filter')) classifyFilter(f, onTrailGroup.has(f));
  linkFiltersAndAlarms(filters, byMetric, inFilterOrder);

  const topicIndex = indexTopics(graph);
  for (const a of alarms) analyzeAlarm(a, topicIndex);
  for (const f of graph.ofKind('metric_filter')) judgeFilter(f, byName, alarms);
  for (const a of alarms) {
    const filters = a.lists['metricFilters'] ?? [];
    a.props['securityAlarm'] = anySecurityFilter(filters);
    for (const t of a.lists['topics'] ?? []) addTo(t, 'alarms', a);
  }
  for (const t of graph.ofKind('sns_topic')) analyzeTopic(t, graph, diagnostics);
}

/**
 * A filter's `alarms` are the alarms on its metric, and an alarm's `metricFilters` the filters on its
 * metric (or metrics: a metric math alarm may watch several), each list in graph order. Every filter of
 * one metric gets the same array, and so does every alarm of one metric: a scan of many copies of one
 * stack (the same metric names in every file, all matched as if in one account) puts hundreds of filters
 * and alarms on one metric, and building a list for each made the graph quadratic in size and the
 * duplicate tests cubic in time (1,024 copies of a small plan took 27 s).
 */
function linkFiltersAndAlarms(filters: readonly Resource[], byMetric: Map<string, Resource[]>, inFilterOrder: (found: Set<Resource>) => Resource[]): void {
  const filtersByMetric = new Map<string, Resource[]>();
  for (const f of filters) {
    const ns = f.props['metricNamespace'];
    const name = f.props['metricName'];
    if (typeof ns === 'string' && typeof name === 'string' && byMetric.has(metricKey(ns, name))) push(filtersByMetric, metricKey(ns, name), f);
  }
  const keysOf = new Map<Resource, string[]>();
  for (const [key, filtersOfKey] of filtersByMetric) {
    // An alarm is listed once per metric it watches: once here.
    const alarms = [...new Set(byMetric.get(key))];
    for (const f of filtersOfKey) f.lists['alarms'] = alarms;
    for (const a of alarms) {
      const keys = keysOf.get(a);
      if (keys) keys.push(key);
      else keysOf.set(a, [key]);
    }
  }
  for (const [a, keys] of keysOf) {
    if (keys.length === 1) {
      a.lists['metricFilters'] = filtersByMetric.get(keys[0]!)!;
      continue;
    }
    const found = new Set<Resource>();
    for (const key of keys) for (const f of filtersByMetric.get(key)!) found.add(f);
    a.lists['metricFilters'] = inFilterOrder(found);
  }
}

/** Filters on a log group outside the scan, by each variant of the group's name. */
function indexOutsideFilters(filters: readonly Resource[]): Map<string, Resource[]> {
  const byName = new Map<string, Resource[]>();
  for (const f of filters) {
    const e = f.edges['logGroup'];
    if (e?.status === 'outside') for (const n of new Set(nameVariants(e.name))) push(byName, n, f);
  }
  return byName;
}

/** Puts a set of filters in graph order; the positions are indexed on first use (rarely needed). */
function filterOrder(filters: readonly Resource[]): (found: Set<Resource>) => Resource[] {
  let position: Map<Resource, number> | undefined;
  return (found) => {
    position ??= new Map(filters.map((f, i) => [f, i]));
    const at = position;
    return [...found].sort((a, b) => at.get(a)! - at.get(b)!);
  };
}

function metricKey(ns: string, name: string): string {
  return `${ns}\u0000${name}`;
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Adds `v` to `r.lists[list]` once. What is filled here (a log group's trails and filters, a topic's
 * alarms) stays short; filters' and alarms' lists, which many copies of one stack make long, are shared
 * per metric instead (linkFiltersAndAlarms).
 */
function addTo(r: Resource, list: string, v: Resource): void {
  const l = r.lists[list] ?? (r.lists[list] = []);
  if (!l.includes(v)) l.push(v);
}

/** The alarms of a list that fire on one event and notify: once per list (filters of one metric share theirs). */
const notifying = new WeakMap<readonly Resource[], Resource[]>();
function notifyingAlarms(alarms: readonly Resource[]): Resource[] {
  let good = notifying.get(alarms);
  if (!good) {
    good = alarms.filter((a) => a.props['firesOnOneEvent'] === true && a.props['hasEnabledAction'] === true && a.props['notifiesOnlyAwsManagedKeyTopics'] !== true);
    notifying.set(alarms, good);
  }
  return good;
}

/** Whether any filter of a list is a security filter: once per list (alarms of one metric share theirs). */
const securityOfList = new WeakMap<readonly Resource[], boolean | Unknown>();
function anySecurityFilter(filters: readonly Resource[]): boolean | Unknown {
  let answer = securityOfList.get(filters);
  if (answer === undefined) securityOfList.set(filters, (answer = anyTrue(filters.map((f) => f.props['securityFilter']))));
  return answer;
}

function anyTrue(values: unknown[]): boolean | Unknown {
  if (values.some((v) => v === true)) return true;
  return values.find((v): v is Unknown => v instanceof Unknown) ?? false;
}

/**
 * Fields of a CloudTrail record (CloudTrail User Guide, "CloudTrail record
 * contents for management, data, and network activity events"); a pattern
 * that tests one of them filters CloudTrail events. A plain scan, no RegExp on input.
 */
const CLOUDTRAIL_FIELDS = [
  'eventName', 'eventSource', 'eventType', 'eventCategory', 'userIdentity', 'errorCode', 'errorMessage', 'sourceIPAddress',
  'responseElements', 'requestParameters', 'additionalEventData', 'recipientAccountId', 'managementEvent', 'readOnly',
];

function classifyFilter(f: Resource, onTrailGroup: boolean): void {
  const edge = f.edges['logGroup'];
  const onTrail: boolean | Unknown = onTrailGroup ? true : edge?.status === 'unknown' ? new Unknown(edge.reason) : false;
  f.props['onTrailLogGroup'] = onTrail;
  const pattern = f.props['pattern'];
  const reads: boolean | Unknown =
    pattern instanceof Unknown ? pattern : typeof pattern === 'string' ? CLOUDTRAIL_FIELDS.some((field) => pattern.includes(`$.${field}`)) : false;
  f.props['readsCloudTrailEvents'] = reads;
  f.props['securityFilter'] = onTrail === true || reads === true ? true : onTrail instanceof Unknown ? onTrail : reads;
  if (f.locs['pattern']) f.locs['readsCloudTrailEvents'] = f.locs['pattern'];
}

/**
 * Terraform: `metric_name = aws_cloudwatch_log_metric_filter.x.id` is known
 * only after apply in a plan; the provider sets the id to the filter's name,
 * so the alarm watches a metric named like the *filter* (compare it with the
 * filter's metric transformation name). `.metric_transformation[0].name`
 * and `.namespace` read the transformation.
 */
function resolveFilterReferences(a: Resource, graph: ResourceGraph): void {
  for (const prop of ['metricName', 'metricNamespace']) {
    const v = a.props[prop];
    if (!(v instanceof Unknown) || v.template !== undefined) continue;
    for (const ref of v.refs) {
      const f = graph.ofKind('metric_filter').find((x) => localAddressOf(x) === ref.address && x.scope === a.scope);
      if (!f) continue;
      // A reference without attribute (`this[each.key].id` after a dynamic index) can only be a
      // computed attribute: the written ones (name, metric_transformation) are known values.
      const attr = ref.attribute ?? 'id';
      const resolved =
        attr === 'id' || attr === 'name' ? f.props['name'] : attr.includes('namespace') ? f.props['metricNamespace'] : attr.includes('metric_transformation') ? f.props['metricName'] : undefined;
      if (typeof resolved === 'string') {
        a.props[prop] = resolved;
        break;
      }
    }
  }
}

function indexTopics(graph: ResourceGraph): { byAddress: Map<string, Resource[]>; byName: Map<string, Resource[]> } {
  const byAddress = new Map<string, Resource[]>();
  const byName = new Map<string, Resource[]>();
  for (const t of graph.ofKind('sns_topic')) {
    push(byAddress, localAddressOf(t), t);
    for (const n of t.names) push(byName, n, t);
  }
  return { byAddress, byName };
}

function analyzeAlarm(a: Resource, topics: ReturnType<typeof indexTopics>): void {
  const actions = a.props['alarmActions'];
  const enabled = a.props['actionsEnabled'];
  // A plan shows a list built from references as one unknown value; its references still name the topics.
  const list = actions instanceof Unknown ? [actions] : Array.isArray(actions) ? actions : [];
  const hasAction: boolean | Unknown = actions instanceof Unknown ? (actions.refs.some((ref) => topics.byAddress.has(ref.address)) ? true : actions) : list.length > 0;
  a.props['hasEnabledAction'] = enabled === false || hasAction === false ? false : enabled instanceof Unknown ? enabled : hasAction;
  a.locs['hasEnabledAction'] = (enabled === false ? a.locs['actionsEnabled'] : a.locs['alarmActions']) ?? a.locs['actionsEnabled'] ?? a.range;
  for (const action of list) {
    let found: Resource | undefined;
    if (action instanceof Unknown) {
      for (const ref of action.refs) {
        found = (topics.byAddress.get(ref.address) ?? []).find((t) => t.scope === a.scope);
        if (found) break;
      }
    } else if (typeof action === 'string') {
      for (const key of nameVariants(action)) {
        const c = topics.byName.get(key) ?? [];
        found = c.find((t) => t.scope === a.scope) ?? c[0];
        if (found) break;
      }
    }
    if (found) addTo(a, 'topics', found);
  }
  // Amazon SNS Developer Guide, "Enable compatibility between event sources from AWS services and
  // encrypted topics": a service such as CloudWatch can publish to an encrypted topic only with a
  // customer managed key whose policy lets it; the AWS managed key (alias/aws/sns) cannot be changed
  // to allow it, so such an alarm's notifications are dropped.
  const topicsFound = a.lists['topics'] ?? [];
  if (list.length > 0 && topicsFound.length === list.length && topicsFound.every((t) => isAwsManagedSnsKey(t.props['kmsMasterKeyId']))) {
    a.props['notifiesOnlyAwsManagedKeyTopics'] = true;
  }
  const filter = (a.lists['metricFilters'] ?? [])[0];
  const verdict = firesOnOneEvent(a.props, filter?.props);
  a.props['firesOnOneEvent'] = verdict.fires;
  if (verdict.fires === false) a.props['firesOnOneEventReason'] = (verdict as { reason: string }).reason;
  a.locs['firesOnOneEvent'] = a.locs['threshold'] ?? a.locs['comparisonOperator'] ?? a.range;
  if (a.props['usesMetricMath'] === true) a.props['firesOnOneEvent'] = new Unknown('the alarm watches a metric math expression');
}

/**
 * P5.2 for one filter: some alarm on its metric fires on one matching event
 * and has an enabled action. Otherwise says what is missing, in words.
 */
function judgeFilter(f: Resource, alarmsByName: Map<string, Resource[]>, all: readonly Resource[]): void {
  const ns = f.props['metricNamespace'];
  const name = f.props['metricName'];
  if (f.locs['metricName']) f.locs['alarmed'] = f.locs['metricName'];
  if (ns instanceof Unknown || name instanceof Unknown || typeof ns !== 'string' || typeof name !== 'string') {
    f.props['alarmed'] = ns instanceof Unknown ? ns : name instanceof Unknown ? name : new Unknown('the filter has no metric transformation');
    return;
  }
  const alarms = f.lists['alarms'] ?? [];
  const good = notifyingAlarms(alarms);
  if (good.some((a) => !a.existence)) {
    f.props['alarmed'] = true;
    return;
  }
  // Only alarms that may not be created (a condition or count known only at deployment) would notify.
  if (good.length) {
    f.props['alarmed'] = new Unknown(`alarm ${label(good[0]!)}: ${good[0]!.existence!.reason}`);
    return;
  }
  const undecided = alarms.find((a) => a.props['firesOnOneEvent'] instanceof Unknown || a.props['hasEnabledAction'] instanceof Unknown);
  if (undecided) {
    const u = [undecided.props['firesOnOneEvent'], undecided.props['hasEnabledAction']].find((v) => v instanceof Unknown) as Unknown;
    f.props['alarmed'] = new Unknown(`alarm ${label(undecided)}: ${u.reason}`);
    return;
  }
  if (alarms.length) {
    const a = alarms[0]!;
    let problem: string;
    if (a.props['notifiesOnlyAwsManagedKeyTopics'] === true && a.props['hasEnabledAction'] === true && a.props['firesOnOneEvent'] === true) {
      problem = `the alarm ${label(a)} notifies only topics encrypted with the AWS managed key alias/aws/sns, which CloudWatch cannot use: its notifications are dropped (use a customer managed key that lets cloudwatch.amazonaws.com use it)`;
    } else if (a.props['hasEnabledAction'] === false) {
      problem = a.props['actionsEnabled'] === false ? `the alarm ${label(a)} has no enabled action (its actions are disabled)` : `the alarm ${label(a)} has no enabled action (no alarm action is set)`;
    } else problem = `the alarm ${label(a)} does not fire on one matching event: ${String(a.props['firesOnOneEventReason'] ?? 'its threshold is not reached')}`;
    f.props['alarmed'] = false;
    f.props['alarmProblem'] = problem;
    return;
  }
  // An alarm whose metric is known only at deployment might be the one.
  const maybe = all.find((a) => a.props['metricName'] instanceof Unknown || a.props['metricNamespace'] instanceof Unknown);
  if (maybe) {
    const u = (maybe.props['metricName'] instanceof Unknown ? maybe.props['metricName'] : maybe.props['metricNamespace']) as Unknown;
    f.props['alarmed'] = new Unknown(`the metric of alarm ${label(maybe)} is known only at deployment (${u.reason})`);
    return;
  }
  const sameName = alarmsByName.get(name) ?? [];
  // Terraform's `metric_name = aws_cloudwatch_log_metric_filter.x.id` is the filter's name, not its metric's.
  const filterName = f.props['name'];
  const byFilterName = typeof filterName === 'string' && filterName !== name ? (alarmsByName.get(filterName) ?? []).filter((a) => a.props['metricNamespace'] === ns) : [];
  f.props['alarmed'] = false;
  f.props['alarmProblem'] = sameName.length
    ? `an alarm on the right metric name in the wrong namespace: ${label(sameName[0]!)} watches ${name} in ${String(sameName[0]!.props['metricNamespace'])}, the filter publishes it in ${ns}`
    : byFilterName.length
      ? `the filter's metric has no alarm: ${label(byFilterName[0]!)} watches ${filterName}, the filter's name (a filter's id is its name), but the filter publishes ${name}`
      : `the filter's metric (${ns}/${name}) has no alarm`;
}

function isAwsManagedSnsKey(v: unknown): boolean {
  return typeof v === 'string' && /(^|:)alias\/aws\/sns$/.test(v);
}

function label(r: Resource): string {
  const n = r.props['name'];
  return typeof n === 'string' && n ? `'${n}'` : r.address;
}

/** AWS::SNS::TopicPolicy, TopicInlinePolicy and aws_sns_topic_policy become their topic's `policy`, positions included. */
function mergeTopicPolicies(graph: ResourceGraph): void {
  for (const s of graph.ofKind('sns_subscription')) {
    const edge = s.edges['topic'];
    if (edge?.status === 'resolved') addTo(edge.target, 'subscriptions', s);
  }
  for (const t of graph.ofKind('sns_topic')) {
    const base = t.nativePaths['policy'];
    const locate = t.locateNative;
    if (base && locate) t.policyLocate = (path) => locate([...base, ...path]);
  }
  for (const tp of graph.ofKind('sns_topic_policy')) {
    const edge = tp.edges['topic'];
    if (edge?.status !== 'resolved') continue;
    const topic = edge.target;
    topic.props['policy'] = tp.props['policy'];
    topic.locs['policy'] = tp.locs['policy'] ?? tp.range;
    if (tp.existence) topic.policyExistence = tp.existence;
    const base = tp.nativePaths['policy'] ?? [];
    const locate = tp.locateNative;
    topic.policyLocate = locate ? (path) => locate([...base, ...path]) : undefined;
    pushAll(topic.suppressions, tp.suppressions);
  }
}

/**
 * B5.1, B5.2 and the subscription. "Public" for a topic policy is AWS Config's
 * sns-topic-no-public-access: "To be considered non-public, an SNS policy must
 * grant access only to fixed values" (no wildcard, no policy variable), the same
 * test S3 applies; the default topic policy's `AWS:SourceOwner` condition on the
 * account is such a fixed value.
 */
function analyzeTopic(t: Resource, graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  const key = t.props['kmsMasterKeyId'];
  t.props['encrypted'] = key === undefined ? false : key instanceof Unknown ? (key.present ? true : key) : true;
  if (t.locs['kmsMasterKeyId']) t.locs['encrypted'] = t.locs['kmsMasterKeyId'];
  t.props['securityAlarmTopic'] = anyTrue((t.lists['alarms'] ?? []).map((a) => a.props['securityAlarm']));

  const inline = t.props['inlineSubscriptions'];
  const subs = (t.lists['subscriptions'] ?? []).length;
  if (subs > 0 || (typeof inline === 'number' && inline > 0)) t.props['hasSubscription'] = true;
  else if (inline instanceof Unknown) t.props['hasSubscription'] = inline;
  else {
    const dangling = graph.ofKind('sns_subscription').find((s) => s.edges['topic']?.status === 'unknown');
    t.props['hasSubscription'] = dangling ? new Unknown(`subscription ${dangling.address} names a topic known only at deployment`) : false;
  }

  const self = t.address;
  const name = typeof t.props['name'] === 'string' ? (t.props['name'] as string) : 'trailguard-topic';
  const policy = readPolicy(t, 'resource', (k) => (k === self || k === `${self}.arn` || k === `${self}.id` || k === `${self}.TopicArn` ? `arn:aws:sns:us-east-1:111122223333:${name}` : undefined), diagnostics);
  if (policy === undefined) {
    // No topic policy: SNS's default lets only the owner account act (AWS:SourceOwner).
    t.props['policyPublic'] = false;
    return;
  }
  if (policy instanceof Unknown) {
    t.props['policyPublic'] = policy;
    return;
  }
  if (t.locs['policy']) t.locs['policyPublic'] = t.locs['policy'];
  const pub = isPublicPolicy(policy);
  t.props['policyPublic'] = pub.public;
  const first = pub.statements.find((s) => s.public === true);
  if (first) {
    const at = statementLoc(t, first.index);
    if (at) t.locs['policyPublic'] = at;
    t.props['policyPublicReason'] = first.reason;
  }
}
