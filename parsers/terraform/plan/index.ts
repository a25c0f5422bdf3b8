// Entry point for Terraform plans: the text of `terraform show -json <planfile>`
// in, TerraformResources out (the same shape the `.tf` reader produces, so the
// Terraform adapter treats both alike).
//
// Speed is the design constraint: plans of 10,000+ resources are common in CI,
// so the text goes through JSON.parse once, the parsed `after` objects become
// the resources' values in place, and source positions are computed only
// when a finding asks for one (see positions.ts).

import { InputError } from '../../../core/diagnostics.js';
import { LineIndex } from '../../../core/location.js';
import { parseJsonWithPositions } from '../../json-positions.js';
import { PlanConfiguration, type PlanModuleSource } from './configuration.js';
import { looksLikePlan, mayBePlanText } from './detect.js';
import { ownObject, type JsonObject } from './json-values.js';
import { readPlan } from './read.js';
import type { PlanParseResult } from './types.js';

export { looksLikePlan, mayBePlanText } from './detect.js';
export { configModuleAddress, withoutInstanceKeys } from './address.js';
export { isNotConfigured } from './references.js';
export { locatePlanEntry } from './read.js';
export type { PlanModuleSource, PlanParseResult, PlanResource } from './types.js';

/**
 * Parses `text` (already decoded, see parsers/text.ts) as a Terraform JSON
 * plan, or the JSON of a state (`terraform show -json` without a plan file).
 *
 * - Returns `isPlan: false` (and no resources) for text that is not a plan:
 *   other JSON, or unparsable text that does not look like a plan either.
 * - Throws InputError with line and column for a file meant to be a plan
 *   (per `mayBePlanText`) that is not valid JSON.
 * - Warns (`unknown-plan-version`) for a format_version whose major version
 *   is not 0 or 1, and reads it as 1.x.
 */
export function parsePlan(file: string, text: string): PlanParseResult {
  // decodeText already strips a BOM; text from elsewhere may still carry one.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    if (!mayBePlanText(source, file)) return notAPlan();
    throw syntaxError(file, source, error);
  }
  if (!looksLikePlan(value)) return notAPlan();
  return readPlan(file, source, value as JsonObject);
}

function notAPlan(): PlanParseResult {
  return { resources: [], diagnostics: [], isPlan: false, modules: new Map() };
}

/**
 * JSON.parse says little about where (V8's messages often have no position
 * at all), so a failed plan is read again by the position-tracking parser,
 * whose errors name line and column and what was expected. That costs time
 * only for broken files.
 */
function syntaxError(file: string, text: string, error: unknown): InputError {
  try {
    parseJsonWithPositions(text, file);
  } catch (precise) {
    if (precise instanceof InputError) return new InputError(`Invalid JSON in Terraform plan: ${precise.message}`, precise.range);
  }
  // The two parsers disagree (should not happen): use JSON.parse's offset if it gave one.
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message);
  const at = new LineIndex(text).position(offset ? Math.min(Number(offset[1]), text.length) : 0);
  return new InputError(`Invalid JSON in Terraform plan at line ${at.line}, column ${at.column}: ${message}`, {
    file,
    start: at,
    end: { line: at.line, column: at.column + 1 },
  });
}

/**
 * Module sources of a parsed plan (`configuration.root_module.module_calls…`),
 * by module path without instance keys; the same map parsePlan returns as
 * `modules`. For callers that hold a parsed plan rather than its text.
 */
export function planModuleSources(plan: unknown): Map<string, PlanModuleSource> {
  return new PlanConfiguration(ownObject(plan, 'configuration')).sources;
}
