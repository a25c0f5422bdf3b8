import type { Diagnostic } from '../../core/diagnostics.js';
import type { SourceRange } from '../../core/location.js';
import type { Suppression } from '../../core/suppression.js';
import type { Unknown } from '../../core/unknown.js';

/**
 * One Terraform resource instance, as both Terraform inputs deliver it: a
 * plan's `resource_changes[].change.after` (or `planned_values`/`prior_state`),
 * and a `.tf` resource block evaluated statically. The Terraform adapter
 * (engine/adapters/terraform) maps it to the normalized graph, so plan and
 * source findings come from the same code.
 *
 * `values` has the shape of the provider schema as `terraform show -json`
 * prints it: attributes by name, nested blocks as arrays of objects (even a
 * block that may appear once). A value that is not known before apply is an
 * `Unknown` (engine/unknown.ts) carrying the references that the
 * configuration expression makes (`aws_kms_key.trail`), so the trail still
 * links to its key.
 */
export interface TerraformResource {
  /** Fully qualified: `module.audit.module.logs.aws_cloudtrail.this["main"]`. */
  address: string;
  /** `module.audit.module.logs`, or '' for the root module. */
  moduleAddress: string;
  mode: 'managed' | 'data';
  /** Provider resource type: `aws_cloudtrail`. */
  type: string;
  name: string;
  /** count index or for_each key, when the resource has one. */
  index?: number | string;
  values: Record<string, unknown>;
  /** File the instance was read from (the plan JSON or the `.tf` file). */
  file: string;
  /** Where the instance is declared in `file`. */
  range: SourceRange;
  /**
   * Position of an attribute or nested block, by path of names and indices
   * (`['event_selector', 0, 'read_write_type']`); undefined when not written.
   * For plans this is the `.tf` position when the sources are known, else
   * the resource's entry in the plan.
   */
  locate(path: readonly (string | number)[]): SourceRange | undefined;
  /** Paths (dot-joined) whose values are sensitive; their values are never printed. */
  sensitive?: Set<string>;
  /** Inline suppressions found next to the declaration (comments in .tf). */
  suppressions?: Suppression[];
  /** The declaring `.tf` file and line when known (plans: from configuration + sources in the scan). */
  declaredAt?: SourceRange;
  /**
   * The account its provider configuration deploys into, as a scope key for
   * account-level checks (provider-account.ts); undefined: the ambient one.
   */
  accountScope?: string;
  /** How messages name that account (`account 222233334444, through provider aws.audit`); set with `accountScope`. */
  accountLabel?: string;
  /**
   * Set when the resource may not be created at all: its `count` or `for_each` (or a calling module's)
   * is known only after apply. It is still checked as written; "at least one" checks do not count it.
   */
  existence?: Unknown;
  /**
   * Set by the plan reader: `values` is JSON data (plain objects and arrays) with Unknowns in it, and a
   * provider-computed unknown (the plan reader's NOT_CONFIGURED) is at most a top-level attribute, so an
   * attribute read needs no walk of its value to find one (engine/adapters/terraform/adapter.ts).
   */
  shallowNotConfigured?: true;
}

export interface TerraformParseResult {
  resources: TerraformResource[];
  diagnostics: Diagnostic[];
}
