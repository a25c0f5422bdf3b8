// HCL's JSON syntax, expressions: a JSON value → the same Expression nodes the
// native parser builds, so evaluation, references and `locate` work unchanged.
//
// As HCL's JSON specification has it, what a JSON string means depends on
// where it is written:
//  - `template` (most arguments): the string is a template, `"${var.x}-logs"`,
//    `%{ if ... }` directives included; `$${` and `%%{` escape them;
//  - `expression` (`depends_on`, `provider`, a variable's `type`, ...): the
//    string is an expression written without `${ }`, `"aws.us_east_1"`;
//  - `literal` (a variable's `default`, `description`): taken as it is.
// Numbers, booleans and null are literals; arrays and objects are tuple and
// object constructors whose keys are templates too.
//
// Template and expression strings are parsed by the native parser (a template
// as the body of a heredoc, whose content has no backslash escapes: exactly
// the bare template HCL's JSON reader parses). Positions inside a string are
// exact when the JSON text of the string has no escapes (its characters are
// then those of the template, on one line); otherwise every node inside gets
// the range of the whole string.

import { InputError } from '../../../core/diagnostics.js';
import type { PathSegment, SourceRange } from '../../../core/location.js';
import type { JsonPositionIndex } from '../../json-position-index.js';
import type { Expression, ObjectItem, TemplateExpr } from './ast.js';
import { MAX_NESTING, parseHcl } from './parser.js';
import { materializeLazyRanges } from './lazy-nodes.js';
import { Positions } from './positions.js';

export type StringMode = 'template' | 'expression' | 'literal';

/** A parsed `.tf.json` document: its text's positions by JSON path. */
export interface JsonSource {
  file: string;
  positions: JsonPositionIndex;
}

/** The range of the value at `path` (never undefined: the parser recorded every value). */
export function valueRange(src: JsonSource, path: readonly PathSegment[]): SourceRange {
  return src.positions.get(path) ?? wholeFile(src.file);
}

/** The range of the member name introducing the value at `path`. */
export function keyRange(src: JsonSource, path: readonly PathSegment[]): SourceRange {
  return src.positions.getKey(path) ?? valueRange(src, path);
}

export function wholeFile(file: string): SourceRange {
  return { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
}

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The expression a JSON value stands for. */
export function jsonExpression(value: unknown, path: PathSegment[], src: JsonSource, mode: StringMode, depth = 0): Expression {
  const range = valueRange(src, path);
  if (depth > MAX_NESTING) throw new InputError(`Expression nested deeper than ${MAX_NESTING} levels`, range);
  if (typeof value === 'string') return stringExpression(value, range, mode);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return { kind: 'Literal', value, range };
  if (Array.isArray(value)) {
    return { kind: 'Tuple', elements: value.map((v, i) => jsonExpression(v, [...path, i], src, mode, depth + 1)), range };
  }
  if (isJsonObject(value)) {
    const items: ObjectItem[] = [];
    for (const key of Object.keys(value)) {
      const at = [...path, key];
      const kr = keyRange(src, at);
      const vr = valueRange(src, at);
      // Keys are templates (`"${var.prefix}-x": 1`) except where strings are literal.
      const keyExpr = stringExpression(key, kr, mode === 'literal' ? 'literal' : 'template');
      items.push({ key: keyExpr, value: jsonExpression(value[key], at, src, mode, depth + 1), range: { file: kr.file, start: kr.start, end: vr.end } });
    }
    return { kind: 'Object', items, range };
  }
  throw new InputError('Unsupported JSON value', range);
}

/** A JSON string as a template, an expression or a literal. `range` is the string's, quotes included. */
export function stringExpression(text: string, range: SourceRange, mode: StringMode): Expression {
  if (mode === 'literal' || (mode === 'template' && !text.includes('${') && !text.includes('%{'))) return literalTemplate(text, range);
  return mode === 'template' ? parseTemplateString(text, range) : parseExpressionString(text, range);
}

function literalTemplate(text: string, range: SourceRange): TemplateExpr {
  return { kind: 'Template', parts: text === '' ? [] : [{ kind: 'TemplateLiteral', value: text, range }], range };
}

function parseTemplateString(text: string, range: SourceRange): Expression {
  let marker = 'TRAILGUARD_JSON_TEMPLATE';
  while (text.includes(marker)) marker += '_';
  const expr = parseSynthetic(`v = <<${marker}\n${text}\n${marker}\n`, text, range);
  if (expr.kind !== 'Template') throw new InputError('Invalid template', range);
  // The heredoc's content ends with the newline before its closing marker, which is not the string's.
  const last = expr.parts[expr.parts.length - 1];
  if (last?.kind === 'TemplateLiteral' && last.value.endsWith('\n')) {
    last.value = last.value.slice(0, -1);
    if (last.value === '') expr.parts.pop();
  }
  delete expr.heredoc;
  expr.range = range;
  return expr;
}

function parseExpressionString(text: string, range: SourceRange): Expression {
  // Inside parentheses newlines do not end the expression, as in HCL's ParseExpression.
  const expr = parseSynthetic(`v = (\n${text}\n)\n`, text, range);
  if (expr.kind !== 'Parens') throw new InputError('Expected a single expression', range);
  return expr.expr;
}

/**
 * Parses a one-attribute snippet whose line 2 holds `text`, and moves every
 * range into the `.tf.json` file. A string that closes the snippet early
 * (`"1)\nx = (2"`) parses to more than one item and is rejected.
 */
function parseSynthetic(snippet: string, text: string, range: SourceRange): Expression {
  const exact = range.start.line === range.end.line && range.end.column - range.start.column - 2 === text.length;
  const move = (r: SourceRange): SourceRange => {
    if (!exact || r.start.line !== 2 || r.end.line !== 2) return range;
    const at = (column: number) => ({ line: range.start.line, column: range.start.column + column });
    return { file: range.file, start: at(r.start.column), end: at(r.end.column) };
  };
  let parsed;
  try {
    parsed = parseHcl(snippet, range.file);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`In this string: ${e.message}`, e.range ? move(e.range) : range);
    throw e;
  }
  const body = parsed.body;
  if (body.attributes.length !== 1 || body.blocks.length !== 0) throw new InputError('Expected a single expression or template', range);
  const expr = body.attributes[0]!.expr;
  relocate(expr, move, 0);
  return expr;
}

/** Replaces every range in the tree (ranges are the objects with `file`, `start` and `end`). */
function relocate(node: object, move: (r: SourceRange) => SourceRange, depth: number): void {
  if (depth > 4 * MAX_NESTING) return;
  // Ranges the native parser derives when read (lazy-nodes.ts) become own properties first, so they are moved too.
  materializeLazyRanges(node);
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    // A step's line table (AttrStepNode.lines) is no part of the tree.
    if (typeof v !== 'object' || v === null || v instanceof Positions) continue;
    if (isRange(v)) record[key] = move(v);
    else relocate(v, move, depth + 1);
  }
}

function isRange(v: object): v is SourceRange {
  return 'file' in v && 'start' in v && 'end' in v;
}
