import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { commandsIn, parseCommandLine, ANNOTATION_PROPERTIES } from './github/workflow-commands.js';
import { sarifProblems } from './report/sarif-validator.js';

/**
 * trailguard in GitHub Actions, as the built CLI runs there: `--format
 * github` annotations, the job summary, step outputs, the SARIF category and
 * rule pages in SARIF help.
 */

const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'bin/trailguard.js');
const insecure = 'examples/cloudformation/insecure-trail.yaml';
const hostile = 'test/fixtures/github/hostile-names.yaml';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}, cwd = repo): Run {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete base['GITHUB_STEP_SUMMARY'];
  delete base['GITHUB_OUTPUT'];
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  suppressed?: unknown;
}

function jsonFindings(paths: string[]): JsonFinding[] {
  const r = run(['scan', ...paths, '--format', 'json', '--fail-on', 'none']);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'trailguard-gh-'));
});

describe('scan --format github', () => {
  it('annotates each finding of a real template at its line, with the level from its severity', () => {
    const r = run(['scan', insecure, '--format', 'github']);
    expect(r.code).toBe(1);
    const commands = commandsIn(r.stdout);
    const findings = jsonFindings([insecure]).filter((f) => !f.suppressed);
    expect(commands).toHaveLength(findings.length);
    const multiRegion = commands.find((c) => c.properties.get('title')?.startsWith('trailguard cloudtrail-multi-region:'))!;
    expect(multiRegion.name).toBe('error');
    expect(Object.fromEntries(multiRegion.properties)).toMatchObject({ file: insecure, line: '14', endLine: '14' });
    const level = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' } as Record<string, string>;
    const bySeverity = new Map(findings.map((f) => [f.message, level[f.severity]]));
    for (const c of commands) expect(c.name).toBe(bySeverity.get(c.data));
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^trailguard: \d+ findings \(.*\) in 1 file$/);
  });

  it('cannot be made to forge a command by a hostile trail name (newline, CR, ::, %0A, ESC, bidi, U+2028)', () => {
    const r = run(['scan', hostile, '--format', 'github', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\r\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const lines = r.stdout.trimEnd().split('\n');
    const findings = jsonFindings([hostile]);
    // Every line but the closing summary is exactly one annotation on the scanned file: nothing forged.
    expect(lines).toHaveLength(findings.length + 1);
    for (const line of lines.slice(0, -1)) {
      const c = parseCommandLine(line)!;
      expect(['error', 'warning', 'notice']).toContain(c.name);
      expect(c.properties.get('file')).toBe(hostile);
      expect([...c.properties.keys()].every((k) => ANNOTATION_PROPERTIES.has(k))).toBe(true);
    }
    expect(parseCommandLine(lines.at(-1)!)).toBeUndefined();
    const named = commandsIn(r.stdout).find((c) => c.properties.get('title')?.startsWith('trailguard cloudtrail-multi-region:'))!;
    expect(named.data).toBe(
      'Trail evil\\n::error file=forged.tf,line=1::forged%0A::warning::again\\r::notice::cr \\x1b[2J \\u202eevil\\u202c \\u2028sep ##[error]legacy records only its home region: API calls in every other region go undetected.',
    );
  });

  it('annotates a file whose name holds a line feed, comma and colon at that file', () => {
    const dir = join(work, 'names');
    mkdirSync(dir, { recursive: true });
    const name = 'a,b:c\n::error::x.yaml';
    writeFileSync(join(dir, name), readFileSync(join(repo, insecure)));
    const r = run(['scan', '.', '--format', 'github', '--fail-on', 'none'], {}, dir);
    const commands = commandsIn(r.stdout);
    expect(commands.length).toBeGreaterThan(5);
    expect(new Set(commands.map((c) => c.properties.get('file')))).toEqual(new Set(['a,b:c\\n::error::x.yaml']));
  });

  it('writes to a file as github=FILE, beside a report on standard output', () => {
    const file = join(work, 'annotations.txt');
    const r = run(['scan', insecure, '--format', `github=${file}`, '--format', 'text']);
    expect(r.code).toBe(1);
    expect(commandsIn(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('cloudtrail-multi-region');
    const written = readFileSync(file, 'utf8');
    expect(commandsIn(written)).toHaveLength(jsonFindings([insecure]).filter((f) => !f.suppressed).length);
  });

  it('leaves suppressed findings out', () => {
    const dir = join(work, 'suppressed');
    mkdirSync(dir, { recursive: true });
    const template = readFileSync(join(repo, insecure), 'utf8').replace(
      '  AuditTrail:\n    Type: AWS::CloudTrail::Trail\n',
      '  AuditTrail:\n    Type: AWS::CloudTrail::Trail\n    Metadata:\n      trailguard:\n        ignore:\n          - id: cloudtrail-multi-region\n            reason: regional sandbox\n',
    );
    writeFileSync(join(dir, 'stack.yaml'), template);
    const all = jsonFindings([join(dir, 'stack.yaml')]);
    expect(all.find((f) => f.ruleId === 'cloudtrail-multi-region')?.suppressed).toBeTruthy();
    const r = run(['scan', 'stack.yaml', '--format', 'github', '--fail-on', 'none'], {}, dir);
    const titles = commandsIn(r.stdout).map((c) => c.properties.get('title')!);
    expect(titles.some((t) => t.startsWith('trailguard cloudtrail-multi-region:'))).toBe(false);
    expect(titles).toHaveLength(all.filter((f) => !f.suppressed).length);
  });
});

describe('GITHUB_STEP_SUMMARY', () => {
  it('gets the Markdown report appended when the github format runs', () => {
    const summary = join(work, 'summary.md');
    writeFileSync(summary, '# Earlier step\n\n');
    const r = run(['scan', insecure, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# Earlier step\n\n<!-- trailguard-report -->\n')).toBe(true);
    expect(text).toMatch(/### trailguard: \d+ findings/);
    expect(text).toContain('cloudtrail-multi-region');
  });

  it('is left alone by other formats', () => {
    const summary = join(work, 'untouched.md');
    const r = run(['scan', insecure, '--format', 'json'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    expect(existsSync(summary)).toBe(false);
  });

  it('that cannot be written is a warning; the scan and its exit status stand', () => {
    const r = run(['scan', insecure, '--format', 'github'], { GITHUB_STEP_SUMMARY: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('trailguard: warning: cannot append the job summary to');
    expect(commandsIn(r.stdout).length).toBeGreaterThan(5);
  });
});

describe('scan --github-output', () => {
  it('appends the counts of findings not suppressed, by severity and in total', () => {
    const out = join(work, 'outputs.txt');
    writeFileSync(out, 'earlier=1\n');
    const r = run(['scan', insecure, '--format', 'json', '--github-output', out]);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => !f.suppressed);
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    expect(readFileSync(out, 'utf8')).toBe(
      `earlier=1\ncritical=${count('critical')}\nhigh=${count('high')}\nmedium=${count('medium')}\nlow=${count('low')}\ntotal=${findings.length}\n`,
    );
    expect(count('critical')).toBeGreaterThan(0);
  });

  it('fails the run (exit 2) when it cannot write them', () => {
    const r = run(['scan', insecure, '--github-output', join(work, 'no-such-dir', 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trailguard: cannot write the step outputs to .*no-such-dir\/out: ENOENT\n$/);
  });
});

describe('SARIF for GitHub code scanning', () => {
  function sarif(extra: string[] = []) {
    const r = run(['scan', insecure, '--format', 'sarif', '--fail-on', 'none', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return { text: r.stdout, log: JSON.parse(r.stdout) as { runs: Array<Record<string, any>> } };
  }

  it('--category sets automationDetails.id as a category (trailing /) and still validates', () => {
    const { text, log } = sarif(['--category', 'terraform']);
    expect(log.runs[0]!['automationDetails']).toEqual({ id: 'terraform/' });
    expect(sarif(['--category', 'infra/prod/']).log.runs[0]!['automationDetails']).toEqual({ id: 'infra/prod/' });
    expect(sarifProblems(text)).toEqual([]);
  });

  it('has no automationDetails without --category', () => {
    expect(sarif().log.runs[0]).not.toHaveProperty('automationDetails');
  });

  it('refuses a category with spaces, control characters or an empty part (exit 2)', () => {
    for (const bad of ['has space', 'a//b', '', 'x\ny']) {
      const r = run(['scan', insecure, '--format', 'sarif', '--category', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--category takes');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it("carries each rule's page as help, and no placeholder links", () => {
    const driver = sarif().log.runs[0]!['tool'].driver;
    expect(driver).not.toHaveProperty('informationUri');
    const rule = driver.rules.find((x: { id: string }) => x.id === 'cloudtrail-multi-region');
    expect(rule).not.toHaveProperty('helpUri');
    const page = readFileSync(join(repo, 'rules/cloudtrail-multi-region/README.md'), 'utf8');
    for (const section of ['## What it checks', '## Why it matters', '## How it is judged', '### Terraform', '### CloudFormation']) {
      expect(page).toContain(section);
      expect(rule.help.markdown).toContain(section);
    }
    expect(rule.help.markdown).toContain('is_multi_region_trail');
    expect(rule.help.markdown).not.toContain('Generated from rule.yaml');
    expect(rule.help.markdown).not.toContain('## Test cases');
    expect(rule.help.text).toBe(rule.help.markdown);
    for (const r of driver.rules) expect(r).not.toHaveProperty('helpUri');
  });
});

describe('--help', () => {
  it('never shows an absolute path of the machine as a default, for any command', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'trailguard-help-'));
    const machinePaths = [cwd, repo, tmpdir(), homedir(), process.cwd()].filter((p) => p.length > 1);
    const helps = [[], ['scan'], ['rules'], ['init'], ['explain']].map((cmd) => run([...cmd, '--help'], {}, cwd));
    for (const h of helps) {
      expect(h.code).toBe(0);
      for (const p of machinePaths) expect(h.stdout).not.toContain(p);
      // No absolute path at all in a default: `(default: "/…")`.
      expect(h.stdout).not.toMatch(/default: "?\//);
    }
    expect(helps[1]!.stdout).toContain('--root <dir>');
    expect(helps[1]!.stdout).toContain('(default: the current directory)');
  });
});

describe('action.yml', () => {
  it('declares the inputs the README and init workflow use', () => {
    const action = parseYaml(readFileSync(join(repo, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    expect(Object.keys(action.inputs).sort()).toEqual(['category', 'config', 'fail-on', 'format', 'markdown-file', 'new-since', 'paths', 'sarif-file']);
    expect(Object.keys(action.outputs).sort()).toEqual(['critical', 'high', 'low', 'medium', 'sarif-file', 'total']);
  });
});

