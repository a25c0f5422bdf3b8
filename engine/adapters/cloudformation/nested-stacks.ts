// Every CloudFormation template of a scan into the graph, together: loops and
// includes expanded first (parsers/cloudformation/language-extensions.ts),
// then nested stacks linked to the child templates that are in the scan, so a
// child is judged with the parameter values its parent passes. Whatever a
// template creates out of trailguard's sight (a custom macro, a nested stack
// whose template is elsewhere, a loop over a collection known only at
// deployment) becomes a stand-in of kind `unread_module` at the line that
// hides it: every check it could answer is then undetermined there, as for a
// Terraform module that was not read, never silently passed.

import { posix } from 'node:path';
import type { CfnTemplate } from '../../../parsers/cloudformation/index.js';
import { expandLanguageExtensions, needsExpansion, unseenTransforms, type IncludeReader, type UnseenPart } from '../../../parsers/cloudformation/language-extensions.js';
import { parseYamlDocuments } from '../../../parsers/cloudformation/yaml-template.js';
import { parseJsonWithPositions } from '../../../parsers/json-positions.js';
import { defineMember } from '../../../parsers/define-member.js';
import { hasOwn } from '../../../core/own.js';
import { rangeIn } from '../../../core/location.js';
import { pushAll } from '../../../parsers/arrays.js';
import { partitionOfRegion, type CdkStackEnvironment } from '../../cdk-manifest.js';
import { InputError, type Diagnostic } from '../../../core/diagnostics.js';
import { placeInAccount, unreadStandIn, type AccountPlacement, type Resource, type ResourceGraph } from '../../graph.js';
import { Unknown } from '../../../core/unknown.js';
import { asRecord } from '../convert.js';
import { adaptCloudFormation } from './adapter.js';
import { IntrinsicResolver, NO_VALUE } from './intrinsics.js';
import { replaceParameters, stackSetParts } from './stack-sets.js';
import { oneLine } from '../../../parsers/quote.js';

export interface ScannedTemplate {
  template: CfnTemplate;
  cdk?: CdkStackEnvironment;
  /** A template deployed by another resource (a Terraform stack set or stack): where its resources go. */
  embedded?: EmbeddedPlacement;
}

/** The resources of an inline template: named `<prefix>/<logical ID>`, in graph scope `scope`. */
export interface EmbeddedPlacement {
  prefix: string;
  scope: string;
  /** Deployed to other accounts (a stack set): account-level checks are judged in `scope` too. */
  ownAccounts: boolean;
  /** A stack (not a stack set) deployed by Terraform: the account scope of the provider configuration that deploys it. */
  accountScope?: string;
  /** How messages name that account (Resource.accountLabel); set with `accountScope`. */
  accountLabel?: string;
  /** Set when the stack or stack set may not be created (a condition or count known only at deployment). */
  existence?: Unknown;
}

/** Text of a file of the scan by its shown (repository-relative) path; undefined when it is not in the scan. */
export type ScannedFileReader = (shownPath: string) => string | undefined;

/** Nested stacks: the resource types whose template is another file. */
const NESTED_STACK_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);
/** Parents followed upward to resolve the parameters a stack receives (a chain of nested stacks). */
const MAX_STACK_DEPTH = 20;

interface Prepared {
  /** The template as written. */
  source: CfnTemplate;
  /** The template with loops and includes expanded (the same as `source` when it has none). */
  t: CfnTemplate;
  cdk?: CdkStackEnvironment;
  /** What macros and nested stacks hide. */
  unseen: UnseenPlaced[];
  /** What the expansion of loops and includes could not see, and its notes. */
  expansion?: { unseen: UnseenPart[]; diagnostics: Diagnostic[] };
  /** Nested stack resources of other templates that use this one as their template. */
  parents: { parent: Prepared; logicalId: string; existence?: Unknown }[];
  effective?: Record<string, unknown>;
  /** For an inline template (of a StackSet, or deployed by Terraform): where its resources go. */
  stackSet?: EmbeddedPlacement;
  /** StackSets inside StackSets: how deep this template is. */
  depth: number;
}

/** Inline StackSet templates inside inline StackSet templates: followed this deep. */
const MAX_STACK_SET_DEPTH = 3;

export function adaptCloudFormationTemplates(
  templates: readonly ScannedTemplate[],
  graph: ResourceGraph,
  diagnostics: Diagnostic[],
  readScanned: ScannedFileReader,
  adapted?: (template: CfnTemplate) => void,
): void {
  const readInclude = includeReader(readScanned);
  const prepared: Prepared[] = [];
  for (const { template, cdk, embedded } of templates) {
    const p = guarded(template.file, diagnostics, () => prepare(template, cdk, readInclude, diagnostics));
    if (!p) continue;
    if (embedded) p.stackSet = embedded;
    prepared.push(p);
  }
  const byFile = new Map(prepared.filter((p) => !p.stackSet).map((p) => [p.t.file, p]));
  // Inline StackSet templates join the list as templates of their own (stack-sets.ts).
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i]!;
    if (p.depth >= MAX_STACK_SET_DEPTH) continue;
    guarded(p.t.file, diagnostics, () => {
      // Lines map back only for a template read from its own file (an inline one's positions are already moved).
      const parts = stackSetParts(p.t, () => (p.depth === 0 && !p.stackSet ? readScanned(p.t.file) : undefined), p.stackSet?.scope ?? p.t.file);
      for (const part of parts.unseen) {
        // What the StackSet deploys goes to its target accounts: its stand-in is asked there, and does not
        // leave this template's own account checks undetermined.
        const prefix = p.stackSet ? `${p.stackSet.prefix}/${part.logicalId}` : part.logicalId;
        p.unseen.push({ address: part.address, range: part.range, reason: part.reason, account: { accountScope: part.scope, accountLabel: `the target accounts of StackSet ${oneLine(prefix)}` } });
        diagnostics.push({ level: 'note', code: 'cloudformation-unseen', file: p.t.file, range: part.range, message: `${part.address}: ${part.reason}` });
      }
      for (const e of parts.embedded) {
        const q = prepare(e.template, undefined, readInclude, diagnostics);
        const existence = e.existence ?? p.stackSet?.existence;
        q.stackSet = { prefix: p.stackSet ? `${p.stackSet.prefix}/${e.logicalId}` : e.logicalId, scope: e.scope, ownAccounts: true, ...(existence ? { existence } : {}) };
        q.depth = p.depth + 1;
        prepared.push(q);
      }
    });
  }
  // An inline template's nested stacks cannot be files of the scan (a StackSet's template must be self-contained).
  const none = new Map<string, Prepared>();
  for (const p of prepared) guarded(p.t.file, diagnostics, () => linkNestedStacks(p, p.stackSet ? none : byFile, diagnostics));
  for (const p of prepared) {
    guarded(p.t.file, diagnostics, () => {
      const parent = p.parents.length === 1 ? p.parents[0]!.parent : undefined;
      let t: CfnTemplate = { ...p.t, body: effectiveBody(p, 0) };
      let expansion = p.expansion;
      if (expansion && t.body !== p.t.body) {
        // A child's loops run over the values its parent passes: expand again with them.
        const again = expandLanguageExtensions(p.source.file, replaceParameters(p.source.body, t.body['Parameters']), p.source.positions, readInclude);
        t = { ...p.t, body: again.body, positions: again.positions };
        expansion = again;
      }
      if (expansion) pushAll(diagnostics, expansion.diagnostics);
      // A StackSet's resources deploy to its target accounts: a scope of their own, for links and account checks.
      // A Terraform-deployed stack goes to its provider configuration's account.
      const env: CdkStackEnvironment | undefined =
        p.stackSet ?
          p.stackSet.ownAccounts ? { stack: p.stackSet.prefix, accountScope: p.stackSet.scope, accountLabel: `the target accounts of StackSet ${oneLine(p.stackSet.prefix)}` }
          : p.stackSet.accountScope !== undefined ?
            {
              stack: p.stackSet.prefix,
              accountScope: p.stackSet.accountScope,
              accountLabel: p.stackSet.accountLabel ?? `the account of the provider configuration of ${oneLine(p.stackSet.prefix)}`,
            }
          : undefined
        : (p.cdk ?? parent?.cdk);
      adaptCloudFormation(t, graph, diagnostics, env, p.stackSet ? { scope: p.stackSet.scope, prefix: p.stackSet.prefix } : undefined, existenceOf(p, 0));
      if (!p.stackSet) adapted?.(t);
      for (const part of [...p.unseen, ...(expansion?.unseen ?? [])]) graph.add(standIn(p.t.file, part, env));
    });
  }
}

/**
 * Why a template's resources may not be created at all: its StackSet's condition or count, or, for a
 * nested stack, the condition of every nested stack resource that creates it (or of their own parents).
 */
function existenceOf(p: Prepared, depth: number): Unknown | undefined {
  if (p.stackSet) return p.stackSet.existence;
  if (p.parents.length === 0 || depth > MAX_STACK_DEPTH) return undefined;
  let first: Unknown | undefined;
  for (const link of p.parents) {
    const why = link.existence ?? existenceOf(link.parent, depth + 1);
    // Created for sure through one parent: created.
    if (!why) return undefined;
    first ??= why;
  }
  return first;
}

/** One template's failure is a diagnostic on that file; the other templates go on. */
function guarded<T>(file: string, diagnostics: Diagnostic[], work: () => T): T | undefined {
  try {
    return work();
  } catch (e) {
    if (e instanceof InputError) diagnostics.push({ level: 'error', code: e.code, file, message: e.message, ...(e.range ? { range: rangeIn(e.range, file) } : {}) });
    else diagnostics.push({ level: 'error', code: 'internal-error', file, message: `trailguard could not process this file (internal error: ${(e as Error).message})` });
    return undefined;
  }
}

function prepare(t: CfnTemplate, cdk: CdkStackEnvironment | undefined, readInclude: IncludeReader, diagnostics: Diagnostic[]): Prepared {
  const transforms = unseenTransforms(t.file, t.body, t.positions);
  pushAll(diagnostics, transforms.diagnostics);
  const base = { source: t, ...(cdk ? { cdk } : {}), unseen: transforms.unseen, parents: [], depth: 0 };
  if (!needsExpansion(t.body)) return { ...base, t };
  const x = expandLanguageExtensions(t.file, t.body, t.positions, readInclude);
  return { ...base, t: { ...t, body: x.body, positions: x.positions }, expansion: { unseen: x.unseen, diagnostics: x.diagnostics } };
}

/**
 * Each nested stack resource: linked to its template when that is a local
 * file of the scan (an un-packaged template names it by relative path; CDK
 * names it in `aws:asset:path`), otherwise a stand-in saying what is unseen.
 */
function linkNestedStacks(p: Prepared, byFile: Map<string, Prepared>, diagnostics: Diagnostic[]): void {
  const resources = asRecord(p.t.body['Resources']);
  let conditions: IntrinsicResolver | undefined;
  for (const [logicalId, raw] of Object.entries(resources)) {
    const def = asRecord(raw);
    const type = def['Type'];
    if (typeof type !== 'string' || !NESTED_STACK_TYPES.has(type)) continue;
    // A nested stack whose Condition is false is not created: no link (the child, if scanned, keeps its
    // own defaults) and nothing unseen.
    const cond = def['Condition'];
    let existence: Unknown | undefined;
    if (typeof cond === 'string') {
      conditions ??= new IntrinsicResolver(p.t.body);
      const created = conditions.condition(cond);
      if (created === false) continue;
      if (created === null) existence = new Unknown(`nested stack ${oneLine(logicalId)} is created only when its Condition ${oneLine(cond)} holds, which is known only at deployment`);
    }
    const props = asRecord(def['Properties']);
    const property = type === 'AWS::CloudFormation::Stack' ? 'TemplateURL' : 'Location';
    const written = props[property];
    const assetPath = asRecord(def['Metadata'])['aws:asset:path'];
    const location = typeof assetPath === 'string' ? assetPath : written;
    const range = p.t.positions.getKey(['Resources', logicalId, 'Properties', property]) ?? p.t.positions.getKey(['Resources', logicalId]) ?? p.t.positions.nearest(['Resources']) ?? { file: p.t.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    const hide = (reason: string): void => {
      p.unseen.push({ address: logicalId, range, reason });
      diagnostics.push({ level: 'note', code: 'cloudformation-unseen', file: p.t.file, range, message: `${logicalId}: ${reason}` });
    };
    if (type === 'AWS::Serverless::Application' && typeof location !== 'string' && hasOwn(asRecord(location), 'ApplicationId')) {
      hide('the nested application comes from the Serverless Application Repository, so its template and resources cannot be seen');
      continue;
    }
    if (typeof location !== 'string') {
      hide(`the nested stack's ${property} is known only at deployment, so its template and resources cannot be seen`);
      continue;
    }
    const local = localPath(p.t.file, location);
    const child = local === undefined ? undefined : byFile.get(local);
    if (child && child !== p) {
      child.parents.push({ parent: p, logicalId, ...(existence ? { existence } : {}) });
      continue;
    }
    hide(
      local === undefined ?
        `the nested stack's template ${oneLine(location)} is not a file of the scan (scan the un-packaged template and its nested templates together), so its resources cannot be seen`
      : `the nested stack's template ${local} is not in the scan (or not a template), so its resources cannot be seen`,
    );
  }
}

/**
 * A child's body with the parameters its one parent passes as defaults: literal values
 * as they are, expressions resolved with the parent's own (effective) values; what is
 * known only at deployment stays unknown, with the reason. A template used by several
 * parents keeps its own defaults (which parent's values would be the right ones?).
 */
function effectiveBody(p: Prepared, depth: number): Record<string, unknown> {
  if (p.effective) return p.effective;
  if (p.parents.length !== 1 || depth > MAX_STACK_DEPTH) return p.t.body;
  const { parent, logicalId } = p.parents[0]!;
  const parentBody = effectiveBody(parent, depth + 1);
  const stack = asRecord(asRecord(parentBody['Resources'])[logicalId]);
  const passed = asRecord(asRecord(stack['Properties'])['Parameters']);
  const declared = asRecord(p.t.body['Parameters']);
  const cdk = parent.cdk;
  const environment = cdk?.account && cdk.region ? { account: cdk.account, region: cdk.region, partition: partitionOfRegion(cdk.region) } : undefined;
  const resolver = new IntrinsicResolver(parentBody, environment);
  const parameters: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(declared)) {
    if (!hasOwn(passed, name)) {
      defineMember(parameters, name, decl);
      continue;
    }
    defineMember(parameters, name, { ...asRecord(decl), Default: passedValue(resolver.resolve(passed[name]), name, logicalId, parent.t.file) });
  }
  const body = replaceParameters(p.t.body, parameters);
  p.effective = body;
  return body;
}

/** What a child parameter is, given the parent's resolved value (CloudFormation passes strings). */
function passedValue(v: unknown, name: string, logicalId: string, parentFile: string): unknown {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) return v.map(String).join(',');
  const why = v instanceof Unknown ? v.reason : v === NO_VALUE ? 'AWS::NoValue' : 'not a plain value';
  // No references: logical IDs of the parent mean nothing in the child's template.
  return new Unknown(`parameter ${name} is passed by ${logicalId} in ${parentFile}: ${why}`, [], v instanceof Unknown ? v.present : false);
}

/** A template-relative path of the scan (`./audit.yaml`, `stacks/audit.json`), or undefined for URLs and paths leaving the root. */
function localPath(templateFile: string, location: string): string | undefined {
  if (location === '' || location.includes('://') || location.startsWith('/') || location.includes('\\') || location.includes('\u0000')) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(templateFile), location));
  if (joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined)) return undefined;
  return joined;
}

/** Reads `AWS::Include` snippets that are files of the scan (YAML or JSON), with their positions. */
function includeReader(readScanned: ScannedFileReader): IncludeReader {
  // An include inside a loop is read once, not once per item.
  const cache = new Map<string, ReturnType<IncludeReader>>();
  const read = (path: string): ReturnType<IncludeReader> => {
    const text = readScanned(path);
    if (text === undefined) return { reason: `${path} is not in the scan` };
    try {
      if (/^\s*[[{]/.test(text.slice(0, 64))) {
        const json = parseJsonWithPositions(text, path);
        return { value: json.value, positions: json.positions };
      }
      const doc = parseYamlDocuments(text, path)[0];
      if (!doc) return { reason: `${path} is empty` };
      return { value: doc.value, positions: doc.positions };
    } catch (e) {
      return { reason: `${path} cannot be read (${oneLine((e as Error).message)})` };
    }
  };
  return (fromFile, location) => {
    const path = localPath(fromFile, location);
    if (path === undefined) return { reason: 'the included file is not a file of the scan (an S3 location, read at deployment, or a path leaving the repository)' };
    let result = cache.get(path);
    if (result === undefined) cache.set(path, (result = read(path)));
    return result;
  };
}

/** What a template creates out of sight; in another account than the template's own (a StackSet's targets) when `account` says so. */
type UnseenPlaced = UnseenPart & { account?: AccountPlacement };

/** The graph's stand-in for what a template creates out of sight. */
function standIn(file: string, part: UnseenPlaced, cdk: CdkStackEnvironment | undefined): Resource {
  const id = `${file}#${part.address}@${part.range.start.line}:${part.range.start.column}`;
  const r = unreadStandIn({ address: part.address, nativeType: 'cloudformation', source: 'cloudformation', range: rangeIn(part.range, file), id, unread: part.address, reason: part.reason });
  placeInAccount(r, part.account ?? cdk);
  return r;
}
