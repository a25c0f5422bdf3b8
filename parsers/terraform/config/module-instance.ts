// One instance of a module: the root module of a configuration, or
// `module.audit["eu"]` called with its inputs. It answers every reference an
// expression in the module can make (var, local, resources, data sources,
// module outputs, count/each/dynamic iterators, path), evaluating each value
// on first use and remembering it.

import { posix } from 'node:path';
import { InputError } from '../../../core/diagnostics.js';
import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import type { Expression, TraversalExpr } from '../hcl/ast.js';
import { evaluate, traverse, type HclFunction } from '../hcl/evaluate.js';
import { parseHcl } from '../hcl/parser.js';
import { chargeString, MAX_STRING_LENGTH } from '../hcl/string-budget.js';
import { unresolvedReference } from '../hcl/references.js';
import { ValueError } from '../hcl/values.js';
import { moduleInstanceAddress } from './addresses.js';
import type { InstanceBinding } from './expansion.js';
import { cached, MAX_REFERENCE_DEPTH, NOT_CACHED, type CycleGuard, type MemoCache, type Unfollowable } from './memo.js';
import { MAX_MODULE_DEPTH, ModuleCallNode, type ChildModule, type ModuleCallHost } from './module-call.js';
import type { ModuleCallDecl, ModuleConfig, VariableDecl } from './module-config.js';
import type { UnreadModule } from './load.js';
import type { ModuleResolver } from './module-sources.js';
import { escapesScan, relativePath } from './paths.js';
import { DEFAULT_GLOB_BUDGET, PathGlobError, pathGlobMatch } from './path-glob.js';
import type { Problems } from './problems.js';
import { ResourceNode, type ResourceHost } from './resource-node.js';
import type { EvalScope } from './scope.js';
import { convertToType } from './type-constraint.js';
import { evaluateBlockGroup } from './block-values.js';
import { indexBody } from './body-index.js';
import { CREDENTIAL_SETTINGS, providerAccountScope, type ProviderAccount } from '../provider-account.js';

/** A root variable's value from a `.tfvars` file, with where it is written. */
export interface VariableValue {
  value: unknown;
  range: SourceRange;
}

/** Shared by every module instance of one load. */
export interface LoadContext {
  readonly problems: Problems;
  readonly guard: CycleGuard;
  /** The module directory at a normalized path (in the scan, or read beyond it within the repository root). */
  readonly config: (directory: string) => ModuleConfig | undefined;
  readonly resolver: ModuleResolver;
  /** Records a module call that is not read. */
  readonly unread: (module: UnreadModule) => void;
  /** Converted variable defaults, shared by every instance (defaults are constants). */
  readonly defaults: WeakMap<VariableDecl, unknown>;
  readonly dynamicBlockBudget: { remaining: number };
  /** `file()`: the text of a repository-relative file inside the repository root (see ModuleFiles.text). */
  readonly readFile?: (path: string) => string | undefined;
  /** `fileset()`: the files under a repository-relative directory inside the root (see ModuleFiles.list). */
  readonly listFiles?: (directory: string, limit: number) => { files: string[]; truncated: boolean } | undefined;
}

interface Caller {
  instance: ModuleInstance;
  call: ModuleCallDecl;
  /** Set when the call's count or for_each is known only after apply: its instances may not exist. */
  unknownExpansion?: Unknown;
  /** The calling module's scope, with the call instance's count.index / each bound. */
  scope: EvalScope;
}

export class ModuleInstance implements ResourceHost, ModuleCallHost<ModuleInstance>, ChildModule {
  readonly scope: EvalScope = { module: this };
  private readonly variables: MemoCache<string> = new Map();
  private readonly locals: MemoCache<string> = new Map();
  private readonly outputs: MemoCache<string> = new Map();
  private readonly resources = new Map<string, ResourceNode>();
  private readonly calls = new Map<string, ModuleCallNode<ModuleInstance>>();
  /** Prefix of cycle labels: values of different instances are different values. */
  private readonly label: string;
  /** Whether a calling module block (this one's or an ancestor's) sets `providers`. */
  readonly providersPassed: boolean;
  /** Set when this instance may not exist: its call's (or an ancestor call's) count or for_each is known only after apply. */
  readonly existence: Unknown | undefined;

  private constructor(
    readonly ctx: LoadContext,
    readonly config: ModuleConfig,
    /** '' for a root module. */
    readonly address: string,
    readonly ancestry: readonly string[],
    /** The root module's directory (normalized, `.` for the top), for `path.module` and to tell configurations apart. */
    readonly rootDirectory: string,
    private readonly caller: Caller | undefined,
    private readonly rootValues: ReadonlyMap<string, VariableValue> | undefined,
    /** The manifest key of this instance: call names from the root, dot-separated ('' for the root). */
    readonly moduleKey: string = '',
  ) {
    this.label = address === '' ? '' : `${address}.`;
    this.providersPassed = caller !== undefined && (caller.call.passesProviders || caller.instance.providersPassed);
    this.existence =
      caller?.unknownExpansion ?
        new Unknown(`${moduleInstanceAddress(caller.instance.address, caller.call.name, undefined)} has a count or for_each known only after apply (${caller.unknownExpansion.reason}), so it may create nothing`)
      : caller?.instance.existence;
  }

  /** The root module of a configuration, with its variables' values from `.tfvars` files. */
  static root(ctx: LoadContext, config: ModuleConfig, values: ReadonlyMap<string, VariableValue>): ModuleInstance {
    return new ModuleInstance(ctx, config, '', [config.directory], config.directory, undefined, values);
  }

  get problems(): Problems {
    return this.ctx.problems;
  }

  get guard(): CycleGuard {
    return this.ctx.guard;
  }

  get dynamicBlockBudget(): { remaining: number } {
    return this.ctx.dynamicBlockBudget;
  }

  child(call: ModuleCallDecl, config: ModuleConfig, binding: InstanceBinding, unknownExpansion?: Unknown): ModuleInstance {
    const scope: { -readonly [K in keyof EvalScope]: EvalScope[K] } = { module: this };
    if (binding.countIndex !== undefined) scope.countIndex = binding.countIndex;
    if (binding.each !== undefined) scope.each = binding.each;
    return new ModuleInstance(
      this.ctx,
      config,
      moduleInstanceAddress(this.address, call.name, binding.key),
      [...this.ancestry, config.directory],
      this.rootDirectory,
      { instance: this, call, scope, ...(unknownExpansion ? { unknownExpansion } : {}) },
      undefined,
      this.moduleKey === '' ? call.name : `${this.moduleKey}.${call.name}`,
    );
  }

  // ---------------------------------------------------------------- evaluation

  /** Evaluates `expr` in `scope`. An expression Terraform would reject is reported and gives an Unknown. */
  evaluate(expr: Expression, scope: EvalScope): unknown {
    try {
      return evaluate(expr, { lookup: (t) => this.lookup(t, scope), functions: this.fileFunctions });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const range = e.range ?? expr.range;
      this.problems.warning(e.code === 'parse-error' ? 'hcl-evaluation-error' : e.code, e.message, range.file, range);
      return new Unknown(`not evaluated: ${e.message}`, [], false);
    }
  }

  /** `file()` and `templatefile()` for this module (relative paths start at the root module's directory, as in Terraform). */
  private get fileFunctions(): ReadonlyMap<string, HclFunction> | undefined {
    const read = this.ctx.readFile;
    if (!read) return undefined;
    if (!this.files) {
      const file = fileFunction(this.rootDirectory, read);
      this.files = new Map([
        ['file', file],
        ['templatefile', templatefileFunction(this.rootDirectory, read, file)],
      ]);
      const list = this.ctx.listFiles;
      if (list) this.files.set('fileset', filesetFunction(this.rootDirectory, list));
    }
    return this.files;
  }

  private files?: Map<string, HclFunction>;

  reportCycle(cycle: string[], range: SourceRange, why: Unfollowable = 'cycle'): Unknown {
    const path = cycle.join(' → ');
    if (why === 'depth') {
      this.problems.warning('reference-depth', `References chained more than ${MAX_REFERENCE_DEPTH} deep (${path}); the value at the end is treated as unknown`, range.file, range);
      return new Unknown(`reached through more than ${MAX_REFERENCE_DEPTH} chained references (${path})`, [], false);
    }
    this.problems.warning('reference-cycle', `Reference cycle: ${path}; these values are treated as unknown`, range.file, range);
    return new Unknown(`refers to itself (${path})`, [], false);
  }

  private readonly providerAccounts = new Map<string, ProviderAccount | undefined>();

  /**
   * The account scope and label (provider-account.ts) of the provider configuration
   * that `key` (`aws`, `aws.audit`) names in this module: the module's own
   * `provider` block, else the caller's configuration that the module call's
   * `providers` map passes or, without that argument, the caller's default
   * configuration of that name (Terraform's implicit inheritance, which
   * covers default configurations only). Undefined: the ambient account.
   */
  providerAccount(key: string): ProviderAccount | undefined {
    if (this.providerAccounts.has(key)) return this.providerAccounts.get(key);
    let scope: ProviderAccount | undefined;
    const decl = this.config.providers.get(key);
    if (decl) {
      // Only the credential settings are evaluated: nothing else of a provider block bears on the account.
      const index = indexBody(decl.block.body);
      const settings = new Map<string, unknown>();
      for (const name of CREDENTIAL_SETTINGS) {
        const attribute = index.attributes.get(name);
        const blocks = index.blocks.get(name);
        if (attribute) settings.set(name, this.evaluate(attribute.expr, this.scope));
        else if (blocks) settings.set(name, evaluateBlockGroup(blocks, this.scope).values);
      }
      // Named as a plan's provider_config keys name it: `aws.audit`, `module.baseline:aws`.
      const name = this.address === '' ? key : `${this.address}:${key}`;
      scope = providerAccountScope(settings, name, `terraform-provider:${this.rootDirectory}:${this.label}provider.${key}`);
    } else if (this.caller) {
      const { call, instance } = this.caller;
      const passed = call.providers ? call.providers.get(key) : key.includes('.') ? undefined : key;
      if (passed !== undefined) scope = instance.providerAccount(passed);
    }
    this.providerAccounts.set(key, scope);
    return scope;
  }

  /** EvalContext.lookup: the value of a reference, or undefined to let the evaluator make it an Unknown. */
  lookup(t: TraversalExpr, scope: EvalScope): unknown {
    const found = this.resolve(t, scope);
    if (found !== undefined || this.address === '') return found;
    // Unresolved in a module: the evaluator's Unknown, with addresses qualified by this instance.
    const u = unresolvedReference(t);
    if (u.refs.length === 0) return u;
    return new Unknown(u.reason, u.refs.map((r) => ({ ...r, address: `${this.address}.${r.address}` })), u.present);
  }

  private resolve(t: TraversalExpr, scope: EvalScope): unknown {
    const iterator = scope.iterators?.get(t.root);
    if (iterator !== undefined) return traverse(iterator, t.steps);
    const first = t.steps[0];
    if (first?.kind !== 'attr') return undefined;
    const name = first.name;
    const steps = t.steps;
    switch (t.root) {
      case 'var': {
        const v = this.variable(name);
        return v === undefined ? undefined : traverse(v, steps, 1);
      }
      case 'local': {
        const v = this.local(name);
        return v === undefined ? undefined : traverse(v, steps, 1);
      }
      case 'count':
        return name === 'index' && scope.countIndex !== undefined ? traverse(scope.countIndex, steps, 1) : undefined;
      case 'each':
        return (name === 'key' || name === 'value') && scope.each ? traverse(scope.each[name], steps, 1) : undefined;
      case 'path':
        if (name === 'module') return traverse(relativePath(this.rootDirectory, this.config.directory), steps, 1);
        if (name === 'root') return traverse('.', steps, 1);
        return undefined;
      case 'module':
        return this.call(name)?.reference(steps.slice(1));
      case 'data': {
        const second = t.steps[1];
        if (second?.kind !== 'attr') return undefined;
        const node = this.resource(`data.${name}.${second.name}`);
        return node ? traverse(node.referenceValue(), steps, 2) : undefined;
      }
      case 'terraform':
      case 'self':
        return undefined;
      default: {
        const node = this.resource(`${t.root}.${name}`);
        return node ? traverse(node.referenceValue(), steps, 1) : undefined;
      }
    }
  }

  // ---------------------------------------------------------------- declarations

  variable(name: string): unknown {
    const decl = this.config.variables.get(name);
    if (!decl) return undefined;
    const hit = cached(this.variables, name);
    if (hit !== NOT_CACHED) return hit;
    return this.guard.memo(
      this.variables,
      name,
      `${this.label}var.${name}`,
      () => this.variableValue(decl),
      (cycle, why) => this.reportCycle(cycle, decl.block.range, why),
    );
  }

  private variableValue(decl: VariableDecl): unknown {
    let given: unknown;
    let at: SourceRange | undefined;
    if (this.caller) {
      const input = this.caller.call.inputs.get(decl.name);
      if (input) {
        given = this.caller.instance.evaluate(input.expr, this.caller.scope);
        at = input.range;
      }
    } else {
      const v = this.rootValues?.get(decl.name);
      if (v) {
        given = v.value;
        at = v.range;
      }
    }
    if (given === undefined || (given === null && !decl.nullable)) {
      if (decl.default) return this.defaultValue(decl);
      if (given === null) return null;
      const where = this.caller ? 'no default and no input' : 'no default, not set in a .tfvars file';
      return new Unknown(`variable "${decl.name}" has no value (${where})`, [], false);
    }
    return this.convert(decl, given, at!);
  }

  /** A variable's default, converted to its type; the same for every instance. */
  private defaultValue(decl: VariableDecl): unknown {
    if (this.ctx.defaults.has(decl)) return this.ctx.defaults.get(decl);
    // Defaults are constants: Terraform rejects references in them.
    const raw = this.evaluate(decl.default!.expr, { module: this });
    const value = this.convert(decl, raw, decl.default!.range);
    this.ctx.defaults.set(decl, value);
    return value;
  }

  private convert(decl: VariableDecl, value: unknown, at: SourceRange): unknown {
    if (!decl.type) return value;
    try {
      return convertToType(value, decl.type);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      this.problems.warning('invalid-variable-value', `Invalid value for variable "${decl.name}": ${e.message}`, at.file, at);
      return new Unknown(`invalid value for variable "${decl.name}"`, [], false);
    }
  }

  local(name: string): unknown {
    const decl = this.config.locals.get(name);
    if (!decl) return undefined;
    const hit = cached(this.locals, name);
    if (hit !== NOT_CACHED) return hit;
    return this.guard.memo(
      this.locals,
      name,
      `${this.label}local.${name}`,
      () => this.evaluate(decl.attribute.expr, this.scope),
      (cycle, why) => this.reportCycle(cycle, decl.attribute.range, why),
    );
  }

  output(name: string): unknown {
    const decl = this.config.outputs.get(name);
    if (!decl) return undefined;
    const hit = cached(this.outputs, name);
    if (hit !== NOT_CACHED) return hit;
    return this.guard.memo(
      this.outputs,
      name,
      `${this.label}output.${name}`,
      () => (decl.value ? this.evaluate(decl.value.expr, this.scope) : null),
      (cycle, why) => this.reportCycle(cycle, decl.block.range, why),
    );
  }

  /** A resource or data block by key (`aws_s3_bucket.logs`, `data.aws_region.current`). */
  resource(key: string): ResourceNode | undefined {
    let node = this.resources.get(key);
    if (node) return node;
    const decl = this.config.resourceIndex.get(key);
    if (!decl) return undefined;
    node = new ResourceNode(this, decl);
    this.resources.set(key, node);
    return node;
  }

  call(name: string): ModuleCallNode<ModuleInstance> | undefined {
    let node = this.calls.get(name);
    if (node) return node;
    const decl = this.config.calls.get(name);
    if (!decl) return undefined;
    const followed = this.followed(decl);
    node = new ModuleCallNode<ModuleInstance>(this, decl, followed.config, followed.unread);
    this.calls.set(name, node);
    return node;
  }

  /**
   * The configuration a module call leads to, if it is followed (reporting
   * cycles and excessive depth), or why it is not read.
   */
  private followed(decl: ModuleCallDecl): { config?: ModuleConfig; unread?: string } {
    if (decl.source === undefined) return {}; // reported as invalid-module-source
    const target = this.ctx.resolver.resolve(this.rootDirectory, this.moduleKey, decl);
    if ('unread' in target) {
      this.problems.note(target.code, target.unread, decl.file, decl.block.range);
      return { unread: target.unread };
    }
    const config = this.ctx.config(target.directory);
    if (!config) {
      const unread = `module "${decl.name}" (source "${decl.source}"): no .tf files at ${target.directory}; the checks its resources would answer are not judged`;
      this.problems.warning('module-not-found', unread, decl.file, decl.block.range);
      return { unread };
    }
    if (this.ancestry.includes(config.directory)) {
      const chain = [...this.ancestry.slice(this.ancestry.indexOf(config.directory)), config.directory].join(' → ');
      this.problems.warning('module-cycle', `module "${decl.name}" calls a module that is already being called (${chain}); it is not followed`, decl.file, decl.block.range);
      return {};
    }
    if (this.ancestry.length >= MAX_MODULE_DEPTH) {
      this.problems.warning('module-depth', `module "${decl.name}" is nested more than ${MAX_MODULE_DEPTH} modules deep; it is not followed`, decl.file, decl.block.range);
      return {};
    }
    return { config };
  }
}

/** Files `file()` reads: at most as long as any string the evaluator builds (the string budget counts them too). */
const MAX_FILE_FUNCTION_CHARS = MAX_STRING_LENGTH;

/**
 * A file function's path argument as a repository-relative path (relative to the root module's directory,
 * as Terraform has it), with how to show it; an Unknown saying why when it is absolute or leaves the root.
 */
function pathInRoot(name: string, path: string, rootDirectory: string): { target: string; shown: string } | Unknown {
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path).replace(/[\u007f-\u009f]/g, '?');
  if (path.startsWith('/') || path.includes('\0') || /^[A-Za-z]:[\\/]/.test(path)) return new Unknown(`${name}(${shown}) is an absolute path: trailguard reads only inside the repository`, [], false);
  const target = posix.normalize(posix.join(rootDirectory, path.replaceAll('\\', '/')));
  if (escapesScan(target)) return new Unknown(`${name}(${shown}) is outside the repository root: not read`, [], false);
  return { target, shown };
}

/**
 * The text of `path` (a file() or templatefile() argument) inside the repository root, or an Unknown
 * saying why it is not read: absolute, out of the root, unknown, or not a readable text file.
 */
function readInRoot(name: string, path: unknown, rootDirectory: string, read: (path: string) => string | undefined): string | Unknown {
  if (path instanceof Unknown) return new Unknown(`${name}() of a path known only at apply (${path.reason})`, path.refs, false);
  if (typeof path !== 'string') throw new ValueError(`function ${name}() expects a string path`);
  const where = pathInRoot(name, path, rootDirectory);
  if (where instanceof Unknown) return where;
  const { target, shown } = where;
  const text = read(target);
  if (text === undefined) return new Unknown(`${name}(${shown}) is not a readable text file inside the repository root`, [], false);
  if (text.length > MAX_FILE_FUNCTION_CHARS) return new Unknown(`${name}(${shown}) is larger than ${MAX_FILE_FUNCTION_CHARS} characters: not read`, [], false);
  return text;
}

/**
 * Terraform's `file(path)`, reading only inside the repository root: the policy documents, key and
 * bucket policies and SCPs a configuration keeps beside it (`file("${path.module}/scp.json")`) are then
 * judged like inline ones. Nothing outside the root is ever opened.
 */
function fileFunction(rootDirectory: string, read: (path: string) => string | undefined): HclFunction {
  return (args) => {
    if (args.length !== 1) throw new ValueError(`function file() expects 1 argument, got ${args.length}`);
    const text = readInRoot('file', args[0], rootDirectory, read);
    if (typeof text === 'string') chargeString(text.length);
    return text;
  };
}

/**
 * Terraform's `templatefile(path, vars)`: the file (read as file() reads it) rendered as a template
 * whose only names are the keys of `vars`, with the builtin functions and file(). The template is
 * parsed as the body of a heredoc, which has exactly a template file's syntax (`${…}`, `%{…}`, `$${`
 * and `%%{` escapes, no backslash escapes).
 */
function templatefileFunction(rootDirectory: string, read: (path: string) => string | undefined, file: HclFunction): HclFunction {
  return (args) => {
    if (args.length !== 2) throw new ValueError(`function templatefile() expects 2 arguments, got ${args.length}`);
    const text = readInRoot('templatefile', args[0], rootDirectory, read);
    if (typeof text !== 'string') return text;
    const vars = args[1];
    if (vars instanceof Unknown) return new Unknown(`templatefile() with variables known only at apply (${vars.reason})`, vars.refs, false);
    if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) throw new ValueError('function templatefile() expects an object of variables');
    const names = vars as Record<string, unknown>;
    let marker = 'TRAILGUARD_TEMPLATE_END';
    while (text.includes(marker)) marker += '_';
    const ended = text.endsWith('\n');
    let value: unknown;
    try {
      const parsed = parseHcl(`template = <<${marker}\n${text}${ended ? '' : '\n'}${marker}\n`, 'template');
      const expr = parsed.body.attributes[0]?.expr;
      if (!expr) throw new ValueError('the template could not be read');
      value = evaluate(expr, {
        lookup: (t) => {
          if (!Object.hasOwn(names, t.root)) throw new ValueError(`vars has no "${t.root.slice(0, 100)}"`);
          return traverse(names[t.root], t.steps);
        },
        functions: new Map([['file', file]]),
      });
    } catch (e) {
      // Reported at the templatefile() call: a line of the template would point into a file of its own.
      if (e instanceof InputError || e instanceof ValueError) throw new ValueError(`templatefile(): ${e.message.slice(0, 300)}`);
      throw e;
    }
    if (typeof value === 'string' && !ended && value.endsWith('\n')) return value.slice(0, -1);
    return value;
  };
}

/** Most files one fileset() returns; beyond it the set is unknown. */
const MAX_FILESET_FILES = 10_000;

/**
 * Terraform's `fileset(path, pattern)`: the files under `path` (relative to the root module's directory,
 * inside the repository root) whose path relative to it matches `pattern` (path-glob.ts), as a sorted
 * list. SCP repositories kept in Terraform are `for_each = fileset(...)` over policy files read with
 * `file()`: with both, each policy is judged. Anything not inside the root is an Unknown saying why.
 */
function filesetFunction(rootDirectory: string, list: (directory: string, limit: number) => { files: string[]; truncated: boolean } | undefined): HclFunction {
  return (args) => {
    if (args.length !== 2) throw new ValueError(`function fileset() expects 2 arguments, got ${args.length}`);
    const [path, pattern] = args;
    if (path instanceof Unknown || pattern instanceof Unknown) return new Unknown('fileset() of a path or pattern known only at apply', [...(path instanceof Unknown ? path.refs : []), ...(pattern instanceof Unknown ? pattern.refs : [])], false);
    if (typeof path !== 'string' || typeof pattern !== 'string') throw new ValueError('function fileset() expects a string path and a string pattern');
    const where = pathInRoot('fileset', path, rootDirectory);
    if (where instanceof Unknown) return where;
    const { target: directory, shown } = where;
    const listed = list(directory, MAX_FILESET_FILES);
    if (!listed) return new Unknown(`fileset(${shown}) is not a directory inside the repository root`, [], false);
    if (listed.truncated) return new Unknown(`fileset(${shown}) holds more than ${MAX_FILESET_FILES} files: not listed`, [], false);
    try {
      const budget = { left: DEFAULT_GLOB_BUDGET };
      return listed.files.filter((f) => pathGlobMatch(pattern.replace(/^\.\//, ''), f, budget));
    } catch (e) {
      if (e instanceof PathGlobError) throw new ValueError(`fileset(): ${e.message}`);
      throw e;
    }
  };
}

