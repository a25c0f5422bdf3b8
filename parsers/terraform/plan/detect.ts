// Is this JSON a Terraform plan (`terraform show -json <planfile>`)?
//
// Repositories hold plenty of JSON with a `format_version` (Terraform's own
// `validate -json` and provider-schema output, unrelated tools' manifests), so
// the version alone is not enough; the plan's own sections are.

import { isObject } from './json-values.js';

const PLAN_SECTIONS = ['planned_values', 'resource_changes', 'configuration', 'terraform_version'] as const;

/**
 * True for a parsed value that is a plan: an object with `format_version` and
 * at least one of `planned_values`, `resource_changes`, `configuration`,
 * `terraform_version`. (`terraform show -json` of a *state* matches too, via
 * `terraform_version`; parsePlan reads its `values` the same way.)
 */
export function looksLikePlan(value: unknown): boolean {
  if (!isObject(value) || !Object.hasOwn(value, 'format_version')) return false;
  return PLAN_SECTIONS.some((key) => Object.hasOwn(value, key));
}

const PLAN_KEY = /"(?:planned_values|resource_changes|configuration|terraform_version)"\s*:/;
/** `tfplan.json`, `plan.json`, `prod.tfplan.json`. */
const PLAN_FILE_NAME = /(?:^|[\\/])(?:tf)?plan\.json$|\.tfplan\.json$/i;

/**
 * Cheap test on raw text, for files that do not parse: is the author's
 * intent a plan (report the syntax error) or some other JSON (skip quietly)?
 * Also the pre-filter that keeps a plan away from slower JSON readers.
 */
export function mayBePlanText(text: string, file = ''): boolean {
  if (PLAN_FILE_NAME.test(file)) return true;
  return text.includes('"format_version"') && PLAN_KEY.test(text);
}

/**
 * The major version of a `format_version` string ("1.2" → 1), or undefined
 * when the value is not a version. Terraform promises compatible changes
 * within a major version and incompatible ones across majors.
 */
export function formatMajor(version: unknown): number | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^(\d+)\.\d+/.exec(version);
  return match ? Number(match[1]) : undefined;
}
