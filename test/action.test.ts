import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { commandsIn } from './github/workflow-commands.js';

/**
 * The composite action (action.yml) as GitHub runs it, without GitHub: its
 * scan step's script, with `${{ inputs.* }}` substituted as the runner does
 * (inputs or their defaults), run by `bash --noprofile --norc -eo pipefail`
 * (GitHub's `shell: bash`) in a fake workspace with GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_ACTION_PATH in temporary directories. The
 * action path holds a copy of what the install step leaves there (the build
 * from `npm test`, rules, schemas; node_modules linked): the action must run
 * from its own directory, whatever the workspace. The install and setup-node
 * steps need the network and are only checked for syntax.
 */

const repo = join(import.meta.dirname, '..');

/** A checkout of the action, installed, as GitHub leaves it at $GITHUB_ACTION_PATH. */
const actionPath = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-action-path-'));
  // Rule test cases (most of rules/) are not needed to run.
  const needed = (src: string) => !src.split(sep).includes('cases');
  for (const part of ['bin', 'dist', 'rules', 'schemas', 'docs', 'package.json', 'action.yml']) cpSync(join(repo, part), join(dir, part), { recursive: true, filter: needed });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
})();

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Action {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parseYaml(readFileSync(join(repo, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.name }}` (the only expression the scan step's env uses) → the input or its default. */
function substitute(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name: string) => {
    const declared = action.inputs[name];
    if (!declared) throw new Error(`action.yml uses undeclared input ${name}`);
    return inputs[name] ?? declared.default ?? '';
  });
}

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Map<string, string>;
  summary: string;
  workspace: string;
}

function runScanStep(inputs: Record<string, string>, files: Record<string, string>): StepRun {
  const step = action.runs.steps.find((s) => s.id === 'scan')!;
  const base = mkdtempSync(join(tmpdir(), 'trailguard-action-'));
  const workspace = join(base, 'workspace');
  mkdirSync(workspace);
  for (const [name, from] of Object.entries(files)) {
    mkdirSync(join(workspace, name, '..'), { recursive: true });
    copyFileSync(join(repo, from), join(workspace, name));
  }
  const outputFile = join(base, 'github_output');
  const summaryFile = join(base, 'step_summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const script = join(base, 'step.sh');
  writeFileSync(script, step.run!);
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: base,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: actionPath,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
  };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(v, inputs);
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
  const outputs = new Map<string, string>();
  for (const line of readFileSync(outputFile, 'utf8').split('\n').filter(Boolean)) {
    const eq = line.indexOf('=');
    outputs.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(summaryFile, 'utf8'), workspace };
}

const INSECURE = 'examples/cloudformation/insecure-trail.yaml';
const COMPLIANT = 'examples/cloudformation/compliant-org-trail.yaml';

describe('action.yml', () => {
  it('is a composite action on Node 20 whose scripts take inputs only through env', () => {
    expect(action.runs.using).toBe('composite');
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe(20);
    for (const step of action.runs.steps.filter((s) => s.run)) {
      expect(step.shell).toBe('bash');
      // An expression inside a script would be pasted into the shell: a path could run commands.
      expect(step.run).not.toContain('${{');
      const syntax = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
      expect(syntax.status, `${step.name}: ${syntax.stderr}`).toBe(0);
    }
  });

  it('runs the scan: annotations, outputs, job summary and SARIF, and fails at fail-on', () => {
    const r = runScanStep({ paths: 'stacks' }, { 'stacks/insecure.yaml': INSECURE, 'stacks/compliant.yaml': COMPLIANT });
    expect(r.code, r.stderr).toBe(1);
    const annotations = commandsIn(r.stdout);
    expect(annotations.length).toBeGreaterThan(10);
    expect(annotations.every((a) => a.properties.get('file')?.startsWith('stacks/'))).toBe(true);

    // Every output action.yml maps is written by the step.
    for (const [name, { value }] of Object.entries(action.outputs)) {
      const step = /^\$\{\{ steps\.scan\.outputs\.([a-z-]+) \}\}$/.exec(value)?.[1];
      expect(step, name).toBeDefined();
      expect(r.outputs.has(step!), name).toBe(true);
    }
    const total = Number(r.outputs.get('total'));
    expect(total).toBe(annotations.filter((a) => a.properties.get('title')?.startsWith('trailguard ')).length);
    expect(['critical', 'high', 'medium', 'low'].reduce((n, s) => n + Number(r.outputs.get(s)), 0)).toBe(total);
    expect(r.outputs.get('sarif-file')).toBe('trailguard.sarif');

    expect(r.summary).toContain('<!-- trailguard-report -->');
    expect(r.summary).toContain(`### trailguard: ${total} findings`);

    const sarif = JSON.parse(readFileSync(join(r.workspace, 'trailguard.sarif'), 'utf8')) as {
      runs: { results: { suppressions?: unknown[] }[]; automationDetails?: unknown; tool: { driver: { rules: { id: string; help: { markdown: string } }[] } } }[];
    };
    // Rule pages come from the action's own directory.
    const page = sarif.runs[0]!.tool.driver.rules.find((x) => x.id === 'cloudtrail-multi-region')!.help.markdown;
    expect(page).toContain('## How it is judged');
    // SARIF lists suppressed findings too (marked, for code scanning to close); the counts leave them out.
    expect(sarif.runs[0]!.results.filter((x) => !x.suppressions)).toHaveLength(total);
    expect(sarif.runs[0]).not.toHaveProperty('automationDetails');
  });

  it('takes paths one per line (with spaces), a category, a SARIF path in a new directory, and fail-on none', () => {
    const r = runScanStep(
      { paths: 'infra one/trail.yaml\npolicies\n', 'fail-on': 'none', category: 'cloudformation', 'sarif-file': 'reports/tg.sarif', 'markdown-file': 'reports/comment.md' },
      { 'infra one/trail.yaml': INSECURE, 'policies/ok.yaml': COMPLIANT, 'ignored/other.yaml': INSECURE },
    );
    expect(r.code, r.stderr).toBe(0);
    const sarif = JSON.parse(readFileSync(join(r.workspace, 'reports/tg.sarif'), 'utf8')) as {
      runs: { automationDetails: { id: string }; artifacts: { location: { uri: string } }[] }[];
    };
    expect(sarif.runs[0]!.automationDetails).toEqual({ id: 'cloudformation/' });
    expect(sarif.runs[0]!.artifacts.map((a) => a.location.uri).sort()).toEqual(['infra%20one/trail.yaml', 'policies/ok.yaml']);
    expect(r.outputs.get('sarif-file')).toBe('reports/tg.sarif');
    // The PR comment's Markdown, for a sticky-comment step.
    expect(readFileSync(join(r.workspace, 'reports/comment.md'), 'utf8')).toMatch(/^<!-- trailguard-report -->\n\n### trailguard: \d+ findings/);
    expect(Number(r.outputs.get('total'))).toBeGreaterThan(0);
  });

  it('cannot be made to run a command through an input', () => {
    const r = runScanStep({ paths: '$(touch pwned) `touch pwned2` ; touch pwned3', 'sarif-file': '' }, { 'a.yaml': COMPLIANT });
    expect(r.code).toBe(2); // no such paths: a clear error, exit 2
    expect(r.stderr).toContain('$(touch');
    for (const f of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(join(r.workspace, f))).toBe(false);
    expect(r.outputs.has('sarif-file')).toBe(false);
    expect(r.outputs.has('total')).toBe(false);
  });
});
