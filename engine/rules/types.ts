import type { Severity } from '../findings.js';
import type { Kind } from '../kinds.js';
import type { ControlEvents } from '../semantics/control-events.js';

/** A value in a condition: a literal, or a rule parameter (`{param: minRetentionDays}`). */
export type ValueSpec = string | number | boolean | null | unknown[] | { param: string } | { item: true };

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
  | 'containsAll'
  | 'notContains'
  | 'allIn';

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
  'notContains',
  'allIn',
];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ property: string } & Partial<Record<PropertyOperator, ValueSpec>>)
  | { related: string; exists?: boolean; where?: Condition }
  | { anyResource: { kind: Kind; where?: Condition } }
  | { policyQuery: PolicyQuery }
  | { filterCoverage: FilterCoverageSpec };

/**
 * Metric filter coverage of a monitoring control (CIS 4.x), on a trail:
 * `events` names the control's events file beside the rule; the loader reads
 * it into `definition` (and the build inlines it with the rule).
 */
export interface FilterCoverageSpec {
  events: string;
  definition?: ControlEvents;
}

/**
 * Asks the IAM engine about the current resource's policy: "is this request
 * explicitly denied / allowed?". Values may use {{props.X}} and {{params.X}}.
 */
export interface PolicyQuery {
  /** One action; or `actions`, several (exactly one of the two). */
  action?: string;
  actions?: string[];
  /** With `actions`: the expectation holds for each of them (`all`, default) or for one (`any`). */
  combine?: 'all' | 'any';
  /**
   * Whose policies: the current resource's (default), or those of every resource of `kind`
   * matching `where`, evaluated together (every SCP attached above an account applies).
   */
  policies?: { kind: Kind; where?: Condition };
  resource: string;
  /** An IAM ARN, or `role/Name` / `user/Name` in the policy's account; omitted: any principal. */
  principal?: string | { param: string };
  /** `service:cloudtrail.amazonaws.com` style principals. */
  service?: string;
  context?: Record<string, string>;
  /** Condition keys not in `context`: absent from the request (`missing`, default) or any value (`open`). */
  otherKeys?: 'missing' | 'open';
  /** How the policy is applied: as a resource policy (default) or as a service control policy. */
  as?: 'resource' | 'scp' | 'identity';
  expect: 'explicitDeny' | 'noExplicitDeny' | 'mayDeny' | 'allowed' | 'notAllowed' | 'mayAllow';
}

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
  /**
   * A check over everything scanned together. With `forEach` (a list, or a
   * parameter holding one), `require` must hold once per value, which its
   * conditions read as `{item: true}`; `{{missing}}` in the message names the
   * values nothing satisfied.
   */
  scope?: { when: Kind; forEach?: ValueSpec; require: { kind: Kind; where?: Condition } };
  location?: string;
  message: string;
  help: string;
  remediation: { terraform: string; cloudformation: string };
  parameters?: Record<string, RuleParameter>;
  scopeCheck?: boolean;
  /**
   * A trail rule that also judges trails the scan shows but does not hold (CATALOG "What a
   * resource evidently is"): `bucket`, the trail of each bucket whose policy lets CloudTrail write
   * and that no trail of the scan names; `key`, likewise for keys; `trail`, with no trail in the
   * scan and an SCP with a configured attachment, any trail. A scope check takes them only when
   * the scan holds no trail, and its findings point at that SCP.
   */
  evident?: 'trail' | 'bucket' | 'key';
}

/** A loaded rule: its spec, where it came from, and effective parameter values. */
export interface Rule {
  spec: RuleSpec;
  /** File the rule was read from (for error messages and docs links). */
  file: string;
  params: Record<string, unknown>;
}
