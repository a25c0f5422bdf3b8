// `data "aws_iam_policy_document"`: the JSON policy the AWS provider renders
// from `statement` blocks, computed statically so that key and bucket
// policies written this way are checked like literal ones.
//
// It follows the provider's code (internal/service/iam/policy_document_data_source.go
// and policy_model.go) so that the text is the one Terraform would produce:
// - statement fields in the order Sid, Effect, Action, NotAction, Resource,
//   NotResource, Principal, NotPrincipal, Condition; empty ones omitted;
//   `effect` defaults to Allow and `version` to 2012-10-17;
// - actions, resources and principal identifiers are sets: one element is
//   written as a string, several as a list sorted in reverse order;
// - `&{aws:username}` in resources, principals and condition values becomes
//   `${aws:username}` (Terraform's escape for IAM policy variables);
// - principals are grouped by type ({"AWS": ..., "Service": ...}, keys
//   sorted); a single `type = "*"` with identifiers ["*"] is written "*";
// - conditions are grouped by test and variable; one value is a string;
// - `source_policy_documents` are merged first, then the statements, then
//   `override_policy_documents`; a statement whose Sid is already present
//   replaces the earlier one;
// - `json` is indented with two spaces, `minified_json` is compact.
// When a part is known only after apply (an ARN, the account ID) the result
// is an UnknownJsonDocument: the same document with Unknown leaves.

import { Unknown } from '../../../core/unknown.js';
import { jsonDocument, joinParts, PartialString, UnknownJsonDocument } from '../hcl/structured-unknown.js';
import { collectUnknowns, compareStrings, containsUnknownValue, deepEqual, isObject, mergeRefs, numberToString, unknownFrom } from '../hcl/values.js';
import { marshalCompact, marshalIndent } from './go-json.js';

export interface RenderedPolicy {
  json: string | Unknown;
  minifiedJson: string | Unknown;
}

type Obj = Record<string, unknown>;

interface PolicyDoc {
  Version: unknown;
  Id: unknown;
  Statement: unknown[] | Unknown | undefined;
}

const STATEMENT_FIELDS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'] as const;

/** Renders the data source from its evaluated arguments and blocks. */
export function renderPolicyDocument(args: Obj): RenderedPolicy {
  const merged: PolicyDoc = { Version: '', Id: '', Statement: undefined };
  for (const source of documentList(args['source_policy_documents'])) {
    const doc = decodeDocument(source);
    if (doc instanceof Unknown) return whollyUnknown(doc);
    merge(merged, doc);
  }
  merge(merged, {
    Version: isSet(args['version']) ? args['version'] : '2012-10-17',
    Id: isSet(args['policy_id']) ? args['policy_id'] : '',
    Statement: statementsFrom(args['statement']),
  });
  for (const override of documentList(args['override_policy_documents'])) {
    const doc = decodeDocument(override);
    if (doc instanceof Unknown) return whollyUnknown(doc);
    merge(merged, doc);
  }
  const out: Obj = {};
  if (merged.Version !== '') out['Version'] = merged.Version;
  if (merged.Id !== '') out['Id'] = merged.Id;
  if (merged.Statement !== undefined && !(Array.isArray(merged.Statement) && merged.Statement.length === 0)) out['Statement'] = merged.Statement;
  if (containsUnknownValue(out)) {
    const found: Unknown[] = [];
    collectUnknowns(out, found);
    const doc = new UnknownJsonDocument(out, mergeRefs(found));
    return { json: doc, minifiedJson: doc };
  }
  return { json: marshalIndent(out), minifiedJson: marshalCompact(out) };
}

function whollyUnknown(cause: Unknown): RenderedPolicy {
  const u = new Unknown('policy document merged from a document known only after apply', cause.refs, true);
  return { json: u, minifiedJson: u };
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function documentList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  // An unknown list of documents: one unknown document stands for all of them.
  if (v instanceof Unknown || !Array.isArray(v)) return [v];
  return v.filter((x) => x !== null);
}

// ------------------------------------------------------------ merging (policy_model.go)

function merge(into: PolicyDoc, doc: PolicyDoc): void {
  if (isSet(doc.Id)) into.Id = doc.Id;
  if (doc.Version instanceof Unknown || into.Version instanceof Unknown) into.Version = unknownFrom([into.Version, doc.Version]);
  else if (typeof doc.Version === 'string' && typeof into.Version === 'string' && doc.Version > into.Version) into.Version = doc.Version;
  if (doc.Statement === undefined) return;
  if (doc.Statement instanceof Unknown || into.Statement instanceof Unknown) {
    into.Statement = into.Statement === undefined ? doc.Statement : unknownFrom([into.Statement, doc.Statement]);
    return;
  }
  const statements = into.Statement ?? [];
  for (const stmt of doc.Statement) {
    const sid = isObject(stmt) ? stmt['Sid'] : undefined;
    const at = typeof sid === 'string' && sid !== '' ? statements.findIndex((s) => isObject(s) && s['Sid'] === sid) : -1;
    if (at >= 0) statements[at] = stmt;
    else statements.push(stmt);
  }
  into.Statement = statements;
}

/** A source or override document, read as the provider reads it (through its Go structs). */
function decodeDocument(value: unknown): PolicyDoc | Unknown {
  const doc = jsonDocument(value);
  if (doc === undefined) return value instanceof Unknown ? value : new Unknown('source policy document is not valid JSON', [], false);
  if (!isObject(doc)) return new Unknown('source policy document is not a JSON object', [], false);
  const statements = doc['Statement'];
  let list: unknown[] | Unknown | undefined;
  if (statements instanceof Unknown) list = statements;
  else if (Array.isArray(statements)) list = statements.map(normalizeStatement);
  else if (isObject(statements)) list = [normalizeStatement(statements)];
  return { Version: doc['Version'] ?? '', Id: doc['Id'] ?? '', Statement: list };
}

function normalizeStatement(s: unknown): unknown {
  if (!isObject(s)) return s;
  const out: Obj = {};
  for (const field of STATEMENT_FIELDS) {
    const v = s[field];
    if (v === undefined || v === null || v === '') continue;
    if (field === 'Principal' || field === 'NotPrincipal') out[field] = normalizePrincipal(v);
    else if (field === 'Condition') out[field] = normalizeCondition(v);
    else out[field] = v;
  }
  return out;
}

/** A principal as Go re-marshals it: "*" stays "*", each type's identifier list in reverse order. */
function normalizePrincipal(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const type of Object.keys(v).sort(compareStrings)) {
    const ids = v[type];
    out[type] = Array.isArray(ids) ? reverseSorted(ids) : ids;
  }
  const keys = Object.keys(out);
  return keys.length === 1 && keys[0] === '*' && out['*'] === '*' ? '*' : out;
}

/** Conditions as Go re-marshals them: values as strings, one value written bare. */
function normalizeCondition(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const test of Object.keys(v).sort(compareStrings)) {
    const vars = v[test];
    if (!isObject(vars)) {
      out[test] = vars;
      continue;
    }
    const inner: Obj = {};
    for (const variable of Object.keys(vars).sort(compareStrings)) {
      const values = vars[variable];
      const list = Array.isArray(values) ? values.map(asPolicyString) : [asPolicyString(values)];
      inner[variable] = list.length === 1 ? list[0] : list;
    }
    out[test] = inner;
  }
  return out;
}

function asPolicyString(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberToString(v);
  return v;
}

// ------------------------------------------------------------ statements from blocks

function statementsFrom(blocks: unknown): unknown[] | Unknown | undefined {
  if (blocks === undefined || blocks === null) return undefined;
  if (blocks instanceof Unknown) return blocks;
  if (!Array.isArray(blocks)) return undefined;
  return blocks.map((b) => (isObject(b) ? statementFrom(b) : b));
}

function statementFrom(b: Obj): Obj {
  const out: Obj = {};
  const sid = b['sid'];
  if (isSet(sid)) out['Sid'] = sid;
  out['Effect'] = isSet(b['effect']) ? b['effect'] : 'Allow';
  const fields: [string, string, boolean][] = [
    ['Action', 'actions', false],
    ['NotAction', 'not_actions', false],
    ['Resource', 'resources', true],
    ['NotResource', 'not_resources', true],
  ];
  for (const [field, arg, vars] of fields) {
    const v = stringSet(b[arg], vars);
    if (v !== undefined) out[field] = v;
  }
  const principal = principalsFrom(b['principals']);
  if (principal !== undefined) out['Principal'] = principal;
  const notPrincipal = principalsFrom(b['not_principals']);
  if (notPrincipal !== undefined) out['NotPrincipal'] = notPrincipal;
  const condition = conditionsFrom(b['condition']);
  if (condition !== undefined) out['Condition'] = condition;
  return out;
}

/**
 * A set of strings as the provider writes it: undefined when empty, the
 * element when there is one, else the list in reverse lexical order (elements
 * known only after apply follow, in the order written).
 */
function stringSet(v: unknown, replaceVars: boolean): unknown {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  const items = Array.isArray(v) ? v : [v];
  const known: string[] = [];
  const unknown: Unknown[] = [];
  for (const x of items) {
    if (x instanceof Unknown) unknown.push(x);
    else if (x !== null) {
      const s = typeof x === 'string' ? x : asPolicyString(x);
      if (typeof s === 'string' && !known.includes(s)) known.push(s);
    }
  }
  const list: unknown[] = [...reverseSorted(known), ...unknown];
  if (list.length === 0) return undefined;
  const replaced = replaceVars ? list.map(replacePolicyVariables) : list;
  return replaced.length === 1 ? replaced[0] : replaced;
}

function reverseSorted(values: readonly unknown[]): unknown[] {
  const known = values.filter((x): x is string => typeof x === 'string').sort(compareStrings).reverse();
  return [...known, ...values.filter((x) => typeof x !== 'string')];
}

/** `&{aws:username}` → `${aws:username}`, in known text only. */
function replacePolicyVariables(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('&{') ? v.replaceAll('&{', '${') : v;
  if (v instanceof PartialString && v.parts.some((p) => typeof p === 'string' && p.includes('&{'))) {
    return joinParts(v.parts.map((p) => (typeof p === 'string' ? p.replaceAll('&{', '${') : p)));
  }
  return v;
}

function distinctBlocks(blocks: unknown): unknown[] | Unknown | undefined {
  if (blocks === undefined || blocks === null) return undefined;
  if (blocks instanceof Unknown) return blocks;
  if (!Array.isArray(blocks)) return undefined;
  // These blocks form a set in the provider's schema: identical ones count once.
  const out: unknown[] = [];
  for (const b of blocks) if (containsUnknownValue(b) || !out.some((o) => !containsUnknownValue(o) && deepEqual(o, b))) out.push(b);
  return out.length === 0 ? undefined : out;
}

function principalsFrom(blocks: unknown): unknown {
  const list = distinctBlocks(blocks);
  if (list === undefined || list instanceof Unknown) return list;
  const principals = list.map((p) => {
    const rec = isObject(p) ? p : {};
    return { type: rec['type'], ids: stringSet(rec['identifiers'], true) };
  });
  const only = principals.length === 1 ? principals[0]! : undefined;
  if (only && only.type === '*' && (only.ids === '*' || (Array.isArray(only.ids) && only.ids.length === 1 && only.ids[0] === '*'))) return '*';
  if (principals.some((p) => typeof p.type !== 'string')) return unknownFrom(principals.flatMap((p) => [p.type, p.ids]));
  const raw = new Map<string, unknown>();
  for (const { type, ids } of principals as { type: string; ids: unknown }[]) {
    if (ids === undefined) continue;
    const prev = raw.get(type);
    if (ids instanceof Unknown || prev instanceof Unknown) raw.set(type, prev === undefined ? ids : unknownFrom([prev, ids]));
    else if (Array.isArray(ids)) raw.set(type, [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), ...ids]);
    else if (prev === undefined) raw.set(type, ids);
    else raw.set(type, [...(Array.isArray(prev) ? prev : [prev]), ids]);
  }
  const out: Obj = {};
  for (const type of [...raw.keys()].sort(compareStrings)) out[type] = raw.get(type);
  return out;
}

function conditionsFrom(blocks: unknown): unknown {
  const list = distinctBlocks(blocks);
  if (list === undefined || list instanceof Unknown) return list;
  const tests = new Map<string, Map<string, unknown[] | Unknown>>();
  for (const c of list) {
    const rec = isObject(c) ? c : {};
    const test = rec['test'];
    const variable = rec['variable'];
    if (typeof test !== 'string' || typeof variable !== 'string') return unknownFrom(list);
    const values = conditionValues(rec['values']);
    let vars = tests.get(test);
    if (!vars) tests.set(test, (vars = new Map()));
    const prev = vars.get(variable);
    if (values instanceof Unknown || prev instanceof Unknown) vars.set(variable, prev === undefined ? values : unknownFrom([prev, values]));
    else vars.set(variable, [...(prev ?? []), ...values]);
  }
  const out: Obj = {};
  for (const test of [...tests.keys()].sort(compareStrings)) {
    const vars = tests.get(test)!;
    const inner: Obj = {};
    for (const variable of [...vars.keys()].sort(compareStrings)) {
      const values = vars.get(variable)!;
      inner[variable] = Array.isArray(values) && values.length === 1 ? values[0] : values;
    }
    out[test] = inner;
  }
  return out;
}

/** Condition values are a list: order and empty strings are kept. */
function conditionValues(v: unknown): unknown[] | Unknown {
  if (v instanceof Unknown) return v;
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items.map((x) => replacePolicyVariables(x instanceof Unknown ? x : asPolicyString(x ?? '')));
}
