// The plan's `configuration` section: the module tree as written, before
// evaluation. It is the only place a plan records *why* a value is unknown
// (`kms_key_id = aws_kms_key.trail.arn` → references ["aws_kms_key.trail.arn",
// "aws_kms_key.trail"]), which module call passed which input, and where each
// module's source lives.
//
// Shape (per module, recursively under module_calls.<name>.module):
//   { resources: [{ address, mode, type, name, expressions, count_expression?, for_each_expression? }],
//     module_calls: { <name>: { source, version_constraint?, expressions, module } },
//     outputs: { <name>: { expression } }, variables: {...} }
// An expression is { constant_value } or { references: [...] }; a nested
// block is an object of expressions (single) or an array of them (list/set),
// or an object keyed by label (map). Expressions in `dynamic` blocks are not
// recorded by Terraform at all.

import { posix } from 'node:path';
import { isObject, MAX_WALK_DEPTH, own, ownObject, ownString, type JsonObject } from './json-values.js';
import { Unknown } from '../../../core/unknown.js';
import { AWS_PROVIDERS, CREDENTIAL_SETTINGS, providerAccountScope, type ProviderAccount } from '../provider-account.js';

/** Where a module's code is, for mapping plan resources back to `.tf` files. */
export interface PlanModuleSource {
  /** Module path in the configuration, without instance keys: `module.audit.module.logs` ('' for the root). */
  moduleAddress: string;
  /** The module block's `source` exactly as written (`./modules/trail`, `terraform-aws-modules/cloudtrail/aws`); undefined for the root. */
  source?: string;
  /** The module block's `version` constraint, for registry modules. */
  versionConstraint?: string;
  /** True when the source is a local path (`./…` or `../…`) and so is every source above it. */
  local: boolean;
  /**
   * Directory of the module relative to the root module's directory (the
   * directory `terraform plan` ran in), POSIX separators: `.` for the root,
   * `modules/trail` for `source = "./modules/trail"`, `modules/logs` for a
   * `../logs` inside it. Undefined when any source on the way is remote: its
   * code is then only in `.terraform/modules`.
   */
  directory?: string;
}

/** Local paths as Terraform recognises them (it also accepts Windows separators). */
function isLocalSource(source: string): boolean {
  return /^\.\.?[/\\]/.test(source);
}

export class PlanConfiguration {
  private readonly modules = new Map<string, JsonObject>();
  private readonly resources = new Map<string, JsonObject>();
  /** Module calls by the *called* module's path: the call's inputs are there. */
  private readonly calls = new Map<string, JsonObject>();
  readonly sources = new Map<string, PlanModuleSource>();
  /** Set when the module tree was deeper than MAX_WALK_DEPTH and was cut. */
  truncated = false;

  /** `provider_config`: every provider configuration of the module tree, by key (`aws`, `aws.audit`, `module.m:aws`). */
  private readonly providerConfigs: JsonObject | undefined;
  private readonly providerAccounts = new Map<string, ProviderAccount | undefined>();

  /** `file`: the plan's, to tell apart configurations of different plans whose account is not known. */
  constructor(
    configuration: unknown,
    private readonly file = '',
  ) {
    this.providerConfigs = ownObject(configuration, 'provider_config');
    const root = ownObject(configuration, 'root_module');
    if (!root) return;
    this.sources.set('', { moduleAddress: '', local: true, directory: '.' });
    this.addModule('', root, '.', 0);
  }

  private addModule(path: string, module: JsonObject, directory: string | undefined, depth: number): void {
    if (depth > MAX_WALK_DEPTH) {
      this.truncated = true;
      return;
    }
    this.modules.set(path, module);
    const resources = own(module, 'resources');
    if (Array.isArray(resources)) {
      for (const resource of resources) {
        if (!isObject(resource)) continue;
        const key = configResourceKey(resource);
        if (key) this.resources.set(`${path}|${key}`, resource);
      }
    }
    const calls = ownObject(module, 'module_calls');
    if (!calls) return;
    for (const name of Object.keys(calls)) {
      const call = calls[name];
      if (!isObject(call)) continue;
      const childPath = path ? `${path}.module.${name}` : `module.${name}`;
      // "source" since Terraform 0.12; the docs once called it "resolved_source".
      const source = ownString(call, 'source') ?? ownString(call, 'resolved_source');
      const local = directory !== undefined && source !== undefined && isLocalSource(source);
      const childDirectory = local ? posix.normalize(posix.join(directory, source.replaceAll('\\', '/'))) : undefined;
      const entry: PlanModuleSource = { moduleAddress: childPath, local };
      if (source !== undefined) entry.source = source;
      const version = ownString(call, 'version_constraint');
      if (version) entry.versionConstraint = version;
      if (childDirectory !== undefined) entry.directory = childDirectory;
      this.sources.set(childPath, entry);
      this.calls.set(childPath, call);
      const child = ownObject(call, 'module');
      if (child) this.addModule(childPath, child, childDirectory, depth + 1);
    }
  }

  module(path: string): JsonObject | undefined {
    return this.modules.get(path);
  }

  /** The `module "<name>" {}` block that instantiates the module at `path`. */
  moduleCall(path: string): JsonObject | undefined {
    return this.calls.get(path);
  }

  resource(path: string, mode: 'managed' | 'data', type: string, name: string): JsonObject | undefined {
    return this.resources.get(`${path}|${mode === 'data' ? 'data.' : ''}${type}.${name}`);
  }

  /**
   * The account scope and label (provider-account.ts) of the provider
   * configuration a resource block is created through, named by its key. Terraform writes its
   * `provider_config_key` already resolved through the module calls'
   * `providers` maps (a module resource passed `aws.audit` says `aws.audit`).
   * The configuration's values are constants or references; a reference is
   * unknown here.
   */
  providerAccount(path: string, mode: 'managed' | 'data', type: string, name: string): ProviderAccount | undefined {
    return this.providerAccountOf(this.resource(path, mode, type, name));
  }

  /** providerAccount of the resource block `block` (what `resource` gave), for a caller that has it. */
  providerAccountOf(block: JsonObject | undefined): ProviderAccount | undefined {
    const key = ownString(block, 'provider_config_key');
    if (key === undefined) return undefined;
    if (this.providerAccounts.has(key)) return this.providerAccounts.get(key);
    const config = ownObject(this.providerConfigs, key);
    let scope: ProviderAccount | undefined;
    if (config && AWS_PROVIDERS.has(ownString(config, 'name') ?? '')) {
      const expressions = ownObject(config, 'expressions');
      const settings = new Map<string, unknown>();
      for (const name of CREDENTIAL_SETTINGS) {
        const node = own(expressions, name);
        if (node !== undefined) settings.set(name, settingValue(node, 0));
      }
      scope = providerAccountScope(settings, key, `terraform-provider:${this.file}:${key}`);
    }
    this.providerAccounts.set(key, scope);
    return scope;
  }

  /** Every resource block of the configuration, as `<module path>|<[data.]type.name>` (see `resource`). */
  resourceKeys(): IterableIterator<string> {
    return this.resources.keys();
  }
}

const UNKNOWN_SETTING = new Unknown('a provider argument known only when Terraform runs', [], false);

/** A provider argument's value: a constant, unknown for references, blocks as lists of objects of those. */
function settingValue(node: unknown, depth: number): unknown {
  if (depth > MAX_WALK_DEPTH) return UNKNOWN_SETTING;
  if (isExpression(node)) return Array.isArray(node['references']) || !Object.hasOwn(node, 'constant_value') ? UNKNOWN_SETTING : node['constant_value'];
  if (Array.isArray(node)) return node.map((block) => settingValue(block, depth + 1));
  if (isObject(node)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(node)) out[key] = settingValue(node[key], depth + 1);
    return out;
  }
  return UNKNOWN_SETTING;
}

/** `aws_s3_bucket.b` or `data.aws_iam_policy_document.p`, from mode/type/name (or the module-relative address). */
function configResourceKey(resource: JsonObject): string | undefined {
  const type = ownString(resource, 'type');
  const name = ownString(resource, 'name');
  if (type && name) return `${ownString(resource, 'mode') === 'data' ? 'data.' : ''}${type}.${name}`;
  return ownString(resource, 'address');
}

/** An expression object (`{references}` / `{constant_value}`), as opposed to a nested block's expressions. */
export function isExpression(node: unknown): node is JsonObject {
  return isObject(node) && (Array.isArray(node['references']) || Object.hasOwn(node, 'constant_value'));
}

/**
 * The configuration node that produces the value at `path` of a resource:
 * walks nested blocks by name and index and stops at the first expression,
 * since everything below an attribute (a list element, a map key) comes from
 * that one expression. Undefined when the path was not written (a computed
 * attribute such as `arn`, or a block from `dynamic`).
 *
 * Block indices are matched by position. That is exact for list blocks; for
 * set blocks Terraform may order values differently from the source, so with
 * several such blocks the refs can come from a sibling block.
 */
export function expressionAt(expressions: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = expressions;
  for (const step of path) {
    if (node === undefined || isExpression(node)) break;
    if (Array.isArray(node)) {
      node = typeof step === 'number' ? node[step] : undefined;
    } else if (typeof step === 'string') {
      node = own(node, step);
    }
    // A number against a single (non-list) block: the values print it as a
    // one-element list in some providers, so the index is not consumed.
  }
  return node;
}

/**
 * Whether the value at `path` lies below a constant the configuration writes
 * (`event_selectors = [{ read_write_type = "All" }]` is one `constant_value`):
 * a constant is known when Terraform plans, so a part of it the plan still
 * shows as unknown is one the constant leaves out and the provider computes.
 * Providers whose nested arguments are object attributes rather than blocks
 * (hashicorp/awscc) print every nested argument left out this way.
 */
export function belowConstant(expressions: unknown, path: readonly (string | number)[]): boolean {
  let node: unknown = expressions;
  for (let i = 0; i < path.length; i++) {
    if (node === undefined) return false;
    if (isExpression(node)) return i > 0 && Object.hasOwn(node, 'constant_value') && !Array.isArray(node['references']);
    const step = path[i]!;
    if (Array.isArray(node)) node = typeof step === 'number' ? node[step] : undefined;
    else if (typeof step === 'string') node = own(node, step);
  }
  return false;
}

/** Configuration nodes one referencesIn call visits at most: a block is never that large. */
const MAX_REFERENCE_WALK = 100_000;

/**
 * Reference strings that feed `node`: an expression's own, or for a whole
 * block every reference inside it (the block is unknown because of them).
 */
export function referencesIn(node: unknown): string[] {
  const into: string[] = [];
  collectReferences(node, into, 0, { left: MAX_REFERENCE_WALK });
  return into;
}

function collectReferences(node: unknown, into: string[], depth: number, budget: { left: number }): void {
  if (depth > MAX_WALK_DEPTH || --budget.left < 0) return;
  if (isExpression(node)) {
    const refs = node['references'];
    if (Array.isArray(refs)) for (const r of refs) if (typeof r === 'string') into.push(r);
    return;
  }
  if (Array.isArray(node)) {
    for (const item of node) collectReferences(item, into, depth + 1, budget);
  } else if (isObject(node)) {
    for (const key of Object.keys(node)) collectReferences(node[key], into, depth + 1, budget);
  }
}
