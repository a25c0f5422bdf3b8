import { Unknown, type ResourceRef } from '../../core/unknown.js';
import { pushAll } from '../../parsers/arrays.js';

/**
 * CloudTrail Insights as configured by a trail's insight selectors.
 *
 * Since the November 2025 "Insights for data events" launch an
 * `InsightSelector` has two members (AWS_DOCS.insightSelector):
 * - `InsightType`: `ApiCallRateInsight` or `ApiErrorRateInsight`;
 * - `EventCategories`: `Management` and/or `Data`. "If EventCategories is not
 *   provided, the specified Insights types are enabled on management API calls
 *   by default." So an Insights configuration written before that launch,
 *   or copied from the seed's `put-insight-selectors` example, analyses
 *   management events only, not data events.
 *
 * Where the field exists:
 * - API / CLI: `PutInsightSelectors` `EventCategories`.
 * - CloudFormation: `AWS::CloudTrail::Trail` `InsightSelectors[].EventCategories`
 *   (template reference, "AWS::CloudTrail::Trail InsightSelector").
 * - Terraform: the `aws_cloudtrail` resource's `insight_selector` block has only
 *   `insight_type` (provider source `internal/service/cloudtrail/trail.go`), so
 *   a trail configured there gets management-event Insights only. A separate
 *   `aws_cloudtrail_insight_selectors` resource with `event_categories` was
 *   proposed in 2026 (hashicorp/terraform-provider-aws PR #46769); which
 *   release ships it could not be confirmed.
 * - Event data stores support Insights on management events only
 *   (AWS_DOCS.insights: "Insights events on data events are only supported on
 *   trails and not on event data stores").
 *
 * An empty `EventCategories` list is read like an absent one (management
 * only): the documentation does not say what an empty list does.
 */

export interface InsightSelectorInput {
  insightType: string | Unknown;
  eventCategories?: (string | Unknown)[] | Unknown;
}

export interface InsightsSummary {
  /** Insight types enabled, sorted; `Unknown` when one of them is. */
  insightTypes: string[] | Unknown;
  /** At least one Insights type is enabled. */
  insightsEnabled: boolean | Unknown;
  /** Insights analyse data events (some selector names the `Data` category). */
  insightsOnDataEvents: boolean | Unknown;
}

const DEFAULT_CATEGORIES = ['Management'];

export function summarizeInsights(
  selectors: (InsightSelectorInput | Unknown)[] | Unknown | undefined,
): InsightsSummary {
  if (selectors instanceof Unknown) {
    return { insightTypes: selectors, insightsEnabled: selectors, insightsOnDataEvents: selectors };
  }
  const list = selectors ?? [];
  const refs = refsOf(list);
  const unknown = (what: string) => new Unknown(`${what} depends on values unknown before deployment`, refs);

  const known = list.filter((s): s is InsightSelectorInput => !(s instanceof Unknown));
  const opaque = list.length - known.length;

  const types = new Set<string>();
  let typesUnknown = opaque > 0;
  for (const s of known) {
    if (s.insightType instanceof Unknown) typesUnknown = true;
    else types.add(s.insightType);
  }

  // A selector present in the list enables Insights whatever its type is.
  const insightsEnabled: boolean | Unknown = known.length > 0 ? true : opaque > 0 ? unknown('insightsEnabled') : false;

  let onData: boolean | Unknown = opaque > 0 ? unknown('insightsOnDataEvents') : false;
  for (const s of known) {
    const cats = s.eventCategories;
    if (cats instanceof Unknown) {
      if (onData === false) onData = unknown('insightsOnDataEvents');
      continue;
    }
    const list2 = cats && cats.length ? cats : DEFAULT_CATEGORIES;
    if (list2.includes('Data')) {
      onData = true;
      break;
    }
    if (list2.some((c) => c instanceof Unknown) && onData === false) onData = unknown('insightsOnDataEvents');
  }

  return {
    insightTypes: typesUnknown ? unknown('insightTypes') : [...types].sort(),
    insightsEnabled,
    insightsOnDataEvents: onData,
  };
}

function refsOf(v: unknown): ResourceRef[] {
  const out: ResourceRef[] = [];
  const walk = (x: unknown): void => {
    if (x instanceof Unknown) pushAll(out, x.refs);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(v);
  return out;
}
