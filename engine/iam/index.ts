/**
 * IAM policy semantics: parse policies, match actions and ARNs, evaluate
 * conditions and requests as AWS does, and judge public access as S3 does.
 */
export { type ActionCatalog, catalogFromTable, defaultActionCatalog } from './catalog.js';
export {
  type ConditionClause,
  CURRENT_VERSION,
  type Effect,
  type IssueCode,
  type ListEntry,
  type ParsedPolicy,
  type ParseOptions,
  parsePolicy,
  type Policy,
  type PolicyIssue,
  type PolicyKind,
  type PolicyValue,
  type PrincipalEntry,
  type PrincipalSpec,
  type PrincipalType,
  type Statement,
  type ValueList,
  variablesEnabled,
} from './policy.js';
export {
  accountOfArn,
  actionMatches,
  type Arn,
  arnLikeMatches,
  expandAction,
  globMatches,
  isWellFormedResourcePattern,
  parseArn,
  resourceMatches,
  splitAction,
} from './match.js';
export { type BaseOperator, type OperatorFamily, type ParsedOperator, parseOperator } from './operators.js';
export {
  type AccessRequest,
  ANY_VALUE,
  type ContextValue,
  type KeyState,
  type PrincipalKind,
  principalFromArn,
  RequestContext,
  type RequestPrincipal,
  servicePrincipal,
  type UnspecifiedKeys,
} from './context.js';
export { type ConditionEnv, evaluateClause, evaluateConditions, onMissingKey } from './conditions.js';
export { matchNotPrincipal, matchPrincipal, type PrincipalMatch } from './principals.js';
export {
  alwaysDenied,
  type Decision,
  evaluateRequest,
  type EvaluationResult,
  fullAwsAccessScp,
  isServiceLinkedRole,
  mayDenyExplicitly,
  type Outcome,
  type PolicyLayer,
  type PolicySet,
  type StatementRef,
} from './evaluate.js';
export { grantsToEveryone, isPublicPolicy, type PublicResult, type StatementVerdict } from './public.js';
export { and, either, not, or, type Truth } from './truth.js';
