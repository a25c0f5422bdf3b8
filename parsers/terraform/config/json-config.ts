// Terraform's JSON configuration syntax (`.tf.json`) → the HclFile the native
// parser produces, so a `.tf.json` file joins its module like a `.tf` file and
// everything downstream (variables, locals, modules, count/for_each,
// suppressions, rules) works unchanged, with ranges in the `.tf.json` text.
//
// The mapping follows Terraform's "JSON Configuration Syntax":
//  - the root object's properties are block types; a block type's labels are
//    nested object keys (`resource` → type → name → body); at any level an
//    array of objects stands for several blocks;
//  - in a body, a property is a nested block when the schema says so (meta
//    blocks such as `lifecycle` and `dynamic`, and the resource blocks of
//    json-block-types.ts), else an argument;
//  - strings are templates, except where Terraform reads them otherwise:
//    expressions for `depends_on`, `provider`, `ignore_changes`, a variable's
//    `type`, a module's `providers`, a dynamic block's `iterator`; literal text
//    for a variable's `default` and `description`, a module's `source`/`version`;
//  - a `"//"` property is a comment. When it holds a string, that string is
//    read as a comment like `# ...` in a `.tf` file, so
//    `"//": "trailguard:ignore cloudtrail-multi-region sandbox"` inside a
//    resource's object (or on the line just above its name) suppresses, as
//    the same comment would in HCL.
//
// Deviations, documented in README.md: duplicate property names keep the last
// one (a JSON reader's rule; HCL would read duplicate block properties as
// several blocks), and a body property not known to be a block is an argument.

import { InputError, type Diagnostic } from '../../../core/diagnostics.js';
import type { PathSegment, SourceRange } from '../../../core/location.js';
import { parseJsonWithPositions } from '../../json-positions.js';
import { quoteInput } from '../../quote.js';
import type { Attribute, Block, Body, Comment, HclFile } from '../hcl/ast.js';
import { isJsonObject, jsonExpression, keyRange, valueRange, type JsonSource, type StringMode } from '../hcl/json-expressions.js';
import { MAX_NESTING } from '../hcl/parser.js';
import { nestedBlockTypes, type BlockTree } from './json-block-types.js';

interface BodyRules {
  block(name: string): BlockRules | undefined;
  mode(name: string): StringMode;
}

interface BlockRules {
  labels: number;
  body(labels: readonly string[]): BodyRules;
}

const EMPTY_TREE: BlockTree = new Map();

function rules(blocks: ReadonlyMap<string, BlockRules>, modes: ReadonlyMap<string, StringMode> = new Map()): BodyRules {
  return { block: (n) => blocks.get(n), mode: (n) => modes.get(n) ?? 'template' };
}

/** A body whose nested blocks are `tree`'s, `dynamic` blocks generating any of them. */
function treeBody(tree: BlockTree, extra: ReadonlyMap<string, BlockRules> = new Map(), modes?: ReadonlyMap<string, StringMode>): BodyRules {
  const dynamic: BlockRules = {
    labels: 1,
    body: (labels) =>
      rules(new Map([['content', { labels: 0, body: () => treeBody(tree.get(labels[0]!) ?? EMPTY_TREE) }]]), new Map([['iterator', 'expression']])),
  };
  return {
    block: (n) => extra.get(n) ?? (n === 'dynamic' ? dynamic : tree.has(n) ? { labels: 0, body: () => treeBody(tree.get(n)!) } : undefined),
    mode: (n) => modes?.get(n) ?? 'template',
  };
}

const GENERIC: BlockRules = { labels: 0, body: () => rules(new Map()) };
const CONDITIONS = new Map<string, BlockRules>([
  ['precondition', GENERIC],
  ['postcondition', GENERIC],
]);
const LIFECYCLE: BlockRules = {
  labels: 0,
  body: () => rules(CONDITIONS, new Map([['ignore_changes', 'expression'], ['replace_triggered_by', 'expression']])),
};
const RESOURCE_META = new Map<string, BlockRules>([
  ['lifecycle', LIFECYCLE],
  ['connection', GENERIC],
  ['provisioner', { labels: 1, body: () => rules(new Map([['connection', GENERIC]])) }],
]);
const RESOURCE_MODES = new Map<string, StringMode>([
  ['depends_on', 'expression'],
  ['provider', 'expression'],
]);

const resource = (mode: 'managed' | 'data'): BlockRules => ({
  labels: 2,
  body: (labels) => treeBody(nestedBlockTypes(mode, labels[0]!), RESOURCE_META, RESOURCE_MODES),
});

/** Top-level block types and their label counts. */
const TOP_LEVEL = new Map<string, BlockRules>([
  ['resource', resource('managed')],
  ['data', resource('data')],
  [
    'variable',
    {
      labels: 1,
      body: () =>
        rules(
          new Map([['validation', GENERIC]]),
          new Map([['type', 'expression'], ['default', 'literal'], ['description', 'literal']]),
        ),
    },
  ],
  ['output', { labels: 1, body: () => rules(CONDITIONS, new Map([['depends_on', 'expression'], ['description', 'literal']])) }],
  [
    'module',
    {
      labels: 1,
      body: () => rules(new Map(), new Map([['depends_on', 'expression'], ['providers', 'expression'], ['source', 'literal'], ['version', 'literal']])),
    },
  ],
  ['locals', GENERIC],
  ['provider', { labels: 1, body: () => rules(new Map()) }],
  ['terraform', GENERIC],
  ['check', { labels: 1, body: () => rules(new Map([['data', resource('data')], ['assert', GENERIC]])) }],
  ['moved', { labels: 0, body: () => rules(new Map(), new Map([['from', 'expression'], ['to', 'expression']])) }],
  ['import', { labels: 0, body: () => rules(new Map(), new Map([['to', 'expression'], ['provider', 'expression']])) }],
  ['removed', { labels: 0, body: () => rules(new Map([['lifecycle', LIFECYCLE]]), new Map([['from', 'expression']])) }],
]);

/**
 * Parses a `.tf.json` file. Throws InputError (with the range) when the file
 * is not JSON or not Terraform's JSON structure; `warnings` are the JSON
 * reader's (duplicate property names) and top-level properties that are not
 * Terraform block types.
 */
export function parseTerraformJson(text: string, file: string): { hcl: HclFile; warnings: Diagnostic[] } {
  const { value, positions, warnings } = parseJsonWithPositions(text, file);
  const src: JsonSource = { file, positions };
  const reader = new Reader(src);
  if (!isJsonObject(value)) throw new InputError('A .tf.json file must hold a JSON object whose properties are block types (resource, variable, ...)', valueRange(src, []));
  const blocks: Block[] = [];
  for (const key of Object.keys(value)) {
    const at = [key];
    if (key === '//') {
      reader.comment(value[key], at);
      continue;
    }
    const top = TOP_LEVEL.get(key);
    if (!top) {
      const range = keyRange(src, at);
      reader.warnings.push({ level: 'warning', code: 'unsupported-block-type', message: `${quoteInput(key)} is not a Terraform block type; it is ignored`, file, range });
      continue;
    }
    reader.blocks(key, at, top, value[key], at, [], [], blocks, 0);
  }
  const body: Body = { kind: 'Body', attributes: [], blocks, range: valueRange(src, []) };
  const comments = reader.comments.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { hcl: { file, body, comments }, warnings: [...warnings, ...reader.warnings] };
}

class Reader {
  readonly comments: Comment[] = [];
  readonly warnings: Diagnostic[] = [];

  constructor(private readonly src: JsonSource) {}

  /** A `"//"` property: a comment; its text counts when it is a string. */
  comment(value: unknown, path: PathSegment[]): void {
    if (typeof value !== 'string') return;
    const k = keyRange(this.src, path);
    const v = valueRange(this.src, path);
    this.comments.push({ style: '//', text: `// ${value}`, content: value, range: { file: this.src.file, start: k.start, end: v.end } });
  }

  /**
   * Appends the blocks of `type` that `value` (at `path`) holds: label levels
   * as object keys, then one body object or an array of them.
   */
  blocks(
    type: string,
    typePath: PathSegment[],
    rules: BlockRules,
    value: unknown,
    path: PathSegment[],
    labels: string[],
    labelRanges: SourceRange[],
    out: Block[],
    depth: number,
  ): void {
    if (depth > MAX_NESTING) throw new InputError(`Blocks nested deeper than ${MAX_NESTING} levels`, valueRange(this.src, path));
    if (value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.blocks(type, typePath, rules, v, [...path, i], labels, labelRanges, out, depth + 1));
      return;
    }
    if (!isJsonObject(value)) {
      const what = labels.length < rules.labels ? `an object whose keys are its labels` : 'an object (or an array of objects)';
      throw new InputError(`A "${type}" block must be written as ${what}`, valueRange(this.src, path));
    }
    if (labels.length < rules.labels) {
      for (const key of Object.keys(value)) {
        const at = [...path, key];
        if (key === '//') this.comment(value[key], at);
        else this.blocks(type, typePath, rules, value[key], at, [...labels, key], [...labelRanges, keyRange(this.src, at)], out, depth + 1);
      }
      return;
    }
    const bodyRange = valueRange(this.src, path);
    const body = this.body(value, path, rules.body(labels), depth + 1);
    // A block starts at the key that names it (its last label, or its type), or at its object inside an array.
    const last = path[path.length - 1];
    const start = typeof last === 'number' ? bodyRange.start : (labelRanges[labelRanges.length - 1] ?? keyRange(this.src, typePath)).start;
    const at = (p: SourceRange['start']) => ({ file: this.src.file, start: p, end: { line: p.line, column: p.column + 1 } });
    out.push({
      kind: 'Block',
      type,
      typeRange: keyRange(this.src, typePath),
      labels,
      labelRanges,
      body,
      openBraceRange: at(bodyRange.start),
      closeBraceRange: at({ line: bodyRange.end.line, column: Math.max(1, bodyRange.end.column - 1) }),
      range: { file: this.src.file, start, end: bodyRange.end },
    });
  }

  body(value: Record<string, unknown>, path: PathSegment[], rules: BodyRules, depth: number): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (const key of Object.keys(value)) {
      const at = [...path, key];
      if (key === '//') {
        this.comment(value[key], at);
        continue;
      }
      const nested = rules.block(key);
      if (nested) {
        this.blocks(key, at, nested, value[key], at, [], [], blocks, depth + 1);
        continue;
      }
      const nameRange = keyRange(this.src, at);
      const expr = jsonExpression(value[key], at, this.src, rules.mode(key), depth);
      attributes.push({ kind: 'Attribute', name: key, nameRange, expr, range: { file: this.src.file, start: nameRange.start, end: valueRange(this.src, at).end } });
    }
    return { kind: 'Body', attributes, blocks, range: valueRange(this.src, path) };
  }
}
