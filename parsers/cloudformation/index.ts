// Entry point for CloudFormation: text in, template with positions out, or
// null for a file that is not a template.

import type { Diagnostic } from '../../core/diagnostics.js';
import { InputError } from '../../core/diagnostics.js';
import type { PositionIndex } from '../../core/location.js';
import { type JsonParseResult, parseJsonWithPositions } from '../json-positions.js';
import { looksLikeCloudFormation, mayBeCloudFormationText } from './detect.js';
import { parseYamlDocuments } from './yaml-template.js';

export { looksLikeCloudFormation, mayBeCloudFormationText } from './detect.js';

export interface CfnTemplate {
  file: string;
  format: 'json' | 'yaml';
  /** The template with every YAML short form (`!Ref`, `!GetAtt`, ...) in its long JSON form. */
  body: Record<string, unknown>;
  positions: PositionIndex;
  warnings: Diagnostic[];
}

/**
 * Parses `text` (already decoded, see parsers/text.ts) as a CloudFormation
 * template in JSON or YAML.
 *
 * - Returns null for files that are not templates (empty, unrelated YAML or
 *   JSON, or unparsable text that does not look like a template either), so
 *   a scan of a whole repository stays quiet about them.
 * - Throws InputError, with line and column, for a file that is meant to be a
 *   template (per `mayBeCloudFormationText`) but cannot be read.
 */
export function parseCloudFormation(file: string, text: string): CfnTemplate | null {
  // decodeText already strips a BOM; text from elsewhere may still carry one.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstChar = /\S/.exec(source)?.[0];
  if (firstChar === undefined) return null;
  try {
    return firstChar === '{' ? readJson(file, source) : readYaml(file, source, []);
  } catch (error) {
    if (error instanceof InputError && !mayBeCloudFormationText(file, source)) return null;
    throw error;
  }
}

/**
 * JSON when the text starts with `{`. If it is not valid JSON but is valid
 * YAML (YAML flow style accepts trailing commas, comments, unquoted keys),
 * the YAML reading is used with a warning; if neither works, the JSON error is
 * the one reported, since the author meant JSON.
 */
function readJson(file: string, text: string): CfnTemplate | null {
  let json: JsonParseResult;
  try {
    json = parseJsonWithPositions(text, file);
  } catch (jsonError) {
    if (!(jsonError instanceof InputError)) throw jsonError;
    const fallback: Diagnostic = {
      level: 'warning',
      code: 'invalid-json',
      message: `Not valid JSON (${jsonError.message}); read as YAML instead`,
      file,
      ...(jsonError.range ? { range: jsonError.range } : {}),
    };
    try {
      return readYaml(file, text, [fallback]);
    } catch {
      throw jsonError;
    }
  }
  if (!looksLikeCloudFormation(json.value)) return null;
  requireResourceMap(file, json.value as Record<string, unknown>, json.positions);
  return { file, format: 'json', body: json.value as Record<string, unknown>, positions: json.positions, warnings: json.warnings };
}

/**
 * The largest YAML text read as a template: four times the 1 MB CloudFormation
 * itself accepts (a template body in S3). Reading YAML takes about 1 s and
 * 70 MB of memory per MB even on the fast path (the `yaml` library's CST is
 * most of it; bench/README.md), so 50 MB would take close to a minute and
 * gigabytes; a larger file is reported (a parse-error
 * finding naming the file and the limit, when it looks like a template) and
 * the rest of the scan goes on.
 */
export const MAX_YAML_TEMPLATE_BYTES = 4 * 1024 * 1024;

function refuseLargeYaml(text: string): void {
  // Characters first: a UTF-8 encoding is never shorter, so a short text needs no byte count.
  if (text.length <= MAX_YAML_TEMPLATE_BYTES / 3) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_YAML_TEMPLATE_BYTES) return;
  throw new InputError(
    `YAML template too large to read: ${(bytes / 1048576).toFixed(1)} MiB, over the limit of ${MAX_YAML_TEMPLATE_BYTES / 1048576} MiB (CloudFormation accepts templates up to 1 MB); not scanned`,
    undefined,
    'yaml-too-large',
  );
}

/**
 * CloudFormation accepts a single YAML document. A stream with several is
 * read, and the first document that is a template is used, with a warning
 * that the others are ignored (CloudFormation would reject the file).
 */
function readYaml(file: string, text: string, warnings: Diagnostic[]): CfnTemplate | null {
  refuseLargeYaml(text);
  const documents = parseYamlDocuments(text, file);
  const template = documents.find((doc) => looksLikeCloudFormation(doc.value));
  if (!template) return null;
  requireResourceMap(file, template.value as Record<string, unknown>, template.positions);
  const others = documents.filter((doc) => doc !== template && doc.value !== null).length;
  if (others > 0) {
    const range = template.positions.get([]);
    warnings.push({
      level: 'warning',
      code: 'multiple-yaml-documents',
      message: `${others + 1} YAML documents in one file: CloudFormation accepts only one, so only the template starting at line ${range?.start.line ?? 1} is scanned`,
      file,
      ...(range ? { range } : {}),
    });
  }
  return { file, format: 'yaml', body: template.value as Record<string, unknown>, positions: template.positions, warnings: [...warnings, ...template.warnings] };
}

/**
 * A template (it says AWSTemplateFormatVersion) whose Resources is not a map of logical IDs, a list say,
 * has nothing trailguard can read, and CloudFormation rejects it: an error at the Resources line, not
 * a file taken for something else ("no CloudFormation template was found") and passed over.
 */
function requireResourceMap(file: string, body: Record<string, unknown>, positions: PositionIndex): void {
  if (!Object.hasOwn(body, 'Resources')) return;
  const resources = body['Resources'];
  if (typeof resources === 'object' && resources !== null && !Array.isArray(resources)) return;
  const what = Array.isArray(resources) ? 'a list' : resources === null ? 'empty' : `a ${typeof resources}`;
  throw new InputError(
    `Resources is ${what}, not a map of logical IDs to resources: CloudFormation rejects this template, and none of it is judged`,
    positions.getKey(['Resources']) ?? positions.get(['Resources']),
  );
}
