// From a parsed plan to TerraformResources.
//
// Which instances a plan describes, and from where each is taken:
// 1. resource_changes[].change.after: every instance Terraform plans for,
//    with after_unknown (values known only after apply) and after_sensitive.
//    This is the richest source, so it wins over the others.
// 2. planned_values (any module depth): instances missing from
//    resource_changes, which older formats (0.x) did not always list.
// 3. prior_state.values: data sources read while planning are only there
//    (they have no change), e.g. an aws_iam_policy_document a bucket policy uses.
// 4. values (`terraform show -json` of a state): every instance.
// An address seen in an earlier source is not taken again.
//
// Reading happens in two passes: the first collects every instance (the
// resource objects themselves, with their markers in parallel arrays), the
// second resolves unknowns, which needs to know every instance
// (`aws_kms_key.trail` → `aws_kms_key.trail[0]`).

import type { Diagnostic } from '../../../core/diagnostics.js';
import { firstJsonKeyRange as keyRange, type SourceRange } from '../../../core/location.js';
import { formatKey, ModuleAddresses, parseResourceAddress } from './address.js';
import { isExpression, PlanConfiguration, referencesIn } from './configuration.js';
import { formatMajor } from './detect.js';
import { isObject, MAX_WALK_DEPTH, own, ownArray, ownObject, ownString, setMember, type JsonObject } from './json-values.js';
import { entryKey, entryName, PlanLocator, type EntryRef } from './positions.js';
import { InstanceIndex, NOT_CONFIGURED, ReferenceResolver, type UnknownSite } from './references.js';
import type { PlanParseResult, PlanResource } from './types.js';
import type { Unknown } from '../../../core/unknown.js';
import { applyUnknowns, sensitivePaths, type UnknownSource, type ValuePath } from './unknowns.js';

/** Diagnostics about individual malformed entries beyond this many are summarised. */
const MAX_ENTRY_DIAGNOSTICS = 20;

/**
 * Actions whose `after` is the object that will exist: create, update, no-op,
 * read (data sources read during apply) and the replacements
 * ["delete","create"], ["create","delete"], ["create","forget"]. Not taken:
 * ["delete"] (the object is being destroyed; `after` is null and checking it
 * would report on infrastructure that is going away) and ["forget"] (a
 * `removed` block: Terraform stops managing the object, so it is no longer
 * part of this configuration). Unrecognised future actions are read when
 * they leave an `after` object.
 */
function keepsObject(actions: readonly unknown[] | undefined): boolean {
  if (!actions) return true;
  // A loop rather than `every` with a callback: once per entry, in code that mostly runs unoptimised.
  for (let i = 0; i < actions.length; i++) if (actions[i] !== 'delete' && actions[i] !== 'forget') return true;
  return actions.length === 0;
}

/**
 * `entry[key]` when it is the entry's own member: `own` for an object already known to be one. The
 * reader asks a dozen members of every entry, in code that mostly runs unoptimised, where own's
 * repeated object test is a call each time.
 */
function member(entry: JsonObject, key: string): unknown {
  return Object.hasOwn(entry, key) ? entry[key] : undefined;
}

function memberString(entry: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(entry, key) ? entry[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** An entry's identity: printed address, module, mode, type, name, key. */
interface Site extends UnknownSite {
  address: string;
}

class PlanReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly resources: PlanResource[] = [];
  /** Per resource (same index): its after_unknown, when it has one. */
  readonly unknownMarkers: unknown[] = [];
  /** Per resource: only in planned_values (older formats), so omitted attributes may be unknowns. */
  readonly fromPlannedValues: boolean[] = [];
  private readonly seen = new Set<string>();
  private entryProblems = 0;
  private deepModulesReported = false;

  constructor(
    private readonly file: string,
    private readonly plan: JsonObject,
    private readonly locator: PlanLocator,
    private readonly modules: ModuleAddresses,
  ) {}

  /** Reads the sections in order of precedence, each dropped from the plan once read (see releaseSection). */
  read(): void {
    this.readChanges();
    releaseSection(this.plan, 'resource_changes');
    this.readModule(ownObject(ownObject(this.plan, 'planned_values'), 'root_module'), 'pv', '', 0, () => true);
    releaseSection(this.plan, 'planned_values');
    this.readModule(ownObject(ownObject(ownObject(this.plan, 'prior_state'), 'values'), 'root_module'), 'ps', '', 0, (mode) => mode === 'data');
    releaseSection(this.plan, 'prior_state');
    this.readModule(ownObject(ownObject(this.plan, 'values'), 'root_module'), 'sv', '', 0, () => true);
    releaseSection(this.plan, 'values');
    if (this.entryProblems > MAX_ENTRY_DIAGNOSTICS) {
      this.warn('invalid-plan-entry', `${this.entryProblems - MAX_ENTRY_DIAGNOSTICS} more plan entries could not be read`);
    }
  }

  private readChanges(): void {
    const changes = own(this.plan, 'resource_changes');
    if (changes === undefined || changes === null) return;
    if (!Array.isArray(changes)) {
      this.warn('invalid-plan-entry', 'resource_changes is not an array; it was ignored');
      return;
    }
    for (let i = 0; i < changes.length; i++) {
      const entry = changes[i];
      // A deposed object is an older object of the same instance, about to be destroyed.
      if (!isObject(entry) || member(entry, 'deposed') !== undefined) continue;
      // Its index names the entry (EntryRef): no key string per entry.
      const site = this.identify(entry, '', i);
      if (!site) continue;
      this.seen.add(site.address);
      const change = ownObject(entry, 'change');
      const actions = ownArray(change, 'actions');
      if (!keepsObject(actions)) continue;
      const after = own(change, 'after');
      const unknown = own(change, 'after_unknown');
      // A value wholly unknown until apply has no `after` at all; nothing is known but its existence.
      if (!isObject(after) && unknown !== true) continue;
      const values = isObject(after) ? after : {};
      const resource = this.add(site, values, i, own(change, 'after_sensitive'), unknown, false);
      if (actions) resource.actions = actions as string[];
    }
  }

  /** A values-representation module (`root_module` or a `child_modules` entry) and its descendants. */
  private readModule(
    module: JsonObject | undefined,
    section: string,
    modulePath: string,
    depth: number,
    wanted: (mode: 'managed' | 'data') => boolean,
  ): void {
    if (!module) return;
    if (depth > MAX_WALK_DEPTH) {
      if (!this.deepModulesReported) this.warn('invalid-plan-entry', `Modules nested deeper than ${MAX_WALK_DEPTH} levels were not read`);
      this.deepModulesReported = true;
      return;
    }
    const moduleAddress = ownString(module, 'address') ?? '';
    const resources = ownArray(module, 'resources') ?? [];
    for (let i = 0; i < resources.length; i++) {
      const entry = resources[i];
      if (!isObject(entry)) continue;
      // Cheap checks first: most entries here were already read from resource_changes.
      const printed = memberString(entry, 'address');
      if (printed !== undefined && this.seen.has(printed)) continue;
      const declaredMode = memberString(entry, 'mode');
      if ((declaredMode === 'managed' || declaredMode === 'data') && !wanted(declaredMode)) continue;
      const key = entryKey(section, modulePath, i);
      const site = this.identify(entry, moduleAddress, key);
      if (!site || this.seen.has(site.address) || !wanted(site.mode)) continue;
      this.seen.add(site.address);
      const values = member(entry, 'values');
      // planned_values omits what is unknown; prior state and state values are complete.
      const planned = section === 'pv' && site.mode === 'managed';
      this.add(site, isObject(values) ? values : {}, key, member(entry, 'sensitive_values'), undefined, planned);
    }
    const children = ownArray(module, 'child_modules') ?? [];
    for (let j = 0; j < children.length; j++) {
      const child = children[j];
      if (!isObject(child)) continue;
      this.readModule(child, section, modulePath ? `${modulePath}.${j}` : `${j}`, depth + 1, wanted);
    }
  }

  private add(site: Site, values: JsonObject, key: EntryRef, sensitiveMarker: unknown, unknownMarker: unknown, planned: boolean): PlanResource {
    const resource = planResource(site, values, this.file, this.locator, key);
    const sensitive = sensitivePaths(sensitiveMarker, values);
    if (sensitive) resource.sensitive = sensitive;
    this.resources.push(resource);
    this.unknownMarkers.push(unknownMarker);
    this.fromPlannedValues.push(planned);
    return resource;
  }

  /**
   * Address, module, mode, type, name and key of an entry. The address is
   * kept exactly as printed; the other fields come from the entry, or from
   * the address when missing (hand-written or trimmed plans).
   */
  private identify(entry: JsonObject, containerModule: string, key: EntryRef): Site | undefined {
    const printed = memberString(entry, 'address');
    let mode = memberString(entry, 'mode');
    let type = memberString(entry, 'type');
    let name = memberString(entry, 'name');
    const rawIndex = member(entry, 'index');
    let index = typeof rawIndex === 'number' || typeof rawIndex === 'string' ? rawIndex : undefined;
    // resource_changes entries carry module_address (omitted in the root);
    // values-representation entries take it from their module's `address`.
    let moduleAddress =
      memberString(entry, 'module_address') ?? (printed !== undefined && !printed.startsWith('module.') ? '' : containerModule || undefined);
    // Terraform prints all of these; the address is parsed only for entries that lack some.
    if (printed !== undefined && (!type || !name || mode === undefined || moduleAddress === undefined || (index === undefined && printed.endsWith(']')))) {
      const parsed = parseResourceAddress(printed);
      if (parsed) {
        mode ??= parsed.mode;
        type ||= parsed.type;
        name ||= parsed.name;
        index ??= parsed.index;
        moduleAddress ??= parsed.moduleAddress;
      }
    }
    mode ??= 'managed';
    moduleAddress ??= containerModule;
    if (!type || !name) {
      this.entryProblem(`Plan entry ${printed ?? `#${entryName(key)}`} has no resource type and name; it was skipped`, key);
      return undefined;
    }
    // Other modes (Terraform's query "list" resources, future ones) are not infrastructure to check.
    if (mode !== 'managed' && mode !== 'data') return undefined;
    const address =
      printed ?? `${moduleAddress ? `${moduleAddress}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}${index === undefined ? '' : formatKey(index)}`;
    return { address, moduleAddress, configModuleAddress: this.modules.configPath(moduleAddress), mode, type, name, index };
  }

  private entryProblem(message: string, key: EntryRef): void {
    if (++this.entryProblems > MAX_ENTRY_DIAGNOSTICS) return;
    this.warn('invalid-plan-entry', message, key);
  }

  warn(code: string, message: string, entry?: EntryRef): void {
    const diagnostic: Diagnostic = { level: 'warning', code, message, file: this.file };
    if (entry !== undefined) diagnostic.range = this.locator.range(entry);
    this.diagnostics.push(diagnostic);
  }
}

/**
 * A plan resource's `locate`, shared by all of them: any attribute is located at the entry (its `range`).
 * The Terraform adapter tells it by identity and takes the range without building a path.
 */
export function locatePlanEntry(this: PlanResource): SourceRange {
  return this.range;
}

/** The resource object. */
function planResource(site: Site, values: JsonObject, file: string, locator: PlanLocator, entry: EntryRef): PlanResource {
  // One range per entry, found only when a finding reads it (see PlanLocator.lazyRange).
  const range = locator.lazyRange(entry);
  const resource: PlanResource = {
    address: site.address,
    moduleAddress: site.moduleAddress,
    configModuleAddress: site.configModuleAddress,
    mode: site.mode,
    type: site.type,
    name: site.name,
    values,
    file,
    range,
    // Attribute positions inside a plan help nobody: a finding points at the entry. A method, not a
    // closure per resource: copies (`{ ...resource }`) keep their range, and so their locate.
    locate: locatePlanEntry,
  };
  if (site.index !== undefined) resource.index = site.index;
  return resource;
}

/**
 * The UnknownSource of each resource in turn (reset per resource): one object for the plan rather than a
 * closure, its context, a shortcut object and a path array per resource.
 */
class ResourceUnknowns implements UnknownSource {
  readonly path: ValuePath = [''];
  readonly unwritten: Unknown = NOT_CONFIGURED;
  written: JsonObject | undefined = undefined;
  /** Whether `at` answered NOT_CONFIGURED below the top level for the current resource. */
  deepNotConfigured = false;
  private expressions: unknown = undefined;
  private resource: PlanResource | undefined = undefined;

  constructor(private readonly resolver: ReferenceResolver) {}

  reset(resource: PlanResource, expressions: unknown): void {
    this.resource = resource;
    this.expressions = expressions;
    this.written = this.resolver.writtenBlock(expressions);
    this.deepNotConfigured = false;
  }

  at(path: ValuePath): Unknown {
    const unknown = this.resolver.unknownAt(this.expressions, this.resource!, path);
    if (unknown === NOT_CONFIGURED && path.length > 1) this.deepNotConfigured = true;
    return unknown;
  }
}

/** Reads a parsed plan (`looksLikePlan(plan)` holds); `text` is what it was parsed from, for positions. */
export function readPlan(file: string, text: string, plan: JsonObject): PlanParseResult {
  const locator = new PlanLocator(file, text);
  const modules = new ModuleAddresses();
  const reader = new PlanReader(file, plan, locator, modules);
  const diagnostics = reader.diagnostics;

  const formatVersion = own(plan, 'format_version');
  const major = formatMajor(formatVersion);
  if (major === undefined || major > 1) {
    const shown = typeof formatVersion === 'string' ? `"${formatVersion}"` : (JSON.stringify(formatVersion) ?? 'missing');
    diagnostics.push({
      level: 'warning',
      code: 'unknown-plan-version',
      message:
        major === undefined
          ? `Plan format_version ${shown} is not a version number; the plan was read as format 1.x, results may be incomplete`
          : `Plan format_version ${shown} is newer than the formats this scanner knows (0.x and 1.x); it was read as 1.x, results may be incomplete`,
      file,
      range: keyRange(file, text, 'format_version'),
    });
  }

  const config = new PlanConfiguration(own(plan, 'configuration'), file);
  const incomplete = incompleteness(plan);
  if (config.truncated) reader.warn('invalid-plan-entry', `Configuration modules nested deeper than ${MAX_WALK_DEPTH} levels were not read`);

  reader.read();
  const { resources, unknownMarkers, fromPlannedValues } = reader;
  const instances = new InstanceIndex(modules);
  // Indexed: no iterator result per step in code not yet optimised.
  for (let i = 0; i < resources.length; i++) instances.add(resources[i]!);
  const resolver = new ReferenceResolver(config, instances);
  const unknowns = new ResourceUnknowns(resolver);
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i]!;
    const marker = unknownMarkers[i];
    // The resource's configuration block, looked up once for its expressions and its provider (each
    // lookup builds a key from the module path, type and name).
    const block = config.resource(resource.configModuleAddress, resource.mode, resource.type, resource.name);
    // Whether a provider-computed unknown went below the top level (see shallowNotConfigured): only
    // unknownAt puts one there; the written-block shortcut and inferOmittedUnknowns answer top-level attributes.
    let deepNotConfigured = false;
    if (isObject(marker)) {
      // What resolver.expressionsOf(resource) gives.
      unknowns.reset(resource, own(block, 'expressions'));
      applyUnknowns(resource.values, marker, unknowns);
      deepNotConfigured = unknowns.deepNotConfigured;
    }
    if (!deepNotConfigured) resource.shallowNotConfigured = true;
    if (fromPlannedValues[i]) inferOmittedUnknowns(resource.values, resolver, resource);
    if (resource.mode === 'managed') {
      const account = config.providerAccountOf(block);
      if (account !== undefined) {
        resource.accountScope = account.accountScope;
        resource.accountLabel = account.accountLabel;
      }
    }
  }
  const unjudged = incomplete ? incompletePlan(file, text, incomplete, config, resources) : undefined;
  if (unjudged) diagnostics.push(unjudged.diagnostic);
  if (resolver.exhausted) {
    diagnostics.push({
      level: 'warning',
      code: 'plan-references-skipped',
      message: 'The configuration references are too many or too entangled to follow for every unknown value; some unknown values have no references',
      file,
    });
  }

  locator.seal();
  const result: PlanParseResult = { resources, diagnostics, isPlan: true, modules: config.sources };
  if (unjudged?.standIn) result.incomplete = unjudged.standIn;
  if (typeof formatVersion === 'string') result.formatVersion = formatVersion;
  const terraformVersion = ownString(plan, 'terraform_version');
  if (terraformVersion !== undefined) result.terraformVersion = terraformVersion;
  return result;
}

/**
 * A section the reader has taken its resources from, dropped from the parsed plan (which parsePlan
 * made and nothing else holds) as soon as it is read. What the resources keep of it (each `after`
 * object, its actions) stays; the rest (every entry's `before`, `planned_values` and `prior_state`,
 * about two thirds of a plan's objects) can then be collected. It is garbage anyway once the scan
 * returns, but a large plan meets its first full (mark-compact) collection while it is read or its
 * unknowns resolved, and marking visits whatever is still reachable then (the whole parsed plan,
 * before this). See bench/README.md, "a fifth round", for what it does and does not change.
 */
function releaseSection(plan: JsonObject, section: string): void {
  if (Object.hasOwn(plan, section)) delete plan[section];
}

/**
 * planned_values drops unknown attributes without saying so; resources found
 * only there (older formats without a resource_changes entry) have no
 * after_unknown. An attribute the configuration sets from references but the
 * planned values omit is taken to be one of those unknowns, so the trail
 * still links to its key. Attributes printed as null stay null: a known null
 * must remain a finding.
 */
function inferOmittedUnknowns(values: JsonObject, resolver: ReferenceResolver, site: UnknownSite): void {
  const expressions = resolver.expressionsOf(site);
  if (!isObject(expressions)) return;
  for (const key of Object.keys(expressions)) {
    if (Object.hasOwn(values, key)) continue;
    const expression = expressions[key];
    if (!isExpression(expression)) continue;
    const references = referencesIn(expression);
    if (references.length > 0) setMember(values, key, resolver.unknownFor(references, site));
  }
}


/** Why a plan holds less than its configuration deploys, from the flags Terraform sets (1.5+, 1.8+). */
interface Incompleteness {
  code: 'plan-errored' | 'plan-incomplete';
  why: string;
  key: string;
}

function incompleteness(plan: JsonObject): Incompleteness | undefined {
  if (own(plan, 'errored') === true) return { code: 'plan-errored', key: 'errored', why: 'Terraform reported errors while making this plan ("errored": true)' };
  if (own(plan, 'complete') !== false) return undefined;
  const deferred = own(plan, 'deferred_changes');
  const count = Array.isArray(deferred) ? deferred.length : 0;
  return {
    code: 'plan-incomplete',
    key: 'complete',
    why:
      count > 0
        ? `This plan is incomplete ("complete": false): Terraform deferred ${count} change${count === 1 ? '' : 's'} to a later plan`
        : 'This plan is incomplete ("complete": false): it was made with -target, or Terraform deferred changes to a later plan',
  };
}

const MAX_NAMED_MISSING = 5;

/**
 * Terraform marks a plan not `complete` when it was made with -target or defers changes, and `errored`
 * when planning failed: resources of the configuration are then missing from it. A scan that said
 * nothing would pass whatever they hold (a second trail with logging off, a broader key policy), so the
 * plan is reported with the configuration's resources that have no planned change, by name.
 */
function incompletePlan(
  file: string,
  text: string,
  incomplete: Incompleteness,
  config: PlanConfiguration,
  resources: readonly PlanResource[],
): { diagnostic: Diagnostic; standIn?: NonNullable<PlanParseResult['incomplete']> } {
  const planned = new Set<string>();
  for (const r of resources) planned.add(`${r.configModuleAddress ?? ''}|${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`);
  const missing: string[] = [];
  for (const key of config.resourceKeys()) {
    if (planned.has(key)) continue;
    const [path, local] = key.split('|') as [string, string];
    missing.push(path ? `${path}.${local}` : local);
  }
  const named = missing.slice(0, MAX_NAMED_MISSING).join(', ');
  const more = missing.length > MAX_NAMED_MISSING ? ` and ${missing.length - MAX_NAMED_MISSING} more` : '';
  const which =
    missing.length > 0
      ? `; ${missing.length} resource block${missing.length === 1 ? '' : 's'} of its configuration ${missing.length === 1 ? 'has' : 'have'} no planned change and ${missing.length === 1 ? 'is' : 'are'} not judged: ${named}${more}`
      : '; resources missing from it are not judged';
  const diagnostic: Diagnostic = {
    level: 'warning',
    code: incomplete.code,
    message: `${incomplete.why}${which}. Checks across resources (whether any trail covers every region, whether an SCP protects it) see only what the plan holds: scan the complete plan, or the configuration's .tf files`,
    file,
  };
  const range = keyRange(file, text, incomplete.key);
  if (range) diagnostic.range = range;
  // Every check is undetermined there when something is known to be missing (or planning failed, so
  // even planned values may be partial); a targeted plan that still holds every block only warns.
  if (missing.length === 0 && incomplete.code !== 'plan-errored') return { diagnostic };
  const reason =
    incomplete.code === 'plan-errored'
      ? `the plan errored: resources that failed to plan are not in it${missing.length > 0 ? ` (${named}${more})` : ''}`
      : `the plan is incomplete (-target or deferred changes): ${named}${more} ${missing.length === 1 ? 'is' : 'are'} not in it`;
  const standIn = { reason, missing, errored: incomplete.code === 'plan-errored' };
  return { diagnostic, standIn: range ? { ...standIn, range } : standIn };
}

