import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The benchmark suite (`npm run bench`) is how speed is measured and reported, so a harness that crashes
 * leaves every figure unmeasured: its workflow rows once died with "run is not a function" while the
 * BENCH_ONLY runs used for the other rows kept working. These run two of its sections once each, with
 * BENCH_BEFORE pointing at the same build so that the before/after path is taken too. They check that the
 * harness runs to the end and prints its rows, not any timing.
 */

const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'bin/trailguard.js');

function bench(only: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, 'bench/run.mjs')], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, BENCH_ONLY: only, BENCH_RUNS: '1', BENCH_WORKFLOW_RUNS: '1', BENCH_BEFORE: cli },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the benchmark harness', () => {
  it('runs the start-up rows, with a before-build beside each', () => {
    const r = bench('startup');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/scan of one small template .* ms +[\d.]+x/);
    expect(r.stdout).toMatch(/^ {2}before \(BENCH_BEFORE\) .* ms +[\d.]+x/m);
    expect(r.stdout).toMatch(/^trailguard --version /m);
    // Each row's baseline is measured in the row's own rounds, interleaved with it, and printed above it.
    expect(r.stdout).toMatch(/^baseline: node -e 0 +[\d.]+ ms.*\nscan of one small template /m);
    expect(r.stdout).toMatch(/^baseline: node -e 0 +[\d.]+ ms.*\ntrailguard --version /m);
  }, 120_000);

  it('runs the workflow rows (--new-since, a baseline of 5,000 findings), with a before-build beside each', () => {
    const r = bench('workflow');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/scan --new-since HEAD~1 of the same repository .* ms +[\d.]+x/);
    expect(r.stdout).toMatch(/scan of the same repository with a baseline of 5,000 findings .* ms +[\d.]+x/);
    expect(r.stdout.match(/^ {2}before \(BENCH_BEFORE\)/gm)).toHaveLength(2);
    // The trailguard baseline of each row is measured for both builds, in the row's rounds.
    expect(r.stdout.match(/^baseline: scan of a git repository of 300 templates \(before\) /gm)).toHaveLength(2);
  }, 120_000);
});
