// StackSets: the usual way to deploy an organization's CloudTrail baseline (a trail, its bucket and key)
// to every account is an `AWS::CloudFormation::StackSet` whose template is written inline, in
// `TemplateBody`. Those resources are CloudFormation like any other and are judged like any other: the
// inline template is read with the file's own reader, its positions mapped back to the lines of the
// outer file where they can be (a YAML literal block `TemplateBody: |`), and its resources adapted in a
// scope of their own (they deploy to the StackSet's target accounts, not to the account of the
// template that declares them). A StackSet whose template is elsewhere (`TemplateURL`, an S3 object read
// at deployment) or built by an intrinsic function is reported as unseen: every check is undetermined
// at its line, never silently passed.

import type { CfnTemplate } from '../../../parsers/cloudformation/index.js';
import { parseCloudFormation } from '../../../parsers/cloudformation/index.js';
import type { UnseenPart } from '../../../parsers/cloudformation/language-extensions.js';
import { defineMember } from '../../../parsers/define-member.js';
import { InputError } from '../../../core/diagnostics.js';
import { PositionIndex, type PathSegment, type SourceRange } from '../../../core/location.js';
import { hasOwn } from '../../../core/own.js';
import { Unknown } from '../../../core/unknown.js';
import { asRecord } from '../convert.js';
import { IntrinsicResolver } from './intrinsics.js';
import { oneLine } from '../../../parsers/quote.js';

export const STACK_SET_TYPE = 'AWS::CloudFormation::StackSet';

/** An inline StackSet template, ready to be adapted like a template of its own. */
export interface EmbeddedTemplate {
  template: CfnTemplate;
  /** The StackSet's logical ID in the outer template. */
  logicalId: string;
  /** Graph scope and account scope of its resources. */
  scope: string;
  /** Set when the StackSet's Condition is known only at deployment: it may not be created. */
  existence?: Unknown;
}

/** A StackSet whose template cannot be read: its stand-in belongs to the StackSet's target accounts (`scope`). */
export interface UnseenStackSet extends UnseenPart {
  logicalId: string;
  scope: string;
}

export interface StackSetParts {
  embedded: EmbeddedTemplate[];
  unseen: UnseenStackSet[];
}

/**
 * The StackSets of template `t` (already expanded): inline templates to judge, and what cannot be seen.
 * `outerText` gives the text `t` was read from (for mapping positions; asked only when a StackSet has an
 * inline body); `scopePrefix` names the outer scope.
 */
export function stackSetParts(t: CfnTemplate, outerText: () => string | undefined, scopePrefix: string): StackSetParts {
  const out: StackSetParts = { embedded: [], unseen: [] };
  const resources = asRecord(t.body['Resources']);
  let conditions: IntrinsicResolver | undefined;
  for (const [logicalId, raw] of Object.entries(resources)) {
    const def = asRecord(raw);
    if (def['Type'] !== STACK_SET_TYPE) continue;
    // A StackSet whose Condition is false is not created: nothing of its template deploys.
    const cond = def['Condition'];
    let existence: Unknown | undefined;
    if (typeof cond === 'string') {
      conditions ??= new IntrinsicResolver(t.body);
      const created = conditions.condition(cond);
      if (created === false) continue;
      if (created === null) existence = new Unknown(`StackSet ${oneLine(logicalId)} is created only when its Condition ${oneLine(cond)} holds, which is known only at deployment`);
    }
    const props = asRecord(def['Properties']);
    const at = (name: string): SourceRange =>
      t.positions.getKey(['Resources', logicalId, 'Properties', name]) ?? t.positions.getKey(['Resources', logicalId]) ?? { file: t.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    const body = props['TemplateBody'];
    if (typeof body !== 'string') {
      const reason =
        hasOwn(props, 'TemplateURL') ? "the StackSet's template is at its TemplateURL (an S3 object read at deployment), so its resources cannot be seen: scan that template too"
        : hasOwn(props, 'TemplateBody') ? "the StackSet's TemplateBody is built at deployment (an intrinsic function), so its resources cannot be seen"
        : 'the StackSet names no template, so its resources cannot be seen';
      out.unseen.push({ address: logicalId, logicalId, scope: `${scopePrefix}#StackSet:${logicalId}`, range: at(hasOwn(props, 'TemplateURL') ? 'TemplateURL' : 'TemplateBody'), reason });
      continue;
    }
    const bodyRange = at('TemplateBody');
    let inner: CfnTemplate | null;
    try {
      inner = parseCloudFormation(t.file, body);
    } catch (e) {
      const why = e instanceof InputError ? e.message : (e as Error).message;
      out.unseen.push({ address: logicalId, logicalId, scope: `${scopePrefix}#StackSet:${logicalId}`, range: bodyRange, reason: `the StackSet's TemplateBody cannot be read (${oneLine(why)}), so its resources cannot be seen` });
      continue;
    }
    if (!inner) {
      out.unseen.push({ address: logicalId, logicalId, scope: `${scopePrefix}#StackSet:${logicalId}`, range: bodyRange, reason: "the StackSet's TemplateBody is not a CloudFormation template, so its resources cannot be seen" });
      continue;
    }
    const positions = mapPositions(t.file, inner.positions, outerText(), t.positions.get(['Resources', logicalId, 'Properties', 'TemplateBody']), body, bodyRange);
    const scope = `${scopePrefix}#StackSet:${logicalId}`;
    out.embedded.push({
      template: { ...inner, body: withPassedParameters(inner.body, props['Parameters'], logicalId), positions },
      logicalId,
      scope,
      ...(existence ? { existence } : {}),
    });
  }
  return out;
}

/**
 * The inline template's positions in the outer file. A YAML literal block (`TemplateBody: |`) keeps each
 * line of the inline template on a line of its own, indented: line k of the inline text is line
 * (block start + k) of the file, shifted by the indentation; that is checked line by line against the
 * file's text. Anything else (a JSON string with `\n` escapes, a folded or quoted YAML scalar) points
 * every position at the `TemplateBody` key.
 */
function mapPositions(
  file: string,
  inner: PositionIndex,
  outerText: string | undefined,
  valueRange: SourceRange | undefined,
  body: string,
  fallback: SourceRange,
): PositionIndex {
  const shift = outerText !== undefined && valueRange !== undefined ? literalBlockShift(outerText, valueRange, body) : undefined;
  const move = (r: SourceRange): SourceRange =>
    shift ?
      {
        file,
        start: { line: r.start.line + shift.lines, column: r.start.column + shift.columns },
        end: { line: r.end.line + shift.lines, column: r.end.column + shift.columns },
      }
    : fallback;
  return new MovedPositions(file, inner, move);
}

/**
 * The inline template's own index, asked lazily (a JSON template's index works out ranges on demand),
 * with each range moved into the outer file.
 */
export class MovedPositions extends PositionIndex {
  constructor(
    file: string,
    private readonly inner: PositionIndex,
    private readonly move: (r: SourceRange) => SourceRange,
  ) {
    super(file);
  }

  override get(path: readonly PathSegment[]): SourceRange | undefined {
    const r = this.inner.get(path);
    return r && this.move(r);
  }

  override getKey(path: readonly PathSegment[]): SourceRange | undefined {
    const r = this.inner.getKey(path);
    return r && this.move(r);
  }

  override nearest(path: readonly PathSegment[]): SourceRange | undefined {
    const r = this.inner.nearest(path);
    return r && this.move(r);
  }

  override *values(): IterableIterator<[string[], SourceRange]> {
    for (const [path, r] of this.inner.values()) yield [path, this.move(r)];
  }

  override *keys(): IterableIterator<[string[], SourceRange]> {
    for (const [path, r] of this.inner.keys()) yield [path, this.move(r)];
  }
}

/** How far the inline text sits from the file's start, when it is a literal block kept line for line. */
function literalBlockShift(outerText: string, valueRange: SourceRange, body: string): { lines: number; columns: number } | undefined {
  const lines = outerText.split('\n');
  const header = lines[valueRange.start.line - 1];
  if (header === undefined || !/^[|][+-]?\d?\s*(#.*)?$/.test(header.slice(valueRange.start.column - 1).trimEnd())) return undefined;
  const innerLines = body.split('\n');
  if (innerLines.at(-1) === '') innerLines.pop();
  const first = lines[valueRange.start.line];
  if (first === undefined) return undefined;
  const indent = first.length - first.trimStart().length;
  if (indent === 0) return undefined;
  for (let k = 0; k < innerLines.length; k++) {
    const line = lines[valueRange.start.line + k]?.replace(/\r$/, '');
    const want = innerLines[k]!;
    if (line === undefined) return undefined;
    if (want === '' ? line.trim() !== '' : line !== ' '.repeat(indent) + want) return undefined;
  }
  return { lines: valueRange.start.line, columns: indent };
}

/**
 * The values the StackSet passes (`Parameters: [{ParameterKey, ParameterValue}]`) as the inline
 * template's parameter defaults; one not written as a plain value is unknown, with the reason.
 */
export function withPassedParameters(body: Record<string, unknown>, passed: unknown, logicalId: string): Record<string, unknown> {
  if (!Array.isArray(passed) || passed.length === 0) return body;
  const declared = asRecord(body['Parameters']);
  const parameters: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(declared)) defineMember(parameters, name, decl);
  for (const item of passed) {
    const rec = asRecord(item);
    const key = rec['ParameterKey'];
    if (typeof key !== 'string' || !hasOwn(declared, key)) continue;
    const value = rec['ParameterValue'];
    const plain = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    defineMember(parameters, key, {
      ...asRecord(declared[key]),
      Default: plain ?? new Unknown(`parameter ${key} is passed by StackSet ${logicalId} as an expression known only at deployment`, [], false),
    });
  }
  return replaceParameters(body, parameters);
}

/** `body` with its `Parameters` section replaced (a child stack's, given the values its parent passes). */
export function replaceParameters(body: Record<string, unknown>, parameters: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) defineMember(out, k, k === 'Parameters' ? parameters : v);
  return out;
}
