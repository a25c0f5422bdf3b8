// The syntax tree of HCL native syntax, as `parseHcl` produces it.
//
// It follows the node set of HashiCorp's own parser (hclsyntax) so that the
// evaluator can reproduce Terraform's semantics node by node, and every node
// keeps its `range` (1-based line/column, end exclusive) because findings,
// SARIF regions and inline suppressions all point back into the source.
//
// Nodes are discriminated by `kind`; nothing here has behaviour except the
// small read-only helpers at the end. The native parser makes some nodes as
// class instances whose rarely read ranges are accessors computed when read
// (lazy-nodes.ts): copy a node field by field, not with a spread.

import type { SourceRange } from '../../../core/location.js';

export interface HclFile {
  file: string;
  body: Body;
  /** Every comment in source order, including those inside expressions. */
  comments: Comment[];
}

export interface Comment {
  /** `#` and `//` run to the end of the line; `/*` is an inline comment. */
  style: '#' | '//' | '/*';
  /** The comment as written, markers included (`# trailguard:ignore x`). */
  text: string;
  /** The text between the markers, untrimmed (` trailguard:ignore x`). */
  content: string;
  range: SourceRange;
}

export interface Body {
  kind: 'Body';
  /** In source order. Names are unique within a body (the parser rejects duplicates). */
  attributes: Attribute[];
  /** In source order; several blocks may share a type and labels. */
  blocks: Block[];
  range: SourceRange;
}

export interface Attribute {
  kind: 'Attribute';
  name: string;
  nameRange: SourceRange;
  expr: Expression;
  /** From the name to the end of the expression. */
  range: SourceRange;
}

export interface Block {
  kind: 'Block';
  /** `resource`, `dynamic`, `event_selector`, ... */
  type: string;
  typeRange: SourceRange;
  /** Label values, quotes removed and escapes resolved. */
  labels: string[];
  /** Ranges of the labels as written (quotes included). */
  labelRanges: SourceRange[];
  body: Body;
  openBraceRange: SourceRange;
  closeBraceRange: SourceRange;
  /** From the type keyword to the closing brace. */
  range: SourceRange;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | TraversalExpr
  | RelativeTraversalExpr
  | IndexExpr
  | SplatExpr
  | SplatItemExpr
  | FunctionCallExpr
  | UnaryExpr
  | BinaryExpr
  | ConditionalExpr
  | ForExpr
  | ParensExpr;

/** A number, `true`, `false` or `null`. Strings are templates (see TemplateExpr). */
export interface LiteralExpr {
  kind: 'Literal';
  value: number | boolean | null;
  /** Source text of a number, which may hold more precision than a JS number. */
  raw?: string;
  range: SourceRange;
}

/**
 * A quoted string or a heredoc. A plain `"text"` is a template with one
 * literal part; `"${x}"` (a single interpolation and nothing else) evaluates
 * to x's value unconverted, as HCL specifies ("interpolation unwrapping").
 */
export interface TemplateExpr {
  kind: 'Template';
  parts: TemplatePart[];
  /** Set for heredocs: the closing marker and whether it was `<<-` (indentation stripped). */
  heredoc?: { marker: string; flush: boolean };
  range: SourceRange;
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

/** Literal text, with escapes resolved, strip markers and `<<-` indentation applied. */
export interface TemplateLiteral {
  kind: 'TemplateLiteral';
  value: string;
  range: SourceRange;
}

export interface TemplateInterpolation {
  kind: 'TemplateInterpolation';
  expr: Expression;
  /** `${~` and `~}`: already applied to the neighbouring literals, kept for tools. */
  stripLeft: boolean;
  stripRight: boolean;
  range: SourceRange;
}

export interface TemplateIf {
  kind: 'TemplateIf';
  condition: Expression;
  then: TemplatePart[];
  /** Null when there is no `%{ else }`. */
  else: TemplatePart[] | null;
  range: SourceRange;
}

export interface TemplateFor {
  kind: 'TemplateFor';
  keyVar: string | null;
  valueVar: string;
  collection: Expression;
  body: TemplatePart[];
  range: SourceRange;
}

export interface TupleExpr {
  kind: 'Tuple';
  elements: Expression[];
  range: SourceRange;
}

export interface ObjectExpr {
  kind: 'Object';
  items: ObjectItem[];
  range: SourceRange;
}

export interface ObjectItem {
  /** The key as parsed. For `{ foo = 1 }` a Traversal with root `foo` and no steps. */
  key: Expression;
  /**
   * Set when the key is a bare identifier (or bare true/false/null), which
   * HCL takes literally (`{ foo = 1 }` has key "foo", not the value of
   * variable foo). A key in parentheses, `{ (foo) = 1 }`, is always evaluated.
   */
  keyName?: string;
  value: Expression;
  range: SourceRange;
}

export type TraversalStep = AttrStep | IndexStep;

/** `.name` */
export interface AttrStep {
  kind: 'attr';
  name: string;
  range: SourceRange;
}

/** `[0]`, `["key"]` or the legacy `.0`: an index whose key is a literal. */
export interface IndexStep {
  kind: 'index';
  key: string | number;
  range: SourceRange;
}

/**
 * A variable and the literal steps after it: `var.x`, `aws_kms_key.trail.arn`,
 * `local.m["k"]`, `aws_instance.web[0].id`. This is what the evaluator hands
 * to `EvalContext.lookup`.
 */
export interface TraversalExpr {
  kind: 'Traversal';
  root: string;
  rootRange: SourceRange;
  steps: TraversalStep[];
  range: SourceRange;
}

/** Literal steps applied to the result of another expression: `f(x).name`, `(a)[0]`. */
export interface RelativeTraversalExpr {
  kind: 'RelativeTraversal';
  source: Expression;
  steps: TraversalStep[];
  range: SourceRange;
}

/** An index whose key is computed: `a[var.i]`, `a["${x}-y"]`. */
export interface IndexExpr {
  kind: 'Index';
  collection: Expression;
  key: Expression;
  range: SourceRange;
}

/**
 * `source[*].each` (full splat) or `source.*.each` (attribute-only splat).
 * `each` is evaluated once per element with SplatItem standing for the element.
 */
export interface SplatExpr {
  kind: 'Splat';
  source: Expression;
  each: Expression;
  attrOnly: boolean;
  range: SourceRange;
}

/** The element placeholder inside SplatExpr.each. */
export interface SplatItemExpr {
  kind: 'SplatItem';
  range: SourceRange;
}

export interface FunctionCallExpr {
  kind: 'FunctionCall';
  /** Provider functions keep their namespace: `provider::aws::arn_parse`. */
  name: string;
  nameRange: SourceRange;
  args: Expression[];
  /** The last argument was followed by `...` and is spread into the call. */
  expandFinal: boolean;
  range: SourceRange;
}

export type UnaryOperator = '-' | '!';

export interface UnaryExpr {
  kind: 'Unary';
  op: UnaryOperator;
  operand: Expression;
  range: SourceRange;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  kind: 'Binary';
  op: BinaryOperator;
  left: Expression;
  right: Expression;
  range: SourceRange;
}

export interface ConditionalExpr {
  kind: 'Conditional';
  condition: Expression;
  trueResult: Expression;
  falseResult: Expression;
  range: SourceRange;
}

/** `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`. */
export interface ForExpr {
  kind: 'For';
  keyVar: string | null;
  valueVar: string;
  collection: Expression;
  /** Set only for the object form. */
  keyExpr: Expression | null;
  valueExpr: Expression;
  condition: Expression | null;
  /** The `...` grouping mode of the object form. */
  group: boolean;
  /** `{for ...}` builds an object, `[for ...]` a tuple. */
  makeObject: boolean;
  range: SourceRange;
}

/** Kept so ranges include the parentheses and so `{ (k) = v }` keys are known to be computed. */
export interface ParensExpr {
  kind: 'Parens';
  expr: Expression;
  range: SourceRange;
}

/** The text of a template made only of literal parts (`"abc"`, a heredoc without interpolation), else undefined. */
export function staticString(expr: Expression): string | undefined {
  if (expr.kind !== 'Template') return undefined;
  let out = '';
  for (const part of expr.parts) {
    if (part.kind !== 'TemplateLiteral') return undefined;
    out += part.value;
  }
  return out;
}

/** Canonical text of a traversal: `aws_instance.web[0].id`, `local.m["k"]`. */
export function traversalText(root: string, steps: readonly TraversalStep[]): string {
  let out = root;
  for (const step of steps) {
    if (step.kind === 'attr') out += `.${step.name}`;
    else out += typeof step.key === 'number' ? `[${step.key}]` : `[${JSON.stringify(step.key)}]`;
  }
  return out;
}
