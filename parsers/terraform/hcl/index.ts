// Public surface of the HCL native-syntax parser and evaluator.

export type * from './ast.js';
export { staticString, traversalText } from './ast.js';
export { parseHcl, MAX_NESTING } from './parser.js';
export { evaluate, traverse, EvaluationError, EvaluationLimitError, MAX_EVALUATION_STEPS, type EvalContext, type HclFunction } from './evaluate.js';
export { unresolvedReference } from './references.js';
export { jsonDocument, PartialString, UnknownJsonDocument } from './structured-unknown.js';
export { isBuiltinFunction } from './functions.js';
