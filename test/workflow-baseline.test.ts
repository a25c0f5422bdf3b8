import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../engine/report/json.js';
import { sarifProblems } from './report/sarif-validator.js';

/**
 * Adopting trailguard on a repository that already has findings, as a user
 * does it: a throwaway git repository, the built command line in a fresh
 * process, `baseline` then `scan`, and `scan --new-since`.
 */

const repoDir = join(import.meta.dirname, '..');
const cli = join(repoDir, 'bin/trailguard.js');
const LEGACY = join(repoDir, 'examples/cloudformation/insecure-trail.yaml');
const CLEAN = join(repoDir, 'examples/cloudformation/compliant-org-trail.yaml');

/** Hooks run the CLI several times; on a loaded machine that takes longer than vitest's default. */
const HOOK_TIMEOUT = 120_000;

let scratch: string;
/** TMPDIR of every trailguard run: --new-since must leave nothing behind in it. */
let runTmp: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'trailguard-workflow-'));
  runTmp = join(scratch, 'tmp');
  mkdirSync(runTmp);
}, HOOK_TIMEOUT);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function trailguard(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TMPDIR: runTmp },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let counter = 0;
/** A git repository with one template full of findings (the legacy) and one without any, committed. */
function newRepository(): string {
  const dir = join(scratch, `repo-${++counter}`);
  mkdirSync(join(dir, 'infra'), { recursive: true });
  git(dir, ['init', '-q']);
  git(dir, ['config', 'user.email', 'dev@example.com']);
  git(dir, ['config', 'user.name', 'Dev']);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  copyFileSync(LEGACY, join(dir, 'infra/legacy.yaml'));
  copyFileSync(CLEAN, join(dir, 'infra/org-trail.yaml'));
  commitAll(dir, 'infrastructure as it is');
  return dir;
}

function commitAll(dir: string, message: string): void {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', message]);
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const p = join(dir, file);
  const before = readFileSync(p, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(p, after);
}

/** A new violation: the clean trail stops validating its log files. */
const addViolation = (text: string) => text.replace('EnableLogFileValidation: true', 'EnableLogFileValidation: false');

function json(dir: string, args: string[] = []) {
  const r = trailguard(dir, ['scan', '--format', 'json', ...args]);
  return { ...r, report: JSON.parse(r.stdout) as JsonReport };
}

function sarif(dir: string, args: string[] = []) {
  const r = trailguard(dir, ['scan', '--format', 'sarif', ...args]);
  const log = JSON.parse(r.stdout) as Log;
  return { ...r, text: r.stdout, results: log.runs[0]!.results ?? [] };
}

const byState = (results: Result[], state: string) => results.filter((r) => r.baselineState === state);

describe('trailguard baseline, then scan', { timeout: 180_000 }, () => {
  let dir: string;
  let legacyCount: number;
  beforeAll(() => {
    dir = newRepository();
    legacyCount = json(dir).report.summary.findings;
    const r = trailguard(dir, ['baseline']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${legacyCount} findings to .trailguard-baseline.json`);
    commitAll(dir, 'accept the current findings');
  }, HOOK_TIMEOUT);

  it('writes a versioned, sorted file of fingerprints with rule, file, resource and message, the same every time', () => {
    const text = readFileSync(join(dir, '.trailguard-baseline.json'), 'utf8');
    const file = JSON.parse(text) as { version: number; findings: { fingerprint: string; ruleId: string; file: string; resource: string | null; message: string }[] };
    expect(file.version).toBe(1);
    expect(file.findings).toHaveLength(legacyCount);
    expect(Object.keys(file.findings[0]!)).toEqual(['fingerprint', 'ruleId', 'file', 'resource', 'message']);
    expect(new Set(file.findings.map((f) => f.fingerprint)).size).toBe(file.findings.length);
    const order = file.findings.map((f) => `${f.file}\0${f.resource}\0${f.ruleId}\0${f.fingerprint}`);
    expect(order).toEqual([...order].sort());
    expect(file.findings.find((f) => f.ruleId === 'cloudtrail-multi-region')).toMatchObject({ file: 'infra/legacy.yaml', resource: 'AuditTrail' });
    // No line numbers: moving code does not touch the baseline's diff.
    expect(text).not.toMatch(/"line"/);
    expect(trailguard(dir, ['baseline']).code).toBe(0);
    expect(readFileSync(join(dir, '.trailguard-baseline.json'), 'utf8')).toBe(text);
  });

  it('scan exits 0 and says how many findings it left out; the baseline file is not scanned as input', () => {
    const r = trailguard(dir, ['scan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No new findings.');
    expect(r.stdout).toContain(`Left out ${legacyCount} findings already in .trailguard-baseline.json.`);
    expect(r.stdout).toContain('Scanned 2 files');
  });

  it('--no-baseline ignores it, and --baseline FILE reads another', () => {
    expect(trailguard(dir, ['scan', '--no-baseline']).code).toBe(1);
    copyFileSync(join(dir, '.trailguard-baseline.json'), join(scratch, 'elsewhere.json'));
    const r = trailguard(dir, ['scan', '--no-baseline', '--baseline', join(scratch, 'elsewhere.json')]);
    expect(r.code).toBe(0);
  });

  it('keeps exit 0 when lines move and the YAML is reformatted (re-indented, comments gone, flow lists as blocks, resources reordered)', () => {
    const moved = join(scratch, 'moved');
    rmSync(moved, { recursive: true, force: true });
    git(scratch, ['clone', '-q', dir, moved]);
    edit(moved, 'infra/legacy.yaml', (text) => {
      // Everything under Resources two columns further right, end-of-line comments dropped,
      // `[!Ref AlarmTopic]` written as a block list, and comment lines added at the top.
      let inResources = false;
      const lines = text.split('\n').map((line) => {
        if (/^\S/.test(line) && !line.startsWith('#')) inResources = line.startsWith('Resources:');
        else if (inResources && line.trim() !== '') return `  ${line.replace(/\s+#.*$/, '')}`;
        return line;
      });
      return `# Legacy audit stack\n#\n\n${lines.join('\n').replaceAll('[!Ref AlarmTopic]', '\n          - !Ref AlarmTopic')}`;
    });
    edit(moved, 'infra/org-trail.yaml', (text) => {
      // The first resource moved to the end of the file.
      const lines = text.split('\n');
      const start = lines.indexOf('Resources:') + 1;
      let end = start + 1;
      while (end < lines.length && !/^ {2}\S/.test(lines[end]!)) end++;
      const block = lines.splice(start, end - start);
      const outputs = lines.findIndex((l, i) => i > start && /^\S/.test(l));
      lines.splice(outputs < 0 ? lines.length : outputs, 0, ...block);
      return lines.join('\n');
    });
    const r = json(moved);
    expect(r.code).toBe(0);
    // (A suppressed finding is not in the baseline, so it reads new, and counts no more than before.)
    expect(r.report.findings.filter((f) => f.baselineState === 'new' && !f.suppressed)).toEqual([]);
    expect(r.report.comparison).toMatchObject({ new: 0, unchanged: legacyCount, absent: [] });
  });

  describe('a new violation', { timeout: 180_000 }, () => {
    let changed: string;
    beforeAll(() => {
      changed = join(scratch, 'changed');
      git(scratch, ['clone', '-q', dir, changed]);
      edit(changed, 'infra/org-trail.yaml', addViolation);
    }, HOOK_TIMEOUT);

    it('exits 1 and lists only that finding in the text report', () => {
      const r = trailguard(changed, ['scan']);
      expect(r.code).toBe(1);
      const listed = r.stdout.split('\n').filter((l) => /^\s+\d+:\d+\s+[A-Z]+\s/.test(l));
      expect(listed).toHaveLength(1);
      expect(listed[0]).toContain('cloudtrail-log-file-validation');
      expect(r.stdout).toContain('1 finding: 1 high');
      expect(r.stdout).toContain(`Left out ${legacyCount} findings already in .trailguard-baseline.json.`);
    });

    it('marks it new in JSON, every other finding unchanged', () => {
      const { code, report } = json(changed);
      expect(code).toBe(1);
      const fresh = report.findings.filter((f) => f.baselineState === 'new' && !f.suppressed);
      expect(fresh.map((f) => [f.ruleId, f.location.file, f.resource?.address])).toEqual([['cloudtrail-log-file-validation', 'infra/org-trail.yaml', 'OrgTrail']]);
      expect(report.findings.every((f) => f.baselineState === 'new' || f.baselineState === 'unchanged')).toBe(true);
      expect(report.summary.findings).toBe(1);
      expect(report.comparison).toMatchObject({ baselineFile: '.trailguard-baseline.json', newSince: null, new: 1, unchanged: legacyCount, absent: [] });
    });

    it('marks every SARIF result new or unchanged, and the log validates with the SARIF multitool', () => {
      const { code, results, text } = sarif(changed);
      expect(code).toBe(1);
      expect(results.every((r) => r.baselineState === 'new' || r.baselineState === 'unchanged')).toBe(true);
      expect(byState(results, 'new').filter((r) => !r.suppressions).map((r) => r.ruleId)).toEqual(['cloudtrail-log-file-validation']);
      expect(byState(results, 'unchanged')).toHaveLength(legacyCount);
      expect(sarifProblems(text)).toEqual([]);
    });

    it('--fail-on critical passes: the new finding is high', () => {
      expect(trailguard(changed, ['scan', '--fail-on', 'critical']).code).toBe(0);
    });
  });

  describe('a fixed finding', { timeout: 180_000 }, () => {
    let fixed: string;
    beforeAll(() => {
      fixed = join(scratch, 'fixed');
      git(scratch, ['clone', '-q', dir, fixed]);
      // The log group now keeps its events long enough.
      edit(fixed, 'infra/legacy.yaml', (text) => text.replace('RetentionInDays: 30', 'RetentionInDays: 400'));
    }, HOOK_TIMEOUT);

    it('is listed absent in SARIF (kind pass, its file and resource), and the log still validates', () => {
      const { code, results, text } = sarif(fixed);
      expect(code).toBe(0);
      const absent = byState(results, 'absent');
      expect(absent).toHaveLength(1);
      expect(absent[0]).toMatchObject({ ruleId: 'cloudtrail-log-group-retention', kind: 'pass', level: 'none' });
      expect(absent[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('infra/legacy.yaml');
      expect(absent[0]!.locations![0]!.logicalLocations).toEqual([{ fullyQualifiedName: 'AuditLogGroup', kind: 'resource' }]);
      expect(absent[0]!.locations![0]!.physicalLocation!.region!.startLine).toBe(73);
      expect(byState(results, 'unchanged')).toHaveLength(legacyCount - 1);
      expect(sarifProblems(text)).toEqual([]);
    });

    it('is in JSON comparison.absent and counted in the text report', () => {
      const { report } = json(fixed);
      expect(report.comparison!.absent.map((a) => [a.ruleId, a.file, a.resource])).toEqual([['cloudtrail-log-group-retention', 'infra/legacy.yaml', 'AuditLogGroup']]);
      expect(trailguard(fixed, ['scan']).stdout).toContain('1 finding in .trailguard-baseline.json is no longer found');
    });
  });
});

describe('a changed resource or cause is a new finding', { timeout: 180_000 }, () => {
  it('renaming the resource, or another failing value, makes its finding new', () => {
    const dir = newRepository();
    expect(trailguard(dir, ['baseline']).code).toBe(0);
    // The log group keeps 30 days; 60 days is still too short, but a different cause.
    edit(dir, 'infra/legacy.yaml', (text) => text.replace('RetentionInDays: 30', 'RetentionInDays: 60'));
    const retention = json(dir).report.findings.filter((f) => f.baselineState === 'new' && !f.suppressed);
    expect(retention.map((f) => f.ruleId)).toEqual(['cloudtrail-log-group-retention']);
    edit(dir, 'infra/legacy.yaml', (text) => text.replace('RetentionInDays: 60', 'RetentionInDays: 30').replaceAll('AlarmTopic', 'AlertTopic'));
    const renamed = json(dir).report.findings.filter((f) => f.baselineState === 'new' && !f.suppressed);
    expect(renamed.length).toBeGreaterThan(0);
    expect(renamed.every((f) => f.resource?.address === 'AlertTopic')).toBe(true);
  });
});

describe('scan --new-since', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = newRepository();
    edit(dir, 'infra/org-trail.yaml', addViolation);
    commitAll(dir, 'turn off log file validation');
  }, HOOK_TIMEOUT);

  it('reports only what the last commit introduced, marked new, without touching the work tree or index', () => {
    writeFileSync(join(dir, 'untracked-note.md'), 'work in progress\n');
    const status = git(dir, ['status', '--porcelain']);
    const index = readFileSync(join(dir, '.git/index'));
    const r = json(dir, ['--new-since', 'HEAD~1']);
    expect(r.code).toBe(1);
    const counted = r.report.findings.filter((f) => f.baselineState === 'new' && !f.suppressed);
    expect(counted.map((f) => [f.ruleId, f.location.file])).toEqual([['cloudtrail-log-file-validation', 'infra/org-trail.yaml']]);
    expect(r.report.summary.findings).toBe(1);
    expect(r.report.comparison).toMatchObject({ baselineFile: null, newSince: 'HEAD~1', new: 1 });
    expect(r.report.comparison!.unchanged).toBeGreaterThan(30);
    expect(git(dir, ['status', '--porcelain'])).toBe(status);
    expect(readFileSync(join(dir, '.git/index')).equals(index)).toBe(true);
    expect(readdirSync(runTmp)).toEqual([]);
  });

  it('lists only the new finding in text, and counts the rest as left out', () => {
    const r = trailguard(dir, ['scan', '--new-since', 'HEAD~1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Left out \d+ findings already at HEAD~1\./);
    expect(r.stdout.split('\n').filter((l) => /^\s+\d+:\d+\s+[A-Z]+\s/.test(l))).toHaveLength(1);
  });

  it('marks SARIF results against the revision, valid for the multitool', () => {
    const { results, text } = sarif(dir, ['--new-since', 'HEAD~1']);
    expect(byState(results, 'new').filter((r) => !r.suppressions).map((r) => r.ruleId)).toEqual(['cloudtrail-log-file-validation']);
    expect(sarifProblems(text)).toEqual([]);
  });

  it('exits 0 against HEAD, and scanning from a subdirectory compares the same paths', () => {
    expect(trailguard(dir, ['scan', '--new-since', 'HEAD']).code).toBe(0);
    const sub = json(join(dir, 'infra'), ['.', '--new-since', 'HEAD~1']);
    expect(sub.code).toBe(1);
    expect(sub.report.findings.filter((f) => f.baselineState === 'new' && !f.suppressed).map((f) => f.location.file)).toEqual(['org-trail.yaml']);
  });

  it('with a baseline, leaves out what either one has', () => {
    const both = join(scratch, 'both');
    git(scratch, ['clone', '-q', dir, both]);
    // The baseline accepts the new finding; against HEAD~1 alone it would count.
    expect(trailguard(both, ['baseline']).code).toBe(0);
    const r = json(both, ['--new-since', 'HEAD~1']);
    expect(r.code).toBe(0);
    expect(r.report.comparison).toMatchObject({ baselineFile: '.trailguard-baseline.json', newSince: 'HEAD~1', new: 0 });
  });

  it('exits 2 with a clear message outside a git repository, for an unknown revision, or one that looks like an option', () => {
    const plain = mkdtempSync(join(tmpdir(), 'trailguard-nogit-'));
    try {
      copyFileSync(LEGACY, join(plain, 'legacy.yaml'));
      const outside = trailguard(plain, ['scan', '--new-since', 'HEAD~1']);
      expect(outside.code).toBe(2);
      expect(outside.stderr).toMatch(/^trailguard: --new-since: .* is not inside a git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
    const unknown = trailguard(dir, ['scan', '--new-since', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown revision 'no-such-branch'");
    const option = trailguard(dir, ['scan', '--new-since=--output=/tmp/x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('is not a revision');
    expect(readdirSync(runTmp)).toEqual([]);
  });
});

describe('a baseline file that is broken or hostile', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = newRepository();
  }, HOOK_TIMEOUT);
  const write = (text: string) => writeFileSync(join(dir, '.trailguard-baseline.json'), text);

  it('is an error naming the file (and line), exit 2, when it is not valid JSON or not a baseline', () => {
    write('{\n  "version": 1,\n  "findings": [\n    {,}\n  ]\n}\n');
    const syntax = trailguard(dir, ['scan']);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^trailguard: \S*\.trailguard-baseline\.json:4: not valid JSON/);
    write(JSON.stringify({ version: 1, findings: [{ fingerprint: 'nope', ruleId: 'x', file: 'a', resource: null, message: 'm' }] }));
    const entry = trailguard(dir, ['scan']);
    expect(entry.code).toBe(2);
    expect(entry.stderr).toContain('.trailguard-baseline.json: findings[0].fingerprint must be 32 lowercase hex digits');
    write(JSON.stringify({ version: 99, findings: [] }));
    expect(trailguard(dir, ['scan']).stderr).toContain('baseline version');
    expect(trailguard(dir, ['scan', '--baseline', join(dir, 'missing.json')]).code).toBe(2);
  });

  it('treats __proto__ and constructor keys as data', () => {
    write(
      '{"version":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"findings":[' +
        '{"__proto__":{"x":1},"fingerprint":"0123456789abcdef0123456789abcdef","ruleId":"r","file":"f","resource":null,"message":"m"}]}',
    );
    const r = json(dir);
    expect(r.code).toBe(1);
    expect(r.report.comparison!.absent.map((a) => a.fingerprint)).toEqual(['0123456789abcdef0123456789abcdef']);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('refuses a link to a file outside the root without quoting it, and a huge file without reading it', () => {
    const secret = join(scratch, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET not json\n');
    rmSync(join(dir, '.trailguard-baseline.json'), { force: true });
    symlinkSync(secret, join(dir, '.trailguard-baseline.json'));
    const link = trailguard(dir, ['scan']);
    expect(link.code).toBe(2);
    expect(link.stderr).toContain('symbolic link to a file outside the repository root');
    expect(link.stderr).not.toContain('TOP-SECRET');
    // Named explicitly it is read, but its content is never shown.
    const named = trailguard(dir, ['scan', '--baseline', secret]);
    expect(named.code).toBe(2);
    expect(named.stderr).not.toContain('TOP-SECRET');
    // `trailguard baseline` does not write through the link.
    const write = trailguard(dir, ['baseline']);
    expect(write.code).toBe(2);
    expect(readFileSync(secret, 'utf8')).toBe('TOP-SECRET not json\n');
    rmSync(join(dir, '.trailguard-baseline.json'));
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 65 * 1024 * 1024);
    const big = trailguard(dir, ['scan', 'infra', '--baseline', huge]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('larger than 64 MiB');
  });
});
