// The fast path of the CloudFormation YAML reader: plain values and positions
// composed straight from the `yaml` package's CST (its Parser tokens), without
// building the library's Document node tree, which costs about twice the CST
// itself.
//
// It produces exactly what yaml-template.ts's DocumentReader produces from a
// composed Document (values, PositionIndex entries in the same order, warnings),
// but only for the YAML it understands completely: block and flow collections,
// plain, quoted and block scalars (their text via the library's own
// CST.resolveAsScalar, their types via the very schema tags the composer uses),
// the short-form intrinsic tags, anchors and aliases. Anything else — another
// tag, a directive, `...`, an explicit or complex key, a merge key, a tab
// anywhere in the text, an empty node with a tag or anchor, an alias budget or
// nesting limit hit, and every condition under which the library's composer
// would report an error or warning — makes it give up (`undefined`), and the
// caller composes the file the old way. So errors, and any YAML this module does
// not handle, are read exactly as before; test/parsers/yaml-fast.test.ts compares
// both paths on every YAML file of the repository and on mutated variants.

import type { Scalar, ScalarTag } from 'yaml';
import { CST, Document, isScalar } from 'yaml';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { PathSegment, SourceRange } from '../../core/location.js';
import { LineIndex, PositionIndex } from '../../core/location.js';
import { defineMember } from '../define-member.js';
import { GET_ATT_TAG, SHORT_FORM_KEYS, splitGetAtt } from './intrinsics.js';
import { CLOUDFORMATION_YAML_OPTIONS } from './yaml-schema.js';
import type { YamlDocument } from './yaml-template.js';
import { MAX_ALIAS_EXPANSION_NODES, MAX_YAML_DEPTH } from './yaml-limits.js';

/** Thrown inside this module to give up on the fast path; never escapes it. */
class Bail {}
const BAIL = new Bail();
function bail(): never {
  throw BAIL;
}

type SourceToken = CST.SourceToken;
type Token = CST.Token;

interface Props {
  found: SourceToken | null;
  anchor: SourceToken | null;
  tag: SourceToken | null;
  comma: SourceToken | null;
  hasNewline: boolean;
  newlineAfterProp: SourceToken | null;
  hasComment: boolean;
  /** Offset after the last token (or the given offset when there are none). */
  end: number;
}

const NO_PROPS: Props = { found: null, anchor: null, tag: null, comma: null, hasNewline: false, newlineAfterProp: null, hasComment: false, end: 0 };

/** A node as an anchor or alias target: its token and the tag/anchor written before it. */
interface Target {
  token: Token;
  props: Props;
}

/** The schema's plain-scalar tags, in the composer's order, and the options their resolvers get. */
interface PlainResolver {
  tags: ScalarTag[];
  options: Document['options'];
}
let plainResolver: PlainResolver | undefined;

function resolver(): PlainResolver {
  if (!plainResolver) {
    // The same schema and options the composer builds for each document of the old path.
    const doc = new Document(null, CLOUDFORMATION_YAML_OPTIONS);
    const tags = (doc.schema.tags as ScalarTag[]).filter((tag) => tag.default === true && tag.test !== undefined);
    plainResolver = { tags, options: doc.options };
  }
  return plainResolver;
}

/**
 * Every document of the stream as DocumentReader would read it, or undefined
 * when the fast path cannot promise the same result.
 */
export function composeFast(text: string, file: string, lines: LineIndex, tokens: readonly Token[]): YamlDocument[] | undefined {
  // Tabs take part in several of the composer's indentation errors; templates rarely hold any.
  if (text.includes('\t')) return undefined;
  try {
    const docs: YamlDocument[] = [];
    for (const token of tokens) {
      switch (token.type) {
        case 'document':
          docs.push(new FastReader(text, file, lines).document(token));
          break;
        case 'byte-order-mark':
        case 'space':
        case 'newline':
          break;
        case 'comment':
          if (!spacedComment(text, token)) bail();
          break;
        default:
          bail();
      }
    }
    return docs;
  } catch (error) {
    if (error === BAIL) return undefined;
    // A stack overflow on input the limits did not foresee: the old path decides.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** A comment needs white space (or a line start) before it, as the composer demands. */
function spacedComment(text: string, token: SourceToken): boolean {
  if (token.offset === 0) return true;
  const before = text.charCodeAt(token.offset - 1);
  return before === 32 || before === 10 || before === 13;
}

class FastReader {
  readonly positions: PositionIndex;
  readonly warnings: Diagnostic[] = [];
  /** The path of the value being read, joined as PositionIndex.key joins it, and its parents' keys. */
  private key = '';
  private readonly parentKeys: string[] = [];
  private aliasDepth = 0;
  private aliasNodes = 0;
  private aliasNoted = false;
  private readonly anchors = new Map<string, Target>();
  /** Each alias's target, fixed where the alias first appears in the document (as the library resolves it). */
  private readonly aliasTargets = new Map<Token, Target>();
  /** Anchored nodes still being composed: an alias to one of them refers to its own ancestor. */
  private readonly open = new Set<Target>();
  private readonly expanding = new Set<Target>();
  private readonly plainCache = new Map<string, unknown>();
  private readonly resolver = resolver();

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {
    this.positions = new PositionIndex(file);
  }

  document(doc: CST.Document): YamlDocument {
    const value = doc.value;
    if (!value) bail();
    const props = this.props(doc.start, 'doc-start', false, doc.offset);
    if (props.found && (value.type === 'block-map' || value.type === 'block-seq') && !props.hasNewline) bail();
    const result = this.value(value, props, 0);
    this.end(doc.end, false);
    return { value: result.value, positions: this.positions, warnings: this.warnings };
  }

  // --- validation of the tokens around nodes (the composer's resolveProps / resolveEnd) ---------

  private props(tokens: readonly SourceToken[], indicator: string, flow: boolean, offset: number): Props {
    if (tokens.length === 0) return { ...NO_PROPS, end: offset };
    let found: SourceToken | null = null;
    let anchor: SourceToken | null = null;
    let tag: SourceToken | null = null;
    let comma: SourceToken | null = null;
    let hasNewline = false;
    let newlineAfterProp: SourceToken | null = null;
    let hasComment = false;
    let reqSpace = false;
    for (const token of tokens) {
      const type = token.type;
      if (reqSpace) {
        if (type !== 'space' && type !== 'newline') bail();
        reqSpace = false;
      }
      switch (type) {
        case 'space':
          break;
        case 'newline':
          hasNewline = true;
          if (anchor || tag) newlineAfterProp = token;
          break;
        case 'comment':
          if (!spacedComment(this.text, token)) bail();
          hasComment = true;
          break;
        case 'anchor':
          if (anchor || token.source.length < 2 || token.source.endsWith(':')) bail();
          anchor = token;
          reqSpace = true;
          break;
        case 'tag':
          if (tag) bail();
          tag = token;
          reqSpace = true;
          break;
        case 'comma':
          if (!flow || comma || found || anchor || tag) bail();
          comma = token;
          break;
        default:
          if (type !== indicator || found || anchor || tag) bail();
          found = token;
      }
    }
    // A tag or anchor right before its node's text, with no space between: the composer objects.
    if (reqSpace) bail();
    const last = tokens[tokens.length - 1]!;
    return { found, anchor, tag, comma, hasNewline, newlineAfterProp, hasComment, end: last.offset + last.source.length };
  }

  /** Tokens after a node: only spaces, line breaks and comments. Returns the offset after them. */
  private end(tokens: readonly SourceToken[] | undefined, reqSpace: boolean): void {
    if (!tokens) return;
    for (const token of tokens) {
      if (token.type === 'comment') {
        if (reqSpace && !spacedComment(this.text, token)) bail();
      } else if (token.type !== 'space' && token.type !== 'newline') {
        bail();
      }
    }
  }

  // --- values (DocumentReader's walk, on tokens) ------------------------------------------------

  /** Reads a node; returns its value and the offset where the composer's node range ends (range[2]). */
  private value(token: Token, props: Props, depth: number): { value: unknown; end: number } {
    if (depth > MAX_YAML_DEPTH) bail();
    if (this.aliasDepth > 0 && ++this.aliasNodes > MAX_ALIAS_EXPANSION_NODES) bail();
    if (token.type === 'alias') {
      if (props.anchor || props.tag) bail();
      return this.alias(token, depth);
    }
    let target: Target | undefined;
    if (props.anchor && this.aliasDepth === 0) {
      target = { token, props };
      this.anchors.set(props.anchor.source.slice(1), target);
      this.open.add(target);
    }
    if (token.type === 'block-seq' && (props.anchor || props.tag)) {
      // "Missing newline after block sequence props"
      const lastProp = props.anchor && props.tag ? (props.anchor.offset > props.tag.offset ? props.anchor : props.tag) : (props.anchor ?? props.tag)!;
      const nl = props.newlineAfterProp;
      if (!nl || nl.offset < lastProp.offset) bail();
    }
    let result: { value: unknown; end: number };
    const tag = props.tag;
    if (tag) {
      const longKey = SHORT_FORM_KEYS.get(tag.source);
      if (longKey === undefined) bail();
      result = this.intrinsic(token, tag, longKey, depth);
    } else {
      result = this.untagged(token, depth);
    }
    if (target) this.open.delete(target);
    return result;
  }

  /** `!Fn value` → `{'Fn::Fn': value}`, positioned as DocumentReader.intrinsic does. */
  private intrinsic(token: Token, tag: SourceToken, longKey: string, depth: number): { value: unknown; end: number } {
    const slot = this.reserve();
    this.push(longKey);
    this.positions.setKeyJoined(this.key, this.range(tag.offset, tag.offset + tag.source.length));
    let argument: unknown;
    let range: [number, number, number];
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const inner = this.reserve();
      const collection = this.collection(token, depth + 1);
      range = collection.range;
      this.positions.setJoined(inner, this.range(range[0], range[1]));
      argument = collection.value;
    } else {
      const scalar = this.scalar(token);
      range = scalar.range;
      this.positions.setJoined(this.key, this.range(range[0], range[1]));
      // Scalars under a function tag are strings, as CloudFormation reads them: `!Ref 10` refers to "10".
      argument = tag.source === GET_ATT_TAG ? this.getAttParts(scalar, range) : scalar.value;
    }
    this.pop();
    this.positions.setJoined(slot, this.range(tag.offset, range[1]));
    return { value: { [longKey]: argument }, end: range[2] };
  }

  private getAttParts(scalar: { value: string; type: Scalar.Type }, range: [number, number, number]): string[] {
    const text = scalar.value;
    const parts = splitGetAtt(text);
    const [start, end] = range;
    const plainOnOneLine = scalar.type === 'PLAIN' && end - start === text.length;
    let offset = start;
    parts.forEach((part, i) => {
      this.push(i);
      this.positions.setJoined(this.key, plainOnOneLine ? this.range(offset, offset + part.length) : this.range(start, end));
      this.pop();
      offset += part.length + 1;
    });
    return parts;
  }

  private untagged(token: Token, depth: number): { value: unknown; end: number } {
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const slot = this.reserve();
      const { value, range } = this.collection(token, depth);
      this.positions.setJoined(slot, this.range(range[0], range[1]));
      return { value, end: range[2] };
    }
    const scalar = this.scalar(token);
    this.positions.setJoined(this.key, this.range(scalar.range[0], scalar.range[1]));
    const value = token.type === 'scalar' ? this.plain(scalar.value) : scalar.value;
    return { value, end: scalar.range[2] };
  }

  /** A scalar token's text and range, with the library's own scalar rules; any complaint of theirs gives up. */
  private scalar(token: Token): { value: string; type: Scalar.Type; range: [number, number, number] } {
    if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar' && token.type !== 'block-scalar') bail();
    const resolved = CST.resolveAsScalar(token, true, bail);
    if (!resolved) bail();
    return { value: resolved.value, type: resolved.type ?? 'PLAIN', range: resolved.range };
  }

  /** A plain scalar's value by the composer's rule: the first default tag whose test matches, else a string. */
  private plain(text: string): unknown {
    const cached = this.plainCache.get(text);
    if (cached !== undefined || this.plainCache.has(text)) return cached;
    const { tags, options } = this.resolver;
    const tag = tags.find((t) => t.test!.test(text));
    let value: unknown = text;
    if (tag) {
      const resolved: unknown = tag.resolve(text, bail, options);
      value = isScalar(resolved) ? resolved.value : resolved;
      // The merge tag resolves `<<` to a symbol even outside key position; as a value it is just text.
      if (typeof value === 'symbol') value = text;
      // Anything but a primitive (a binary, a set...) is not a value this path knows how to share.
      if (value !== null && typeof value === 'object') bail();
    }
    this.plainCache.set(text, value);
    return value;
  }

  private collection(token: Token, depth: number): { value: unknown; range: [number, number, number] } {
    switch (token.type) {
      case 'block-map':
        return this.blockMap(token, depth);
      case 'block-seq':
        return this.blockSeq(token, depth);
      case 'flow-collection':
        return token.start.source === '{' ? this.flowMap(token, depth) : this.flowSeq(token, depth);
      default:
        return bail();
    }
  }

  private blockMap(map: CST.BlockMap, depth: number): { value: unknown; range: [number, number, number] } {
    const result: Record<string, unknown> = {};
    const taken = new Set<string>();
    let offset = map.offset;
    let commentEnd: number | undefined;
    const items = map.items;
    for (let i = 0; i < items.length; i++) {
      const { start, key, sep, value } = items[i]! as CST.BlockMap['items'][number] & { key?: Token | null; sep?: SourceToken[] };
      const keyProps = this.props(start, 'explicit-key-ind', false, offset);
      if (keyProps.found || keyProps.anchor || keyProps.tag) bail();
      if (!key && !sep) {
        // Comments after the last entry: the composer's range[2] of the mapping ends after them.
        if (i !== items.length - 1 || keyProps.end < offset) bail();
        commentEnd = keyProps.end;
        continue;
      }
      if (!key || !sep) bail();
      if (!isFlowScalarToken(key) || key.indent !== map.indent || containsNewline(key)) bail();
      const keyScalar = this.scalar(key);
      const valueProps = this.props(sep, 'map-value-ind', false, keyScalar.range[2]);
      if (!valueProps.found) bail();
      if (value?.type === 'block-map' && !valueProps.hasNewline) bail();
      if (key.offset < valueProps.found.offset - 1000) bail();
      const name = keyScalar.value;
      if (key.type === 'scalar' && name === '<<') bail();
      if (taken.has(name)) this.warnDuplicate(name, keyScalar.range);
      taken.add(name);
      offset = this.member(result, name, keyScalar.range, value, valueProps, sep, depth);
    }
    return { value: result, range: [map.offset, offset, commentEnd ?? offset] };
  }

  /** One mapping entry; returns the end of its value (range[2]). */
  private member(
    result: Record<string, unknown>,
    name: string,
    keyRange: [number, number, number],
    value: Token | undefined,
    valueProps: Props,
    sep: readonly SourceToken[],
    depth: number,
  ): number {
    this.push(name);
    this.positions.setKeyJoined(this.key, this.range(keyRange[0], keyRange[1]));
    let end: number;
    if (value) {
      const read = this.value(value, valueProps, depth + 1);
      defineMember(result, name, read.value);
      end = read.end;
    } else {
      end = this.empty(valueProps, sep, depth + 1);
      defineMember(result, name, this.plain(''));
    }
    this.pop();
    return end;
  }

  /** A missing value (`Key:` alone): null, positioned where the composer puts its empty scalar. */
  private empty(props: Props, before: readonly SourceToken[], depth: number): number {
    if (props.anchor || props.tag) bail();
    if (depth > MAX_YAML_DEPTH) bail();
    if (this.aliasDepth > 0 && ++this.aliasNodes > MAX_ALIAS_EXPANSION_NODES) bail();
    const at = emptyScalarPosition(props.end, before);
    this.positions.setJoined(this.key, this.range(at, at));
    return props.hasComment ? props.end : at;
  }

  private blockSeq(seq: CST.BlockSequence, depth: number): { value: unknown; range: [number, number, number] } {
    const result: unknown[] = [];
    let offset = seq.offset;
    let commentEnd: number | undefined;
    const items = seq.items;
    for (let i = 0; i < items.length; i++) {
      const { start, value } = items[i]!;
      const props = this.props(start, 'seq-item-ind', false, offset);
      if (!props.found) {
        if (props.anchor || props.tag || value || i !== items.length - 1) bail();
        commentEnd = props.end;
        continue;
      }
      this.push(result.length);
      if (value) {
        const read = this.value(value, props, depth + 1);
        result.push(read.value);
        offset = read.end;
      } else {
        offset = this.empty(props, start, depth + 1);
        result.push(this.plain(''));
      }
      this.pop();
    }
    return { value: result, range: [seq.offset, offset, commentEnd ?? offset] };
  }

  private flowSeq(fc: CST.FlowCollection, depth: number): { value: unknown; range: [number, number, number] } {
    const result: unknown[] = [];
    const items = fc.items;
    for (let i = 0; i < items.length; i++) {
      const { start, key, sep, value } = items[i]! as { start: SourceToken[]; key?: Token | null; sep?: SourceToken[]; value?: Token };
      const props = this.props(start, 'explicit-key-ind', true, 0);
      if (props.found || key || sep) bail();
      // A comma before the first item, or two items without one between them.
      if (i === 0 ? props.comma : !props.comma) bail();
      if (!value) {
        // `[a, b,]`: a trailing comma, allowed; an empty item anywhere else is not.
        if (i !== items.length - 1 || i === 0 || props.anchor || props.tag) bail();
        continue;
      }
      if (value.type === 'block-map' || value.type === 'block-seq') bail();
      this.push(result.length);
      result.push(this.value(value, props, depth + 1).value);
      this.pop();
    }
    return { value: result, range: this.flowEnd(fc, ']') };
  }

  private flowMap(fc: CST.FlowCollection, depth: number): { value: unknown; range: [number, number, number] } {
    const result: Record<string, unknown> = {};
    const taken = new Set<string>();
    const items = fc.items;
    for (let i = 0; i < items.length; i++) {
      const { start, key, sep, value } = items[i]! as { start: SourceToken[]; key?: Token | null; sep?: SourceToken[]; value?: Token };
      const props = this.props(start, 'explicit-key-ind', true, 0);
      if (props.found || props.anchor || props.tag) bail();
      if (!key && !sep && !value) {
        if (i !== items.length - 1 || i === 0 || !props.comma) bail();
        continue;
      }
      if (i === 0 ? props.comma : !props.comma) bail();
      if (!key || !sep || !value) bail();
      if (!isFlowScalarToken(key) || containsNewline(key)) bail();
      if (value.type === 'block-map' || value.type === 'block-seq') bail();
      const keyScalar = this.scalar(key);
      const valueProps = this.props(sep, 'map-value-ind', true, keyScalar.range[2]);
      if (!valueProps.found || valueProps.comma) bail();
      const name = keyScalar.value;
      if (key.type === 'scalar' && name === '<<') bail();
      if (taken.has(name)) this.warnDuplicate(name, keyScalar.range);
      taken.add(name);
      this.member(result, name, keyScalar.range, value, valueProps, sep, depth);
    }
    return { value: result, range: this.flowEnd(fc, '}') };
  }

  private flowEnd(fc: CST.FlowCollection, expected: string): [number, number, number] {
    const [close, ...rest] = fc.end;
    if (close?.source !== expected) bail();
    const closeEnd = close.offset + 1;
    if (rest.length === 0) return [fc.offset, closeEnd, closeEnd];
    this.end(rest, true);
    const last = rest[rest.length - 1]!;
    return [fc.offset, closeEnd, last.offset + last.source.length];
  }

  // --- aliases ------------------------------------------------------------------------------------

  private alias(token: CST.FlowScalar, depth: number): { value: unknown; end: number } {
    const name = token.source.slice(1);
    if (name === '' || name.endsWith(':')) bail();
    this.end(token.end, true);
    const valueEnd = token.offset + token.source.length;
    if (!this.aliasNoted) {
      this.aliasNoted = true;
      this.warnings.push({
        level: 'note',
        code: 'yaml-alias',
        message: `YAML alias *${name} at line ${this.lines.position(token.offset).line}: expanded here, but CloudFormation itself rejects aliases and merge keys unless a tool expands them before deployment`,
        file: this.file,
        range: this.range(token.offset, valueEnd),
      });
    }
    let target = this.aliasTargets.get(token);
    if (!target) {
      target = this.anchors.get(name);
      if (!target || this.open.has(target)) bail();
      this.aliasTargets.set(token, target);
    }
    if (this.expanding.has(target)) bail();
    this.expanding.add(target);
    this.aliasDepth++;
    let value: unknown;
    try {
      value = this.value(target.token, target.props, depth).value;
    } finally {
      this.aliasDepth--;
      this.expanding.delete(target);
    }
    this.positions.setJoined(this.key, this.range(token.offset, valueEnd));
    let end = valueEnd;
    for (const t of token.end ?? []) end += t.source.length;
    return { value, end };
  }

  // --- positions and warnings ---------------------------------------------------------------------

  /**
   * Sets a placeholder for the current path, so the PositionIndex keeps the old path's order (a
   * collection's entry before its children's) though its range is known only after them.
   */
  private reserve(): string {
    this.positions.setJoined(this.key, PLACEHOLDER);
    return this.key;
  }

  private push(segment: PathSegment): void {
    this.parentKeys.push(this.key);
    this.key = this.parentKeys.length === 1 ? String(segment) : `${this.key}\u0001${segment}`;
  }

  private pop(): void {
    this.key = this.parentKeys.pop()!;
  }

  private warnDuplicate(key: string, range: [number, number, number]): void {
    const at = this.lines.position(range[0]);
    this.warnings.push({
      level: 'warning',
      code: 'duplicate-key',
      message: `Duplicate key "${key}" at line ${at.line}, column ${at.column}: the later value replaces the earlier one`,
      file: this.file,
      range: this.range(range[0], range[1]),
    });
  }

  private range(start: number, end: number): SourceRange {
    return { file: this.file, start: this.lines.position(start), end: this.lines.position(end) };
  }
}

const PLACEHOLDER: SourceRange = { file: '', start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

function isFlowScalarToken(token: Token): token is CST.FlowScalar {
  return token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar';
}

/** The library's containsNewline for a scalar key. */
function containsNewline(token: CST.FlowScalar): boolean {
  if (token.source.includes('\n')) return true;
  return token.end?.some((t) => t.type === 'newline') ?? false;
}

/** The library's emptyScalarPosition: right after the indicator and the spaces that follow it. */
function emptyScalarPosition(offset: number, before: readonly SourceToken[]): number {
  for (let i = before.length - 1; i >= 0; --i) {
    let st = before[i]!;
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    st = before[++i]!;
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i]!;
    }
    break;
  }
  return offset;
}
