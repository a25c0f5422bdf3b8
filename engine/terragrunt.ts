import { InputError, type Diagnostic } from '../core/diagnostics.js';
import { plainRange, rangeIn, type SourceRange } from '../core/location.js';
import { parseHcl, staticString, type Block } from '../parsers/terraform/hcl/index.js';
import { unreadStandIn, type Resource } from './graph.js';

/**
 * Terragrunt configuration (`terragrunt.hcl`, and any `*.hcl` with a top-level
 * `terraform { source = … }` block) names a module that Terragrunt downloads
 * and deploys with the file's `inputs`. trailguard does not evaluate Terragrunt
 * (its functions, includes and dependencies), so the module it deploys is not
 * read: a scan holding only such files would otherwise say "No findings" and
 * "Every check could be judged". Each one becomes a note on its `source` line
 * and a stand-in of kind `unread_module` there, which makes every check
 * undetermined at that line, as an unread Terraform module call does.
 */

export const TERRAGRUNT_CODE = 'terragrunt-not-evaluated';

/** `.hcl` files that may be Terragrunt; the dependency lock file is Terraform's own and holds no configuration. */
export function mayBeTerragrunt(shownPath: string): boolean {
  const name = baseName(shownPath);
  return name.endsWith('.hcl') && name !== '.terraform.lock.hcl';
}

/** By name: a file Terragrunt reads for certain, so one that does not parse is an error, not skipped. */
export function isTerragruntFile(shownPath: string): boolean {
  return baseName(shownPath) === 'terragrunt.hcl';
}

export interface TerragruntRead {
  diagnostics: Diagnostic[];
  standIns: Resource[];
  /** Whether the file is Terragrunt configuration (so counted as scanned). */
  isTerragrunt: boolean;
}

/**
 * Finds `terraform.source` (or, in a `terragrunt.hcl` without it, the
 * `include` blocks that may set it) and nothing else. Another `*.hcl` (Packer,
 * Nomad, a Terragrunt `env.hcl` of locals) that does not parse or has no such
 * block is not ours to judge and is left quietly.
 */
export function readTerragrunt(shownPath: string, text: string): TerragruntRead {
  const byName = isTerragruntFile(shownPath);
  let body;
  try {
    body = parseHcl(text, shownPath).body;
  } catch (e) {
    if (!byName || !(e instanceof InputError)) return { diagnostics: [], standIns: [], isTerragrunt: byName };
    const diagnostic: Diagnostic = { level: 'error', code: 'parse-error', file: shownPath, message: e.message, ...(e.range ? { range: rangeIn(e.range, shownPath) } : {}) };
    return { diagnostics: [diagnostic], standIns: [], isTerragrunt: true };
  }
  const terraform = body.blocks.find((b) => b.type === 'terraform' && b.labels.length === 0);
  const source = terraform?.body.attributes.find((a) => a.name === 'source');
  if (source) {
    const written = staticString(source.expr);
    const what = written === undefined ? 'the module its `terraform.source` names' : `the module ${JSON.stringify(written)}`;
    return unread(shownPath, source.range, written ?? 'terraform.source', `${what} is deployed by Terragrunt and not read by trailguard (Terragrunt configuration is not evaluated)`);
  }
  if (!byName) return { diagnostics: [], standIns: [], isTerragrunt: false };
  const include = body.blocks.find((b: Block) => b.type === 'include');
  // The module may be set by the included configuration, which is not evaluated.
  if (include) return unread(shownPath, include.range, 'include', 'the module deployed is set by an included Terragrunt configuration, which trailguard does not evaluate');
  // No source and no include: Terragrunt runs Terraform in this directory, whose .tf files are scanned.
  return { diagnostics: [], standIns: [], isTerragrunt: true };
}

function unread(file: string, at: SourceRange, source: string, what: string): TerragruntRead {
  const range = plainRange(at);
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  const reason = `${what}: scan the module's directory with this file's inputs as a --var-file, or scan the plan (\`terragrunt show -json planfile\`)`;
  const r = unreadStandIn({ address: `terragrunt:${dir}`, nativeType: 'terragrunt', source: 'terraform', range, id: `${file}#terragrunt@${range.start.line}:${range.start.column}`, unread: source, reason });
  return { diagnostics: [{ level: 'note', code: TERRAGRUNT_CODE, file, range, message: reason }], standIns: [r], isTerragrunt: true };
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
