/**
 * Evaluation of a statement's Condition block against a request context.
 *
 * Sources (IAM User Guide):
 * - "Condition operators"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 *   a key absent from the request context makes a condition false, except
 *   that negated operators (StringNotLike, ArnNotLike…) are then true, and
 *   `...IfExists` is then true; `Null` tests presence; String/Arn operators
 *   accept policy variables, the others do not; StringLike/ArnLike take `*`
 *   and `?`; Bool compares "true"/"false".
 * - "Conditions with multiple context keys or values"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):
 *   several operators → AND; several keys under an operator → AND; several
 *   values for a key → OR, or NOR under a negated operator.
 * - "Set operators for multivalued context keys"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 *   ForAllValues is true when every request value matches, and also when the
 *   key is absent or empty; ForAnyValue needs at least one matching value and
 *   is false when the key is absent.
 *
 * Everything AWS does not document (an unknown operator, a request value of
 * the wrong type under a negated operator, a plain operator on a list) is
 * 'unknown', never a guess.
 */
import { isUnknown } from '../../core/unknown.js';
import type { KeyState, RequestContext } from './context.js';
import { arnLikeMatches, globMatches } from './match.js';
import type { ParsedOperator } from './operators.js';
import type { ConditionClause, PolicyValue, Statement } from './policy.js';
import { and, andAll, not, or, orAll, type Truth } from './truth.js';
import { parseCidr, parseDate, parseIp, parseNumber, ipInCidr } from './values.js';
import { partsText, resolveVariables } from './variables.js';

export interface ConditionEnv {
  context: RequestContext;
  /** Policy Version is 2012-10-17 (variables are substituted); 'unknown' when the Version is not known. */
  variablesEnabled: boolean | 'unknown';
  /** Why answers are 'depends' / 'unknown', for reports. */
  notes: string[];
}

/** All clauses of a statement: AND. */
export function evaluateConditions(statement: Statement, env: ConditionEnv): Truth {
  const results: Truth[] = statement.conditions.map((c) => evaluateClause(c, env));
  if (statement.conditionUnknown) {
    env.notes.push(`the Condition block is ${statement.conditionUnknown.toString()}`);
    results.push('unknown');
  }
  return andAll(results);
}

export function evaluateClause(clause: ConditionClause, env: ConditionEnv): Truth {
  const op = clause.parsed;
  if (!op) {
    env.notes.push(`unknown condition operator ${clause.operator}`);
    return 'unknown';
  }
  if (clause.unknown) {
    env.notes.push(`the values of ${clause.operator} ${clause.key} are ${clause.unknown.toString()}`);
    return 'unknown';
  }
  const state = env.context.lookup(clause.key);
  if (op.base.family === 'Null') return evaluateNull(clause, state, env);

  switch (state.kind) {
    case 'unknown':
      env.notes.push(state.reason);
      return 'unknown';
    case 'missing':
      return onMissingKey(op);
    case 'open':
      return onOpenKey(clause, op, state.type, env);
    case 'present':
      return onPresentKey(clause, op, state.values, env);
  }
}

/**
 * Results for a key absent from the request context: documented, except
 * `ForAnyValue:<op>IfExists`. AWS documents IfExists ("true if the key is
 * absent") and ForAnyValue ("false if the key is absent") separately, never
 * together. The only evidence (AWS's behaviour as observed and reported) is
 * that the ForAnyValue rule wins and the condition does not match; it is also
 * the answer that errs towards "not protected" for a Deny, so we take it.
 */
export function onMissingKey(op: ParsedOperator): Truth {
  if (op.set === 'ForAnyValue') return false;
  if (op.ifExists) return true;
  if (op.set === 'ForAllValues') return true;
  return op.base.negated;
}

function evaluateNull(clause: ConditionClause, state: KeyState, env: ConditionEnv): Truth {
  // "Null": true → the key is absent (or null); false → the key is present.
  const results = clause.values.map((v): Truth => {
    if (isUnknown(v) || (v !== 'true' && v !== 'false')) return 'unknown';
    if (state.kind === 'open') {
      env.notes.push(`${clause.key} is not given for the request`);
      return 'depends';
    }
    if (state.kind === 'unknown') return 'unknown';
    const absent = state.kind === 'missing' || state.values.length === 0;
    return v === 'true' ? absent : !absent;
  });
  return orAll(results);
}

function onPresentKey(clause: ConditionClause, op: ParsedOperator, values: string[], env: ConditionEnv): Truth {
  if (values.length === 0) return onMissingKey(op);
  const perValue = (r: string): Truth => {
    const matched = orAll(clause.values.map((p) => matchOne(op, p, r, env)));
    return op.base.negated ? not(matched) : matched;
  };
  if (op.set === 'ForAllValues') return andAll(values.map(perValue));
  if (op.set === 'ForAnyValue') return orAll(values.map(perValue));
  if (values.length > 1) {
    env.notes.push(`${clause.key} has several values but ${clause.operator} has no ForAllValues/ForAnyValue qualifier`);
    return 'unknown';
  }
  return perValue(values[0]!);
}

/**
 * A key the request left open may be absent or hold any value of its type.
 * The answer is 'depends' unless no value of the key's type could ever match
 * a policy value (Bool "maybe", NumericLessThan on an ARN key…), in which
 * case it is what the operator gives for "no match".
 */
function onOpenKey(clause: ConditionClause, op: ParsedOperator, type: string | undefined, env: ConditionEnv): Truth {
  const matchable = clause.values.map((p) => policyValueCanMatch(op, p, type));
  if (matchable.includes('unknown')) {
    env.notes.push(`the values of ${clause.operator} ${clause.key} are not all known`);
    return 'unknown';
  }
  const anyMatch = matchable.includes(true);
  // For each shape the request can take: absent, present without a match, present with a match.
  const outcomes: Truth[] = [onMissingKey(op)];
  // With or without IfExists / set qualifiers, a present value decides by matching:
  // no match → the negation flag; a match → its opposite.
  outcomes.push(op.base.negated);
  if (anyMatch) outcomes.push(!op.base.negated);
  const first = outcomes[0]!;
  if (outcomes.every((o) => o === first)) return first;
  env.notes.push(`${clause.key} is not given for the request`);
  return 'depends';
}

const TYPE_FAMILIES: Record<string, readonly string[]> = {
  // Operator families a key of each type can satisfy (a String key can hold anything).
  ARN: ['String', 'Arn'],
  Bool: ['String', 'Bool'],
  Numeric: ['String', 'Numeric'],
  Date: ['String', 'Date', 'Numeric'],
  IPAddress: ['String', 'Ip'],
};

/** Could some request value of the key's type match this policy value? */
function policyValueCanMatch(op: ParsedOperator, p: PolicyValue, type: string | undefined): Truth {
  if (isUnknown(p)) return 'unknown';
  if (p.includes('${') && (op.base.family === 'String' || op.base.family === 'Arn')) return 'unknown';
  if (!validPolicyValue(op, p)) return false;
  const base = type?.replace(/^ArrayOf/, '');
  const families = base ? TYPE_FAMILIES[base] : undefined;
  return families ? families.includes(op.base.family) : true;
}

function validPolicyValue(op: ParsedOperator, p: string): boolean {
  switch (op.base.family) {
    case 'Numeric':
      return parseNumber(p) !== undefined;
    case 'Date':
      return parseDate(p) !== undefined;
    case 'Bool':
      return p === 'true' || p === 'false';
    case 'Ip':
      return parseCidr(p) !== undefined;
    default:
      return true;
  }
}

/**
 * Does one policy value match one request value (before negation)? When the
 * request value cannot be read as the operator's type there is no match;
 * under a negated operator that would turn into "true", which AWS does not
 * document, so it is 'unknown' there.
 */
export function matchOne(op: ParsedOperator, policyValue: PolicyValue, requestValue: string, env: ConditionEnv): Truth {
  if (isUnknown(policyValue)) {
    env.notes.push(`a value of ${op.name} is ${policyValue.toString()}`);
    return 'unknown';
  }
  const mismatch: Truth = op.base.negated ? 'unknown' : false;
  const { family, comparison } = op.base;

  if (family === 'String' || family === 'Arn') {
    const resolved = resolveVariables(policyValue, env.variablesEnabled, (key) => env.context.variable(key));
    // A variable whose key is absent: "any attempt to match it fails" (IAM User Guide, "Policy variables" →
    // "Principal key values"). No match here; a negated operator turns that into true.
    if (resolved.kind === 'absent') return false;
    if (resolved.kind !== 'resolved') {
      env.notes.push(resolved.reason);
      return resolved.kind;
    }
    if (family === 'Arn') return arnLikeMatches(resolved.parts, requestValue);
    const text = partsText(resolved.parts);
    if (comparison === 'equals') return text === requestValue;
    if (comparison === 'equalsIgnoreCase') return text.toLowerCase() === requestValue.toLowerCase();
    return globMatches(resolved.parts, requestValue);
  }

  if (family === 'Bool') {
    if (policyValue !== 'true' && policyValue !== 'false') {
      // "True"/"FALSE": how AWS reads other spellings is not documented.
      return /^(true|false)$/i.test(policyValue) ? 'unknown' : mismatch;
    }
    if (requestValue !== 'true' && requestValue !== 'false') return mismatch;
    return policyValue === requestValue;
  }

  if (family === 'Binary') return policyValue === requestValue;

  if (family === 'Ip') {
    const cidr = parseCidr(policyValue);
    if (!cidr || !parseIp(requestValue)) return mismatch;
    return ipInCidr(requestValue, cidr);
  }

  const read = family === 'Numeric' ? parseNumber : parseDate;
  const p = read(policyValue);
  const r = read(requestValue);
  if (p === undefined || r === undefined) return mismatch;
  switch (comparison) {
    case 'equals':
      return r === p;
    case 'lessThan':
      return r < p;
    case 'lessThanEquals':
      return r <= p;
    case 'greaterThan':
      return r > p;
    case 'greaterThanEquals':
      return r >= p;
    default:
      return 'unknown';
  }
}
