import type { Resource } from '../graph.js';
import type { Kind } from '../kinds.js';
import type { SourceRange } from '../../core/location.js';

/**
 * What the CloudFormation and Terraform adapters share: reading a native
 * property into a normalized one, with its position and the service's
 * default when it is unset. Subclasses say how to get a native value and
 * where it is written.
 */
export abstract class PropertyReader {
  constructor(protected readonly resource: Resource) {}

  /** The native value, or undefined when not set. */
  abstract get(name: string): unknown;

  /** Where a native property path is written, if it is. */
  abstract loc(path: string | (string | number)[]): SourceRange | undefined;

  /**
   * Sets normalized property `prop` from native property `name`, converted;
   * when unset, the default (if any) is used and recorded as such, so reports
   * can tell "not set (defaults to false)" from "set to false".
   */
  set(prop: string, name: string, convert: (v: unknown) => unknown, fallback?: unknown): void {
    const raw = this.get(name);
    const v = raw === undefined || raw === null ? undefined : convert(raw);
    const loc = this.loc(name);
    if (loc) this.resource.locs[prop] = loc;
    if (v === undefined) {
      if (fallback !== undefined) {
        this.resource.props[prop] = fallback;
        this.resource.defaulted.add(prop);
      }
      return;
    }
    this.resource.props[prop] = v;
  }

  /** Declares a relation from the value of normalized property `prop`; the linker resolves it. */
  link(rel: string, prop: string, kinds: readonly Kind[]): void {
    this.resource.links[rel] = { value: this.resource.props[prop], kinds };
  }
}
