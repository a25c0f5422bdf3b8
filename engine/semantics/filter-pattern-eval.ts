import { regexSearch } from './filter-regex.js';
import { globMatches, type DelimitedCondition, type DelimitedField, type FilterPattern, type JsonExpr, type PathSegment, type Value } from './filter-pattern.js';
import { minOf } from '../../parsers/arrays.js';

/**
 * Evaluates a parsed filter pattern against one log event, as CloudWatch Logs
 * does (FILTER_DOCS.syntax). A CloudTrail record reaches CloudWatch Logs as
 * one JSON log event; `message` is its text and `json` the parsed record.
 *
 * Choices where the documentation is silent, each the reading under which the
 * CIS and Security Hub patterns work as their authors intend:
 * - A comparison on a property the event does not have is false, for `!=`
 *   too: the documented way to match a missing property is `NOT EXISTS`
 *   (CIS 4.3 writes `$.userIdentity.invokedBy NOT EXISTS` for that reason).
 * - `=`/`!=` with a string value compare the property's text (a string, or
 *   a number or boolean written out), with `*` matching any run of
 *   characters; objects, arrays and null match neither.
 * - `<`, `<=`, `>`, `>=` compare numbers only.
 * - Terms match anywhere in the message text, case-sensitively.
 */

export interface LogEvent {
  message: string;
  /** The message parsed as JSON (undefined when it is not JSON). */
  json?: unknown;
}

export function logEventOf(record: unknown): LogEvent {
  return { message: JSON.stringify(record), json: record };
}

export function matches(pattern: FilterPattern, event: LogEvent): boolean {
  switch (pattern.form) {
    case 'all':
      return true;
    case 'terms': {
      let anyTerms = false;
      let anyHit = false;
      for (const t of pattern.terms) {
        const hit = event.message.includes(t.text);
        if (t.mode === 'require' && !hit) return false;
        if (t.mode === 'exclude' && hit) return false;
        if (t.mode === 'any') {
          anyTerms = true;
          anyHit ||= hit;
        }
      }
      return !anyTerms || anyHit;
    }
    case 'regex':
      return regexSearch(pattern.re, event.message);
    case 'json':
      // JSON patterns match only JSON log events.
      return event.json !== undefined && event.json !== null && typeof event.json === 'object' && evalJson(pattern.expr, event.json);
    case 'delimited':
      return matchDelimited(pattern.fields, splitFields(event.message));
  }
}

function evalJson(e: JsonExpr, doc: unknown): boolean {
  switch (e.t) {
    case 'and':
      return evalJson(e.left, doc) && evalJson(e.right, doc);
    case 'or':
      return evalJson(e.left, doc) || evalJson(e.right, doc);
    case 'notExists':
      return resolve(doc, e.path) === undefined;
    case 'is': {
      const v = resolve(doc, e.path);
      return e.what === 'NULL' ? v === null : e.what === 'TRUE' ? v === true : v === false;
    }
    case 'compare': {
      const v = resolve(doc, e.path);
      if (v === undefined || v === null || typeof v === 'object') return false;
      return compareScalar(v as string | number | boolean, e.op, e.value);
    }
  }
}

/** Own properties only: a selector `$.__proto__` or `$.constructor` finds nothing a record does not hold. */
function resolve(doc: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = doc;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(v) || seg >= v.length) return undefined;
      v = v[seg];
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, seg)) return undefined;
      v = (v as Record<string, unknown>)[seg];
    }
  }
  return v;
}

function compareScalar(v: string | number | boolean, op: DelimitedCondition['op'], value: Value): boolean {
  if (value.t === 'number') {
    if (typeof v === 'number') {
      switch (op) {
        case '=':
          return v === value.n;
        case '!=':
          return v !== value.n;
        case '<':
          return v < value.n;
        case '<=':
          return v <= value.n;
        case '>':
          return v > value.n;
        case '>=':
          return v >= value.n;
      }
    }
    if (op === '=' || op === '!=') {
      const same = String(v) === value.text;
      return op === '=' ? same : !same;
    }
    return false;
  }
  const text = String(v);
  const hit = value.t === 'regex' ? regexSearch(value.re, text) : globMatches(value.glob, text);
  if (op === '=') return hit;
  if (op === '!=') return !hit;
  return false;
}

/**
 * Fields of a space-delimited event: runs of characters between spaces, a
 * run in double quotes or square brackets being one field
 * (FILTER_DOCS.syntax, "Matching terms in space-delimited log events").
 */
export function splitFields(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < message.length) {
    while (message[i] === ' ') i++;
    if (i >= message.length) break;
    const c = message[i];
    if (c === '"' || c === '[') {
      const close = message.indexOf(c === '"' ? '"' : ']', i + 1);
      if (close >= 0) {
        out.push(message.slice(i + 1, close));
        i = close + 1;
        continue;
      }
    }
    const start = i;
    while (i < message.length && message[i] !== ' ') i++;
    out.push(message.slice(start, i));
  }
  return out;
}

/** Positional match with `...` skipping any number of fields: a table over (pattern field, event field), linear in each. */
function matchDelimited(fields: readonly DelimitedField[], tokens: readonly string[]): boolean {
  let reach = new Set<number>([0]);
  for (const f of fields) {
    const next = new Set<number>();
    if (f.t === 'ellipsis') {
      const min = minOf(reach, (n) => n, Infinity);
      for (let k = min; k <= tokens.length; k++) next.add(k);
    } else {
      for (const k of reach) if (k < tokens.length && fieldMatches(f, tokens[k]!)) next.add(k + 1);
    }
    if (next.size === 0) return false;
    reach = next;
  }
  return reach.has(tokens.length);
}

function fieldMatches(f: DelimitedField & { t: 'field' }, token: string): boolean {
  if (f.conditions.length === 0) return true;
  return f.conditions.some((group) => group.every((c) => compareScalar(NUMERIC.test(token) ? Number(token) : token, c.op, c.value)));
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
