import type { Severity } from '../findings.js';
import type { Kind } from '../kinds.js';

/** A value in a condition: a literal, or a rule parameter (`{param: minRetentionDays}`). */
export type ValueSpec = string | number | boolean | null | unknown[] | { param: string };

export type PropertyOperator =
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'notIn'
  | 'exists'
  | 'greaterThan'
  | 'greaterOrEqual'
  | 'lessThan'
  | 'lessOrEqual'
  | 'like'
  | 'notLike'
  | 'startsWith'
  | 'contains'
  | 'containsAll';

export const PROPERTY_OPERATORS: readonly PropertyOperator[] = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'exists',
  'greaterThan',
  'greaterOrEqual',
  'lessThan',
  'lessOrEqual',
  'like',
  'notLike',
  'startsWith',
  'contains',
  'containsAll',
];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ property: string } & Partial<Record<PropertyOperator, ValueSpec>>)
  | { related: string; exists?: boolean; where?: Condition }
  | { anyResource: { kind: Kind; where?: Condition } };

export interface RuleParameter {
  default: unknown;
  description: string;
}

/** A rule as written in its YAML file, after schema validation. */
export interface RuleSpec {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  catalog: string[];
  securityHub?: string[];
  cis?: string[];
  tags?: string[];
  /** The same check's IDs in other tools, honoured in their suppressions. */
  aliases?: string[];
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  resource?: Kind;
  where?: Condition;
  assert?: Condition;
  scope?: { when: Kind; require: { kind: Kind; where?: Condition } };
  location?: string;
  message: string;
  help: string;
  remediation: { terraform: string; cloudformation: string };
  parameters?: Record<string, RuleParameter>;
  scopeCheck?: boolean;
}

/** A loaded rule: its spec, where it came from, and effective parameter values. */
export interface Rule {
  spec: RuleSpec;
  /** File the rule was read from (for error messages and docs links). */
  file: string;
  params: Record<string, unknown>;
}
