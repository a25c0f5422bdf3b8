import { own } from '../../core/own.js';
import { FIELD, type Clause, type Selector } from './selector-model.js';
import { allOf3, and3, and3All, anyOf3, eq3, not3, prefix3, suffix3, type Tri, type Val } from './tri.js';

/**
 * Decides, for a class of events, whether the selectors admit SOME event of
 * the class and whether they admit ALL of them.
 *
 * A class fixes some fields (eventCategory = Data, resources.type =
 * AWS::S3::Object, …) and restricts others to a domain; the remaining fields
 * range over all strings. Because selector operators only compare with
 * constants (Equals, StartsWith, EndsWith and their negations), a string's
 * behaviour against the selectors is fixed by which constant it equals, its
 * longest constant prefix and its longest constant suffix. So a finite set of
 * candidate values per field is complete: the constants themselves, and
 * "open" strings `prefix + FRESH + suffix` whose middle shares no character
 * with any constant (chosen after the unknowns take their values, which is
 * why an open string never equals any constant, known or not). "All" fails
 * exactly when some candidate event lies in the class and no selector admits
 * it; "some" holds when a selector's constraints are satisfiable, field by
 * field, since fields are independent within one selector.
 */

export type Domain =
  | { kind: 'fixed'; value: Val }
  | { kind: 'enum'; values: readonly string[] }
  /** The value starts with one of these (resource ARNs of one service). */
  | { kind: 'prefixed'; prefixes: readonly string[] }
  | { kind: 'free' };

export interface EventClass {
  domains: Record<string, Domain>;
  /** Values a field may not take (event sources already known to be excluded). */
  exclude?: Record<string, readonly Val[]>;
}

/** Fields whose values CloudTrail records as the strings `true` or `false`. */
const BOOLEAN_FIELDS = new Set<string>([FIELD.readOnly, FIELD.console]);

/** Above this many candidate events the question is left undecided rather than guessed. */
export const MAX_CANDIDATE_EVENTS = 50_000;

function domainOf(cls: EventClass, field: string): Domain {
  return own(cls.domains, field) ?? (BOOLEAN_FIELDS.has(field) ? { kind: 'enum', values: ['true', 'false'] } : { kind: 'free' });
}

type Cand =
  | { kind: 'exact'; v: Val }
  /**
   * Longest of `prefixes` and `anchor` (which must be prefixes of one another)
   * + fresh + `suffix`. `anchor` is the domain prefix of a `prefixed` field
   * (`arn:aws:s3:::`).
   */
  | { kind: 'open'; prefixes: Val[]; anchor?: string; suffix: Val };

function starts(c: Extract<Cand, { kind: 'open' }>): Val[] {
  return c.anchor === undefined ? c.prefixes : [...c.prefixes, c.anchor];
}

function candEq(c: Cand, v: Val): Tri {
  return c.kind === 'exact' ? eq3(c.v, v) : 'F';
}

function candStarts(c: Cand, v: Val): Tri {
  return c.kind === 'exact' ? prefix3(v, c.v) : anyOf3(starts(c), (p) => prefix3(v, p));
}

function candEnds(c: Cand, v: Val): Tri {
  return c.kind === 'exact' ? suffix3(v, c.v) : suffix3(v, c.suffix);
}

export function clause3(cl: Clause, c: Cand): Tri {
  switch (cl.op) {
    case 'equals':
      return anyOf3(cl.values, (v) => candEq(c, v));
    case 'startsWith':
      return anyOf3(cl.values, (v) => candStarts(c, v));
    case 'endsWith':
      return anyOf3(cl.values, (v) => candEnds(c, v));
    case 'notEquals':
      return not3(anyOf3(cl.values, (v) => candEq(c, v)));
    case 'notStartsWith':
      return not3(anyOf3(cl.values, (v) => candStarts(c, v)));
    case 'notEndsWith':
      return not3(anyOf3(cl.values, (v) => candEnds(c, v)));
  }
}

/**
 * An open candidate exists when its prefixes are prefixes of one another. An
 * unknown value compared with a resource ARN is taken to be an ARN (or ARN
 * prefix) of the resource type the class is about, in the template's
 * partition: `StartsWith ${Bucket.Arn}/` names some S3 objects, not a Lambda
 * function. That is what lets a selector narrowed to an unknown bucket count
 * as recording some S3 data events.
 */
function realizable(c: Cand): Tri {
  if (c.kind === 'exact') return 'T';
  const ps = c.prefixes;
  const checks: Tri[] = [];
  const compatible = (a: Val, b: Val): Tri => anyOf3([prefix3(a, b), prefix3(b, a)], (t) => t);
  for (let i = 0; i < ps.length; i++) {
    const a = ps[i] as Val;
    for (let j = i + 1; j < ps.length; j++) checks.push(compatible(a, ps[j] as Val));
    if (c.anchor !== undefined && typeof a === 'string') checks.push(compatible(a, c.anchor));
  }
  return and3All(checks);
}

function inDomain(c: Cand, d: Domain): Tri {
  switch (d.kind) {
    case 'free':
      return 'T';
    case 'fixed':
      return candEq(c, d.value);
    case 'enum':
      return anyOf3(d.values, (v) => candEq(c, v));
    case 'prefixed':
      return c.kind === 'open' && c.anchor !== undefined ? 'T' : anyOf3(d.prefixes, (p) => candStarts(c, p));
  }
}

function pushUnique(list: Val[], v: Val): void {
  if (!list.some((x) => x === v)) list.push(v);
}

/** Candidate values of one field, complete for the given clauses and domain (see the module comment). */
function candidates(clauses: readonly Clause[], d: Domain): Cand[] {
  if (d.kind === 'fixed') return [{ kind: 'exact', v: d.value }];
  if (d.kind === 'enum') return d.values.map((v) => ({ kind: 'exact', v }));
  const exact: Val[] = [];
  const prefixes: Val[] = [''];
  const suffixes: Val[] = [''];
  for (const cl of clauses) {
    for (const v of cl.values) {
      pushUnique(exact, v);
      if (cl.op === 'startsWith' || cl.op === 'notStartsWith') pushUnique(prefixes, v);
      if (cl.op === 'endsWith' || cl.op === 'notEndsWith') pushUnique(suffixes, v);
    }
  }
  const domainPrefixes = d.kind === 'prefixed' ? d.prefixes : [];
  for (const p of domainPrefixes) pushUnique(exact, p);
  const out: Cand[] = exact.map((v) => ({ kind: 'exact', v }));
  for (const p of prefixes) {
    for (const x of suffixes) {
      if (d.kind === 'prefixed') {
        for (const dp of domainPrefixes) out.push({ kind: 'open', prefixes: p === '' ? [] : [p], anchor: dp, suffix: x });
      } else {
        out.push({ kind: 'open', prefixes: p === '' ? [] : [p], suffix: x });
      }
    }
  }
  return out;
}

function byField(clauses: readonly Clause[]): Map<string, Clause[]> {
  const m = new Map<string, Clause[]>();
  for (const c of clauses) {
    const list = m.get(c.field);
    if (list) list.push(c);
    else m.set(c.field, [c]);
  }
  return m;
}

/**
 * The selector admits some event of the class. A field the selector does not
 * constrain always has an admissible value (exclusions are finite lists), so
 * only constrained fields are examined.
 */
export function sat3(s: Selector, cls: EventClass): Tri {
  const parts: Tri[] = [s.opaque ? 'U' : 'T'];
  for (const [field, clauses] of byField(s.clauses)) {
    const d = domainOf(cls, field);
    const excl = own(cls.exclude, field) ?? [];
    parts.push(
      anyOf3(candidates(clauses, d), (c) =>
        and3(
          realizable(c),
          inDomain(c, d),
          not3(anyOf3(excl, (v) => candEq(c, v))),
          allOf3(clauses, (cl) => clause3(cl, c)),
        ),
      ),
    );
    if (parts[parts.length - 1] === 'F') return 'F';
  }
  return and3All(parts);
}

/** Some event of the class is admitted by some selector. */
export function some3(selectors: readonly Selector[], cls: EventClass): Tri {
  return anyOf3(selectors, (s) => sat3(s, cls));
}

function accepts(s: Selector, event: ReadonlyMap<string, Cand>): Tri {
  return and3(
    s.opaque ? 'U' : 'T',
    allOf3(s.clauses, (cl) => clause3(cl, event.get(cl.field) as Cand)),
  );
}

/** Every event of the class is admitted by some selector. */
export function all3(selectors: readonly Selector[], cls: EventClass): Tri {
  const relevant = selectors.filter((s) => sat3(s, cls) !== 'F');
  // The classes asked about are never empty, so with nothing admitting any of
  // their events, any event is a witness.
  if (!relevant.length) return 'F';

  const clausesByField = new Map<string, Clause[]>();
  for (const s of relevant) {
    for (const [f, cls2] of byField(s.clauses)) clausesByField.set(f, [...(clausesByField.get(f) ?? []), ...cls2]);
  }
  for (const f of Object.keys(cls.exclude ?? {})) if (!clausesByField.has(f)) clausesByField.set(f, []);

  const fields = [...clausesByField.keys()];
  const domains = fields.map((f) => domainOf(cls, f));
  const cands = fields.map((f, i) => candidates(clausesByField.get(f) ?? [], domains[i] as Domain));
  const size = cands.reduce((n, c) => n * c.length, 1);
  if (size > MAX_CANDIDATE_EVENTS) return 'U';

  let sawUnknown = false;
  const event = new Map<string, Cand>();
  const walk = (i: number): boolean => {
    if (i === fields.length) {
      const exists = and3All(
        fields.map((f, k) => {
          const c = event.get(f) as Cand;
          const excl = own(cls.exclude, f) ?? [];
          return and3(realizable(c), inDomain(c, domains[k] as Domain), not3(anyOf3(excl, (v) => candEq(c, v))));
        }),
      );
      if (exists === 'F') return false;
      const admitted = anyOf3(relevant, (s) => accepts(s, event));
      if (exists === 'T' && admitted === 'F') return true;
      if (admitted !== 'T') sawUnknown = true;
      return false;
    }
    for (const c of cands[i] as Cand[]) {
      event.set(fields[i] as string, c);
      if (walk(i + 1)) return true;
    }
    return false;
  };
  if (walk(0)) return 'F';
  return sawUnknown ? 'U' : 'T';
}
