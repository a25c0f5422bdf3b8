import type { AdvancedEventSelector, BasicEventSelector, FieldSelector } from '../semantics/event-selectors.js';
import { Unknown } from '../../core/unknown.js';
import { asRecord, toBool, toList, toStr, toStrList } from './convert.js';

/**
 * Event and insight selectors have the same structure in CloudFormation and
 * Terraform under different names (`ReadWriteType` / `read_write_type`,
 * `FieldSelectors` / `field_selector`). One reader serves both, from a table
 * of names.
 */
export interface SelectorNames {
  readWriteType: string;
  includeManagementEvents: string;
  excludeManagementEventSources: string;
  dataResources: string;
  dataResourceType: string;
  dataResourceValues: string;
  name: string;
  fieldSelectors: string;
  field: string;
  operators: Record<'equals' | 'startsWith' | 'endsWith' | 'notEquals' | 'notStartsWith' | 'notEndsWith', string>;
  insightType: string;
  eventCategories?: string;
  /** Terraform prints unset list attributes as [] or null: they constrain nothing. */
  emptyListIsUnset: boolean;
}

export const CFN_SELECTOR_NAMES: SelectorNames = {
  readWriteType: 'ReadWriteType',
  includeManagementEvents: 'IncludeManagementEvents',
  excludeManagementEventSources: 'ExcludeManagementEventSources',
  dataResources: 'DataResources',
  dataResourceType: 'Type',
  dataResourceValues: 'Values',
  name: 'Name',
  fieldSelectors: 'FieldSelectors',
  field: 'Field',
  operators: { equals: 'Equals', startsWith: 'StartsWith', endsWith: 'EndsWith', notEquals: 'NotEquals', notStartsWith: 'NotStartsWith', notEndsWith: 'NotEndsWith' },
  insightType: 'InsightType',
  eventCategories: 'EventCategories',
  emptyListIsUnset: false,
};

export const TF_SELECTOR_NAMES: SelectorNames = {
  readWriteType: 'read_write_type',
  includeManagementEvents: 'include_management_events',
  excludeManagementEventSources: 'exclude_management_event_sources',
  dataResources: 'data_resource',
  dataResourceType: 'type',
  dataResourceValues: 'values',
  name: 'name',
  fieldSelectors: 'field_selector',
  field: 'field',
  operators: { equals: 'equals', startsWith: 'starts_with', endsWith: 'ends_with', notEquals: 'not_equals', notStartsWith: 'not_starts_with', notEndsWith: 'not_ends_with' },
  insightType: 'insight_type',
  emptyListIsUnset: true,
};

export interface InsightSelectorInput {
  insightType: string | Unknown;
  eventCategories?: (string | Unknown)[] | Unknown;
}

export function selectorReaders(n: SelectorNames): {
  basic: (v: unknown) => BasicEventSelector;
  advanced: (v: unknown) => AdvancedEventSelector;
  insight: (v: unknown) => InsightSelectorInput;
} {
  const list = (v: unknown): (string | Unknown)[] | Unknown | undefined =>
    n.emptyListIsUnset && (v === null || (Array.isArray(v) && v.length === 0)) ? undefined : toStrList(v);

  // The operator names as pairs once, not an Object.entries per field selector (a plan has thousands).
  const operators = Object.entries(n.operators);
  const field = (v: unknown): FieldSelector => {
    const f = asRecord(v);
    const out: FieldSelector = { field: toStr(f[n.field]) ?? '' };
    for (let i = 0; i < operators.length; i++) {
      // Indexed, not destructured: code not yet optimised runs `[to, from] =` through an array iterator.
      const pair = operators[i]!;
      // An operator not written (Terraform prints the other five as null) is unset whatever `list`
      // says: no call for each.
      const raw = f[pair[1]];
      if (raw === undefined || raw === null) continue;
      const values = list(raw);
      if (values !== undefined) (out as unknown as Record<string, unknown>)[pair[0]] = values;
    }
    return out;
  };

  return {
    basic(v) {
      if (v instanceof Unknown) return { dataResources: v, readWriteType: v, includeManagementEvents: v };
      const s = asRecord(v);
      const out: BasicEventSelector = {};
      const rw = toStr(s[n.readWriteType]);
      if (rw !== undefined) out.readWriteType = rw;
      const im = toBool(s[n.includeManagementEvents]);
      if (im !== undefined) out.includeManagementEvents = im;
      const ex = toStrList(s[n.excludeManagementEventSources]);
      if (ex !== undefined) out.excludeManagementEventSources = ex;
      const dr = toList(s[n.dataResources], (d) => {
        const rec = asRecord(d);
        return { type: toStr(rec[n.dataResourceType]) ?? '', values: toStrList(rec[n.dataResourceValues]) ?? [] };
      });
      if (dr !== undefined) out.dataResources = dr;
      return out;
    },
    advanced(v) {
      if (v instanceof Unknown) return { fieldSelectors: v };
      const s = asRecord(v);
      const out: AdvancedEventSelector = { fieldSelectors: toList(s[n.fieldSelectors], field) ?? [] };
      const name = toStr(s[n.name]);
      if (name !== undefined) out.name = name;
      return out;
    },
    insight(v) {
      if (v instanceof Unknown) return { insightType: v };
      const s = asRecord(v);
      const out: InsightSelectorInput = { insightType: toStr(s[n.insightType]) ?? new Unknown(`${n.insightType} missing`) };
      if (n.eventCategories) {
        const cats = toStrList(s[n.eventCategories]);
        if (cats !== undefined) out.eventCategories = cats;
      }
      return out;
    },
  };
}
