// Loading the Terraform configurations of a scan: files → module directories
// → root modules → module instances → evaluated resource instances.
//
// Every directory holding `.tf` files is a module. A directory that another
// one calls as a local module is evaluated inside each call, with the
// caller's inputs; the others are root modules, evaluated with their
// `terraform.tfvars` / `*.auto.tfvars` and the var files given to the scan.
// A file that does not parse is reported and the rest is still loaded.

import { InputError, type Diagnostic } from '../../../core/diagnostics.js';
import { likelyName } from '../../../core/likely-name.js';
import { parseHcl } from '../hcl/parser.js';
import { plainRange, type SourceRange } from '../../../core/location.js';
import { MAX_DYNAMIC_BLOCKS } from './block-values.js';
import { ValueError } from '../hcl/values.js';
import { CycleGuard } from './memo.js';
import { readModuleConfig, resourceKey, type ModuleConfig, type ResourceDecl, type SourceFile } from './module-config.js';
import { resetStringBudget } from '../hcl/string-budget.js';
import { ModuleInstance, type LoadContext, type VariableValue } from './module-instance.js';
import { ModuleResolver, type ModuleFiles } from './module-sources.js';
import { directoryOf, isConfigurationFile, tofuShadowOf } from './paths.js';
import { parseTerraformJson } from './json-config.js';
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
  /**
   * Reads module directories beyond `files` (registry and git modules that
   * `terraform init` installed under `.terraform/modules`, local sources such
   * as `../../` outside the scanned paths) and root modules' `modules.json`.
   * Without it only modules among `files` are followed.
   */
  moduleFiles?: ModuleFiles;
}

/**
 * A module call whose source was not read (not installed, outside the
 * repository root, not found): whatever it creates is unknown, so the checks
 * its resources would answer cannot be judged.
 */
export interface UnreadModule {
  /** `module.trail`, `module.org.module.trail["a"]`. */
  address: string;
  source: string;
  /** Why, as a sentence. */
  reason: string;
  /** The module block. */
  range: SourceRange;
  /** The configuration (root module directory, '' for the top) it belongs to. */
  rootDirectory: string;
  /** The account scope of the AWS provider configuration the module runs with (see ModuleInstance.providerAccount). */
  accountScope?: string;
  /** How messages name that account; set with `accountScope`. */
  accountLabel?: string;
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
export function loadTerraform(
  files: readonly TerraformSource[],
  options: LoadTerraformOptions = {},
): { resources: SourceResource[]; diagnostics: Diagnostic[]; unreadModules: UnreadModule[] } {
  const problems = new Problems();
  const directories = readDirectories(files, problems);
  const configs = new Map<string, ModuleConfig | undefined>();
  for (const [path, dir] of [...directories].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (dir.isModule) configs.set(path, readModuleConfig(path, dir.files, problems));
  }

  const extraVars = (options.varFiles ?? []).map((f) => readVarFile(f, problems));
  const rootDirectories = rootModules(configs).map((c) => c.directory);
  const moduleFiles = options.moduleFiles;
  const config = (directory: string): ModuleConfig | undefined => {
    if (configs.has(directory)) return configs.get(directory);
    // A module directory beyond the scanned files, read once (or known to hold nothing).
    const listed = moduleFiles?.files(directory);
    const read = listed && withoutShadowedFiles(listed, problems);
    const parsed = read ? read.map((f) => parseSource(f, problems)).filter((f): f is SourceFile => f !== undefined) : undefined;
    const loaded = read && read.length > 0 ? readModuleConfig(directory, parsed!, problems) : undefined;
    configs.set(directory, loaded);
    return loaded;
  };
  const unreadModules: UnreadModule[] = [];
  const ctx: LoadContext = {
    problems,
    guard: new CycleGuard(),
    config,
    resolver: new ModuleResolver(moduleFiles, (d) => problems.add(d.level, d.code, d.message, d.file, d.range)),
    unread: (u) => unreadModules.push(u),
    defaults: new WeakMap(),
    dynamicBlockBudget: { remaining: MAX_DYNAMIC_BLOCKS },
    ...(moduleFiles?.text ? { readFile: cachedReader(moduleFiles.text.bind(moduleFiles)) } : {}),
    ...(moduleFiles?.list ? { listFiles: cachedLister(moduleFiles.list.bind(moduleFiles)) } : {}),
  };
  const resources: SourceResource[] = [];
  const budget: InstanceBudget = { remaining: MAX_INSTANCES_IN_FULL, exhausted: false, writtenOnce: new Set() };
  resetStringBudget();
  for (const directory of rootDirectories) {
    const root = configs.get(directory)!;
    const values = new Map<string, VariableValue>();
    const automatic = [...directories.get(root.directory)!.varFiles].sort(compareAutomaticVarFiles);
    for (const file of automatic) {
      const read = readVarFile(file, problems);
      warnUndeclared(read, [root], problems);
      for (const [k, v] of read) values.set(k, v);
    }
    for (const file of extraVars) for (const [k, v] of file) values.set(k, v);
    emitModule(ModuleInstance.root(ctx, root, values), resources, budget);
  }
  // A file given with --var-file serves every root module: a value no root module declares is for none.
  const roots = rootDirectories.map((d) => configs.get(d)!);
  if (roots.length > 0) for (const file of extraVars) warnUndeclared(file, roots, problems);
  return { resources, diagnostics: problems.diagnostics, unreadModules };
}

/**
 * A variables file's value for a variable that none of `modules` declares: Terraform warns ("Value for
 * undeclared variable") and ignores it, and so does the scan, which judges what Terraform would deploy.
 * Said at its line with the name most likely meant, since a misspelt name (`log_validaton`) means the
 * value the author set is not the one deployed.
 */
function warnUndeclared(values: ReadonlyMap<string, VariableValue>, modules: readonly ModuleConfig[], problems: Problems): void {
  for (const [name, value] of values) {
    if (modules.some((m) => m.variables.has(name))) continue;
    const declared = [...new Set(modules.flatMap((m) => [...m.variables.keys()]))];
    const near = likelyName(name, declared);
    problems.warning(
      'undeclared-variable',
      `value for undeclared variable "${name}"${near ? ` (did you mean "${near}"?)` : ''}: no variable block of the configuration declares it, so Terraform ignores it (with a warning) and so does trailguard`,
      value.range.file,
      value.range,
    );
  }
}

function readDirectories(files: readonly TerraformSource[], problems: Problems): Map<string, Directory> {
  const directories = new Map<string, Directory>();
  const directory = (path: string): Directory => {
    let d = directories.get(path);
    if (!d) directories.set(path, (d = { files: [], varFiles: [], isModule: false }));
    return d;
  };
  // Terraform reads a directory's files in lexical order; duplicates and ordering follow that.
  const sorted = withoutShadowedFiles(files, problems).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const dir = directoryOf(file.path);
    if (isConfigurationFile(file.path)) {
      const d = directory(dir);
      d.isModule = true;
      const parsed = parseSource(file, problems);
      if (parsed) d.files.push(parsed);
    } else if (isAutomaticVarFile(file.path)) directory(dir).varFiles.push(file);
  }
  return directories;
}

/**
 * `files` without the `.tf`/`.tf.json` files that OpenTofu ignores because a
 * same-named `.tofu`/`.tofu.json` is beside them. Each one is noted, naming
 * both files, so the user knows which of the two was judged.
 */
function withoutShadowedFiles<T extends { path: string }>(files: readonly T[], problems: Problems): T[] {
  const paths = new Set(files.map((f) => f.path));
  return files.filter((f) => {
    const tofu = tofuShadowOf(f.path, paths);
    if (tofu === undefined) return true;
    problems.note('shadowed-by-tofu', `not read: ${tofu} is beside it, and OpenTofu reads ${tofu} in its place (Terraform would read this file and ignore ${tofu}); ${tofu} is the one judged`, f.path);
    return false;
  });
}

function parseSource(file: TerraformSource, problems: Problems): SourceFile | undefined {
  try {
    let hcl;
    if (file.path.endsWith('.json')) {
      const parsed = parseTerraformJson(file.text, file.path);
      hcl = parsed.hcl;
      for (const w of parsed.warnings) problems.add(w.level, w.code, w.message, w.file, w.range);
    } else hcl = parseHcl(file.text, file.path);
    return { path: file.path, text: file.text, hcl, suppressions: new FileSuppressions(hcl, file.text) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.error('parse-error', e.message, file.path, e.range);
    return undefined;
  }
}

/**
 * Directories no other directory calls, in path order; then any directory
 * not reachable from them (modules that only call each other), so that
 * nothing in the scan goes unchecked.
 */
function rootModules(all: ReadonlyMap<string, ModuleConfig | undefined>): ModuleConfig[] {
  const configs = new Map<string, ModuleConfig>();
  for (const [k, v] of all) if (v) configs.set(k, v);
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
 *
 * `callSite`: for a module installed by `terraform init` (under `.terraform/`,
 * not in the repository), the module block in the repository that leads to it.
 * Its resources are reported there, where the user can act and code scanning
 * can annotate, rather than in files nobody commits.
 */
function emitModule(module: ModuleInstance, out: SourceResource[], budget: InstanceBudget, callSite?: SourceRange): void {
  if (!budget.exhausted && budget.remaining-- <= 0) exhaust(module, module.config.resources[0]?.block.range ?? firstCallRange(module), budget);
  // Module calls are resolved first, so that what is said about them comes in source order.
  for (const decl of module.config.calls.values()) module.call(decl.name);
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
      if (resource && callSite && isInstalledModuleFile(resource.file)) atCallSite(resource, callSite);
      if (resource) out.push(resource);
      if (budget.exhausted) break;
    }
  }
  for (const decl of module.config.calls.values()) {
    const node = module.call(decl.name)!;
    if (node.unread !== undefined) {
      const expansion = guarded(module, decl.block.range, () => node.expansion());
      if (expansion?.kind === 'known' && expansion.instances.length === 0) continue;
      const passedAws = decl.providers ? decl.providers.get('aws') : 'aws';
      const account = passedAws === undefined ? undefined : module.providerAccount(passedAws);
      module.ctx.unread({
        address: node.address,
        source: decl.source ?? '',
        reason: node.unread,
        range: plainRange(decl.block.range),
        rootDirectory: module.rootDirectory === '.' ? '' : module.rootDirectory,
        ...(account === undefined ? {} : { accountScope: account.accountScope, accountLabel: account.accountLabel }),
      });
      continue;
    }
    for (const child of guarded(module, decl.block.range, () => node.children()) ?? []) {
      const site = callSite ?? (isInstalledModuleFile(child.module.config.directory + '/') ? plainRange(decl.block.range) : undefined);
      emitModule(child.module, out, budget, site);
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

/** Inside a `.terraform` directory: installed by `terraform init`, not part of the repository. */
function isInstalledModuleFile(path: string): boolean {
  return path.startsWith('.terraform/') || path.includes('/.terraform/');
}

function atCallSite(resource: SourceResource, site: SourceRange): void {
  resource.file = site.file;
  resource.range = site;
  resource.declaredAt = site;
  // Attribute positions would point into the installed copy: findings go to the module block.
  resource.locate = () => undefined;
}

/**
 * Runs one block's evaluation so that a failure of the loader itself (a bug,
 * or input beyond what it can handle, such as a stack overflow) costs that
 * block only, reported at its place, and never the whole scan. It is an error (a
 * parse-error finding), not a warning: the block's resources are not in the
 * graph, so whatever they would have failed must not pass unnoticed.
 */
function guarded<T>(module: ModuleInstance, range: SourceRange, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    // An input problem (InputError, ValueError) or input past what the evaluator can hold (a RangeError:
    // the stack, a string's length) is said as it is; anything else the evaluator never throws on
    // purpose, so it is our bug and says so (the fuzzer looks for these words).
    const expected = e instanceof InputError || e instanceof ValueError || e instanceof RangeError;
    const message = expected ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    module.problems.error('evaluation-failed', `Could not evaluate this block (${message})`, range.file, range);
    return undefined;
  }
}

/** file() in a loop or a module called many times reads its file once per load. */
function cachedReader(read: (path: string) => string | undefined): (path: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (path) => {
    if (!texts.has(path)) texts.set(path, read(path));
    return texts.get(path);
  };
}

/** fileset() in a loop or a module called many times walks its directory once per load. */
function cachedLister(
  list: (directory: string, limit: number) => { files: string[]; truncated: boolean } | undefined,
): (directory: string, limit: number) => { files: string[]; truncated: boolean } | undefined {
  const listings = new Map<string, { files: string[]; truncated: boolean } | undefined>();
  return (directory, limit) => {
    const key = `${limit}\u0000${directory}`;
    if (!listings.has(key)) listings.set(key, list(directory, limit));
    return listings.get(key);
  };
}

