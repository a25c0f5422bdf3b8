import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { findRuleFiles, loadRuleFiles, makeRule } from './rules/load.js';
import type { Rule, RuleSpec } from './rules/types.js';

/**
 * The rules shipped with trailguard. The build validates `rules/*\/rule.yaml`
 * and inlines them into the bundle as data (__TRAILGUARD_RULES__), so a scan
 * starts without reading YAML rule files or compiling a JSON Schema. Running
 * from source (tests), they are loaded and validated from `rules/`.
 */
declare const __TRAILGUARD_RULES__: RuleSpec[] | undefined;

export function builtinRuleSpecs(): RuleSpec[] {
  if (typeof __TRAILGUARD_RULES__ !== 'undefined') return __TRAILGUARD_RULES__;
  const { rules, diagnostics } = loadRuleFiles(findRuleFiles(rulesDir()), schemaPath());
  if (diagnostics.length > 0) throw new Error(`invalid built-in rules:\n${diagnostics.map((d) => d.message).join('\n')}`);
  return rules.map((r) => r.spec);
}

export function builtinRules(): Rule[] {
  return builtinRuleSpecs().map((s) => makeRule(s, `rules/${s.id}/rule.yaml`));
}

/** Project directories, found from this module whether it runs from source or from dist/. */
export function projectDir(name: string): string {
  for (const rel of [`../${name}`, `../../${name}`]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return fileURLToPath(new URL(`../${name}`, import.meta.url));
}

export function rulesDir(): string {
  return projectDir('rules');
}

export function schemaPath(): string {
  return `${projectDir('schemas')}/rule.schema.json`;
}
