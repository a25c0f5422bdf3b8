import { lstatSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { builtinRules } from '../engine/builtin-rules.js';
import type { RuleMeta } from '../engine/findings.js';
import { escapeControls, escapeLine } from '../engine/report/escape.js';
import { helpMarkdown } from '../engine/report/remediation.js';
import { ruleMeta, PARSE_ERROR_RULE, POLICY_INVALID_RULE } from '../engine/rules/meta.js';
import { rulePage } from '../engine/rules/pages.js';
import { INIT_FILES, PRE_COMMIT_FILE, PRE_COMMIT_SNIPPET } from './init-templates.js';

/**
 * `trailguard init` (a configuration, a pre-commit entry and a GitHub
 * workflow for a repository starting with trailguard) and `trailguard explain
 * RULE` (a rule's page on the terminal).
 */

/** A refusal the user can act on (a file already there, an unknown rule): exit status 2. */
export class GettingStartedError extends Error {}

export function addGettingStartedCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('write a commented .trailguard.yaml, a pre-commit entry and a GitHub workflow; existing files are never overwritten')
    .option('--dir <dir>', 'repository to set up (default: the current directory)')
    .option('--force', 'overwrite .trailguard.yaml and the workflow if they exist')
    .action((opts: { dir?: string; force?: boolean }) => {
      setExit(runInit(opts.dir ?? process.cwd(), opts.force === true, (s) => process.stdout.write(s)));
    });

  program
    .command('explain')
    .description("print a rule's page: what it checks, why, how it is judged, and the fix in Terraform and CloudFormation")
    .argument('<rule>', 'rule id, as `trailguard rules` lists it')
    .action((id: string) => {
      process.stdout.write(explainRule(id));
      setExit(0);
    });
}

/**
 * Writes the files that are not there yet, after checking all of them, so
 * that a refusal leaves the repository as it was. `.pre-commit-config.yaml`
 * is the user's file with other hooks in it: when it exists, the entry to add
 * is printed instead, whatever `--force` says.
 */
export function runInit(dir: string, force: boolean, print: (s: string) => void): number {
  const root = resolve(dir);
  if (!isDirectory(root)) throw new GettingStartedError(`${dir}: not a directory`);
  const planned = INIT_FILES.map((f) => ({ ...f, path: join(root, f.name) }));
  const existing = planned.filter((f) => existsOrLink(f.path));
  if (existing.length > 0 && !force) {
    throw new GettingStartedError(
      `${existing.map((f) => f.name).join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}; nothing was written (--force overwrites)`,
    );
  }
  // A link could point anywhere on the machine; --force replaces regular files only.
  const odd = existing.find((f) => !lstatSync(f.path).isFile());
  if (odd) throw new GettingStartedError(`${odd.name} is not a regular file; nothing was written`);
  for (const f of planned) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.body);
    print(`wrote ${f.name}\n`);
  }
  const preCommit = join(root, PRE_COMMIT_FILE);
  if (existsOrLink(preCommit)) {
    print(`${PRE_COMMIT_FILE} exists: add this hook to its repos list:\n\n${PRE_COMMIT_SNIPPET}\n`);
  } else {
    writeFileSync(preCommit, `repos:\n${PRE_COMMIT_SNIPPET}`);
    print(`wrote ${PRE_COMMIT_FILE}\n`);
  }
  print('\nNext: trailguard scan\n');
  return 0;
}

/** Whether `p` names a directory (false when it names nothing, or cannot be read). */
export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function existsOrLink(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The built-in rules `explain` knows: every rule file plus the two the engine reports itself. */
function knownRules(): RuleMeta[] {
  return [...builtinRules().map(ruleMeta), PARSE_ERROR_RULE, POLICY_INVALID_RULE];
}

export function explainRule(id: string): string {
  const rules = knownRules();
  const rule = rules.find((r) => r.id === id);
  if (!rule) {
    const near = suggestions(id, rules.map((r) => r.id));
    const hint = near.length ? `; did you mean ${near.join(', ')}?` : '; `trailguard rules` lists every rule';
    throw new GettingStartedError(`unknown rule '${escapeLine(id.slice(0, 80))}'${hint}`);
  }
  const page = rulePage(rule.id) ?? fallbackPage(rule);
  // The page is ours, but a rule's notes and fixes are text: never let a control character reach the terminal.
  return escapeControls(page.endsWith('\n') ? page : `${page}\n`);
}

/** For the engine's own rules, which have no rules/<id>/ directory. */
function fallbackPage(rule: RuleMeta): string {
  return [`# ${rule.id}`, '', `**${rule.title}**`, '', `Severity: ${rule.severity}`, '', '## What it checks', '', rule.description, '', '## Why it matters and how to fix it', '', helpMarkdown(rule), ''].join('\n');
}

/** Rule ids that contain the query, or are a few edits from it: the likely typos first. */
export function suggestions(query: string, ids: readonly string[]): string[] {
  const q = query.toLowerCase().slice(0, 100);
  if (!q) return [];
  const scored = ids
    .map((id) => ({ id, d: id.includes(q) ? 0 : editDistance(q, id) }))
    .filter((s) => s.d <= Math.max(2, Math.floor(s.id.length / 4)))
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
  return scored.slice(0, 5).map((s) => s.id);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
