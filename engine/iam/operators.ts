/**
 * The grammar of condition operator names.
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
 * and "Set operators for multivalued context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 *
 * An operator is `[ForAllValues:|ForAnyValue:]<base>[IfExists]`. `Null` takes
 * neither IfExists nor a set qualifier in practice; we accept only the bare form.
 */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

export type Comparison =
  | 'equals'
  | 'equalsIgnoreCase'
  | 'like'
  | 'lessThan'
  | 'lessThanEquals'
  | 'greaterThan'
  | 'greaterThanEquals'
  | 'inRange'
  | 'null';

export interface BaseOperator {
  family: OperatorFamily;
  comparison: Comparison;
  /**
   * Negated operators (StringNotEquals, ArnNotLike, NotIpAddress…) are true
   * when no policy value matches: the values are combined with NOR, and a
   * missing key makes them true.
   */
  negated: boolean;
}

const BASE_OPERATORS: Record<string, BaseOperator> = {
  StringEquals: { family: 'String', comparison: 'equals', negated: false },
  StringNotEquals: { family: 'String', comparison: 'equals', negated: true },
  StringEqualsIgnoreCase: { family: 'String', comparison: 'equalsIgnoreCase', negated: false },
  StringNotEqualsIgnoreCase: { family: 'String', comparison: 'equalsIgnoreCase', negated: true },
  StringLike: { family: 'String', comparison: 'like', negated: false },
  StringNotLike: { family: 'String', comparison: 'like', negated: true },
  NumericEquals: { family: 'Numeric', comparison: 'equals', negated: false },
  NumericNotEquals: { family: 'Numeric', comparison: 'equals', negated: true },
  NumericLessThan: { family: 'Numeric', comparison: 'lessThan', negated: false },
  NumericLessThanEquals: { family: 'Numeric', comparison: 'lessThanEquals', negated: false },
  NumericGreaterThan: { family: 'Numeric', comparison: 'greaterThan', negated: false },
  NumericGreaterThanEquals: { family: 'Numeric', comparison: 'greaterThanEquals', negated: false },
  DateEquals: { family: 'Date', comparison: 'equals', negated: false },
  DateNotEquals: { family: 'Date', comparison: 'equals', negated: true },
  DateLessThan: { family: 'Date', comparison: 'lessThan', negated: false },
  DateLessThanEquals: { family: 'Date', comparison: 'lessThanEquals', negated: false },
  DateGreaterThan: { family: 'Date', comparison: 'greaterThan', negated: false },
  DateGreaterThanEquals: { family: 'Date', comparison: 'greaterThanEquals', negated: false },
  Bool: { family: 'Bool', comparison: 'equals', negated: false },
  BinaryEquals: { family: 'Binary', comparison: 'equals', negated: false },
  IpAddress: { family: 'Ip', comparison: 'inRange', negated: false },
  NotIpAddress: { family: 'Ip', comparison: 'inRange', negated: true },
  // "ArnEquals" and "ArnLike" behave the same: both accept wildcards per ARN component.
  ArnEquals: { family: 'Arn', comparison: 'like', negated: false },
  ArnLike: { family: 'Arn', comparison: 'like', negated: false },
  ArnNotEquals: { family: 'Arn', comparison: 'like', negated: true },
  ArnNotLike: { family: 'Arn', comparison: 'like', negated: true },
  Null: { family: 'Null', comparison: 'null', negated: false },
};

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  /** As written in the policy. */
  name: string;
  /** The base operator's name, e.g. `StringNotLike`. */
  baseName: string;
  base: BaseOperator;
  set?: SetQualifier;
  /** `...IfExists`: a missing key makes the condition true. */
  ifExists: boolean;
}

/**
 * Parses an operator name. Names are matched exactly as AWS spells them;
 * anything else is an unknown operator (the caller reports it, and the
 * evaluator answers 'unknown' for the statement rather than guess).
 */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: SetQualifier | undefined;
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      set = q;
      rest = rest.slice(q.length + 1);
      break;
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = Object.hasOwn(BASE_OPERATORS, rest) ? BASE_OPERATORS[rest] : undefined;
  if (!base) return undefined;
  if (base.family === 'Null' && (ifExists || set)) return undefined;
  return { name, baseName: rest, base, set, ifExists };
}

export function isKnownOperator(name: string): boolean {
  return parseOperator(name) !== undefined;
}
