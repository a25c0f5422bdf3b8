// Reads CloudFormation YAML into the same plain values a JSON template gives,
// with a PositionIndex for every value and mapping key.
//
// The `yaml` package does the YAML syntax (with the YAML 1.1 scalar rules of
// yaml-schema.ts); this module walks its AST instead of calling toJS() so that
//  - each value's range can be recorded under the path it ends up at;
//  - short-form tags become long forms (`!Ref X` → `{Ref: 'X'}`) at the
//    position of the tag, so a finding on a `!GetAtt` points at the `!GetAtt`;
//  - keys stay strings exactly as written (`1: x` is "1", `on: x` is "on");
//  - aliases are expanded under a budget, so an "alias bomb" (a few lines
//    that expand to billions of nodes) becomes an InputError, not an outage.
//
// Two paths give that result. The fast one (yaml-fast.ts) composes values and
// positions straight from the library's CST, for the YAML real templates are
// made of; it gives up, and the file is read here from a composed Document,
// on anything it does not handle exactly: a tab anywhere, a directive or `...`,
// a tag other than the short forms, a complex or explicit key, a merge key, a
// tag or anchor on an empty value, an alias it cannot resolve, the nesting
// limit or the alias budget, and every syntax error (so error messages and
// positions come from this path alone). test/parsers/yaml-fast.test.ts checks
// that both paths agree on the repository's YAML and on mutations of it.

import type { Document, ParsedNode, Range, YAMLParseError } from 'yaml';
import { Alias, Composer, CST, Parser, isAlias, isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Diagnostic } from '../../core/diagnostics.js';
import { InputError } from '../../core/diagnostics.js';
import type { PathSegment, SourceRange } from '../../core/location.js';
import { LineIndex, PositionIndex, rangeAt } from '../../core/location.js';
import { defineMember } from '../define-member.js';
import { GET_ATT_TAG, SHORT_FORM_KEYS, splitGetAtt } from './intrinsics.js';
import { Parser as CstParser } from './yaml-cst/parser.js';
import { composeFast } from './yaml-fast.js';
import { MAX_ALIAS_EXPANSION_NODES, MAX_YAML_DEPTH, tooDeepAt } from './yaml-limits.js';
import { CLOUDFORMATION_YAML_OPTIONS } from './yaml-schema.js';

export interface YamlDocument {
  /** The document's content as plain JS values (null for an empty document). */
  value: unknown;
  positions: PositionIndex;
  warnings: Diagnostic[];
}

export { MAX_ALIAS_EXPANSION_NODES, MAX_YAML_DEPTH } from './yaml-limits.js';

/** Tags of the YAML 1.1 schema we read with; any other non-CloudFormation tag gets a warning. */
const SCHEMA_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'merge'].map((name) => `tag:yaml.org,2002:${name}`).concat('!'),
);

type YamlNode = ParsedNode | Alias;

/**
 * Parses every document of a YAML stream (CloudFormation itself accepts a
 * single one; the caller decides). Syntax errors throw InputError at the
 * library's error position.
 */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
  const lines = new LineIndex(text);
  refuseDeepNesting(text, lines, file);
  // The library's own CST parser without generators (yaml-cst/README.md): the same tokens, several times
  // faster in a fresh process. Only the composed path needs TagRecordingParser's tag offsets.
  const cst = new CstParser();
  const fast = composeFast(text, file, lines, withinStack(() => cst.parse(text), cst, lines, file));
  if (fast) return fast;
  const parser = new TagRecordingParser();
  return composeDocuments(file, lines, parser, withinStack(() => Array.from(parser.parse(text)), parser, lines, file));
}

/** Text nested deeper than the parser can follow is a syntax error at its place, before it is parsed (tooDeepAt). */
function refuseDeepNesting(text: string, lines: LineIndex, file: string): void {
  const offset = tooDeepAt(text, MAX_YAML_DEPTH);
  if (offset >= 0) throw nestingError(lines, file, offset, `nested too deeply (deeper than ${MAX_YAML_DEPTH} levels)`);
}

/**
 * `parse()`, with the stack overflow of a nesting the parser recurses into turned into a syntax error at
 * the place the parser had reached, instead of an internal error: the net under refuseDeepNesting, whose
 * count is an estimate (and a caller may already be deep in its own stack).
 */
function withinStack<T>(parse: () => T, parser: { offset: number }, lines: LineIndex, file: string): T {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw nestingError(lines, file, parser.offset, `nested too deeply to read, at or before this place (more than ${MAX_YAML_DEPTH} levels are refused)`);
  }
}

/** "Invalid YAML at line L, column C: <problem>", placed on the character at `offset`. */
function nestingError(lines: LineIndex, file: string, offset: number, problem: string): InputError {
  const at = lines.position(offset);
  return new InputError(`Invalid YAML at line ${at.line}, column ${at.column}: ${problem}`, rangeAt(file, at.line, at.column, at.line, at.column + 1));
}

/**
 * The reader without its fast path: the library composes Documents, DocumentReader walks them.
 * The fast path (yaml-fast.ts) must give exactly this result; tests compare the two.
 */
export function parseYamlDocumentsComposed(text: string, file: string): YamlDocument[] {
  const lines = new LineIndex(text);
  const parser = new TagRecordingParser();
  const tokens = Array.from(parser.parse(text));
  return composeDocuments(file, lines, parser, tokens);
}

function composeDocuments(file: string, lines: LineIndex, parser: TagRecordingParser, tokens: CST.Token[]): YamlDocument[] {
  const docs = Array.from(new Composer(CLOUDFORMATION_YAML_OPTIONS).compose(tokens));

  const errors = docs.flatMap((doc) => doc.errors);
  if (errors.length > 0) throw syntaxError(errors, tokens, lines, file);

  const tags = { offsets: parser.tags.map((t) => t[0]), lengths: parser.tags.map((t) => t[1]) };
  return docs.map((doc) => {
    const reader = new DocumentReader(doc, file, lines, tags);
    const value = reader.read();
    for (const warning of doc.warnings) {
      // Unresolved CloudFormation tags are expected; DocumentReader reports the truly unknown ones.
      if (warning.code !== 'TAG_RESOLVE_FAILED') reader.warn('yaml-warning', warning.message, warning.pos[0], warning.pos[1]);
    }
    return { value, positions: reader.positions, warnings: reader.warnings };
  });
}

/** The earliest of the library's errors, worded for a person and placed where the mistake is. */
function syntaxError(errors: YAMLParseError[], tokens: CST.Token[], lines: LineIndex, file: string): InputError {
  const first = errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  let [start, end] = first.pos;
  const libraryMessage = first.message.split('\n', 1)[0]!;
  let problem = libraryMessage;
  // The library notices an unclosed quote or bracket where the text ends; where it opened is what to look at.
  const opening = first.code === 'MISSING_CHAR' || first.code === 'BAD_INDENT' ? unclosedBefore(tokens, start, libraryMessage) : undefined;
  if (opening) {
    problem = `the ${opening.what} starting here is never closed (${libraryMessage})`;
    [start, end] = [opening.offset, opening.offset + 1];
  } else if (first.code === 'MULTIPLE_TAGS') {
    problem = `${libraryMessage}: write the outer function in its long form, e.g. \`Fn::Base64: !Sub ...\` instead of \`!Base64 !Sub ...\``;
  } else if (first.code === 'RESOURCE_EXHAUSTION') {
    problem = 'the document is nested too deeply to read';
  }
  const at = lines.position(start);
  return new InputError(`YAML syntax error at line ${at.line}, column ${at.column}: ${problem}`, {
    file,
    start: at,
    end: lines.position(Math.max(start, end)),
  });
}

/** The quoted string or flow collection left open that the error at `errorOffset` is about, if any. */
function unclosedBefore(tokens: CST.Token[], errorOffset: number, message: string): { what: string; offset: number } | undefined {
  let found: { what: string; offset: number } | undefined;
  const consider = (what: string, offset: number): void => {
    if (offset < errorOffset && (!found || offset > found.offset)) found = { what, offset };
  };
  const quote = /closing (["'])quote/.exec(message);
  const bracket = /end with a? ?([\]}])/.exec(message);
  if (!quote && !bracket) return undefined;
  for (const token of allTokens(tokens)) {
    if (quote && token.type === (quote[1] === '"' ? 'double-quoted-scalar' : 'single-quoted-scalar')) {
      const scalar = token as CST.FlowScalar;
      if (scalar.offset + scalar.source.length >= errorOffset) consider('quoted string', scalar.offset);
    } else if (bracket && token.type === 'flow-collection') {
      const collection = token as CST.FlowCollection;
      const opener = bracket[1] === ']' ? '[' : '{';
      if (collection.start.source === opener && collection.end[0]?.source !== bracket[1]) {
        consider(opener === '[' ? 'flow sequence' : 'flow mapping', collection.start.offset);
      }
    }
  }
  return found;
}

/** Every token object of a CST, depth first; an explicit stack, so deep nesting cannot overflow the JS stack. */
function* allTokens(roots: readonly unknown[]): Generator<{ type: string }> {
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (const child of item) stack.push(child);
    } else if (item !== null && typeof item === 'object') {
      if (typeof (item as { type?: unknown }).type === 'string') yield item as { type: string };
      for (const child of Object.values(item)) if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}

/** Tag tokens of the CST, in source order: the AST keeps a node's tag name but not where it was written. */
interface TagTokens {
  offsets: number[];
  lengths: number[];
}

/**
 * The library's parser, noting where each tag token is as the lexer hands it over (the public
 * `next(source)` step, which sees every lexical token once and in order). Finding them afterwards
 * by walking the whole CST cost more than the rest of the template reader.
 */
class TagRecordingParser extends Parser {
  /** [offset, length] of each tag, in source order. */
  readonly tags: Array<[number, number]> = [];
  /** The lexer marks a scalar with CST.SCALAR and then gives its text, which may start with `!`. */
  private scalarText = false;

  override *next(source: string): Generator<CST.Token, void> {
    if (this.scalarText) this.scalarText = false;
    else if (source === CST.SCALAR) this.scalarText = true;
    else if (source[0] === '!') this.tags.push([this.offset, source.length]);
    yield* super.next(source);
  }
}

class DocumentReader {
  readonly positions: PositionIndex;
  readonly warnings: Diagnostic[] = [];

  /** Path of the value being read; PositionIndex joins it on every call, so one mutable array serves. */
  private readonly path: PathSegment[] = [];
  /** Greater than zero while reading the target of an alias (or a merge). */
  private aliasDepth = 0;
  private aliasNodes = 0;
  /** Alias targets being expanded: an alias inside its own anchor would never end. */
  private readonly expanding = new Set<YamlNode>();
  private aliasNoted = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly tags: TagTokens,
  ) {
    this.positions = new PositionIndex(file);
  }

  read(): unknown {
    const root = this.doc.contents;
    return root ? this.value(root, 0) : null;
  }

  warn(code: string, message: string, start: number, end: number): void {
    this.warnings.push({ level: 'warning', code, message, file: this.file, range: this.range(start, end) });
  }

  // --- values -------------------------------------------------------------

  private value(node: YamlNode, depth: number): unknown {
    if (depth > MAX_YAML_DEPTH) this.fail(node, `nesting is deeper than ${MAX_YAML_DEPTH} levels`);
    if (this.aliasDepth > 0 && ++this.aliasNodes > MAX_ALIAS_EXPANSION_NODES) {
      this.fail(node, `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION_NODES} nodes (an "alias bomb"?)`);
    }
    if (isAlias(node)) return this.alias(node, depth);

    const [start, end] = this.nodeSpan(node);
    this.positions.set(this.path, this.range(start, end));
    const tag = node.tag;
    if (tag !== undefined) {
      const longKey = SHORT_FORM_KEYS.get(tag);
      if (longKey) return this.intrinsic(node, tag, longKey, depth);
      if (!SCHEMA_TAGS.has(tag)) {
        const shown = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice(18)}` : tag;
        this.warn(
          'unknown-yaml-tag',
          `Unknown YAML tag ${shown} at line ${this.lines.position(start).line}: CloudFormation accepts only intrinsic function tags such as !Ref and would reject the template; the value is read as if untagged`,
          start,
          end,
        );
      }
    }
    return this.untagged(node, depth);
  }

  private untagged(node: ParsedNode, depth: number): unknown {
    if (isMap(node)) return this.mapping(node, depth);
    if (isSeq(node)) return this.sequence(node, depth);
    return scalarValue(node as Scalar);
  }

  /** `!Fn value` → `{'Fn::Fn': value}`: the tag is the key's range, the value keeps its own. */
  private intrinsic(node: ParsedNode, tag: string, longKey: string, depth: number): Record<string, unknown> {
    const [tagStart, tagEnd] = this.tagSpan(node.range[0]) ?? [node.range[0], node.range[0]];
    this.path.push(longKey);
    this.positions.setKey(this.path, this.range(tagStart, tagEnd));
    this.positions.set(this.path, this.range(node.range[0], node.range[1]));
    let argument: unknown;
    if (isMap(node) || isSeq(node)) {
      argument = this.untagged(node, depth + 1);
    } else {
      // Scalars under a function tag are strings, as CloudFormation reads them: `!Ref 10` refers to "10".
      const text = scalarText(node as Scalar);
      argument = tag === GET_ATT_TAG ? this.getAttParts(node as Scalar, text) : text;
    }
    this.path.pop();
    return { [longKey]: argument };
  }

  /** `!GetAtt A.B` → `['A', 'B']`, each part positioned on its own text when it is written plainly. */
  private getAttParts(node: Scalar, text: string): string[] {
    const parts = splitGetAtt(text);
    const [start] = node.range!;
    const plainOnOneLine = node.type === Scalar.PLAIN && node.range![1] - start === text.length;
    let offset = start;
    parts.forEach((part, i) => {
      this.path.push(i);
      this.positions.set(this.path, plainOnOneLine ? this.range(offset, offset + part.length) : this.range(start, node.range![1]));
      this.path.pop();
      offset += part.length + 1;
    });
    return parts;
  }

  private sequence(node: YAMLSeq, depth: number): unknown[] {
    const result: unknown[] = [];
    node.items.forEach((item, i) => {
      this.path.push(i);
      result.push(this.value(item as YamlNode, depth + 1));
      this.path.pop();
    });
    return result;
  }

  /**
   * A mapping, with YAML 1.1 merge keys (`<<: *base`) applied the way PyYAML
   * and the AWS CLI apply them: keys written in the mapping win over merged
   * ones, and earlier merge sources win over later ones.
   */
  private mapping(node: YAMLMap, depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const taken = new Set<string>();
    const merges: YamlNode[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isMergeKey(keyNode)) {
        this.noteUnsupportedByCloudFormation(`merge key << at line ${this.lines.position(keyNode!.range![0]).line}`, keyNode!);
        merges.push(pair.value as YamlNode);
        continue;
      }
      const key = this.keyText(keyNode);
      if (taken.has(key)) this.warnDuplicate(key, keyNode);
      taken.add(key);
      this.member(result, key, keyNode, pair.value as YamlNode | null, depth);
    }
    for (const source of merges) this.merge(result, taken, source, depth);
    return result;
  }

  /** Same wording as the JSON parser's, so both formats report duplicates alike. */
  private warnDuplicate(key: string, keyNode: YamlNode | null): void {
    const [start, end] = keyNode ? this.nodeSpan(keyNode) : [0, 0];
    const at = this.lines.position(start);
    this.warn('duplicate-key', `Duplicate key "${key}" at line ${at.line}, column ${at.column}: the later value replaces the earlier one`, start, end);
  }

  private member(result: Record<string, unknown>, key: string, keyNode: YamlNode | null, valueNode: YamlNode | null, depth: number): void {
    this.path.push(key);
    if (keyNode) this.positions.setKey(this.path, this.range(...this.nodeSpan(keyNode)));
    // A key without a value (`Key:` alone) has an empty scalar as value, so valueNode is rarely null.
    defineMember(result, key, valueNode ? this.value(valueNode, depth + 1) : null);
    this.path.pop();
  }

  /** Adds the entries of a merge source (a mapping, an alias of one, or a list of those) not already taken. */
  private merge(result: Record<string, unknown>, taken: Set<string>, source: YamlNode, depth: number): void {
    if (isAlias(source)) {
      this.expandAlias(source, () => this.merge(result, taken, this.aliasTarget(source), depth));
    } else if (isSeq(source)) {
      for (const item of source.items) this.merge(result, taken, item as YamlNode, depth);
    } else if (isMap(source)) {
      const nested: YamlNode[] = [];
      for (const pair of source.items) {
        const keyNode = pair.key as YamlNode | null;
        if (isMergeKey(keyNode)) {
          nested.push(pair.value as YamlNode);
          continue;
        }
        const key = this.keyText(keyNode);
        if (taken.has(key)) continue;
        taken.add(key);
        this.member(result, key, keyNode, pair.value as YamlNode | null, depth);
      }
      for (const inner of nested) this.merge(result, taken, inner, depth);
    } else {
      this.fail(source, 'a merge key (<<) needs a mapping, an alias of a mapping, or a list of those');
    }
  }

  // --- aliases --------------------------------------------------------------

  private alias(node: Alias, depth: number): unknown {
    this.noteUnsupportedByCloudFormation(`alias *${node.source} at line ${this.lines.position(node.range![0]).line}`, node);
    const target = this.aliasTarget(node);
    const value = this.expandAlias(node, () => this.value(target, depth));
    // The alias is where the value is used: findings on it should point there, not at the anchor.
    this.positions.set(this.path, this.range(node.range![0], node.range![1]));
    return value;
  }

  private aliasTarget(node: Alias): YamlNode {
    // Nodes of a parsed document are parsed nodes (with ranges); the library types resolve() more widely.
    const target = node.resolve(this.doc) as ParsedNode | undefined;
    if (!target) this.fail(node, `the alias *${node.source} has no anchor &${node.source} before it`);
    return target;
  }

  private expandAlias<T>(node: Alias, expand: () => T): T {
    const target = this.aliasTarget(node);
    if (this.expanding.has(target)) this.fail(node, `the alias *${node.source} is inside the node it refers to, so it would never end`);
    this.expanding.add(target);
    this.aliasDepth++;
    try {
      return expand();
    } finally {
      this.aliasDepth--;
      this.expanding.delete(target);
    }
  }

  /**
   * Once per document, a note: the User Guide lists aliases and hash merges as
   * unsupported, so such a template only deploys after a tool that expands
   * them (`aws cloudformation package` rewrites templates through PyYAML).
   * They are expanded here so the template is checked as it would be deployed.
   */
  private noteUnsupportedByCloudFormation(what: string, node: YamlNode): void {
    if (this.aliasNoted) return;
    this.aliasNoted = true;
    const [start, end] = node.range!;
    this.warnings.push({
      level: 'note',
      code: 'yaml-alias',
      message: `YAML ${what}: expanded here, but CloudFormation itself rejects aliases and merge keys unless a tool expands them before deployment`,
      file: this.file,
      range: this.range(start, end),
    });
  }

  // --- keys, positions, errors ------------------------------------------------

  /** A mapping key as CloudFormation (JSON) sees it: always a string, plain keys exactly as written. */
  private keyText(keyNode: YamlNode | null): string {
    if (keyNode === null) return '';
    if (isAlias(keyNode)) return this.keyText(this.aliasTarget(keyNode));
    if (isScalar(keyNode)) return scalarText(keyNode);
    return this.fail(keyNode, 'a mapping key must be a single value, not a list or mapping');
  }

  /** Start (including a tag written before the value) and end offsets of a node. */
  private nodeSpan(node: YamlNode): [number, number] {
    const [start, end] = node.range as Range;
    if (isAlias(node) || node.tag === undefined) return [start, end];
    return [this.tagSpan(start)?.[0] ?? start, end];
  }

  /**
   * Where the tag of a node starting at `valueStart` was written: the last tag
   * token before it. Only spaces, comments and an anchor can stand between a
   * node's tag and its content, never another tag.
   */
  private tagSpan(valueStart: number): [number, number] | undefined {
    const { offsets, lengths } = this.tags;
    let lo = 0;
    let hi = offsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! < valueStart) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found === -1 ? undefined : [offsets[found]!, offsets[found]! + lengths[found]!];
  }

  private range(start: number, end: number): SourceRange {
    return { file: this.file, start: this.lines.position(start), end: this.lines.position(end) };
  }

  private fail(node: YamlNode, problem: string): never {
    const [start, end] = this.nodeSpan(node);
    const at = this.lines.position(start);
    throw new InputError(`Invalid YAML at line ${at.line}, column ${at.column}: ${problem}`, this.range(start, end));
  }
}

function isMergeKey(node: YamlNode | null): boolean {
  return node !== null && isScalar(node) && node.tag === undefined && node.type === Scalar.PLAIN && node.source === '<<';
}

/** A scalar's text before any type resolution: what a string-typed reader gets. */
function scalarText(node: Scalar): string {
  return typeof node.source === 'string' ? node.source : String(node.value);
}

function scalarValue(node: Scalar): unknown {
  const value: unknown = node.value;
  // The merge tag resolves `<<` to a symbol even outside key position; as a value it is just text.
  return typeof value === 'symbol' ? scalarText(node) : value;
}
