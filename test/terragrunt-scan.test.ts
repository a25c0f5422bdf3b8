import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Through the built CLI (`npm run build`): what a user sees when a scan finds nothing to judge,
// or only Terragrunt configuration whose module trailguard does not read.
const cli = join(import.meta.dirname, '../bin/trailguard.js');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-tg-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function scan(dir: string, format = 'text'): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [cli, 'scan', dir, '--root', dir, '--format', format], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout };
}

const lastLine = (s: string): string => s.trimEnd().split('\n').at(-1)!;
const diagnostics = (s: string): { level: string; code: string; file: string; message: string; start?: { line: number } }[] => JSON.parse(s).diagnostics;

const TERRAGRUNT = 'terraform {\n  source = "git::https://example.com/modules.git//cloudtrail?ref=v1"\n}\ninputs = {\n  enable_logging = false\n}\n';

describe('a scan with nothing to judge', () => {
  it('says so on the last line and as a warning, not "Every check could be judged"; exit status 0', () => {
    const dir = tree({ 'README.md': '# nothing here\n', 'package.json': '{"name": "x"}\n' });
    const text = scan(dir);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('Every check could be judged');
    expect(lastLine(text.stdout)).toMatch(/^Nothing was judged: no CloudFormation template, Terraform configuration or plan, or policy document was found in /);
    expect(diagnostics(scan(dir, 'json').stdout)).toContainEqual(expect.objectContaining({ level: 'warning', code: 'nothing-judged' }));
  });

  it('a Terraform lock file stays quiet: not read, not reported', () => {
    const dir = tree({ '.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.0.0"\n}\n' });
    const json = JSON.parse(scan(dir, 'json').stdout);
    expect(json.summary.filesScanned).toBe(0);
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toEqual(['nothing-judged']);
  });
});

describe('Terragrunt configuration', () => {
  it('notes the unread module on the source line and leaves every check undetermined there', () => {
    const dir = tree({ 'live/prod/terragrunt.hcl': TERRAGRUNT });
    const text = scan(dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('live/prod/terragrunt.hcl:2:3');
    expect(lastLine(text.stdout)).toMatch(/^\d+ checks could not be judged/);
    const json = JSON.parse(scan(dir, 'json').stdout);
    const note = json.diagnostics.find((d: { code: string }) => d.code === 'terragrunt-not-evaluated');
    expect(note).toMatchObject({ level: 'note', file: 'live/prod/terragrunt.hcl', start: { line: 2 } });
    expect(note.message).toContain('not read by trailguard');
    expect(note.message).toContain('--var-file');
    expect(note.message).toContain('terragrunt show -json planfile');
    expect(json.summary.filesScanned).toBe(1);
    expect(json.undetermined.length).toBeGreaterThan(0);
    expect(json.undetermined.every((u: { location: { file: string; start: { line: number } } }) => u.location.file === 'live/prod/terragrunt.hcl' && u.location.start.line === 2)).toBe(true);
  });

  it('reads other *.hcl files with a top-level terraform source as Terragrunt; ignores other HCL quietly', () => {
    const dir = tree({ '_envcommon/trail.hcl': TERRAGRUNT, 'env.hcl': 'locals {\n  region = "eu-west-1"\n}\n', 'packer.pkr.hcl': 'source "amazon-ebs" "x" {\n' });
    const json = JSON.parse(scan(dir, 'json').stdout);
    expect(json.summary.filesScanned).toBe(1);
    expect(json.diagnostics.map((d: { code: string; file: string }) => `${d.code} ${d.file}`)).toEqual(['terragrunt-not-evaluated _envcommon/trail.hcl']);
  });

  it('a terragrunt.hcl that does not parse is a parse-error finding naming the file and line', () => {
    const dir = tree({ 'live/terragrunt.hcl': 'terraform {\n  source = \n' });
    const r = scan(dir, 'json');
    expect(r.code).not.toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.findings).toContainEqual(expect.objectContaining({ ruleId: 'parse-error', location: expect.objectContaining({ file: 'live/terragrunt.hcl' }) }));
    expect(json.findings[0].location.start.line).toBeGreaterThan(0);
  });
});
