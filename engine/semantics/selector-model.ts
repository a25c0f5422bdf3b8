import { Unknown } from '../../core/unknown.js';
import type { AdvancedEventSelector, BasicEventSelector, DataResource, FieldSelector } from './selector-types.js';
import type { Val } from './tri.js';

/**
 * One internal form for basic and advanced selectors: a selector admits an
 * event when every clause holds (AND), the selectors of a trail admit the
 * union of what each admits (OR). That is how CloudTrail evaluates both kinds
 * (AWS_DOCS.eventSelector: "if the event matches any event selector, the trail
 * processes and logs the event"; AWS_DOCS.advancedFieldSelector for the
 * operators), so basic selectors are translated into the advanced vocabulary.
 */

export type Op = 'equals' | 'startsWith' | 'endsWith' | 'notEquals' | 'notStartsWith' | 'notEndsWith';

export const OPS: readonly Op[] = ['equals', 'startsWith', 'endsWith', 'notEquals', 'notStartsWith', 'notEndsWith'];

/** `field op values`: Equals/StartsWith/EndsWith hold when one value matches; the Not… forms when none does. */
export interface Clause {
  field: string;
  op: Op;
  values: Val[];
}

export interface Selector {
  clauses: Clause[];
  /**
   * The selector holds something we cannot read (an unknown field name, an
   * unknown list of field selectors, an unknown selector): it is treated as
   * an extra clause whose truth is unknown for every event.
   */
  opaque: boolean;
}

export const FIELD = {
  category: 'eventCategory',
  readOnly: 'readOnly',
  source: 'eventSource',
  name: 'eventName',
  type: 'resources.type',
  arn: 'resources.ARN',
  errorCode: 'errorCode',
  eventType: 'eventType',
  user: 'userIdentity.arn',
  console: 'sessionCredentialFromConsole',
  vpce: 'vpcEndpointId',
} as const;

export const KNOWN_FIELDS: readonly string[] = Object.values(FIELD);

/** The three resource types basic selectors support (AWS_DOCS.dataResource), with their event source and ARN shape. */
export const DATA_TYPES = {
  s3: { type: 'AWS::S3::Object', source: 's3.amazonaws.com', service: 's3', arnPrefix: (p: string) => `arn:${p}:s3:::` },
  lambda: {
    type: 'AWS::Lambda::Function',
    source: 'lambda.amazonaws.com',
    service: 'lambda',
    arnPrefix: (p: string) => `arn:${p}:lambda:`,
  },
  dynamodb: {
    type: 'AWS::DynamoDB::Table',
    source: 'dynamodb.amazonaws.com',
    service: 'dynamodb',
    arnPrefix: (p: string) => `arn:${p}:dynamodb:`,
  },
} as const;

export type DataKey = keyof typeof DATA_TYPES;

const opaqueSelector = (): Selector => ({ clauses: [], opaque: true });

/** A whole unknown list of values stands for one unknown value: a fresh string is in it no more than in `[u]`. */
function valuesOf(v: unknown): Val[] {
  if (v instanceof Unknown) return [v];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is Val => typeof x === 'string' || x instanceof Unknown);
}

export function fromAdvanced(sel: AdvancedEventSelector | Unknown): Selector {
  if (sel instanceof Unknown || sel.fieldSelectors instanceof Unknown) return opaqueSelector();
  const out: Selector = { clauses: [], opaque: false };
  for (const fs of sel.fieldSelectors as (FieldSelector | Unknown)[]) {
    if (fs instanceof Unknown || fs.field instanceof Unknown) {
      out.opaque = true;
      continue;
    }
    for (const op of OPS) {
      const v = fs[op];
      if (v !== undefined) out.clauses.push({ field: fs.field, op, values: valuesOf(v) });
    }
  }
  return out;
}

/** The `readOnly` values a basic `ReadWriteType` admits; `undefined` means both. */
function readOnlyClause(rw: BasicEventSelector['readWriteType']): Clause | undefined {
  if (rw === undefined || rw === 'All') return undefined;
  if (rw === 'ReadOnly') return { field: FIELD.readOnly, op: 'equals', values: ['true'] };
  if (rw === 'WriteOnly') return { field: FIELD.readOnly, op: 'equals', values: ['false'] };
  // An unknown (or invalid) type: neither value is known to be admitted.
  return { field: FIELD.readOnly, op: 'equals', values: [rw instanceof Unknown ? rw : new Unknown(`ReadWriteType ${rw}`)] };
}

/**
 * Lambda function and DynamoDB table ARNs are exact in basic selectors, except
 * the documented "all" values `arn:aws:lambda` and `arn:aws:dynamodb`; S3
 * values are prefixes (AWS_DOCS.dataResource). An unknown value may be either,
 * which a prefix clause with an unknown value expresses.
 */
function arnClauses(type: Val, values: Val[]): Clause[][] {
  const exactService = type === DATA_TYPES.lambda.type ? 'lambda' : type === DATA_TYPES.dynamodb.type ? 'dynamodb' : undefined;
  if (!exactService) return [[{ field: FIELD.arn, op: 'startsWith', values }]];
  const all = new RegExp(`^arn:[^:]+:${exactService}$`);
  const prefixes = values.filter((v) => v instanceof Unknown || all.test(v));
  const exact = values.filter((v) => typeof v === 'string' && !all.test(v));
  const out: Clause[][] = [];
  if (prefixes.length) out.push([{ field: FIELD.arn, op: 'startsWith', values: prefixes }]);
  if (exact.length) out.push([{ field: FIELD.arn, op: 'equals', values: exact }]);
  return out;
}

/** A basic selector is the union of a management part and one part per data resource. */
export function fromBasic(sel: BasicEventSelector | Unknown): Selector[] {
  if (sel instanceof Unknown) return [opaqueSelector()];
  const rw = readOnlyClause(sel.readWriteType);
  const out: Selector[] = [];
  const include = sel.includeManagementEvents;
  if (include !== false) {
    const mgmt: Selector = {
      clauses: [{ field: FIELD.category, op: 'equals', values: ['Management'] }],
      // An unknown IncludeManagementEvents may switch the whole part off.
      opaque: include instanceof Unknown,
    };
    if (rw) mgmt.clauses.push(rw);
    const ex = sel.excludeManagementEventSources;
    if (ex instanceof Unknown || (ex && ex.length)) {
      mgmt.clauses.push({ field: FIELD.source, op: 'notEquals', values: valuesOf(ex) });
    }
    out.push(mgmt);
  }
  const drs = sel.dataResources;
  if (drs instanceof Unknown) {
    out.push({ clauses: [{ field: FIELD.category, op: 'equals', values: ['Data'] }], opaque: true });
    return out;
  }
  for (const dr of (drs ?? []) as (DataResource | Unknown)[]) {
    if (dr instanceof Unknown) {
      out.push({ clauses: [{ field: FIELD.category, op: 'equals', values: ['Data'] }], opaque: true });
      continue;
    }
    const values = valuesOf(dr.values);
    // No values: the resource names nothing, so it records nothing.
    if (!values.length) continue;
    for (const arn of arnClauses(dr.type, values)) {
      const clauses: Clause[] = [
        { field: FIELD.category, op: 'equals', values: ['Data'] },
        { field: FIELD.type, op: 'equals', values: [dr.type] },
        ...arn,
      ];
      if (rw) clauses.push(rw);
      out.push({ clauses, opaque: false });
    }
  }
  return out;
}

/**
 * AWS partitions named by ARNs in the selectors (`arn:aws-cn:...`); `aws`
 * when none is named. Resource ARNs of a data class are drawn from these
 * partitions, so `StartsWith arn:aws:s3:::` covers every S3 object of an
 * `aws`-partition template.
 */
export function partitionsOf(selectors: Selector[]): string[] {
  const found = new Set<string>();
  for (const s of selectors) {
    for (const c of s.clauses) {
      if (c.field !== FIELD.arn) continue;
      for (const v of c.values) {
        const m = typeof v === 'string' ? /^arn:([^:]+):/.exec(v) : null;
        if (m?.[1]) found.add(m[1]);
      }
    }
  }
  return found.size ? [...found].sort() : ['aws'];
}
