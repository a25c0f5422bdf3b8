// Loading the Terraform configurations of a scan: files → module directories
// → root modules → module instances → evaluated resource instances.
//
// Every directory holding `.tf` files is a module. A directory that another
// one calls as a local module is evaluated inside each call, with the
// caller's inputs; the others are root modules, evaluated with their
// `terraform.tfvars` / `*.auto.tfvars` and the var files given to the scan.
// A file that does not parse is reported and the rest is still loaded.

import { InputError, type Diagnostic } from '../../../engine/diagnostics.js';
import { parseHcl } from '../hcl/parser.js';
import type { SourceRange } from '../../../engine/location.js';
import { MAX_DYNAMIC_BLOCKS } from './block-values.js';
import { CycleGuard } from './memo.js';
import { readModuleConfig, resourceKey, type ModuleConfig, type ResourceDecl, type SourceFile } from './module-config.js';
import { resetStringBudget } from '../hcl/string-budget.js';
import { ModuleInstance, type LoadContext, type VariableValue } from './module-instance.js';
import { directoryOf, escapesScan } from './paths.js';
import { Problems } from './problems.js';
import type { SourceResource } from './resource-node.js';
import { FileSuppressions } from './suppressions.js';
import { compareAutomaticVarFiles, isAutomaticVarFile, readVarFile, type VarFileInput } from './tfvars.js';

export interface TerraformSource {
  /** As shown in reports: repository-relative. */
  path: string;
  text: string;
}

export interface LoadTerraformOptions {
  /** Applied to every root module after its automatic var files, in order (like `-var-file`). */
  varFiles?: TerraformSource[];
}

/** Most resource instances one load produces; beyond it the configuration fans out absurdly. */
/**
 * Module and resource instances one load expands in full: far beyond any
 * configuration's sources (plans, which are read, not expanded, have no such
 * limit). Past it, blocks are checked once as written (see emitModule).
 */
export const MAX_INSTANCES_IN_FULL = 10_000;

interface Directory {
  files: SourceFile[];
  varFiles: VarFileInput[];
  /** Holds `.tf` files (even ones that failed to parse): it is a module. */
  isModule: boolean;
}

/**
 * Loads every configuration in `files` (`.tf`, plus `terraform.tfvars` and
 * `*.auto.tfvars` next to them; other files are ignored) and returns the
 * resource and data source instances they declare, evaluated statically.
 */
export function loadTerraform(files: readonly TerraformSource[], options: LoadTerraformOptions = {}): { resources: SourceResource[]; diagnostics: Diagnostic[] } {
  const problems = new Problems();
  const directories = readDirectories(files, problems);
  const configs = new Map<string, ModuleConfig>();
  for (const [path, dir] of [...directories].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (dir.isModule) configs.set(path, readModuleConfig(path, dir.files, problems));
  }
  reportMissingModules(configs, problems);

  const extraVars = (options.varFiles ?? []).map((f) => readVarFile(f, problems));
  const ctx: LoadContext = { problems, guard: new CycleGuard(), configs, defaults: new WeakMap(), dynamicBlockBudget: { remaining: MAX_DYNAMIC_BLOCKS } };
  const resources: SourceResource[] = [];
  const budget: InstanceBudget = { remaining: MAX_INSTANCES_IN_FULL, exhausted: false, writtenOnce: new Set() };
  resetStringBudget();
  for (const root of rootModules(configs)) {
    const values = new Map<string, VariableValue>();
    const automatic = [...directories.get(root.directory)!.varFiles].sort(compareAutomaticVarFiles);
    for (const file of automatic) for (const [k, v] of readVarFile(file, problems)) values.set(k, v);
    for (const file of extraVars) for (const [k, v] of file) values.set(k, v);
    emitModule(ModuleInstance.root(ctx, root, values), resources, budget);
  }
  return { resources, diagnostics: problems.diagnostics };
}

function readDirectories(files: readonly TerraformSource[], problems: Problems): Map<string, Directory> {
  const directories = new Map<string, Directory>();
  const directory = (path: string): Directory => {
    let d = directories.get(path);
    if (!d) directories.set(path, (d = { files: [], varFiles: [], isModule: false }));
    return d;
  };
  // Terraform reads a directory's files in lexical order; duplicates and ordering follow that.
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const dir = directoryOf(file.path);
    if (file.path.endsWith('.tf')) {
      const d = directory(dir);
      d.isModule = true;
      const parsed = parseSource(file, problems);
      if (parsed) d.files.push(parsed);
    } else if (isAutomaticVarFile(file.path)) directory(dir).varFiles.push(file);
  }
  return directories;
}

function parseSource(file: TerraformSource, problems: Problems): SourceFile | undefined {
  try {
    const hcl = parseHcl(file.text, file.path);
    return { path: file.path, text: file.text, hcl, suppressions: new FileSuppressions(hcl, file.text) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.error('parse-error', e.message, file.path, e.range);
    return undefined;
  }
}

function reportMissingModules(configs: ReadonlyMap<string, ModuleConfig>, problems: Problems): void {
  for (const config of configs.values()) {
    for (const call of config.calls.values()) {
      if (call.directory === undefined || configs.has(call.directory)) continue;
      const where = escapesScan(call.directory) ? 'outside the scanned files' : `no .tf files at ${call.directory} in the scan`;
      problems.warning('module-not-found', `module "${call.name}" (source "${call.source}"): ${where}; its outputs are unknown`, call.file, call.block.range);
    }
  }
}

/**
 * Directories no other directory calls, in path order; then any directory
 * not reachable from them (modules that only call each other), so that
 * nothing in the scan goes unchecked.
 */
function rootModules(configs: ReadonlyMap<string, ModuleConfig>): ModuleConfig[] {
  const called = new Set<string>();
  for (const config of configs.values()) {
    for (const call of config.calls.values()) if (call.directory !== undefined && call.directory !== config.directory) called.add(call.directory);
  }
  const roots = [...configs.values()].filter((c) => !called.has(c.directory));
  const reached = new Set<string>();
  const visit = (dir: string): void => {
    if (reached.has(dir)) return;
    reached.add(dir);
    for (const call of configs.get(dir)?.calls.values() ?? []) if (call.directory !== undefined && configs.has(call.directory)) visit(call.directory);
  };
  for (const root of roots) visit(root.directory);
  for (const config of configs.values()) {
    if (reached.has(config.directory)) continue;
    roots.push(config);
    visit(config.directory);
  }
  return roots;
}

interface InstanceBudget {
  /** Module and resource instances that may still be expanded in full. */
  remaining: number;
  exhausted: boolean;
  /** After exhaustion: the blocks already checked once as written. */
  writtenOnce: Set<ResourceDecl>;
}

/**
 * Appends the resource instances of `module` and of the modules it calls.
 * Within the budget every instance is checked; past it (a module with count
 * 10,000 around a resource with count 10,000, or modules nested 17 deep and
 * each called twice) each resource block is checked once as written, from
 * its first instance, and each module call is followed into its first
 * instance only: the scan stays linear in the size of the configuration,
 * and no block goes unchecked.
 */
function emitModule(module: ModuleInstance, out: SourceResource[], budget: InstanceBudget): void {
  if (!budget.exhausted && budget.remaining-- <= 0) exhaust(module, module.config.resources[0]?.block.range ?? firstCallRange(module), budget);
  for (const decl of module.config.resources) {
    const node = module.resource(resourceKey(decl.mode, decl.type, decl.name))!;
    const instances = guarded(module, decl.block.range, () => node.instances()) ?? [];
    for (const instance of instances) {
      if (!budget.exhausted && budget.remaining-- <= 0) exhaust(module, decl.block.range, budget);
      if (budget.exhausted) {
        if (budget.writtenOnce.has(decl)) break;
        budget.writtenOnce.add(decl);
      }
      const resource = guarded(module, decl.block.range, () => instance.toTerraformResource());
      if (resource) out.push(resource);
      if (budget.exhausted) break;
    }
  }
  for (const decl of module.config.calls.values()) {
    const node = module.call(decl.name)!;
    for (const child of guarded(module, decl.block.range, () => node.children()) ?? []) {
      emitModule(child.module, out, budget);
      if (budget.exhausted) break;
    }
  }
}

function exhaust(module: ModuleInstance, range: SourceRange | undefined, budget: InstanceBudget): void {
  budget.exhausted = true;
  const message = `The configuration expands to more than ${MAX_INSTANCES_IN_FULL} module and resource instances; from here on each resource block is checked once as written and each module call in its first instance`;
  if (range) module.problems.warning('too-many-instances', message, range.file, range);
  else module.problems.warning('too-many-instances', message, module.config.directory || '.', undefined);
}

function firstCallRange(module: ModuleInstance): SourceRange | undefined {
  for (const call of module.config.calls.values()) return call.block.range;
  return undefined;
}

/**
 * Runs one block's evaluation so that a failure of the loader itself (a bug,
 * or input beyond what it can handle, such as a stack overflow) costs that
 * block only, reported at its place, and never the whole scan.
 */
function guarded<T>(module: ModuleInstance, range: SourceRange, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    module.problems.warning('evaluation-failed', `Could not evaluate this block: ${message}`, range.file, range);
    return undefined;
  }
}
