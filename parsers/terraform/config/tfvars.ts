// Variable values from `.tfvars` files (HCL) and `.tfvars.json` files.
//
// Terraform reads `terraform.tfvars`, then `*.auto.tfvars` in lexical order,
// then each `-var-file` in order; a later file overrides an earlier one. A
// tfvars file holds constants: references are not allowed there, so they
// evaluate to Unknown rather than to anything read from elsewhere.

import { InputError } from '../../../core/diagnostics.js';
import { evaluate } from '../hcl/evaluate.js';
import { parseHcl } from '../hcl/parser.js';
import { isObject } from '../hcl/values.js';
import { parseJsonWithPositions } from '../../json-positions.js';
import type { VariableValue } from './module-instance.js';
import { baseName } from './paths.js';
import type { Problems } from './problems.js';

export interface VarFileInput {
  path: string;
  text: string;
}

/** Whether Terraform loads the file on its own from a root module's directory. */
export function isAutomaticVarFile(path: string): boolean {
  const name = baseName(path);
  return name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json');
}

/** Terraform's order: terraform.tfvars(.json) first, then the *.auto.tfvars files by name. */
export function compareAutomaticVarFiles(a: VarFileInput, b: VarFileInput): number {
  const rank = (p: string): number => (baseName(p).startsWith('terraform.tfvars') ? 0 : 1);
  const byRank = rank(a.path) - rank(b.path);
  if (byRank !== 0) return byRank;
  const x = baseName(a.path);
  const y = baseName(b.path);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The values one var file sets. A file that does not parse is reported and sets nothing. */
export function readVarFile(file: VarFileInput, problems: Problems): Map<string, VariableValue> {
  const values = new Map<string, VariableValue>();
  try {
    if (file.path.endsWith('.json')) readJson(file, values, problems);
    else readHcl(file, values, problems);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.error('parse-error', e.message, file.path, e.range);
  }
  return values;
}

function readHcl(file: VarFileInput, values: Map<string, VariableValue>, problems: Problems): void {
  const hcl = parseHcl(file.text, file.path);
  for (const block of hcl.body.blocks) {
    problems.warning('invalid-tfvars', `Unexpected block "${block.type}" in a variables file: only name = value assignments are allowed`, file.path, block.typeRange);
  }
  for (const attribute of hcl.body.attributes) {
    let value: unknown;
    try {
      value = evaluate(attribute.expr, { lookup: () => undefined });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.warning('hcl-evaluation-error', e.message, file.path, e.range ?? attribute.range);
      continue;
    }
    values.set(attribute.name, { value, range: attribute.range });
  }
}

function readJson(file: VarFileInput, values: Map<string, VariableValue>, problems: Problems): void {
  const { value, positions } = parseJsonWithPositions(file.text, file.path);
  if (!isObject(value)) {
    problems.warning('invalid-tfvars', 'A .tfvars.json file must hold a JSON object of variable values', file.path);
    return;
  }
  const whole = { file: file.path, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  for (const name of Object.keys(value)) values.set(name, { value: value[name], range: positions.getKey([name]) ?? whole });
}
