// Small builders shared by the IAM test suites.
import {
  type AccessRequest,
  evaluateConditions,
  parsePolicy,
  principalFromArn,
  type Policy,
  type PolicyKind,
  RequestContext,
  type Truth,
} from '../../engine/iam/index.js';

export const V = '2012-10-17';

/** Parses a policy and fails the test on any error-level issue (unless allowed). */
export function policy(doc: unknown, kind: PolicyKind = 'any', name?: string, allowIssues = false): Policy {
  const { policy: p, issues } = parsePolicy(doc, { kind, name });
  const errors = issues.filter((i) => i.level === 'error');
  if (!allowIssues && errors.length > 0) throw new Error(`unexpected issues: ${JSON.stringify(errors)}`);
  return p;
}

/** A one-statement policy. */
export function one(statement: Record<string, unknown>, kind: PolicyKind = 'any', version: string | undefined = V): Policy {
  const doc: Record<string, unknown> = { Statement: [statement] };
  if (version !== undefined) doc.Version = version;
  return policy(doc, kind, undefined, true);
}

export const DEFAULT_PRINCIPAL = principalFromArn('arn:aws:iam::111122223333:role/Developer');

/** Evaluates a Condition block for a request context. */
export function condition(
  block: Record<string, unknown>,
  request: Partial<AccessRequest> = {},
  version: string | undefined = V,
): Truth {
  const p = one({ Effect: 'Allow', Action: '*', Resource: '*', Condition: block }, 'any', version);
  // A role session by default: principal-describing keys are then absent, not open.
  const ctx = new RequestContext({ action: 'iam:GetUser', resource: '*', principal: DEFAULT_PRINCIPAL, ...request });
  return evaluateConditions(p.statements[0]!, {
    context: ctx,
    variablesEnabled: version === V,
    notes: [],
  });
}

export const IAM = (page: string) => `https://docs.aws.amazon.com/IAM/latest/UserGuide/${page}`;
