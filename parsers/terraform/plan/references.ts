// What an unknown plan value points at.
//
// `after_unknown` says *that* `kms_key_id` is known only after apply; the
// configuration says *why*: its expression references `aws_kms_key.trail.arn`.
// Turning that reference into the fully qualified instance address
// (`module.audit.aws_kms_key.trail`) is what lets the linker connect the trail
// to its key even though the ARN does not exist yet (checkov issue #800 is
// this case getting lost). References are resolved in the module instance of
// the resource that makes them:
//
// - `aws_kms_key.trail.arn` → the instance in the same module instance;
// - `var.x` inside a module → the module call's input expression for `x`, in
//   the calling module instance, followed recursively up to the root;
// - `module.logs.key_arn` → the child module's output expression, followed
//   down into that module instance;
// - `data.…` → the data source instance (its attributes may be null, so it
//   does not make the value certainly present);
// - `local.…`, `each.…`, `count.…`, root variables → nothing: the plan does not
//   record locals, and the rest are not resources.

import { Unknown, type ResourceRef } from '../../../core/unknown.js';
import { addressSteps, formatKey, ModuleAddresses, moduleSegments, type AddressStep } from './address.js';
import { belowConstant, expressionAt, isExpression, referencesIn, type PlanConfiguration } from './configuration.js';
import { isObject, own, ownObject, type JsonObject } from './json-values.js';

/** Reference roots that are not resource types. */
const NOT_RESOURCES = new Set([
  'var', 'local', 'module', 'data', 'each', 'count', 'path', 'terraform', 'self',
  'ephemeral', 'action', 'resource', 'run', 'check', 'provider', 'output', 'list',
]);

/**
 * The Unknown for a value no configuration expression explains (a computed
 * attribute such as `arn` or `id`). Most unknowns in a plan are these, so
 * they share one immutable instance instead of costing an object each.
 */
const UNREFERENCED = Object.freeze(new Unknown('known after apply', Object.freeze([]), false));

/**
 * An attribute the configuration does not set, which the provider computes
 * (`logging`, `versioning`, `acl` of an aws_s3_bucket in provider v4+). The
 * value after apply is the provider's default for an unconfigured attribute,
 * so adapters may read it as unset; any other unknown stays unknown.
 */
export const NOT_CONFIGURED = Object.freeze(new Unknown('computed by the provider: not set in the configuration', Object.freeze([]), false));

export function isNotConfigured(v: unknown): boolean {
  return v === NOT_CONFIGURED;
}

/** The expressions at `path` with its last list index replaced by every index the configuration has. */
function siblingExpressions(expressions: unknown, path: readonly (string | number)[]): unknown[] {
  let k = -1;
  for (let i = path.length - 1; i >= 0; i--) {
    if (typeof path[i] === 'number') {
      k = i;
      break;
    }
  }
  if (k < 0) return [];
  const list = expressionAt(expressions, path.slice(0, k));
  if (!Array.isArray(list)) return [];
  const out: unknown[] = [];
  for (let j = 0; j < list.length; j++) {
    const node = expressionAt(expressions, [...path.slice(0, k), j, ...path.slice(k + 1)]);
    if (node !== undefined) out.push(node);
  }
  return out;
}

/** Resolution steps allowed for one value: module fan-out and variable chains stay bounded. */
const MAX_STEPS = 10_000;
/** Refs kept for one value; more says nothing a linker could use. */
const MAX_REFS = 100;
/** References of one expression considered; a real expression has a handful. */
const MAX_REFERENCES = 1_000;
/**
 * Work allowed for all of a plan's references together (resolution steps,
 * plus the pairwise prefix test of each reference list). Real plans use a
 * small fraction even at 20,000 resources; a plan built to make every value
 * fan out stops here instead of running for minutes.
 */
const PLAN_BUDGET = 50_000_000;

/** What the index keeps of an instance: the resource object itself satisfies it. */
interface Instance {
  address: string;
  index?: number | string;
}

/** The instances of one counted or for_each resource, by key (0 and "0" are different keys, as in Terraform). */
class InstanceGroup {
  readonly list: Instance[] = [];
  readonly byKey = new Map<number | string, Instance>();
  /** An instance without a key is there too (a hand-made plan, or count turned off and on). */
  unkeyed = false;

  add(instance: Instance): void {
    this.list.push(instance);
    if (instance.index === undefined) this.unkeyed = true;
    else if (!this.byKey.has(instance.index)) this.byKey.set(instance.index, instance);
  }
}

/** Every instance the plan describes, for turning `aws_kms_key.trail` into `aws_kms_key.trail[0]`. */
export class InstanceIndex {
  /**
   * `module.a.aws_kms_key.trail` (module instance + resource, no key) → its
   * instance, or a group when there are several (most resources have one,
   * and a plan has thousands: no group for those).
   */
  private readonly resources = new Map<string, Instance | InstanceGroup>();
  /** Configuration module path → instances of it, with the instance that called each. */
  private readonly modules = new Map<string, { address: string; parent: string }[]>();
  /** Module instance → the module instance that called it. */
  private readonly parents = new Map<string, string>();

  /** `addresses`: the reader's, so each module instance address is taken apart once per plan. */
  constructor(private readonly addresses = new ModuleAddresses()) {}

  add(resource: Instance & UnknownSite): void {
    const { moduleAddress, mode, type, name } = resource;
    const base = `${moduleAddress ? `${moduleAddress}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const known = this.resources.get(base);
    if (known === undefined) {
      this.resources.set(base, resource);
    } else if (known instanceof InstanceGroup) {
      known.add(resource);
    } else {
      const group = new InstanceGroup();
      group.add(known);
      group.add(resource);
      this.resources.set(base, group);
    }
    if (moduleAddress !== '' && !this.parents.has(moduleAddress)) this.addModule(moduleAddress);
  }

  private addModule(moduleAddress: string): void {
    const segments = this.addresses.segments(moduleAddress);
    if (!segments) return;
    // Register the instance and each ancestor (module.a[0] of module.a[0].module.b).
    let path = '';
    let parent = '';
    for (const segment of segments) {
      path = path ? `${path}.module.${segment.call}` : `module.${segment.call}`;
      const address = moduleAddress.slice(0, segment.end);
      if (!this.parents.has(address)) {
        this.parents.set(address, parent);
        let list = this.modules.get(path);
        if (!list) this.modules.set(path, (list = []));
        list.push({ address, parent });
      }
      parent = address;
    }
  }

  /** The instance of `resourceBase` with instance key `key`. */
  instance(resourceBase: string, key: number | string): Instance | undefined {
    const known = this.resources.get(resourceBase);
    if (known === undefined) return undefined;
    if (known instanceof InstanceGroup) return known.byKey.get(key);
    return known.index === key ? known : undefined;
  }

  /**
   * The instances a reference without a key can mean: the single unkeyed
   * instance when there is one, else all of them. Undefined when the plan has
   * none (count = 0, or a resource outside the plan).
   */
  candidates(resourceBase: string): readonly Instance[] | undefined {
    const known = this.resources.get(resourceBase);
    if (known === undefined) return undefined;
    if (!(known instanceof InstanceGroup)) return [known];
    return known.unkeyed ? known.list.filter((i) => i.index === undefined) : known.list;
  }

  /** Instances of the module at configuration `path` called from module instance `parent`. */
  moduleInstances(path: string, parent: string): string[] {
    return (this.modules.get(path) ?? []).filter((m) => m.parent === parent).map((m) => m.address);
  }

  /** The module instance that called `moduleAddress` ('' for the root); undefined if unknown. */
  callerOf(moduleAddress: string): string | undefined {
    return this.parents.get(moduleAddress);
  }
}

/** The resource whose value is unknown, as the resolver needs it. */
export interface UnknownSite {
  moduleAddress: string;
  configModuleAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
}

/** Mutable state of one value's resolution. */
interface Resolution {
  /** address → attributes referenced ('' for the whole object). */
  refs: Map<string, Set<string>>;
  present: boolean;
  steps: number;
  seen: Set<string>;
}

export class ReferenceResolver {
  /** Parsed reference strings: the same few expressions repeat in every module instance. */
  private readonly parsed = new Map<string, AddressStep[] | null>();
  private readonly referenceLists = new WeakMap<object, readonly string[]>();
  /** significant() of a list (by identity: the lists of referenceLists), with what it costs the budget. */
  private readonly significantLists = new WeakMap<readonly string[], { kept: readonly string[]; cost: number }>();
  private budget = PLAN_BUDGET;

  /** True once the plan's work budget ran out: later unknowns were left without refs. */
  get exhausted(): boolean {
    return this.budget <= 0;
  }

  constructor(
    private readonly config: PlanConfiguration,
    private readonly instances: InstanceIndex,
  ) {}

  /** The configuration's `expressions` for `site`'s resource block, if the plan has them. */
  expressionsOf(site: UnknownSite): unknown {
    return own(this.config.resource(site.configModuleAddress, site.mode, site.type, site.name), 'expressions');
  }

  /**
   * The block whose top-level attributes applyUnknowns answers itself (UnknownSource.written) for
   * `expressions` (expressionsOf a site): those it does not hold are NOT_CONFIGURED, the first test of
   * unknownAt, made once per resource instead of once per unknown.
   */
  writtenBlock(expressions: unknown): JsonObject | undefined {
    return isObject(expressions) && !isExpression(expressions) ? expressions : undefined;
  }

  /**
   * The Unknown standing for the value at `path` of `site`, with the refs
   * its expression makes; `expressions` is expressionsOf(site), looked up
   * once per resource rather than once per unknown value.
   */
  unknownAt(expressions: unknown, site: UnknownSite, path: readonly (string | number)[]): Unknown {
    if (expressions === undefined) return UNREFERENCED;
    // Most unknowns of a plan are top-level attributes the configuration does not write (`arn`, `id`,
    // a bucket's twenty computed arguments): the general walk below comes to NOT_CONFIGURED for them too.
    if (path.length === 1 && typeof path[0] === 'string' && isObject(expressions) && !isExpression(expressions) && !Object.hasOwn(expressions, path[0])) {
      return NOT_CONFIGURED;
    }
    const node = expressionAt(expressions, path);
    if (node !== undefined && belowConstant(expressions, path)) return NOT_CONFIGURED;
    if (node !== undefined) {
      const references = this.referencesIn(node);
      // An expression of input variables only (`var.enabled ? "Enabled" : null`) is known at plan time;
      // if its attribute is still unknown, it evaluated to null and the provider computes the value:
      // unset, as when it is not written (Terraform: a null argument is the same as omitting it).
      if (references.length > 0 && this.onlyVariables(references, site.moduleAddress, site.configModuleAddress, 0)) return NOT_CONFIGURED;
      return this.unknownFor(references, site);
    }
    // Nested blocks of set type (field_selector) are printed sorted, not in configuration order:
    // if any sibling block sets this attribute, the value may be that one's.
    const siblings = siblingExpressions(expressions, path);
    if (siblings.length > 0) return this.unknownFor(siblings.flatMap((s) => this.referencesIn(s)), site);
    return NOT_CONFIGURED;
  }

  /**
   * Whether `references`, made in module instance `instance`, lead only to
   * root input variables (through the module calls' inputs) and to
   * count/each/path values, all known when Terraform plans.
   */
  private onlyVariables(references: readonly string[], instance: string, path: string, depth: number): boolean {
    if (depth > 32 || --this.budget <= 0) return false;
    for (const reference of this.significant(references)) {
      const steps = this.steps(reference);
      const root = steps?.[0];
      if (!steps || root?.kind !== 'name') return false;
      if (root.name === 'count' || root.name === 'each' || root.name === 'path') continue;
      if (root.name !== 'var') return false;
      if (instance === '') continue; // a root variable: its value is in the plan
      const name = steps[1];
      const callerInstance = this.instances.callerOf(instance) ?? callerFromAddress(instance);
      if (name?.kind !== 'name' || callerInstance === undefined) return false;
      const callerPath = path.slice(0, Math.max(0, path.lastIndexOf('.module.')));
      const input = own(ownObject(this.config.moduleCall(path), 'expressions'), name.name);
      if (input === undefined) continue; // not passed: the variable's default, a constant
      if (own(input, 'constant_value') !== undefined) continue;
      const inner = this.referencesIn(input);
      if (inner.length === 0 || !this.onlyVariables(inner, callerInstance, callerPath, depth + 1)) return false;
    }
    return true;
  }

  /** The Unknown for a value computed from `references` in `site`'s module instance. */
  unknownFor(references: readonly string[], site: UnknownSite): Unknown {
    if (references.length === 0 || this.budget <= 0) return UNREFERENCED;
    const state: Resolution = { refs: new Map(), present: false, steps: 0, seen: new Set() };
    for (const reference of this.significant(references)) {
      this.resolve(reference, site.moduleAddress, site.configModuleAddress, site.index, state);
    }
    return new Unknown('known after apply', collect(state.refs), state.present);
  }

  /**
   * Adds what `reference` points at, as written in module instance `instance`
   * (configuration path `path`). `selfIndex` is the referencing resource's own
   * key, set only in its own module instance.
   */
  private resolve(reference: string, instance: string, path: string, selfIndex: number | string | undefined, state: Resolution): void {
    if (++state.steps > MAX_STEPS || state.refs.size >= MAX_REFS || --this.budget <= 0) return;
    const visit = `${instance}\u0000${reference}`;
    if (state.seen.has(visit)) return; // the same reference twice, or a (hand-made) cycle
    state.seen.add(visit);

    const steps = this.steps(reference);
    const root = steps?.[0];
    if (!steps || root?.kind !== 'name') return;
    switch (root.name) {
      case 'var':
        return this.resolveVariable(steps, instance, path, state);
      case 'module':
        return this.resolveModuleOutput(reference, steps, instance, path, state);
      case 'data':
        return this.addResource(steps, 1, 'data', instance, undefined, state);
      default:
        if (NOT_RESOURCES.has(root.name)) return;
        return this.addResource(steps, 0, 'managed', instance, selfIndex, state);
    }
  }

  /** `var.x` in a child module: whatever the calling module passed as `x`. */
  private resolveVariable(steps: AddressStep[], instance: string, path: string, state: Resolution): void {
    const name = steps[1];
    if (name?.kind !== 'name' || instance === '') return; // a root variable has a value, not a resource
    const callerInstance = this.instances.callerOf(instance) ?? callerFromAddress(instance);
    if (callerInstance === undefined) return;
    const callerPath = path.slice(0, Math.max(0, path.lastIndexOf('.module.')));
    const input = own(ownObject(this.config.moduleCall(path), 'expressions'), name.name);
    for (const reference of this.significant(this.referencesIn(input))) this.resolve(reference, callerInstance, callerPath, undefined, state);
  }

  /** `module.logs["a"].key_arn`: the output's expression, in each matching instance of the child module. */
  private resolveModuleOutput(reference: string, steps: AddressStep[], instance: string, path: string, state: Resolution): void {
    const call = steps[1];
    if (call?.kind !== 'name') return;
    const key = steps[2]?.kind === 'key' ? steps[2] : undefined;
    const output = steps[key ? 3 : 2];
    if (output?.kind !== 'name') return; // `module.logs` alone: implied by a longer reference
    const childPath = path ? `${path}.module.${call.name}` : `module.${call.name}`;
    const expression = own(own(ownObject(this.config.module(childPath), 'outputs'), output.name), 'expression');
    const references = this.significant(this.referencesIn(expression));
    if (references.length === 0) return;
    const prefix = instance ? `${instance}.` : '';
    let children: string[];
    if (key) {
      children = [prefix + reference.slice(0, key.end)];
    } else {
      children = this.instances.moduleInstances(childPath, instance);
      if (children.length === 0) children = [`${prefix}module.${call.name}`];
    }
    for (const child of children) {
      for (const r of references) this.resolve(r, child, childPath, undefined, state);
    }
  }

  /** `<type>.<name>[key].<attribute>…` (from `steps[first]`) as refs to instances in `instance`. */
  private addResource(
    steps: AddressStep[],
    first: number,
    mode: 'managed' | 'data',
    instance: string,
    selfIndex: number | string | undefined,
    state: Resolution,
  ): void {
    const type = steps[first];
    const name = steps[first + 1];
    if (type?.kind !== 'name' || name?.kind !== 'name') return;
    const keyStep = steps[first + 2]?.kind === 'key' ? (steps[first + 2] as { key: number | string }) : undefined;
    const attributeStep = steps[first + (keyStep ? 3 : 2)];
    const attribute = attributeStep?.kind === 'name' ? attributeStep.name : '';

    const base = `${instance ? `${instance}.` : ''}${mode === 'data' ? 'data.' : ''}${type.name}.${name.name}`;
    let addresses: readonly string[];
    if (keyStep) {
      addresses = [this.instances.instance(base, keyStep.key)?.address ?? base + formatKey(keyStep.key)];
    } else {
      const candidates = this.instances.candidates(base);
      if (!candidates || candidates.length === 0) {
        addresses = [base];
      } else if (candidates.length === 1) {
        addresses = [candidates[0]!.address];
      } else {
        // `aws_kms_key.trail[count.index]` / `[each.key]` print without the key
        // (it is not a literal). With count/for_each on both sides the usual
        // pairing is by equal key; otherwise the value may come from any instance.
        const same = selfIndex === undefined ? undefined : this.instances.instance(base, selfIndex);
        addresses = same ? [same.address] : candidates.map((i) => i.address);
      }
    }
    for (const address of addresses) {
      let attributes = state.refs.get(address);
      if (!attributes) {
        if (state.refs.size >= MAX_REFS) break;
        state.refs.set(address, (attributes = new Set()));
      }
      attributes.add(attribute);
    }
    // A created (or kept) managed resource's attribute has a value after apply.
    if (mode === 'managed' && attribute) state.present = true;
  }

  /**
   * The references that are not implied by a longer one. Terraform lists
   * every prefix of a reference (`aws_s3_bucket.logs[0].id`,
   * `aws_s3_bucket.logs[0]`, `aws_s3_bucket.logs`); resolving the last on its
   * own would point at every instance of the bucket instead of the one written.
   */
  private significant(references: readonly string[]): readonly string[] {
    let known = this.significantLists.get(references);
    if (known === undefined) {
      const unique = [...new Set(references)].slice(0, MAX_REFERENCES);
      known = { kept: withoutImplied(unique), cost: unique.length * unique.length };
      this.significantLists.set(references, known);
    }
    // Charged at every use, as when it was worked out each time: the budget stops the same work.
    this.budget -= known.cost;
    return known.kept;
  }

  /**
   * referencesIn(node), once per configuration node: the same expressions are
   * consulted for every instance of a module (a trail's `kms_key_id` in 3,000
   * account modules). The lists are shared, never modified.
   */
  private referencesIn(node: unknown): readonly string[] {
    if (typeof node !== 'object' || node === null) return referencesIn(node);
    let known = this.referenceLists.get(node);
    if (known === undefined) this.referenceLists.set(node, (known = referencesIn(node)));
    return known;
  }

  /** A reference string's steps, parsed once (null: not a reference). */
  private steps(reference: string): AddressStep[] | null {
    let steps = this.parsed.get(reference);
    if (steps === undefined) this.parsed.set(reference, (steps = addressSteps(reference) ?? null));
    return steps;
  }
}

/** The calling module instance, from the address itself (for instances the plan lists no resource in). */
function callerFromAddress(instance: string): string | undefined {
  const segments = moduleSegments(instance);
  if (!segments || segments.length === 0) return undefined;
  return segments.length > 1 ? instance.slice(0, segments[segments.length - 2]!.end) : '';
}

/** `references` without the ones that are a prefix (up to `.` or `[`) of another. */
export function withoutImplied(references: readonly string[]): string[] {
  if (references.length < 2) return [...references];
  return references.filter(
    (r) => !references.some((other) => other.length > r.length && other.startsWith(r) && (other[r.length] === '.' || other[r.length] === '[')),
  );
}

/** Refs in first-seen order; a bare ref is dropped when the same address is also referenced with an attribute. */
function collect(refs: Map<string, Set<string>>): ResourceRef[] {
  const out: ResourceRef[] = [];
  // forEach: no iterator results or pair arrays in code not yet optimised (one call per unknown with references).
  refs.forEach((attributes, address) => {
    let named = false;
    attributes.forEach((attribute) => {
      if (attribute === '') return;
      named = true;
      out.push({ address, attribute });
    });
    if (!named) out.push({ address });
  });
  return out;
}
