import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../engine/builtin-rules.js';
import { renderRuleDoc } from '../engine/rules/docs.js';
import { scan } from '../engine/scan.js';
import { findConfig, loadConfig, policySettingFor } from '../engine/config.js';

/**
 * The rule tester (in the spirit of ESLint's RuleTester): every rule has a
 * `cases/` folder beside its rule.yaml. A `fail*` case must draw the rule's
 * finding, exactly on the lines marked `# expect-finding` (YAML and HCL); a
 * `pass*` case must not draw it. Every case is scanned with all built-in
 * rules, the way a user runs the tool.
 */

const repo = join(rulesDir(), '..');
const rules = builtinRules();

/** Input formats a rule must have cases for, by file suffix. */
const REQUIRED_FORMATS = ['.cfn.yaml', '.cfn.json', '.tf', '.plan.json'];

/** `# expect-finding` markers in the folder's YAML files, plus expected.json for JSON files. */
function folderExpectations(dir: string, shownDir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    if (/\.(ya?ml)$/.test(f) && !f.startsWith('.')) for (const line of expectedLines(readFileSync(join(dir, f), 'utf8'))) out.push(`${shownDir}/${f}:${line}`);
  }
  if (existsSync(join(dir, 'expected.json'))) {
    const json = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, number[]>;
    for (const [f, lines] of Object.entries(json)) for (const line of lines) out.push(`${shownDir}/${f}:${line}`);
  }
  return out.sort();
}

export function isCase(name: string): boolean {
  return /^(pass|fail)/.test(name);
}

function expectedLines(text: string): number[] {
  return text
    .split('\n')
    .map((l, i) => (/#\s*expect-finding\b/.test(l) ? i + 1 : 0))
    .filter((n) => n > 0);
}

describe.each(rules.map((r) => [r.spec.id, r] as const))('rule %s', (id, rule) => {
  const casesDir = join(rulesDir(), id, 'cases');
  const cases = existsSync(casesDir) ? readdirSync(casesDir).filter(isCase).sort() : [];
  const jsonLines = existsSync(join(casesDir, 'expected-lines.json'))
    ? (JSON.parse(readFileSync(join(casesDir, 'expected-lines.json'), 'utf8')) as Record<string, number[]>)
    : {};

  it('has passing and failing cases in every supported format', () => {
    for (const fmt of REQUIRED_FORMATS) {
      expect(cases.some((c) => c.startsWith('pass') && c.endsWith(fmt)), `pass*${fmt}`).toBe(true);
      expect(cases.some((c) => c.startsWith('fail') && c.endsWith(fmt)), `fail*${fmt}`).toBe(true);
    }
  });

  it('has up-to-date generated docs', () => {
    const doc = readFileSync(join(rulesDir(), id, 'README.md'), 'utf8');
    expect(doc, 'run `npm run docs`').toBe(renderRuleDoc(rule, cases));
  });

  it.each(cases)('%s', (name) => {
    const path = join(casesDir, name);
    const isDir = statSync(path).isDirectory();
    // A folder case is scanned as a repository: several files and its own .trailguard.yaml.
    const config = isDir ? loadConfig(findConfig(path)) : undefined;
    const result = scan({
      paths: [path],
      rules,
      root: repo,
      toolVersion: 'test',
      ...(config ? { policySetting: (shown: string) => policySettingFor(config, shown.slice(`rules/${id}/cases/${name}/`.length)) } : {}),
    });
    expect(result.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    if (!isDir) expect(result.files.length).toBe(1);
    const mine = result.findings.filter((f) => f.ruleId === id);
    const active = mine.filter((f) => !f.suppressed);
    if (isDir) {
      if (name.startsWith('fail')) {
        expect(active.length, `${name} should fail ${id}`).toBeGreaterThan(0);
        expect(active.map((f) => `${f.location.file}:${f.location.start.line}`).sort()).toEqual(folderExpectations(path, `rules/${id}/cases/${name}`));
      } else expect(active, `${name} should pass ${id}`).toEqual([]);
      return;
    }
    if (name.startsWith('fail')) {
      expect(active.length, `${name} should fail ${id}`).toBeGreaterThan(0);
      // YAML cases mark their lines; JSON twins get theirs from expected-lines.json
      // (written by test/tools/cfn-cases-to-json.mjs from the YAML markers).
      // (and files where a comment cannot stand on the line, such as a heredoc opener)
      const want = jsonLines[name] ?? expectedLines(readFileSync(path, 'utf8'));
      expect(want?.length, `${name} has expected lines`).toBeGreaterThan(0);
      expect(active.map((f) => f.location.start.line).sort((a, b) => a - b)).toEqual(want);
      for (const f of active) expect(f.location.file).toBe(`rules/${id}/cases/${name}`);
    } else {
      expect(active, `${name} should pass ${id}`).toEqual([]);
      if (name.includes('suppressed')) expect(mine.some((f) => f.suppressed)).toBe(true);
    }
  });
});
