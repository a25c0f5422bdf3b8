// A `module "x" { source = "./modules/trail" ... }` block in one module
// instance: its instances (count/for_each), the child module instance of each,
// and what `module.x.<output>` gives.
//
// Only local sources whose directory is in the scan are followed. A remote
// source, a missing directory or a call cycle leaves the module's outputs
// unknown (the loader has reported why).

import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import type { TraversalStep } from '../hcl/ast.js';
import { traverse } from '../hcl/evaluate.js';
import { setKey, type HclObject } from '../hcl/values.js';
import { moduleInstanceAddress, type InstanceKey } from './addresses.js';
import { expandInstances, type Expansion, type InstanceBinding } from './expansion.js';
import type { CycleGuard, MemoCache, Unfollowable } from './memo.js';
import type { ModuleCallDecl, ModuleConfig } from './module-config.js';
import type { EvalScope, ScopeModule } from './scope.js';

/** Deepest chain of module calls followed. */
export const MAX_MODULE_DEPTH = 32;

export interface ChildModule {
  readonly address: string;
  readonly config: ModuleConfig;
  /** The output's value; undefined when the module declares no such output. */
  output(name: string): unknown;
}

export interface ModuleCallHost<C extends ChildModule> extends ScopeModule {
  readonly address: string;
  readonly guard: CycleGuard;
  readonly scope: EvalScope;
  /** Directories of the calling chain, root first, this instance's last. */
  readonly ancestry: readonly string[];
  reportCycle(cycle: string[], range: SourceRange, why?: Unfollowable): Unknown;
  child(call: ModuleCallDecl, config: ModuleConfig, binding: InstanceBinding, unknownExpansion?: Unknown): C;
}

export class ModuleCallNode<C extends ChildModule> {
  /** `module.parent.module.x`, without instance key. */
  readonly address: string;
  private readonly cache: MemoCache<string> = new Map();
  private childList?: { key?: InstanceKey; module: C }[];
  private whole?: unknown;

  constructor(
    readonly host: ModuleCallHost<C>,
    readonly decl: ModuleCallDecl,
    /** The called module; undefined when it is not followed. */
    readonly config: ModuleConfig | undefined,
    /** Why the called module's source is not read (not installed, outside the root, missing). */
    readonly unread?: string,
  ) {
    this.address = moduleInstanceAddress(host.address, decl.name, undefined);
  }

  expansion(): Expansion {
    const site = this.decl.count ?? this.decl.forEach;
    if (!site) return { kind: 'single' };
    return this.host.guard.memo(
      this.cache,
      'expansion',
      `${this.address}.${this.decl.count ? 'count' : 'for_each'}`,
      () => expandInstances(this.decl, this.address, (e) => this.host.evaluate(e, this.host.scope), this.host.problems),
      (cycle, why) => ({ kind: 'unknown', cause: this.host.reportCycle(cycle, site.range, why), binding: {} }) satisfies Expansion,
    );
  }

  /** The child module instances (none when the module is not followed). */
  children(): { key?: InstanceKey; module: C }[] {
    if (this.childList) return this.childList;
    const config = this.config;
    if (!config) return (this.childList = []);
    const expansion = this.expansion();
    const bindings = expansion.kind === 'single' ? [{}] : expansion.kind === 'unknown' ? [expansion.binding] : expansion.instances;
    const unknownExpansion = expansion.kind === 'unknown' ? expansion.cause : undefined;
    this.childList = bindings.map((b: InstanceBinding) => ({ ...(b.key !== undefined ? { key: b.key } : {}), module: this.host.child(this.decl, config, b, unknownExpansion) }));
    return this.childList;
  }

  /**
   * The value of `module.x` followed by `steps` (`[0]`, `.bucket_arn`, ...);
   * undefined when the module is not followed (the caller then makes the
   * usual unresolved-reference Unknown).
   */
  reference(steps: readonly TraversalStep[]): unknown {
    if (!this.config) return undefined;
    const expansion = this.expansion();
    if (expansion.kind === 'unknown') {
      // The instances may not exist: nothing about them is certain.
      return traverse(new Unknown(`the instances of ${this.address} are known only after apply`, [{ address: this.address }], false), steps);
    }
    // Fast path: `module.x.out` / `module.x[k].out` evaluates that one output only.
    let child: ChildModule | undefined;
    let rest = steps;
    const first = steps[0];
    if (expansion.kind === 'single') child = this.children()[0]?.module;
    else if (first?.kind === 'index') {
      child = this.children().find((c) => c.key === first.key || String(c.key) === String(first.key))?.module;
      rest = steps.slice(1);
    }
    const output = rest[0];
    if (child && output?.kind === 'attr') {
      const value = child.output(output.name);
      if (value !== undefined) return traverse(value, rest.slice(1));
    }
    return traverse(this.wholeValue(), steps);
  }

  /** `module.x` as a whole: an object of outputs, or a list/map of them for count/for_each. */
  private wholeValue(): unknown {
    if (this.whole !== undefined) return this.whole;
    const outputsOf = (m: ChildModule): HclObject => {
      const out: HclObject = {};
      for (const name of m.config.outputs.keys()) setKey(out, name, m.output(name));
      return out;
    };
    const children = this.children();
    if (this.expansion().kind === 'single') this.whole = outputsOf(children[0]!.module);
    else if (this.decl.count) this.whole = children.map((c) => outputsOf(c.module));
    else {
      const byKey: HclObject = {};
      for (const c of children) setKey(byKey, String(c.key), outputsOf(c.module));
      this.whole = byKey;
    }
    return this.whole;
  }
}
