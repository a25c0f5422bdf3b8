import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../engine/config.js';
import { builtinRules } from '../engine/builtin-rules.js';

/** `trailguard init` and `trailguard explain`, run as a user runs them (the built CLI). */

const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'bin/trailguard.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function freshRepo(): string {
  return mkdtempSync(join(tmpdir(), 'trailguard-init-'));
}

describe('trailguard init', () => {
  it('writes a configuration the scanner accepts, a pre-commit entry and a workflow that uses the action', () => {
    const dir = freshRepo();
    const r = run(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('wrote .trailguard.yaml');
    expect(r.stdout).toContain('wrote .github/workflows/trailguard.yml');
    expect(r.stdout).toContain('wrote .pre-commit-config.yaml');

    const config = readFileSync(join(dir, '.trailguard.yaml'), 'utf8');
    expect(() => loadConfig(join(dir, '.trailguard.yaml'), dir, true)).not.toThrow();
    // The commented examples are real: uncommented, the rules part loads too.
    expect(config).toMatch(/#\s+reason: .+\n#\s+expires: \d{4}-\d{2}-\d{2}/);
    const rulesExample = config.split('\n').filter((l) => /^# (rules:|  cloudtrail-)|^#     (severity|parameters)/.test(l)).map((l) => l.slice(2)).join('\n');
    writeFileSync(join(dir, 'uncommented.yaml'), `${rulesExample}\n`);
    expect(loadConfig(join(dir, 'uncommented.yaml'), dir, true).rules['cloudtrail-lake-retention']).toMatchObject({ severity: 'high' });
    // The scan in the new repository reads it.
    expect(run(['scan', '--fail-on', 'none'], dir).code).toBe(0);

    const hooks = parseYaml(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')) as { repos: { repo: string; hooks: { id: string; entry: string }[] }[] };
    expect(hooks.repos[0]!.hooks[0]).toMatchObject({ id: 'trailguard', entry: 'npx --no trailguard scan --fail-on high' });

    const workflow = parseYaml(readFileSync(join(dir, '.github/workflows/trailguard.yml'), 'utf8')) as {
      jobs: { trailguard: { permissions: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] } };
    };
    const job = workflow.jobs.trailguard;
    expect(job.permissions['security-events']).toBe('write');
    const action = parseYaml(readFileSync(join(repo, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const scan = job.steps.find((s) => s.uses?.includes('/trailguard@'))!;
    for (const input of Object.keys(scan.with ?? {})) expect(action.inputs, input).toHaveProperty(input);
    const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.['sarif_file']).toBe(scan.with?.['sarif-file']);
  });

  it('refuses to overwrite: exit 2, names the files, writes nothing', () => {
    const dir = freshRepo();
    writeFileSync(join(dir, '.trailguard.yaml'), 'rules: {}\n# mine\n');
    const r = run(['init'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('trailguard: .trailguard.yaml already exists; nothing was written (--force overwrites)\n');
    expect(readFileSync(join(dir, '.trailguard.yaml'), 'utf8')).toBe('rules: {}\n# mine\n');
    expect(existsSync(join(dir, '.github'))).toBe(false);
    expect(existsSync(join(dir, '.pre-commit-config.yaml'))).toBe(false);

    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(join(dir, '.github/workflows/trailguard.yml'), 'name: mine\n');
    expect(run(['init'], dir).stderr).toContain('.trailguard.yaml, .github/workflows/trailguard.yml already exist');
  });

  it('with --force overwrites its own files, but never a link, and never the pre-commit file', () => {
    const dir = freshRepo();
    writeFileSync(join(dir, '.trailguard.yaml'), 'rules: {}\n');
    writeFileSync(join(dir, '.pre-commit-config.yaml'), 'repos: []  # mine\n');
    const r = run(['init', '--force'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, '.trailguard.yaml'), 'utf8')).toContain('scopeChecks: true');
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).toBe('repos: []  # mine\n');
    expect(r.stdout).toContain('.pre-commit-config.yaml exists: add this hook to its repos list:');
    expect(r.stdout).toContain('entry: npx --no trailguard scan --fail-on high');

    const linked = freshRepo();
    const target = join(freshRepo(), 'elsewhere.yaml');
    writeFileSync(target, 'keep\n');
    symlinkSync(target, join(linked, '.trailguard.yaml'));
    const l = run(['init', '--force'], linked);
    expect(l.code).toBe(2);
    expect(l.stderr).toContain('.trailguard.yaml is not a regular file');
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
  });

  it('prints the hook to add when .pre-commit-config.yaml exists, and leaves it as it was', () => {
    const dir = freshRepo();
    writeFileSync(join(dir, '.pre-commit-config.yaml'), 'repos: []\n');
    const r = run(['init'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).toBe('repos: []\n');
    const snippet = r.stdout.slice(r.stdout.indexOf('  - repo: local'), r.stdout.indexOf('\nNext:'));
    expect((parseYaml(`repos:\n${snippet}`) as { repos: { hooks: { id: string }[] }[] }).repos[0]!.hooks[0]!.id).toBe('trailguard');
  });

  it('sets up another directory with --dir, and says when it is not one', () => {
    const dir = freshRepo();
    expect(run(['init', '--dir', dir], repo).code).toBe(0);
    expect(existsSync(join(dir, '.trailguard.yaml'))).toBe(true);
    const r = run(['init', '--dir', join(dir, 'missing')], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing: not a directory\n$/);
  });
});

describe('trailguard explain', () => {
  it("prints a rule's page: what, why, how judged, and the fix in both formats", () => {
    const r = run(['explain', 'cloudtrail-log-file-validation'], repo);
    expect(r.code).toBe(0);
    for (const part of ['# cloudtrail-log-file-validation', '## What it checks', '## Why it matters', '## How it is judged', '### Terraform', '### CloudFormation']) {
      expect(r.stdout).toContain(part);
    }
    expect(r.stdout).toContain('enable_log_file_validation');
    expect(r.stdout).toContain('EnableLogFileValidation');
    expect(r.stdout).not.toContain('Generated from rule.yaml');
    expect(r.stdout).not.toContain('## Test cases');
  });

  it('explains every built-in rule, and the two the engine reports itself', () => {
    for (const id of [...builtinRules().map((x) => x.spec.id).filter((_, i) => i % 10 === 0), 'parse-error', 'iam-policy-invalid']) {
      const r = run(['explain', id], repo);
      expect(r.code, id).toBe(0);
      expect(r.stdout.startsWith(`# ${id}\n`), id).toBe(true);
    }
  });

  it('refuses an unknown rule with exit 2 and suggests close ids, escaping what it echoes', () => {
    const typo = run(['explain', 'cloudtrail-log-file-validaton'], repo);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe("trailguard: unknown rule 'cloudtrail-log-file-validaton'; did you mean cloudtrail-log-file-validation?\n");
    const partial = run(['explain', 'multi-region'], repo);
    expect(partial.stderr).toContain('cloudtrail-multi-region');
    const hostile = run(['explain', '../../etc/passwd\u001b[2J\nfake'], repo);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toBe("trailguard: unknown rule '../../etc/passwd\\x1b[2J\\nfake'; `trailguard rules` lists every rule\n");
  });
});
