// A resource or data block in one module instance, its instances, and what
// each instance is: its evaluated values (for the checks) and its value as a
// reference target (for other expressions).
//
// Both are computed attribute by attribute on first use and remembered, so
// `aws_s3_bucket.logs.bucket` evaluates only `bucket`, a resource read by
// many others is evaluated once, and a cycle through attributes is caught.

import { traversalText } from '../hcl/ast.js';
import { plainRange, type SourceRange } from '../../../core/location.js';
import { Unknown, type ResourceRef } from '../../../core/unknown.js';
import { PartialString, UnknownJsonDocument } from '../hcl/structured-unknown.js';
import { setKey, type HclObject } from '../hcl/values.js';
import type { TerraformResource } from '../types.js';
import { keySuffix, resourceAddress, type InstanceKey } from './addresses.js';
import { evaluateBlockGroup, type BlockGroupOrigin } from './block-values.js';
import { alwaysPresentAttributes, computedAttribute, derivedAttribute, type InstanceView } from './computed-attributes.js';
import { expandInstances, type Expansion, type InstanceBinding } from './expansion.js';
import { locateIn } from './locate.js';
import { cached, NOT_CACHED, type MemoCache, type CycleGuard, type Unfollowable } from './memo.js';
import type { ResourceDecl } from './module-config.js';
import { renderPolicyDocument, type RenderedPolicy } from './policy-document.js';
import { referenceObject } from './reference-object.js';
import type { EvalScope, ScopeModule } from './scope.js';
import { addTemplates } from './unknown-templates.js';
import { AWS_PROVIDERS, type ProviderAccount } from '../provider-account.js';

/** What a resource needs from the module instance that declares it. */
export interface ResourceHost extends ScopeModule {
  readonly address: string;
  readonly guard: CycleGuard;
  /** The module-level scope (no count/each bound). */
  readonly scope: EvalScope;
  /** The root module's directory (normalized, `.` for the top). */
  readonly rootDirectory: string;
  /** Whether the module runs with provider configurations passed by a caller (`providers = {...}`). */
  readonly providersPassed: boolean;
  /** Reports a reference cycle at `range` and returns the Unknown that stands in for the value. */
  reportCycle(cycle: string[], range: SourceRange, why?: Unfollowable): Unknown;
  /** A resource or data block of the same module instance, by key (`data.aws_iam_policy_document.x`). */
  resource?(key: string): ResourceNode | undefined;
  /** The account scope of a provider configuration of this module (`aws`, `aws.audit`): see ModuleInstance. */
  providerAccount?(key: string): ProviderAccount | undefined;
  /** Set when this module instance may not exist (a calling module's count or for_each is known only after apply). */
  readonly existence?: Unknown | undefined;
}

/** A resource instance read from `.tf` sources. */
export interface SourceResource extends TerraformResource {
  /**
   * Directory of the root module (the configuration) the instance was
   * evaluated for: '' for the top directory, else as in the input paths
   * (`envs/prod`). A module directory called by several roots yields
   * instances for each; references link only within one configuration.
   */
  rootDirectory: string;
}

export class ResourceNode {
  /** All instances: `module.a.aws_s3_bucket.logs`. */
  readonly address: string;
  private readonly cache: MemoCache<string> = new Map();
  private instanceList?: ResourceInstance[];
  private reference?: unknown;

  constructor(
    readonly host: ResourceHost,
    readonly decl: ResourceDecl,
  ) {
    this.address = resourceAddress(host.address, decl.mode, decl.type, decl.name);
  }

  expansion(): Expansion {
    const site = this.decl.count ?? this.decl.forEach;
    if (!site) return { kind: 'single' };
    const hit = cached(this.cache, 'expansion');
    if (hit !== NOT_CACHED) return hit as Expansion;
    return this.host.guard.memo(
      this.cache,
      'expansion',
      `${this.address}.${this.decl.count ? 'count' : 'for_each'}`,
      () => expandInstances(this.decl, this.address, (e) => this.host.evaluate(e, this.host.scope), this.host.problems),
      (cycle, why) => {
        const cause = this.host.reportCycle(cycle, site.range, why);
        return { kind: 'unknown', cause, binding: {} } satisfies Expansion;
      },
    );
  }

  instances(): ResourceInstance[] {
    if (this.instanceList) return this.instanceList;
    const expansion = this.expansion();
    let bindings: InstanceBinding[];
    if (expansion.kind === 'single') bindings = [{}];
    else if (expansion.kind === 'unknown') bindings = [expansion.binding];
    else bindings = expansion.instances;
    this.instanceList = bindings.map((b) => new ResourceInstance(this, b));
    return this.instanceList;
  }

  /**
   * The value of `aws_s3_bucket.logs` in an expression: the instance object,
   * a list of them (count), a map of them (for_each), or an Unknown when the
   * instances are known only after apply (they may not exist at all).
   */
  referenceValue(): unknown {
    if (this.reference !== undefined) return this.reference;
    const expansion = this.expansion();
    if (expansion.kind === 'unknown') {
      this.reference = new Unknown(`the instances of ${this.address} are known only after apply`, [{ address: this.address }], false);
    } else if (expansion.kind === 'single') {
      this.reference = this.instances()[0]!.referenceObject();
    } else if (this.decl.count) {
      this.reference = this.instances().map((i) => i.referenceObject());
    } else {
      const byKey: HclObject = {};
      for (const i of this.instances()) setKey(byKey, String(i.key), i.referenceObject());
      this.reference = byKey;
    }
    return this.reference;
  }
}

export class ResourceInstance implements InstanceView {
  readonly address: string;
  readonly key?: InstanceKey;
  readonly scope: EvalScope;
  /** Written values by argument or block type. */
  private readonly cells: MemoCache<string> = new Map();
  /** Where each evaluated block type came from, for `locate`. */
  private readonly origins = new Map<string, BlockGroupOrigin>();
  private reference?: HclObject;

  constructor(
    readonly node: ResourceNode,
    binding: InstanceBinding,
  ) {
    this.address = node.address + keySuffix(binding.key);
    if (binding.key !== undefined) this.key = binding.key;
    const scope: { -readonly [K in keyof EvalScope]: EvalScope[K] } = { module: node.host };
    if (binding.countIndex !== undefined) scope.countIndex = binding.countIndex;
    if (binding.each !== undefined) scope.each = binding.each;
    this.scope = scope;
  }

  get mode(): ResourceDecl['mode'] {
    return this.node.decl.mode;
  }

  get type(): string {
    return this.node.decl.type;
  }

  get provider(): string | undefined {
    return this.node.decl.provider ?? (this.node.host.providersPassed ? 'passed by the module call' : undefined);
  }

  /** The evaluated value of a written argument or block type; undefined when not written. */
  written(name: string): unknown {
    const { body } = this.node.decl;
    const attribute = body.attributes.get(name);
    const blocks = attribute ? undefined : body.blocks.get(name);
    if (!attribute && !blocks) return undefined;
    const hit = cached(this.cells, name);
    if (hit !== NOT_CACHED) return hit;
    return this.node.host.guard.memo(
      this.cells,
      name,
      `${this.address}.${name}`,
      () => {
        if (attribute) return this.node.host.evaluate(attribute.expr, this.scope);
        const group = evaluateBlockGroup(blocks!, this.scope);
        this.origins.set(name, group.origin);
        return group.values;
      },
      (cycle, why) => this.node.host.reportCycle(cycle, (attribute ?? blocks![0]!).range, why),
    );
  }

  /** Every written argument and block type, evaluated, in source order. */
  writtenValues(): HclObject {
    const values: HclObject = {};
    const { body } = this.node.decl;
    // forEach: no iterator result per name (every resource instance passes here).
    body.attributes.forEach((_, name) => setKey(values, name, this.written(name)));
    body.blocks.forEach((_, name) => setKey(values, name, this.written(name)));
    return values;
  }

  /** `aws_iam_policy_document`'s rendered policy (memoized: the JSON of a big policy is not free). */
  policyDocument(): RenderedPolicy {
    const hit = cached(this.cells, '\u0000policy');
    if (hit !== NOT_CACHED) return hit as RenderedPolicy;
    return this.node.host.guard.memo(
      this.cells,
      '\u0000policy',
      `${this.address}.json`,
      () => renderPolicyDocument(this.writtenValues()),
      (cycle, why) => {
        const u = this.node.host.reportCycle(cycle, this.node.decl.block.range, why);
        return { json: u, minifiedJson: u };
      },
    );
  }

  /** The value a reference to `<address>.<name>` gets. */
  referenceAttribute(name: string): unknown {
    if (this.mode === 'data' && this.type === 'aws_iam_policy_document' && (name === 'json' || name === 'minified_json')) {
      const policy = this.policyDocument();
      return name === 'json' ? policy.json : policy.minifiedJson;
    }
    const derived = derivedAttribute(this, name);
    if (derived !== undefined) return derived;
    const written = this.written(name);
    if (written === undefined || written === null) return computedAttribute(this, name);
    return written instanceof Unknown ? withRef(written, { address: this.address, attribute: name }) : written;
  }

  referenceObject(): HclObject {
    this.reference ??= referenceObject({
      names: () => {
        const { body } = this.node.decl;
        const names = new Set([...body.attributes.keys(), ...body.blocks.keys(), ...alwaysPresentAttributes(this)]);
        return [...names];
      },
      get: (name) => this.referenceAttribute(name),
    });
    return this.reference;
  }

  /**
   * `policy = data.aws_iam_policy_document.x.json`: a statement of that
   * document is written as the data source's n-th `statement` block, so a
   * finding on `['policy', 'Statement', n]` lands there.
   */
  private locateInPolicyDocument(path: readonly (string | number)[]): SourceRange | undefined {
    if (path.length < 3 || path[1] !== 'Statement' || typeof path[0] !== 'string' || typeof path[2] !== 'number') return undefined;
    const attribute = this.node.decl.block.body.attributes.find((a) => a.name === path[0]);
    const expr = attribute?.expr;
    if (!expr || expr.kind !== 'Traversal') return undefined;
    const text = traversalText(expr.root, expr.steps);
    const m = /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)$/.exec(text ?? '');
    if (!m) return undefined;
    const data = this.node.host.resource?.(`data.aws_iam_policy_document.${m[1]}`);
    const statements = data?.decl.block.body.blocks.filter((b) => b.type === 'statement') ?? [];
    return statements[path[2]]?.range;
  }

  toTerraformResource(): SourceResource {
    const { decl } = this.node;
    const values = this.writtenValues();
    if (decl.mode === 'data' && decl.type === 'aws_iam_policy_document') {
      const policy = this.policyDocument();
      values['json'] = policy.json;
      values['minified_json'] = policy.minifiedJson;
    }
    addTemplates(values);
    const root = { body: decl.block.body, range: decl.block.range, nested: this.origins };
    // Ranges leave the loader as plain objects (see OffsetRange in hcl/positions.ts).
    const range = plainRange(decl.block.range);
    const resource: SourceResource = {
      address: this.address,
      moduleAddress: this.node.host.address,
      mode: decl.mode,
      type: decl.type,
      name: decl.name,
      values,
      file: decl.file,
      range,
      declaredAt: range,
      locate: (path) => {
        const at = this.locateInPolicyDocument(path) ?? locateIn(root, path);
        return at && plainRange(at);
      },
      rootDirectory: this.node.host.rootDirectory === '.' ? '' : this.node.host.rootDirectory,
    };
    if (this.key !== undefined) resource.index = this.key;
    if (decl.suppressions.length > 0) resource.suppressions = decl.suppressions;
    // The configuration the resource is created through: `provider = aws.audit`, else the default of its type's provider.
    const provider = decl.provider ?? decl.type.slice(0, Math.max(0, decl.type.indexOf('_')));
    const expansion = this.node.expansion();
    const existence =
      expansion.kind === 'unknown' ?
        new Unknown(`${this.node.address} has a count or for_each known only after apply (${expansion.cause.reason}), so it may create no instance`)
      : this.node.host.existence;
    if (existence) resource.existence = existence;
    if (AWS_PROVIDERS.has(provider.split('.')[0]!)) {
      const account = this.node.host.providerAccount?.(provider);
      if (account !== undefined) {
        resource.accountScope = account.accountScope;
        resource.accountLabel = account.accountLabel;
      }
    }
    return resource;
  }
}

/**
 * `value` (an attribute's written value, unknown) as the value of
 * `<address>.<attribute>`: the same unknown, with that reference first, so
 * that what reads it links to this resource even when the value itself
 * points elsewhere (`bucket = var.name`) or nowhere.
 */
function withRef(value: Unknown, ref: ResourceRef): Unknown {
  if (value.refs.some((r) => r.address === ref.address && r.attribute === ref.attribute)) return value;
  const refs = [ref, ...value.refs];
  let out: Unknown;
  if (value instanceof UnknownJsonDocument) out = new UnknownJsonDocument(value.document, refs);
  else if (value instanceof PartialString) out = new PartialString(value.parts, value.reason, refs, value.present);
  else out = new Unknown(value.reason, refs, value.present);
  return value.template === undefined ? out : out.withTemplate(value.template);
}
