// The AWS::LanguageExtensions transform's `Fn::ForEach` loops and the
// `AWS::Include` transform, expanded before the adapter reads a template, so
// that the resources they produce are checked like any other. CloudFormation
// expands both before it creates anything; trailguard does the same with what
// the template itself says (literal collections, parameter defaults, included
// files that are in the scan). What cannot be known before deployment (a
// collection from a parameter without default, a custom macro, an include from
// S3) is never dropped silently: it becomes an `UnseenPart`, which the adapter
// turns into "undetermined" at the line that hides it.

import type { Diagnostic } from '../../core/diagnostics.js';
import type { PathSegment, SourceRange } from '../../core/location.js';
import { PositionIndex } from '../../core/location.js';
import { defineMember } from '../define-member.js';
import { hasOwn, own } from '../../core/own.js';
import { Unknown } from '../../core/unknown.js';

/**
 * Most resource/output/condition instances all loops of one template may produce (the idea of
 * Terraform's MAX_INSTANCES_IN_FULL). CloudFormation's quotas allow 500 resources and 200 outputs
 * in the expanded template, so a template past this cannot deploy anyway.
 */
export const MAX_FOREACH_INSTANCES = 1_000;
/** Loops inside loops deeper than this are not expanded (CloudFormation itself allows a handful). */
export const MAX_FOREACH_NESTING = 32;
/** Values copied by expansion in one template: a large body repeated many times stays bounded. */
export const MAX_EXPANDED_VALUES = 2_000_000;
/** Duplicate keys reported per template; more are counted in the last message. */
const MAX_DUPLICATES_REPORTED = 20;

const FOR_EACH = 'Fn::ForEach::';

/** Something in the template that adds or changes resources trailguard cannot see. */
export interface UnseenPart {
  /** What hides the resources, as written (`Fn::ForEach::Trails`, `Fn::Transform`, `Transform`). */
  address: string;
  range: SourceRange;
  /** What cannot be seen and why, for the undetermined checks. */
  reason: string;
}

/** An `AWS::Include` snippet read from the scan, or why it could not be. */
export type IncludeReader = (fromFile: string, location: string) => { value: unknown; positions: PositionIndex } | { reason: string };

export interface ExpandedTemplate {
  body: Record<string, unknown>;
  positions: PositionIndex;
  unseen: UnseenPart[];
  diagnostics: Diagnostic[];
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the template declares the transform or uses a loop at the top of a section: worth a walk. */
export function needsExpansion(body: Record<string, unknown>): boolean {
  const transform = body['Transform'];
  const names = Array.isArray(transform) ? transform : [transform];
  if (names.includes('AWS::LanguageExtensions')) return true;
  for (const section of ['Resources', 'Outputs', 'Conditions']) {
    const s = body[section];
    if (isMapping(s) && Object.keys(s).some((k) => k.startsWith(FOR_EACH) || k === 'Fn::Transform')) return true;
  }
  return containsTransformCall(body['Resources'], 0);
}

/** `Fn::Transform` anywhere under `v` (bounded depth: parsers refuse deeper documents anyway). */
function containsTransformCall(v: unknown, depth: number): boolean {
  if (depth > 200) return false;
  if (Array.isArray(v)) return v.some((x) => containsTransformCall(x, depth + 1));
  if (!isMapping(v)) return false;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'Fn::Transform' || k.startsWith(FOR_EACH)) return true;
    if (containsTransformCall(x, depth + 1)) return true;
  }
  return false;
}

/**
 * Positions of an expanded template: a path of the expanded body is looked up
 * where it was written (the loop body's key for every resource a loop makes,
 * the included file for an included snippet).
 */
class ExpandedPositions extends PositionIndex {
  constructor(
    private readonly base: PositionIndex,
    private readonly aliases: Map<string, { index: PositionIndex; path: PathSegment[] }>,
  ) {
    super(base.file);
  }

  private source(path: readonly PathSegment[]): { index: PositionIndex; path: readonly PathSegment[] } {
    for (let n = path.length; n > 0; n--) {
      const alias = this.aliases.get(PositionIndex.key(path.slice(0, n)));
      if (alias) return { index: alias.index, path: [...alias.path, ...path.slice(n)] };
    }
    return { index: this.base, path };
  }

  override get(path: readonly PathSegment[]): SourceRange | undefined {
    const s = this.source(path);
    return s.index.get(s.path);
  }

  override getKey(path: readonly PathSegment[]): SourceRange | undefined {
    const s = this.source(path);
    return s.index.getKey(s.path);
  }

  override get size(): number {
    return this.base.size;
  }

  override values(): IterableIterator<[string[], SourceRange]> {
    return this.base.values();
  }

  override keys(): IterableIterator<[string[], SourceRange]> {
    return this.base.keys();
  }
}

type Bindings = ReadonlyMap<string, string>;

/** Where a value was written: the file's index and its path there. */
interface Origin {
  index: PositionIndex;
  path: PathSegment[];
}

/**
 * Expands `Fn::ForEach` in Resources, Outputs and Conditions (and inside
 * properties), and `Fn::Transform` of `AWS::Include` with a local file in the
 * scan. Returns a new body; the input is not changed.
 */
export function expandLanguageExtensions(file: string, body: Record<string, unknown>, positions: PositionIndex, readInclude?: IncludeReader): ExpandedTemplate {
  const x = new Expander(file, body, positions, readInclude);
  const out: Record<string, unknown> = {};
  for (const [section, value] of Object.entries(body)) {
    const expand = section === 'Resources' || section === 'Outputs' || section === 'Conditions';
    defineMember(out, section, expand ? x.value(value, [section], { index: positions, path: [section] }, new Map(), 0) : value);
  }
  return { body: out, positions: x.aliases.size > 0 ? new ExpandedPositions(positions, x.aliases) : positions, unseen: x.unseen, diagnostics: x.diagnostics };
}

class Expander {
  readonly aliases = new Map<string, Origin>();
  readonly unseen: UnseenPart[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private instances = 0;
  private copied = 0;
  private budgetNoted = false;
  private duplicates = 0;
  private readonly includesOpen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly body: Record<string, unknown>,
    private readonly positions: PositionIndex,
    private readonly readInclude?: IncludeReader,
  ) {}

  private at(origin: Origin): SourceRange {
    return origin.index.getKey(origin.path) ?? origin.index.nearest(origin.path) ?? this.positions.nearest([]) ?? { file: this.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  }

  private hide(address: string, origin: Origin, reason: string): void {
    const range = this.at(origin);
    this.unseen.push({ address, range, reason });
    this.diagnostics.push({ level: 'note', code: 'cloudformation-unseen', file: this.file, range, message: `${address}: ${reason}` });
  }

  /** `v` with loops expanded and the loop identifiers in `b` substituted. */
  value(v: unknown, out: PathSegment[], src: Origin, b: Bindings, nesting: number): unknown {
    if (b.size > 0 && ++this.copied > MAX_EXPANDED_VALUES) return v;
    if (typeof v === 'string') return b.size > 0 ? substitute(v, b) : v;
    if (Array.isArray(v)) return v.map((item, i) => this.value(item, [...out, i], { index: src.index, path: [...src.path, i] }, b, nesting));
    if (!isMapping(v)) return v;
    const keys = Object.keys(v);
    // `!Ref Identifier` inside a loop body is the current item.
    if (b.size > 0 && keys.length === 1 && typeof v['Ref'] === 'string' && b.has(v['Ref'])) return b.get(v['Ref']);
    if (keys.length === 1 && keys[0] === 'Fn::Transform') {
      const inlined = this.include(v['Fn::Transform'], out, { index: src.index, path: [...src.path, 'Fn::Transform'] }, b, nesting);
      if (inlined !== undefined) return inlined;
      return v;
    }
    const result: Record<string, unknown> = {};
    for (const k of keys) {
      const child = v[k];
      const childSrc = { index: src.index, path: [...src.path, k] };
      if (k.startsWith(FOR_EACH)) {
        this.loop(k, child, result, out, childSrc, b, nesting);
        continue;
      }
      if (k === 'Fn::Transform') {
        const inlined = this.include(child, out, childSrc, b, nesting);
        if (isMapping(inlined)) for (const [ik, iv] of Object.entries(inlined)) this.put(result, ik, iv, out, childSrc);
        continue;
      }
      const key = b.size > 0 ? substitute(k, b) : k;
      if (hasOwn(result, key)) {
        this.duplicate(key, out, childSrc);
        continue;
      }
      if (key !== k || src.index !== this.positions) this.aliases.set(PositionIndex.key([...out, key]), childSrc);
      this.put(result, key, this.value(child, [...out, key], childSrc, b, nesting), out, childSrc);
    }
    return result;
  }

  /** A key of the expanded mapping; a second one of the same name is what CloudFormation rejects. */
  private put(target: Record<string, unknown>, key: string, value: unknown, out: PathSegment[], src: Origin): void {
    if (!hasOwn(target, key)) {
      defineMember(target, key, value);
      return;
    }
    this.duplicate(key, out, src);
  }

  private duplicate(key: string, out: PathSegment[], src: Origin): void {
    this.duplicates++;
    if (this.duplicates > MAX_DUPLICATES_REPORTED) return;
    const where = out.join('.');
    const more = this.duplicates === MAX_DUPLICATES_REPORTED ? ' (further duplicates are not reported)' : '';
    this.diagnostics.push({
      level: 'error',
      code: 'duplicate-logical-id',
      file: this.file,
      range: this.at(src),
      message: `${where}: ${printable(key)} is defined twice once loops and includes are expanded; CloudFormation rejects the template, and the second definition is not checked${more}`,
    });
  }

  private loop(key: string, def: unknown, target: Record<string, unknown>, out: PathSegment[], src: Origin, b: Bindings, nesting: number): void {
    const name = printable(key);
    if (!Array.isArray(def) || def.length !== 3 || typeof def[0] !== 'string' || def[0] === '' || !isMapping(def[2])) {
      return this.hide(name, src, 'malformed Fn::ForEach (expected [Identifier, Collection, {OutputKey: OutputValue}]); CloudFormation rejects it and what it would create is not checked');
    }
    if (nesting >= MAX_FOREACH_NESTING) {
      return this.hide(name, src, `loops nested more than ${MAX_FOREACH_NESTING} deep are not expanded; what this loop creates is not checked`);
    }
    const items = this.collection(def[1], b);
    if (typeof items === 'string') return this.hide(name, src, `${items}, so what this loop creates is not checked`);
    const identifier = def[0];
    const fragment = def[2];
    const fragmentSrc = { index: src.index, path: [...src.path, 2] };
    for (const item of items) {
      if (this.instances >= MAX_FOREACH_INSTANCES || this.copied > MAX_EXPANDED_VALUES) {
        if (!this.budgetNoted) {
          this.budgetNoted = true;
          this.hide(name, src, `the template's loops expand to more than ${MAX_FOREACH_INSTANCES} instances (or ${MAX_EXPANDED_VALUES} values); from here on loops are not expanded and what they create is not checked`);
        }
        return;
      }
      const inner = new Map(b);
      inner.set(identifier, item);
      for (const [outputKey, outputValue] of Object.entries(fragment)) {
        const valueSrc = { index: fragmentSrc.index, path: [...fragmentSrc.path, outputKey] };
        if (outputKey.startsWith(FOR_EACH)) {
          this.loop(outputKey, outputValue, target, out, valueSrc, inner, nesting + 1);
          continue;
        }
        this.instances++;
        const expandedKey = substitute(outputKey, inner);
        if (hasOwn(target, expandedKey)) {
          this.duplicate(expandedKey, out, valueSrc);
          continue;
        }
        this.aliases.set(PositionIndex.key([...out, expandedKey]), valueSrc);
        this.put(target, expandedKey, this.value(outputValue, [...out, expandedKey], valueSrc, inner, nesting + 1), out, valueSrc);
      }
    }
  }

  /** The items of a loop's collection, or why they are not known before deployment. */
  private collection(c: unknown, b: Bindings): string[] | string {
    if (Array.isArray(c)) {
      const items: string[] = [];
      for (const item of c) {
        const v = this.scalar(item, b);
        if (v === undefined) return 'an item of the collection is known only at deployment';
        items.push(v);
      }
      return items;
    }
    if (isMapping(c) && Object.keys(c).length === 1 && typeof c['Ref'] === 'string') {
      const ref = c['Ref'];
      const param = own(this.body['Parameters'] as Record<string, unknown> | undefined, ref);
      if (!isMapping(param)) return `the collection refers to ${printable(ref)}, which is not a parameter of this template`;
      const d = param['Default'];
      if (typeof d === 'string') return d === '' ? [] : d.split(',').map((s) => s.trim());
      if (Array.isArray(d) && d.every((x) => typeof x === 'string' || typeof x === 'number')) return d.map(String);
      // A value a parent stack passes that is itself known only at deployment (engine/adapters/cloudformation/nested-stacks.ts).
      if (d instanceof Unknown) return `the collection is parameter ${printable(ref)}; ${d.reason}`;
      return `the collection is parameter ${printable(ref)}, which has no default: its items are known only at deployment`;
    }
    const fn = isMapping(c) ? Object.keys(c)[0] : undefined;
    return `the collection is computed${fn ? ` by ${printable(fn)}` : ''} at deployment`;
  }

  private scalar(item: unknown, b: Bindings): string | undefined {
    if (typeof item === 'string') return b.size > 0 ? substitute(item, b) : item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    if (isMapping(item) && typeof item['Ref'] === 'string' && b.has(item['Ref'])) return b.get(item['Ref']);
    return undefined;
  }

  /** An `AWS::Include` snippet from the scan, expanded in turn; undefined when it cannot be read (then hidden). */
  private include(arg: unknown, out: PathSegment[], src: Origin, b: Bindings, nesting: number): unknown {
    const spec = isMapping(arg) ? arg : {};
    const name = spec['Name'];
    const location = isMapping(spec['Parameters']) ? spec['Parameters']['Location'] : undefined;
    if (name !== 'AWS::Include') {
      this.hide('Fn::Transform', src, `the macro ${typeof name === 'string' ? printable(name) : '(unnamed)'} rewrites this part of the template at deployment; what it adds or changes cannot be seen`);
      return undefined;
    }
    if (typeof location !== 'string') {
      this.hide('Fn::Transform', src, 'AWS::Include with a Location known only at deployment; the included resources cannot be seen');
      return undefined;
    }
    const read = this.readInclude?.(this.file, location) ?? { reason: 'included files are not read here' };
    if ('reason' in read) {
      this.hide('Fn::Transform', src, `AWS::Include of ${printable(location)}: ${read.reason}; the included resources cannot be seen`);
      return undefined;
    }
    if (this.includesOpen.has(location) || this.includesOpen.size >= 16) {
      this.hide('Fn::Transform', src, `AWS::Include of ${printable(location)} includes itself (or includes nest too deep); not expanded`);
      return undefined;
    }
    this.includesOpen.add(location);
    // Each key of the snippet is located in the included file (see `value`), not the whole of `out`:
    // a snippet merged into Resources sits next to resources written in the template itself.
    const origin = { index: read.positions, path: [] as PathSegment[] };
    const v = this.value(read.value, out, origin, b, nesting);
    this.includesOpen.delete(location);
    return v;
  }
}

/** Template-level transforms trailguard can judge: SAM resources are read as they are, language extensions expanded. */
const JUDGED_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);

/**
 * Template-level `Transform:` macros other than the two trailguard judges:
 * they rewrite the whole template at deployment.
 */
export function unseenTransforms(file: string, body: Record<string, unknown>, positions: PositionIndex): { unseen: UnseenPart[]; diagnostics: Diagnostic[] } {
  const unseen: UnseenPart[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!hasOwn(body, 'Transform')) return { unseen, diagnostics };
  const transform = body['Transform'];
  const list = Array.isArray(transform) ? transform : [transform];
  list.forEach((t, i) => {
    const name = typeof t === 'string' ? t : isMapping(t) && typeof t['Name'] === 'string' ? t['Name'] : undefined;
    if (name !== undefined && JUDGED_TRANSFORMS.has(name)) return;
    const path = Array.isArray(transform) ? ['Transform', i] : ['Transform'];
    const range = positions.get(path) ?? positions.getKey(['Transform']) ?? { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    const reason = `the transform ${name === undefined ? '(not a name)' : printable(name)} rewrites the template at deployment; the resources it adds or changes cannot be seen`;
    unseen.push({ address: 'Transform', range, reason });
    diagnostics.push({ level: 'note', code: 'cloudformation-unseen', file, range, message: `Transform: ${reason}` });
  });
  return { unseen, diagnostics };
}

/** `${Identifier}` → the item, `&{Identifier}` → the item without its non-alphanumeric characters. */
function substitute(s: string, b: Bindings): string {
  if (!s.includes('{')) return s;
  let out = s;
  for (const [id, item] of b) {
    if (out.includes(`\${${id}}`)) out = out.split(`\${${id}}`).join(item);
    if (out.includes(`&{${id}}`)) out = out.split(`&{${id}}`).join(alphanumeric(item));
  }
  return out;
}

function alphanumeric(s: string): string {
  let out = '';
  for (const ch of s) if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) out += ch;
  return out;
}

/** Names from the template in messages: one line, bounded. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
