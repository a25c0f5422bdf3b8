import { describe, expect, it } from 'vitest';
import { summarizeInsights, type InsightSelectorInput, type InsightsSummary } from '../../engine/semantics/insights.js';
import { Unknown } from '../../core/unknown.js';

/**
 * Insights as InsightSelector documents them (API reference): EventCategories
 * `Management` | `Data`; "If EventCategories is not provided, the specified
 * Insights types are enabled on management API calls by default."
 */

const U = Symbol('unknown');
const u = (reason: string) => new Unknown(reason, [{ address: reason }]);

interface Case {
  name: string;
  input: (InsightSelectorInput | Unknown)[] | Unknown | undefined;
  expect: Partial<Record<keyof InsightsSummary, unknown>>;
}

const cases: Case[] = [
  { name: 'no insight selectors: Insights off', input: undefined, expect: { insightTypes: [], insightsEnabled: false, insightsOnDataEvents: false } },
  { name: 'empty list: Insights off', input: [], expect: { insightTypes: [], insightsEnabled: false, insightsOnDataEvents: false } },
  {
    name: "the seed's put-insight-selectors (no EventCategories) covers management events only",
    input: [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }],
    expect: { insightTypes: ['ApiCallRateInsight', 'ApiErrorRateInsight'], insightsEnabled: true, insightsOnDataEvents: false },
  },
  {
    name: 'EventCategories Management and Data: Insights on data events',
    input: [{ insightType: 'ApiCallRateInsight', eventCategories: ['Management', 'Data'] }],
    expect: { insightTypes: ['ApiCallRateInsight'], insightsOnDataEvents: true },
  },
  {
    name: 'EventCategories Data only',
    input: [{ insightType: 'ApiErrorRateInsight', eventCategories: ['Data'] }],
    expect: { insightsEnabled: true, insightsOnDataEvents: true },
  },
  {
    name: 'an empty EventCategories list reads like an absent one',
    input: [{ insightType: 'ApiErrorRateInsight', eventCategories: [] }],
    expect: { insightsOnDataEvents: false },
  },
  {
    name: 'types are listed once, sorted',
    input: [
      { insightType: 'ApiErrorRateInsight', eventCategories: ['Management'] },
      { insightType: 'ApiErrorRateInsight', eventCategories: ['Data'] },
      { insightType: 'ApiCallRateInsight' },
    ],
    expect: { insightTypes: ['ApiCallRateInsight', 'ApiErrorRateInsight'], insightsOnDataEvents: true },
  },
  { name: 'unknown list: everything undetermined', input: u('Insights'), expect: { insightTypes: U, insightsEnabled: U, insightsOnDataEvents: U } },
  {
    name: 'unknown type: the list is undetermined, but Insights are on',
    input: [{ insightType: u('Type') }],
    expect: { insightTypes: U, insightsEnabled: true, insightsOnDataEvents: false },
  },
  {
    name: 'unknown categories: data events undetermined',
    input: [{ insightType: 'ApiCallRateInsight', eventCategories: u('Categories') }],
    expect: { insightsOnDataEvents: U, insightTypes: ['ApiCallRateInsight'] },
  },
  {
    name: 'an unknown category value may be Data',
    input: [{ insightType: 'ApiCallRateInsight', eventCategories: ['Management', u('Category')] }],
    expect: { insightsOnDataEvents: U },
  },
  {
    name: 'a known Data category settles it despite another unknown selector',
    input: [u('Conditional selector'), { insightType: 'ApiCallRateInsight', eventCategories: ['Data'] }],
    expect: { insightsOnDataEvents: true, insightsEnabled: true, insightTypes: U },
  },
  {
    name: 'an unknown selector alone: enabled undetermined',
    input: [u('Conditional selector')],
    expect: { insightsEnabled: U, insightsOnDataEvents: U },
  },
];

describe('summarizeInsights', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const got = summarizeInsights(c.input);
    for (const [k, want] of Object.entries(c.expect)) {
      const v = got[k as keyof InsightsSummary];
      if (want === U) expect(v, k).toBeInstanceOf(Unknown);
      else expect(v, k).toEqual(want);
    }
  });

  it('keeps the references of unknown values', () => {
    const got = summarizeInsights([{ insightType: u('Type') }]);
    expect((got.insightTypes as Unknown).refs).toEqual([{ address: 'Type' }]);
  });
});
