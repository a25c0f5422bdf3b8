// The declarations of one module directory, read once from its parsed files
// and shared by every instance of the module: variables, locals, outputs,
// resources, data sources and module calls.
//
// Nothing is evaluated here; this is the static shape of the module.

import type { Suppression } from '../../../core/suppression.js';
import { InputError } from '../../../core/diagnostics.js';
import { staticString, type Attribute, type Block, type Expression, type HclFile } from '../hcl/ast.js';
import type { ResourceMode } from './addresses.js';
import { attributeOf, indexBody, type BodyIndex } from './body-index.js';
import { isLocalSource, isOverrideFile, joinPath } from './paths.js';
import { mergeBlock, RESOURCE_MERGED_BLOCKS } from './override.js';
import type { SourceRange } from '../../../core/location.js';
import type { Problems } from './problems.js';
import type { FileSuppressions } from './suppressions.js';
import { parseTypeConstraint, type TypeConstraint } from './type-constraint.js';

/** A `.tf` file that parsed. */
export interface SourceFile {
  path: string;
  text: string;
  hcl: HclFile;
  suppressions: FileSuppressions;
}

export interface VariableDecl {
  name: string;
  block: Block;
  file: string;
  type?: TypeConstraint;
  default?: Attribute;
  /** `nullable = false`: a null input means "use the default". */
  nullable: boolean;
}

export interface LocalDecl {
  name: string;
  attribute: Attribute;
  file: string;
}

export interface OutputDecl {
  name: string;
  block: Block;
  file: string;
  value?: Attribute;
}

export interface ResourceDecl {
  mode: ResourceMode;
  type: string;
  name: string;
  block: Block;
  file: string;
  /** Arguments and nested blocks that are values (meta-arguments left out). */
  body: BodyIndex;
  count?: Attribute;
  forEach?: Attribute;
  /** The `provider` meta-argument as written (`aws.us_east_1`), when set. */
  provider?: string;
  suppressions: Suppression[];
}

export interface ModuleCallDecl {
  name: string;
  block: Block;
  file: string;
  source?: string;
  /** The called directory, normalized, when the source is a local path. */
  directory?: string;
  /** Arguments that set the module's variables. */
  inputs: Map<string, Attribute>;
  /** `providers = { aws = aws.audit }`: the module runs with other provider configurations. */
  passesProviders: boolean;
  /**
   * That map, as configuration names: the child's (`aws`, `aws.west`) → the
   * caller's (`aws.audit`). Undefined without a `providers` argument (the
   * child then inherits the caller's default configurations).
   */
  providers?: Map<string, string>;
  count?: Attribute;
  forEach?: Attribute;
}

export interface ModuleConfig {
  directory: string;
  files: SourceFile[];
  variables: Map<string, VariableDecl>;
  locals: Map<string, LocalDecl>;
  outputs: Map<string, OutputDecl>;
  /** In file order, then source order. */
  resources: ResourceDecl[];
  /** `aws_s3_bucket.logs` / `data.aws_region.current` → declaration. */
  resourceIndex: Map<string, ResourceDecl>;
  calls: Map<string, ModuleCallDecl>;
  /** `provider "aws" { alias = "audit" }` blocks by configuration name (`aws`, `aws.audit`). */
  providers: Map<string, ProviderDecl>;
}

export interface ProviderDecl {
  /** `aws` or `aws.audit`. */
  key: string;
  block: Block;
  file: string;
}

const RESOURCE_META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on']);
const RESOURCE_META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);
const MODULE_META_ATTRIBUTES = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export function resourceKey(mode: ResourceMode, type: string, name: string): string {
  return mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
}

/** Reads the declarations of the files of one directory (sorted by path, as Terraform loads them). */
export function readModuleConfig(directory: string, files: SourceFile[], problems: Problems): ModuleConfig {
  const config: ModuleConfig = {
    directory,
    files,
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: [],
    resourceIndex: new Map(),
    calls: new Map(),
    providers: new Map(),
  };
  const duplicate = (what: string, block: Block | Attribute, file: string, first: string): void =>
    problems.warning('duplicate-declaration', `${what} is already declared in ${first}; this declaration is ignored`, file, 'typeRange' in block ? block.range : block.nameRange);

  const overrides = files.filter((f) => isOverrideFile(f.path));
  for (const file of files) {
    if (isOverrideFile(file.path)) continue;
    for (const block of file.hcl.body.blocks) {
      switch (block.type) {
        case 'variable': {
          const name = block.labels[0];
          if (name === undefined) break;
          if (config.variables.has(name)) duplicate(`variable "${name}"`, block, file.path, config.variables.get(name)!.file);
          else config.variables.set(name, readVariable(name, block, file.path, problems));
          break;
        }
        case 'locals':
          for (const attribute of block.body.attributes) {
            if (config.locals.has(attribute.name)) duplicate(`local.${attribute.name}`, attribute, file.path, config.locals.get(attribute.name)!.file);
            else config.locals.set(attribute.name, { name: attribute.name, attribute, file: file.path });
          }
          break;
        case 'output': {
          const name = block.labels[0];
          if (name === undefined) break;
          const value = attributeOf(block.body, 'value');
          if (config.outputs.has(name)) duplicate(`output "${name}"`, block, file.path, config.outputs.get(name)!.file);
          else config.outputs.set(name, { name, block, file: file.path, ...(value ? { value } : {}) });
          break;
        }
        case 'resource':
        case 'data': {
          const type = block.labels[0];
          const name = block.labels[1];
          if (type === undefined || name === undefined || block.labels.length !== 2) break;
          const decl = readResource(block.type === 'data' ? 'data' : 'managed', type, name, block, file);
          const key = resourceKey(decl.mode, type, name);
          if (config.resourceIndex.has(key)) duplicate(key, block, file.path, config.resourceIndex.get(key)!.file);
          else {
            config.resourceIndex.set(key, decl);
            config.resources.push(decl);
          }
          break;
        }
        case 'module': {
          const name = block.labels[0];
          if (name === undefined) break;
          if (config.calls.has(name)) duplicate(`module "${name}"`, block, file.path, config.calls.get(name)!.file);
          else config.calls.set(name, readModuleCall(name, block, file.path, directory, problems));
          break;
        }
        case 'provider': {
          const key = providerKey(block);
          if (key === undefined) break;
          if (config.providers.has(key)) duplicate(`provider "${key}"`, block, file.path, config.providers.get(key)!.file);
          else config.providers.set(key, { key, block, file: file.path });
          break;
        }
        default:
          // terraform, moved, import, check, removed: nothing to evaluate.
          break;
      }
    }
  }
  for (const file of overrides) applyOverrides(config, file, problems);
  return config;
}

/** Merges the blocks of one override file into the declarations (see override.ts). */
function applyOverrides(config: ModuleConfig, file: SourceFile, problems: Problems): void {
  const missing = (what: string, range: SourceRange): void =>
    problems.warning('override-without-original', `${what} in an override file overrides nothing: no other file of this module declares it; it is ignored`, file.path, range);
  for (const block of file.hcl.body.blocks) {
    const name = block.labels[0];
    switch (block.type) {
      case 'resource':
      case 'data': {
        const type = block.labels[0];
        const label = block.labels[1];
        if (type === undefined || label === undefined || block.labels.length !== 2) break;
        const mode = block.type === 'data' ? 'data' : 'managed';
        const key = resourceKey(mode, type, label);
        const original = config.resourceIndex.get(key);
        if (!original) {
          missing(key, block.range);
          break;
        }
        const merged = mergeBlock(original.block, block, RESOURCE_MERGED_BLOCKS);
        const originalFile = config.files.find((f) => f.path === original.file)!;
        const decl = readResource(mode, type, label, merged, originalFile);
        decl.suppressions = [...original.suppressions, ...file.suppressions.forBlock(block)];
        config.resourceIndex.set(key, decl);
        config.resources[config.resources.indexOf(original)] = decl;
        break;
      }
      case 'variable': {
        const original = name === undefined ? undefined : config.variables.get(name);
        if (!original) missing(`variable "${name ?? ''}"`, block.range);
        else config.variables.set(name!, readVariable(name!, mergeBlock(original.block, block), original.file, problems));
        break;
      }
      case 'output': {
        const original = name === undefined ? undefined : config.outputs.get(name);
        if (!original) {
          missing(`output "${name ?? ''}"`, block.range);
          break;
        }
        const merged = mergeBlock(original.block, block);
        const value = attributeOf(merged.body, 'value');
        config.outputs.set(name!, { name: name!, block: merged, file: original.file, ...(value ? { value } : {}) });
        break;
      }
      case 'module': {
        const original = name === undefined ? undefined : config.calls.get(name);
        if (!original) missing(`module "${name ?? ''}"`, block.range);
        else config.calls.set(name!, readModuleCall(name!, mergeBlock(original.block, block), original.file, config.directory, problems));
        break;
      }
      case 'locals':
        for (const attribute of block.body.attributes) {
          if (!config.locals.has(attribute.name)) missing(`local.${attribute.name}`, attribute.nameRange);
          else config.locals.set(attribute.name, { name: attribute.name, attribute, file: file.path });
        }
        break;
      case 'provider': {
        // The regenerate-plans tool and many CI set-ups override the provider's credentials this way.
        const key = providerKey(block);
        const original = key === undefined ? undefined : config.providers.get(key);
        if (!original) missing(`provider "${key ?? name ?? ''}"`, block.range);
        else config.providers.set(key!, { key: key!, block: mergeBlock(original.block, block), file: original.file });
        break;
      }
      default:
        // terraform blocks: nothing trailguard evaluates.
        break;
    }
  }
}

function readVariable(name: string, block: Block, file: string, problems: Problems): VariableDecl {
  const decl: VariableDecl = { name, block, file, nullable: true };
  const def = attributeOf(block.body, 'default');
  if (def) decl.default = def;
  const type = attributeOf(block.body, 'type');
  if (type) {
    try {
      decl.type = parseTypeConstraint(type.expr);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.warning('invalid-variable-type', `variable "${name}": ${e.message}; its value is not converted`, file, e.range ?? type.range);
    }
  }
  const nullable = attributeOf(block.body, 'nullable');
  if (nullable?.expr.kind === 'Literal' && nullable.expr.value === false) decl.nullable = false;
  return decl;
}

function readResource(mode: ResourceMode, type: string, name: string, block: Block, file: SourceFile): ResourceDecl {
  const count = attributeOf(block.body, 'count');
  const forEach = attributeOf(block.body, 'for_each');
  const provider = attributeOf(block.body, 'provider');
  const decl: ResourceDecl = {
    mode,
    type,
    name,
    block,
    file: file.path,
    body: indexBody(block.body, RESOURCE_META_ATTRIBUTES, RESOURCE_META_BLOCKS),
    suppressions: file.suppressions.forBlock(block),
  };
  if (count) decl.count = count;
  if (forEach) decl.forEach = forEach;
  if (provider?.expr.kind === 'Traversal') decl.provider = [provider.expr.root, ...provider.expr.steps.map((s) => (s.kind === 'attr' ? s.name : String(s.key)))].join('.');
  return decl;
}

/** `provider "aws" { alias = "audit" }` → `aws.audit`; undefined without a name (or with an alias that is not a literal string, which Terraform rejects). */
function providerKey(block: Block): string | undefined {
  const name = block.labels[0];
  if (name === undefined) return undefined;
  const alias = attributeOf(block.body, 'alias');
  if (!alias) return name;
  const text = staticString(alias.expr);
  return text === undefined ? undefined : `${name}.${text}`;
}

/** `aws` or `aws.audit` as written in a `providers` map (a key or a value); undefined for anything else. */
function providerReference(expr: Expression): string | undefined {
  if (expr.kind !== 'Traversal' || expr.steps.length > 1) return undefined;
  const step = expr.steps[0];
  if (step === undefined) return expr.root;
  return step.kind === 'attr' ? `${expr.root}.${step.name}` : undefined;
}

/** `providers = { aws = aws.audit, aws.west = aws.usw2 }`: child configuration name → the caller's. */
function providerMap(attribute: Attribute): Map<string, string> {
  const map = new Map<string, string>();
  if (attribute.expr.kind !== 'Object') return map;
  for (const item of attribute.expr.items) {
    const child = providerReference(item.key);
    const parent = providerReference(item.value);
    if (child !== undefined && parent !== undefined) map.set(child, parent);
  }
  return map;
}

function readModuleCall(name: string, block: Block, file: string, directory: string, problems: Problems): ModuleCallDecl {
  const inputs = new Map<string, Attribute>();
  for (const a of block.body.attributes) if (!MODULE_META_ATTRIBUTES.has(a.name)) inputs.set(a.name, a);
  const providers = attributeOf(block.body, 'providers');
  const decl: ModuleCallDecl = { name, block, file, inputs, passesProviders: providers !== undefined };
  if (providers) decl.providers = providerMap(providers);
  const count = attributeOf(block.body, 'count');
  const forEach = attributeOf(block.body, 'for_each');
  if (count) decl.count = count;
  if (forEach) decl.forEach = forEach;
  const sourceAttr = attributeOf(block.body, 'source');
  const source = sourceAttr ? staticString(sourceAttr.expr) : undefined;
  if (source === undefined) {
    problems.warning('invalid-module-source', `module "${name}" has no literal source string; it is not followed`, file, sourceAttr?.range ?? block.range);
    return decl;
  }
  decl.source = source;
  // Remote sources are resolved through `.terraform/modules/modules.json` when the module is evaluated.
  if (isLocalSource(source)) decl.directory = joinPath(directory, source);
  return decl;
}
