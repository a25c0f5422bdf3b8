import { own } from '../../core/own.js';
import { Unknown, type ResourceRef } from '../../core/unknown.js';
import { DATA_TYPES, FIELD, fromAdvanced, fromBasic, partitionsOf, type DataKey, type Selector } from './selector-model.js';
import { all3, some3, type EventClass } from './selector-eval.js';
import { bothKindsIssue, categoriesFor, selectorValueCount, validateAdvanced, validateBasic } from './selector-validate.js';
import type {
  AdvancedEventSelector,
  BasicEventSelector,
  DataScope,
  FieldSelector,
  Recording,
  SelectorIssue,
  SelectorTarget,
} from './selector-types.js';
import { or3All, type Tri, type Val } from './tri.js';
import { pushAll } from '../../parsers/arrays.js';

export type {
  AdvancedEventSelector,
  BasicEventSelector,
  DataResource,
  DataScope,
  FieldSelector,
  OperatorValues,
  Recording,
  SelectorIssue,
  SelectorTarget,
} from './selector-types.js';

/**
 * What a trail's or event data store's selectors RECORD, whatever their
 * spelling: basic or advanced selectors, Equals or NotEquals, one selector or
 * several whose union covers the events.
 *
 * Defaults (what is recorded when nothing is configured; AWS_DOCS keys are
 * the pages listed in aws-docs.ts):
 * - A trail without selectors records all management events, read and write,
 *   and no data events (AWS_DOCS.eventSelector: "trails created without
 *   specific event selectors will be configured to log all read and write
 *   management events, and no data events"). An empty list counts as none:
 *   Terraform's provider sends the single default selector in that case.
 * - An event data store without advanced selectors gets one selector,
 *   "Default management events" = `eventCategory Equals Management`
 *   (AWS_DOCS.edsDefaultSelector shows it in create-event-data-store output:
 *   "Because CloudTrail logs management events by default, you don't need to
 *   specify advanced event selectors").
 * - Advanced selectors replace the default: a trail whose advanced selectors
 *   name only data events no longer records management events.
 *
 * Invalid selectors: CloudTrail rejects a selector list that breaks a
 * documented requirement (for instance a data selector without
 * `resources.type`, or a network activity selector without `eventSource`),
 * so the list as written records nothing, and what the resource records
 * after a failed deployment depends on the tool (a CloudFormation stack rolls
 * back; Terraform has already created the trail, which keeps its default or
 * previous selectors). Every
 * answer is then `Unknown`, and `validateTrailSelectors` /
 * `validateEventDataStoreSelectors` report the broken requirement, which is
 * the finding to show.
 *
 * Unknown values: a value that can only take a few values (ReadWriteType,
 * IncludeManagementEvents, eventCategory, readOnly, errorCode,
 * sessionCredentialFromConsole) is tried with each valid value, and an answer
 * is given when all of them agree; other unknowns (ARNs, event sources) are
 * reasoned about symbolically. An answer is `Unknown` when the unknowns
 * could change it, and otherwise only when the reasoning cannot tell (two
 * unknowns constraining each other, or more candidate events than
 * MAX_CANDIDATE_EVENTS); it is never guessed.
 */

/** Above this many combinations of finite-domain unknowns they are reasoned about symbolically instead. */
const MAX_CASES = 256;

/**
 * Above this many values the selectors are not evaluated: the evaluation compares values with one another
 * (selector-eval.ts), and 200,000 data resource values took minutes. It is twice the largest quota CloudTrail
 * sets on a trail (500 values for its advanced selectors; AWS_DOCS.quotas), so a list CloudTrail accepts is
 * always evaluated. Over it, every answer is Unknown with the reason, never guessed.
 */
export const MAX_EVALUATED_VALUES = 1_000;

const DEFAULT_TRAIL_SELECTOR: BasicEventSelector = {};
const DEFAULT_EDS_SELECTOR: AdvancedEventSelector = {
  name: 'Default management events',
  fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }],
};

export function summarizeTrailSelectors(
  basic: BasicEventSelector[] | Unknown | undefined,
  advanced: AdvancedEventSelector[] | Unknown | undefined,
): Recording {
  if (basic instanceof Unknown) return allUnknown(basic.reason, basic.refs);
  if (advanced instanceof Unknown) return allUnknown(advanced.reason, advanced.refs);
  const hasBasic = !!basic?.length;
  const hasAdvanced = !!advanced?.length;
  if (hasBasic && hasAdvanced) return allUnknown(`CloudTrail rejects these selectors: ${bothKindsIssue().message}`, refsIn([basic, advanced]));
  if (hasAdvanced) return summarize({ kind: 'advanced', selectors: advanced as AdvancedEventSelector[], target: 'trail' });
  return summarize({ kind: 'basic', selectors: hasBasic ? (basic as BasicEventSelector[]) : [DEFAULT_TRAIL_SELECTOR] });
}

export function summarizeEventDataStoreSelectors(advanced: AdvancedEventSelector[] | Unknown | undefined): Recording {
  if (advanced instanceof Unknown) return allUnknown(advanced.reason, advanced.refs);
  const selectors = advanced?.length ? advanced : [DEFAULT_EDS_SELECTOR];
  return summarize({ kind: 'advanced', selectors, target: 'eventDataStore' });
}

/** Documented problems of a trail's selectors; see selector-validate.ts. */
export function validateTrailSelectors(
  basic: BasicEventSelector[] | Unknown | undefined,
  advanced: AdvancedEventSelector[] | Unknown | undefined,
): SelectorIssue[] {
  const out: SelectorIssue[] = [];
  const b = Array.isArray(basic) ? basic : [];
  const a = Array.isArray(advanced) ? advanced : [];
  if (b.length && a.length) out.push(bothKindsIssue());
  pushAll(out, validateBasic(b));
  pushAll(out, validateAdvanced(a, 'trail'));
  return out;
}

export function validateEventDataStoreSelectors(advanced: AdvancedEventSelector[] | Unknown | undefined): SelectorIssue[] {
  return validateAdvanced(Array.isArray(advanced) ? advanced : [], 'eventDataStore');
}

type Input =
  | { kind: 'basic'; selectors: (BasicEventSelector | Unknown)[] }
  | { kind: 'advanced'; selectors: (AdvancedEventSelector | Unknown)[]; target: SelectorTarget };

/** A value of the input that takes one of a few values, and how to set it in the working copy. */
interface Slot {
  domain: readonly (string | boolean)[];
  set(v: string | boolean): void;
}

function summarize(input: Input): Recording {
  const refs = refsIn(input.selectors);
  const values = selectorValueCount(input.kind, input.selectors);
  if (values > MAX_EVALUATED_VALUES) {
    const rejected = (input.kind === 'basic' ? validateBasic(input.selectors) : validateAdvanced(input.selectors, input.target)).find((x) => x.severity === 'error');
    if (rejected) return allUnknown(`CloudTrail rejects these selectors: ${rejected.message}`, refs);
    return allUnknown(`the selectors hold ${values} values, more than the ${MAX_EVALUATED_VALUES} trailguard evaluates`, refs);
  }
  const { copy, slots } = workingCopy(input);
  const cases = slots.reduce((n, s) => n * s.domain.length, 1);
  const split = cases <= MAX_CASES ? slots : [];

  const results: Recording[] = [];
  let firstError: SelectorIssue | undefined;
  const assign = (i: number): void => {
    if (i < split.length) {
      const slot = split[i] as Slot;
      for (const v of slot.domain) {
        slot.set(v);
        assign(i + 1);
      }
      return;
    }
    const errors = (copy.kind === 'basic' ? validateBasic(copy.selectors) : validateAdvanced(copy.selectors, copy.target)).filter(
      (x) => x.severity === 'error',
    );
    // A value that makes the selectors invalid would make the deployment
    // fail; unknowns are assumed to take values CloudTrail accepts.
    if (errors.length) {
      firstError ??= errors[0];
      return;
    }
    results.push(evaluate(copy));
  };
  assign(0);

  if (!results.length) {
    return allUnknown(`CloudTrail rejects these selectors: ${firstError?.message ?? 'invalid selectors'}`, refs);
  }
  return combine(results, refs);
}

// ---------------------------------------------------------------------------
// Evaluation of one case (no finite-domain unknowns left, or too many to split)

function evaluate(input: Input): Recording {
  const selectors: Selector[] =
    input.kind === 'basic' ? input.selectors.flatMap((s) => fromBasic(s)) : input.selectors.map((s) => fromAdvanced(s));
  const partitions = partitionsOf(selectors);

  const mgmt = managementOf(selectors);
  const scopes = Object.fromEntries(
    (Object.keys(DATA_TYPES) as DataKey[]).map((k) => [k, dataScope(selectors, k, partitions)]),
  ) as Record<DataKey, DataScope | Unknown>;
  const flag = (k: DataKey): boolean | Unknown => {
    const s = scopes[k];
    if (s instanceof Unknown) return some3(selectors, dataClass(k, partitions)) === 'T' ? true : s;
    return s !== 'none';
  };
  return {
    managementRead: mgmt.read,
    managementWrite: mgmt.write,
    managementExcludedSources: mgmt.excluded,
    s3Data: flag('s3'),
    s3DataScope: scopes.s3,
    lambdaData: flag('lambda'),
    lambdaDataScope: scopes.lambda,
    dynamodbData: flag('dynamodb'),
    dynamodbDataScope: scopes.dynamodb,
    anyData: anyDataOf(selectors, [flag('s3'), flag('lambda'), flag('dynamodb')]),
    // Any event source, any narrowing: P7 asks whether network activity is recorded at all.
    networkActivity: toBool(some3(selectors, { domains: { [FIELD.category]: { kind: 'fixed', value: 'NetworkActivity' } } })),
  };
}

/**
 * A data event of an S3 object, a Lambda function or a DynamoDB table always
 * has that `resources.type`, its service as `eventSource` and an ARN of that
 * service in one of the template's partitions.
 */
function dataClass(k: DataKey, partitions: string[]): EventClass {
  const t = DATA_TYPES[k];
  return {
    domains: {
      [FIELD.category]: { kind: 'fixed', value: 'Data' },
      [FIELD.type]: { kind: 'fixed', value: t.type },
      [FIELD.source]: { kind: 'fixed', value: t.source },
      [FIELD.arn]: { kind: 'prefixed', prefixes: partitions.map((p) => t.arnPrefix(p)) },
    },
  };
}

/**
 * Data events of some type: one of the three types above, or another type,
 * whose ARN shape is not modelled (any value), hence the separate class that
 * excludes the three.
 */
function anyDataOf(selectors: Selector[], known: (boolean | Unknown)[]): boolean | Unknown {
  const other = some3(selectors, {
    domains: { [FIELD.category]: { kind: 'fixed', value: 'Data' } },
    exclude: { [FIELD.type]: Object.values(DATA_TYPES).map((t) => t.type) },
  });
  const t: Tri = or3All([other, ...known.map((k): Tri => (k === true ? 'T' : k === false ? 'F' : 'U'))]);
  return toBool(t, 'data events');
}

/** `all`: every data event of the type; `partial`: some, under a narrowing; `none`: no event of the type. */
function dataScope(selectors: Selector[], k: DataKey, partitions: string[]): DataScope | Unknown {
  const cls = dataClass(k, partitions);
  const all = all3(selectors, cls);
  if (all === 'T') return 'all';
  const some = some3(selectors, cls);
  if (all === 'F' && some === 'T') return 'partial';
  if (some === 'F') return 'none';
  return new Unknown(`${DATA_TYPES[k].type} data events: the recorded scope depends on values unknown before deployment`);
}

interface Management {
  read: boolean | Unknown;
  write: boolean | Unknown;
  excluded: string[] | Unknown;
}

/**
 * Management events of one kind (read or write) are "recorded" when every
 * such event is, except those of sources no selector records at all (the
 * excluded sources: `kms.amazonaws.com` or `rdsdata.amazonaws.com` for
 * trails). A narrower coverage (an event data store recording only some
 * event names) is not "recorded".
 */
function managementOf(selectors: Selector[]): Management {
  const sourceValues: Val[] = [];
  for (const s of selectors) {
    for (const c of s.clauses) if (c.field === FIELD.source) for (const v of c.values) if (!sourceValues.includes(v)) sourceValues.push(v);
  }
  const kinds = (['true', 'false'] as const).map((readOnly) => {
    const base: EventClass['domains'] = {
      [FIELD.category]: { kind: 'fixed', value: 'Management' },
      [FIELD.readOnly]: { kind: 'fixed', value: readOnly },
    };
    const definite: Val[] = [];
    const maybe: Val[] = [];
    for (const src of sourceValues) {
      const r = some3(selectors, { domains: { ...base, [FIELD.source]: { kind: 'fixed', value: src } } });
      if (r === 'F') definite.push(src);
      else if (r === 'U') maybe.push(src);
    }
    let recorded: Tri = all3(selectors, { domains: base, exclude: { [FIELD.source]: definite } });
    if (recorded !== 'T' && maybe.length) {
      recorded = all3(selectors, { domains: base, exclude: { [FIELD.source]: [...definite, ...maybe] } }) === 'F' ? 'F' : 'U';
    }
    return { recorded, definite, maybe };
  });

  let excluded: string[] | Unknown;
  const uncertain = kinds.some(
    (k) => (k.recorded === 'T' && k.maybe.length) || (k.recorded === 'U' && k.definite.length + k.maybe.length),
  );
  const listed = kinds.filter((k) => k.recorded === 'T').flatMap((k) => k.definite);
  if (uncertain || listed.some((v) => v instanceof Unknown)) {
    excluded = new Unknown('excluded management event sources depend on values unknown before deployment');
  } else {
    excluded = [...new Set(listed as string[])].sort();
  }
  const [read, write] = kinds as [(typeof kinds)[number], (typeof kinds)[number]];
  return {
    read: toBool(read.recorded, 'read management events'),
    write: toBool(write.recorded, 'write management events'),
    excluded,
  };
}

function toBool(t: Tri, what = 'the answer'): boolean | Unknown {
  return t === 'T' ? true : t === 'F' ? false : new Unknown(`${what}: depends on values unknown before deployment`);
}

// ---------------------------------------------------------------------------
// Cases and their combination

/** A copy of the input whose finite-domain unknowns can be set one case at a time. */
function workingCopy(input: Input): { copy: Input; slots: Slot[] } {
  const slots: Slot[] = [];
  if (input.kind === 'basic') {
    const selectors = input.selectors.map((s) => {
      if (s instanceof Unknown) return s;
      const c: BasicEventSelector = { ...s };
      if (c.readWriteType instanceof Unknown) {
        slots.push({ domain: ['All', 'ReadOnly', 'WriteOnly'], set: (v) => (c.readWriteType = v as string) });
      }
      if (c.includeManagementEvents instanceof Unknown) {
        slots.push({ domain: [true, false], set: (v) => (c.includeManagementEvents = v as boolean) });
      }
      return c;
    });
    return { copy: { kind: 'basic', selectors }, slots };
  }
  const domains: Record<string, readonly string[]> = {
    [FIELD.category]: categoriesFor(input.target),
    [FIELD.readOnly]: ['true', 'false'],
    [FIELD.console]: ['true', 'false'],
    [FIELD.errorCode]: ['VpceAccessDenied'],
  };
  const selectors = input.selectors.map((s): AdvancedEventSelector | Unknown => {
    if (s instanceof Unknown || s.fieldSelectors instanceof Unknown) return s;
    const fieldSelectors = (s.fieldSelectors as (FieldSelector | Unknown)[]).map((fs) => {
      if (fs instanceof Unknown) return fs;
      const c: FieldSelector = { ...fs };
      const domain = typeof c.field === 'string' ? own(domains, c.field) : undefined;
      for (const op of ['equals', 'startsWith', 'endsWith', 'notEquals', 'notStartsWith', 'notEndsWith'] as const) {
        const vs = c[op];
        if (!Array.isArray(vs)) continue;
        const arr = [...vs];
        c[op] = arr;
        if (!domain) continue;
        arr.forEach((v, i) => {
          if (v instanceof Unknown) slots.push({ domain, set: (x) => (arr[i] = x as string) });
        });
      }
      return c;
    });
    // Elements may be Unknown at run time (an `Fn::If` in the list); the evaluation handles them.
    return { ...s, fieldSelectors: fieldSelectors as FieldSelector[] };
  });
  return { copy: { kind: 'advanced', selectors, target: input.target }, slots };
}

const KEYS: readonly (keyof Recording)[] = [
  'managementRead',
  'managementWrite',
  'managementExcludedSources',
  's3Data',
  's3DataScope',
  'lambdaData',
  'lambdaDataScope',
  'dynamodbData',
  'dynamodbDataScope',
  'anyData',
  'networkActivity',
];

/** An answer holds when every case gives it; otherwise it depends on the unknowns. */
function combine(results: Recording[], refs: ResourceRef[]): Recording {
  const out = {} as Record<keyof Recording, unknown>;
  for (const key of KEYS) {
    const values = results.map((r) => r[key]);
    const first = values[0];
    const unknown = values.find((v) => v instanceof Unknown) as Unknown | undefined;
    if (unknown) out[key] = new Unknown(unknown.reason, refs);
    else if (values.every((v) => JSON.stringify(v) === JSON.stringify(first))) out[key] = first;
    else out[key] = new Unknown(`${key} depends on values unknown before deployment`, refs);
  }
  return out as unknown as Recording;
}

function allUnknown(reason: string, refs: readonly ResourceRef[]): Recording {
  const u = new Unknown(reason, refs);
  return Object.fromEntries(KEYS.map((k) => [k, u])) as unknown as Recording;
}

/** The resources the unknown values of the selectors point at, so findings can name them. */
function refsIn(v: unknown): ResourceRef[] {
  const out: ResourceRef[] = [];
  const seen = new Set<string>();
  const walk = (x: unknown): void => {
    if (x instanceof Unknown) {
      for (const r of x.refs) {
        const key = `${r.address}\u0000${r.attribute ?? ''}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(r);
        }
      }
    } else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(v);
  return out;
}
