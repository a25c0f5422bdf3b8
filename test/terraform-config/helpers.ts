// Shared helpers for the Terraform configuration loader tests.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SourceRange } from '../../core/location.js';
import { loadTerraform, type LoadTerraformOptions, type TerraformSource } from '../../parsers/terraform/config/index.js';
import type { SourceResource } from '../../parsers/terraform/config/index.js';

export type Loaded = ReturnType<typeof loadTerraform>;

export const FIXTURES = fileURLToPath(new URL('../fixtures/terraform/config/', import.meta.url));

/** Every file under the given fixture directories, with paths relative to the fixtures root (as a scan reports them). */
export function fixtureFiles(...dirs: string[]): TerraformSource[] {
  const out: TerraformSource[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name !== 'SOURCE.md') out.push({ path: relative(FIXTURES, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const d of dirs) walk(join(FIXTURES, d));
  return out;
}

export function loadFixture(dirs: string[], options?: LoadTerraformOptions): Loaded {
  return loadTerraform(fixtureFiles(...dirs), options);
}

/** Loads `.tf` texts given inline: `{ 'main.tf': '...' }`. */
export function load(files: Record<string, string>, options?: LoadTerraformOptions): Loaded {
  return loadTerraform(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    options,
  );
}

export function byAddress(result: Loaded, address: string): SourceResource {
  const r = result.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no resource ${address}; have:\n${result.resources.map((x) => x.address).join('\n')}`);
  return r;
}

/** `file:line:column-line:column`, compact for assertions. */
export function at(range: SourceRange | undefined): string {
  if (!range) return 'none';
  return `${range.file}:${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** Diagnostics as `level code file:line: message` lines. */
export function describeDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.level} ${d.code} ${d.range ? `${d.range.file}:${d.range.start.line}` : d.file}: ${d.message}`);
}
