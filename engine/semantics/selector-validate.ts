import { own } from '../../core/own.js';
import { Unknown } from '../../core/unknown.js';
import { AWS_DOCS } from './aws-docs.js';
import { DATA_TYPES, FIELD, KNOWN_FIELDS, OPS, type Op } from './selector-model.js';
import type {
  AdvancedEventSelector,
  BasicEventSelector,
  DataResource,
  FieldSelector,
  SelectorIssue,
  SelectorTarget,
} from './selector-types.js';

/**
 * The documented requirements CloudTrail enforces on selectors. An `error` is
 * a requirement the API reference states (a required field, the only allowed
 * operator or value); such selectors are rejected with
 * InvalidEventSelectorsException, so they never record anything as written.
 * A `warning` is a combination the documentation does not list, which
 * CloudTrail may accept or reject.
 *
 * Only definite issues are reported: a check whose outcome depends on a value
 * unknown before deployment is skipped, because a finding must never rest on
 * an Unknown.
 *
 * Values are compared exactly as written. The documentation spells every
 * value (`Management`, `true`, `AWS::S3::Object`, `kms.amazonaws.com`) and
 * says nothing of case-insensitive matching, so `management` is not taken
 * for `Management`.
 */

const TRAIL_CATEGORIES = ['Management', 'Data', 'NetworkActivity'];
/** Event data stores also take these (AWS_DOCS.advancedFieldSelector, "used only for event data stores"). */
const EDS_ONLY_CATEGORIES = ['Insight', 'ConfigurationItem', 'Evidence', 'ActivityAuditLog'];

export function categoriesFor(target: SelectorTarget): readonly string[] {
  return target === 'trail' ? TRAIL_CATEGORIES : [...TRAIL_CATEGORIES, ...EDS_ONLY_CATEGORIES];
}

/** Fields documented per category (AWS_DOCS.advancedEventSelector, AWS_DOCS.advancedFieldSelector). */
const SUPPORTED: Record<SelectorTarget, Record<string, readonly string[]>> = {
  trail: {
    Management: [FIELD.category, FIELD.source, FIELD.readOnly],
    Data: [FIELD.category, FIELD.name, FIELD.source, FIELD.eventType, FIELD.arn, FIELD.type, FIELD.readOnly, FIELD.console, FIELD.user],
    // userIdentity.arn for network activity on trails: API reference, AdvancedFieldSelector.
    NetworkActivity: [FIELD.category, FIELD.source, FIELD.name, FIELD.errorCode, FIELD.vpce, FIELD.user],
  },
  eventDataStore: {
    Management: [FIELD.category, FIELD.source, FIELD.readOnly, FIELD.name, FIELD.eventType, FIELD.console, FIELD.user],
    Data: [FIELD.category, FIELD.name, FIELD.source, FIELD.eventType, FIELD.arn, FIELD.type, FIELD.readOnly, FIELD.console, FIELD.user],
    NetworkActivity: [FIELD.category, FIELD.source, FIELD.name, FIELD.errorCode, FIELD.vpce],
    Insight: [FIELD.category],
    ConfigurationItem: [FIELD.category],
    Evidence: [FIELD.category],
    ActivityAuditLog: [FIELD.category],
  },
};

/** The only management event sources a trail may exclude (AWS_DOCS.eventSelector, AWS_DOCS.advancedFieldSelector). */
export const EXCLUDABLE_SOURCES = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'];

const READ_WRITE_TYPES = ['All', 'ReadOnly', 'WriteOnly'];

/** A trail's quota of data resource values across its basic event selectors (AWS_DOCS.quotas). */
export const MAX_TRAIL_DATA_RESOURCES = 250;
/** A trail's quota of values across all conditions of its advanced event selectors (AWS_DOCS.quotas). */
export const MAX_TRAIL_ADVANCED_VALUES = 500;

/**
 * How many values the selectors hold, counting only lists that are written out (a list known only at
 * deployment adds nothing: the count is then a lower bound, and a quota it exceeds is exceeded anyway).
 */
export function selectorValueCount(kind: 'basic' | 'advanced', selectors: readonly (BasicEventSelector | AdvancedEventSelector | Unknown)[]): number {
  let n = 0;
  for (const sel of selectors) {
    if (sel instanceof Unknown) continue;
    if (kind === 'basic') {
      const drs = (sel as BasicEventSelector).dataResources;
      for (const dr of Array.isArray(drs) ? (drs as (DataResource | Unknown)[]) : []) {
        if (!(dr instanceof Unknown) && Array.isArray(dr.values)) n += dr.values.length;
      }
    } else {
      const fss = (sel as AdvancedEventSelector).fieldSelectors;
      for (const fs of Array.isArray(fss) ? (fss as (FieldSelector | Unknown)[]) : []) {
        if (fs instanceof Unknown) continue;
        for (const op of OPS) {
          const values = fs[op];
          if (Array.isArray(values)) n += values.length;
        }
      }
    }
  }
  return n;
}

const BASIC_TYPES: readonly string[] = Object.values(DATA_TYPES).map((t) => t.type);

const issue = (
  property: SelectorIssue['property'],
  selector: number | undefined,
  severity: SelectorIssue['severity'],
  message: string,
  source: string,
): SelectorIssue => (selector === undefined ? { property, severity, message, source } : { property, selector, severity, message, source });

const known = (vs: unknown): string[] =>
  Array.isArray(vs) ? vs.filter((v): v is string => typeof v === 'string') : [];

function opsOf(fs: FieldSelector): Op[] {
  return OPS.filter((op) => fs[op] !== undefined);
}

/** Issues of advanced selectors (for trails or event data stores). */
export function validateAdvanced(
  selectors: readonly (AdvancedEventSelector | Unknown)[],
  target: SelectorTarget,
): SelectorIssue[] {
  const out: SelectorIssue[] = [];
  const P = 'advancedEventSelectors';
  const values = target === 'trail' ? selectorValueCount('advanced', selectors) : 0;
  if (values > MAX_TRAIL_ADVANCED_VALUES) {
    out.push(issue(P, undefined, 'error', `A trail's advanced event selectors take at most ${MAX_TRAIL_ADVANCED_VALUES} values in all (found ${values}).`, AWS_DOCS.quotas));
  }
  selectors.forEach((sel, i) => {
    if (sel instanceof Unknown || sel.fieldSelectors instanceof Unknown) return;
    const err = (msg: string, src: string = AWS_DOCS.advancedFieldSelector) => out.push(issue(P, i, 'error', msg, src));
    const warn = (msg: string, src: string = AWS_DOCS.advancedEventSelector) => out.push(issue(P, i, 'warning', msg, src));
    const fss = sel.fieldSelectors as (FieldSelector | Unknown)[];
    if (!fss.length) {
      err('An advanced event selector needs at least one field selector.', AWS_DOCS.advancedEventSelector);
      return;
    }
    // Required-field checks need to know every field of the selector.
    const complete = fss.every((fs) => !(fs instanceof Unknown) && typeof fs.field === 'string');
    const named = fss.filter((fs): fs is FieldSelector & { field: string } => !(fs instanceof Unknown) && typeof fs.field === 'string');
    const on = (field: string) => named.filter((fs) => fs.field === field);

    for (const fs of named) {
      if (!opsOf(fs).length) err(`Field selector ${fs.field} has no operator.`, AWS_DOCS.operatorRequired);
      if (!KNOWN_FIELDS.includes(fs.field)) warn(`${fs.field} is not a field CloudTrail documents for advanced event selectors.`);
      for (const op of opsOf(fs)) {
        if (known(fs[op]).some((v) => v.includes('*'))) {
          warn(`${fs.field} ${op}: selectors do not support wildcards; "*" is matched literally.`, AWS_DOCS.advancedFieldSelector);
        }
      }
    }

    const catSelectors = on(FIELD.category);
    if (!catSelectors.length && complete) err('eventCategory is required in every advanced event selector.');
    let categoriesKnown = complete;
    const categories = new Set<string>();
    for (const fs of catSelectors) {
      const bad = opsOf(fs).filter((op) => op !== 'equals');
      if (bad.length) err(`eventCategory can only use the Equals operator (found ${bad.join(', ')}).`);
      if (fs.equals instanceof Unknown) categoriesKnown = false;
      for (const v of (Array.isArray(fs.equals) ? fs.equals : []) as (string | Unknown)[]) {
        if (v instanceof Unknown) {
          categoriesKnown = false;
          continue;
        }
        categories.add(v);
        if (!categoriesFor(target).includes(v)) {
          err(
            `eventCategory ${JSON.stringify(v)} is not valid for ${target === 'trail' ? 'a trail' : 'an event data store'} (allowed: ${categoriesFor(target).join(', ')}; values are case-sensitive).`,
          );
        }
      }
    }

    const types = on(FIELD.type);
    if (categories.has('Data') && !types.length && complete) {
      err('resources.type is required for data events (eventCategory Data).');
    }
    if (types.length > 1) err('Only one resources.type field selector is allowed per selector.');
    for (const fs of types) {
      const bad = opsOf(fs).filter((op) => op !== 'equals');
      if (bad.length) err(`resources.type can only use the Equals operator (found ${bad.join(', ')}).`);
    }

    for (const fs of on(FIELD.readOnly)) {
      const bad = opsOf(fs).filter((op) => op !== 'equals');
      if (bad.length) err(`readOnly can only use the Equals operator (found ${bad.join(', ')}).`);
      for (const v of known(fs.equals)) if (v !== 'true' && v !== 'false') err(`readOnly must be "true" or "false" (found ${JSON.stringify(v)}).`);
    }

    const sources = on(FIELD.source);
    if (categories.has('NetworkActivity')) {
      if (!sources.length && complete) {
        err('eventSource is required for network activity events (eventCategory NetworkActivity).', AWS_DOCS.loggingNetworkEvents);
      }
      for (const fs of sources) {
        const bad = opsOf(fs).filter((op) => op !== 'equals');
        if (bad.length) err(`For network activity events eventSource can only use Equals (found ${bad.join(', ')}).`, AWS_DOCS.loggingNetworkEvents);
      }
    }
    if (target === 'trail' && categories.has('Management')) {
      for (const fs of sources) {
        const bad = opsOf(fs).filter((op) => op !== 'notEquals');
        if (bad.length) err(`For a trail's management events eventSource can only use NotEquals (found ${bad.join(', ')}).`);
        for (const v of known(fs.notEquals)) {
          if (!EXCLUDABLE_SOURCES.includes(v)) err(`A trail can exclude only ${EXCLUDABLE_SOURCES.join(' or ')} management events (found ${v}).`);
        }
      }
    }

    for (const fs of on(FIELD.errorCode)) {
      const bad = opsOf(fs).filter((op) => op !== 'equals');
      if (bad.length) err(`errorCode can only use the Equals operator (found ${bad.join(', ')}).`);
      for (const v of known(fs.equals)) if (v !== 'VpceAccessDenied') err(`The only valid errorCode is VpceAccessDenied (found ${v}).`);
    }
    for (const fs of on(FIELD.console)) {
      const bad = opsOf(fs).filter((op) => op !== 'equals' && op !== 'notEquals');
      if (bad.length) err(`sessionCredentialFromConsole can only use Equals or NotEquals (found ${bad.join(', ')}).`);
    }

    if (categoriesKnown) {
      for (const c of categories) {
        const allowed = own(SUPPORTED[target], c);
        if (!allowed) continue;
        for (const fs of named) {
          if (KNOWN_FIELDS.includes(fs.field) && !allowed.includes(fs.field)) {
            warn(`${fs.field} is not documented for ${c} events on ${target === 'trail' ? 'trails' : 'event data stores'}.`);
          }
        }
      }
    }
  });
  return out;
}

/** Issues of basic event selectors (trails only). */
export function validateBasic(selectors: readonly (BasicEventSelector | Unknown)[]): SelectorIssue[] {
  const out: SelectorIssue[] = [];
  const P = 'eventSelectors';
  if (selectors.length > 5) out.push(issue(P, undefined, 'error', 'A trail takes at most five event selectors.', AWS_DOCS.eventSelector));
  const values = selectorValueCount('basic', selectors);
  // Over the quota, the list is rejected whatever its values: one issue, not one for each of them.
  const overQuota = values > MAX_TRAIL_DATA_RESOURCES;
  if (overQuota) {
    out.push(issue(P, undefined, 'error', `A trail takes at most ${MAX_TRAIL_DATA_RESOURCES} data resource values across its event selectors (found ${values}).`, AWS_DOCS.quotas));
  }
  selectors.forEach((sel, i) => {
    if (sel instanceof Unknown) return;
    const err = (msg: string, src: string) => out.push(issue(P, i, 'error', msg, src));
    const rw = sel.readWriteType;
    if (typeof rw === 'string' && !READ_WRITE_TYPES.includes(rw)) {
      err(`ReadWriteType must be All, ReadOnly or WriteOnly (found ${rw}).`, AWS_DOCS.eventSelector);
    }
    const drs = sel.dataResources;
    if (sel.includeManagementEvents === false && (drs === undefined || (Array.isArray(drs) && drs.length === 0))) {
      err('When IncludeManagementEvents is false, DataResources must not be empty.', AWS_DOCS.cfnIncludeManagementFalse);
    }
    for (const src of known(sel.excludeManagementEventSources)) {
      if (!EXCLUDABLE_SOURCES.includes(src)) {
        err(`ExcludeManagementEventSources can hold only ${EXCLUDABLE_SOURCES.join(' or ')} (found ${src}).`, AWS_DOCS.eventSelector);
      }
    }
    for (const dr of (Array.isArray(drs) ? drs : []) as (DataResource | Unknown)[]) {
      if (dr instanceof Unknown) continue;
      if (typeof dr.type === 'string' && !BASIC_TYPES.includes(dr.type)) {
        err(`Basic event selectors log data events only for ${BASIC_TYPES.join(', ')} (found ${dr.type}); use advanced event selectors.`, AWS_DOCS.dataResource);
      }
      for (const v of overQuota ? [] : known(dr.values)) {
        if (v.includes('*')) err(`DataResources value ${v} is rejected: values are ARNs or ARN prefixes, not wildcards.`, AWS_DOCS.wildcardValueRejected);
      }
    }
  });
  return out;
}

export function bothKindsIssue(): SelectorIssue {
  return issue(
    'advancedEventSelectors',
    undefined,
    'error',
    'A trail cannot have both event selectors and advanced event selectors.',
    AWS_DOCS.putEventSelectors,
  );
}
