import type { SourceRange } from '../../../core/location.js';
import type { TerraformParseResult, TerraformResource } from '../types.js';
import type { PlanModuleSource } from './configuration.js';

export type { PlanModuleSource } from './configuration.js';

/** A resource instance read from a plan. */
export interface PlanResource extends TerraformResource {
  /**
   * The module path in the configuration, instance keys removed
   * (`module.audit[0].module.logs` → `module.audit.module.logs`): the key into
   * PlanParseResult.modules, whose `directory` holds the `.tf` file declaring
   * `resource "<type>" "<name>"`.
   */
  configModuleAddress: string;
  /**
   * `change.actions` for resources from `resource_changes` (`["create"]`,
   * `["delete", "create"]`, `["read"]`…); undefined for resources taken from
   * `planned_values`, `prior_state` or a state's `values`.
   */
  actions?: readonly string[];
}

export interface PlanParseResult extends TerraformParseResult {
  resources: PlanResource[];
  /**
   * False when the text is not a Terraform plan (other JSON, or text that
   * is neither valid JSON nor looks like a plan): nothing was read, and the
   * file should be skipped without a word.
   */
  isPlan: boolean;
  /** `format_version` as written ("1.2"). */
  formatVersion?: string;
  /** `terraform_version` of the Terraform that wrote the plan. */
  terraformVersion?: string;
  /**
   * Every module of the configuration by its path without instance keys
   * ('' for the root): where its source is, so findings on
   * `module.audit.aws_cloudtrail.this` can be mapped to
   * `modules/trail/main.tf`. Empty when the plan has no `configuration`.
   */
  modules: Map<string, PlanModuleSource>;
  /**
   * Set when Terraform marked the plan errored, or not complete (-target, deferred changes) and
   * resource blocks of its configuration have no planned change: what the scan cannot judge, and why.
   * The scan puts a stand-in there that makes every check undetermined (engine/scan.ts).
   */
  incomplete?: {
    reason: string;
    range?: SourceRange;
    /** Configuration addresses (`module.a.aws_cloudtrail.t`, no instance keys) with no planned change. */
    missing: string[];
    /** Planning failed: even planned values may be partial. */
    errored: boolean;
  };
}
