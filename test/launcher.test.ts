import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The launcher (bin/trailguard.js → bin/load-bundle.js) starts the bundled CLI with the V8 code cache the
 * build made. V8 checks only the source's length before using a cache, so a cache left beside a rebuilt
 * bundle of the same length would run the old code; these tests run copies of the built CLI with a good,
 * a stale, a damaged and a missing cache.
 */

const repo = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };

function node(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Whether the launcher in `dir` used the code cache, after running `--version`. */
function cacheUsed(dir: string): { used: string; stdout: string } {
  const script = `process.argv = [process.argv[0], 'trailguard', '--version'];
const { loadBundle } = await import(${JSON.stringify(join(dir, 'bin/load-bundle.js'))});
const r = loadBundle();
process.on('exit', () => process.stderr.write('cacheUsed=' + r.cacheUsed));`;
  const r = node(['--input-type=module', '-e', script], dir);
  expect(r.code, r.stderr).toBe(0);
  return { used: /cacheUsed=(\w+)/.exec(r.stderr)?.[1] ?? 'missing', stdout: r.stdout.trim() };
}

/** A copy of the built CLI (bin/, dist/, package.json) that can be damaged without touching the repository. */
function copyOfBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-launcher-'));
  for (const d of ['bin', 'dist']) cpSync(join(repo, d), join(dir, d), { recursive: true });
  cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const scanExamples = (dir: string) => node([join(dir, 'bin/trailguard.js'), 'scan', 'examples', '--format', 'json', '--fail-on', 'none'], repo);

describe('launcher and code cache', () => {
  it('the build makes a code cache that the launcher uses', () => {
    expect(cacheUsed(repo)).toEqual({ used: 'true', stdout: pkg.version });
  });

  it('ignores a cache made for another bundle of the same length, and runs the new code', () => {
    const dir = copyOfBuild();
    const bundle = join(dir, 'dist/trailguard.cjs');
    const source = readFileSync(bundle, 'utf8');
    const version = JSON.stringify(pkg.version);
    const other = JSON.stringify(pkg.version.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
    expect(other.length).toBe(version.length);
    expect(source).toContain(version);
    writeFileSync(bundle, source.replace(version, other));
    expect(readFileSync(bundle, 'utf8').length).toBe(source.length);
    // V8 alone would take the old cache (same length) and print the old version.
    expect(cacheUsed(dir)).toEqual({ used: 'false', stdout: JSON.parse(other) });
  });

  it('starts as CommonJS, and the build keeps the bundle ASCII (decoded as Latin-1)', () => {
    // bin/package.json makes the launcher CommonJS: no ES module loader at start.
    expect(JSON.parse(readFileSync(join(repo, 'bin/package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    expect(isAscii(readFileSync(join(repo, 'dist/trailguard.cjs')))).toBe(true);
  });

  it('decodes a bundle that is not ASCII as UTF-8', () => {
    const dir = copyOfBuild();
    const bundle = join(dir, 'dist/trailguard.cjs');
    const source = readFileSync(bundle, 'utf8');
    const version = JSON.stringify(pkg.version);
    expect(source).toContain(version);
    writeFileSync(bundle, source.replace(version, JSON.stringify(`${pkg.version}-\u00e9\u2014\u{1f600}`)));
    expect(cacheUsed(dir)).toEqual({ used: 'false', stdout: `${pkg.version}-\u00e9\u2014\u{1f600}` });
  });

  it('runs the same scan with a damaged cache or none', () => {
    const good = scanExamples(repo);
    expect(good.code, good.stderr).toBe(0);
    const withoutTiming = (s: string) => s.replace(/"(elapsedMs|durationMs)": [\d.]+/g, '"$1": 0');

    const damaged = copyOfBuild();
    const cache = join(damaged, 'dist/trailguard.cjs.cache');
    const bytes = readFileSync(cache);
    writeFileSync(cache, Buffer.concat([bytes.subarray(0, 200), Buffer.alloc(5000, 0x41)]));
    expect(cacheUsed(damaged).used).toBe('false');
    const r1 = scanExamples(damaged);
    expect(r1.code, r1.stderr).toBe(0);
    expect(withoutTiming(r1.stdout)).toBe(withoutTiming(good.stdout));

    const none = copyOfBuild();
    writeFileSync(join(none, 'dist/trailguard.cjs.cache'), '');
    expect(cacheUsed(none).used).toBe('false');
    const r2 = scanExamples(none);
    expect(r2.code, r2.stderr).toBe(0);
    expect(withoutTiming(r2.stdout)).toBe(withoutTiming(good.stdout));
  });
});
