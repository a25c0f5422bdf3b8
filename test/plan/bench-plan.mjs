// Times parsePlan against what Node needs to read and JSON.parse the same
// file (the target: within 2x), on generated plans. Self-contained: bundles
// parsers/terraform/plan with esbuild into a temporary module.
//
//   node --expose-gc test/plan/bench-plan.mjs [10000 20000 …] [--pretty] [--rounds=9]
//
// Reports min and median wall time of each side, their ratio, the CPU-time
// ratio (less disturbed by other processes on a shared machine), and the cost
// of the first position request (the lazy scan; later ones are lookups).

import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePlan } from './generate-plan.mjs';

const args = process.argv.slice(2);
const counts = args.filter((a) => /^\d+$/.test(a)).map(Number);
const pretty = args.includes('--pretty');
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 9);

const dir = mkdtempSync(join(tmpdir(), 'trailguard-plan-bench-'));
try {
  const bundle = join(dir, 'plan.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../../parsers/terraform/plan/index.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'warning',
  });
  const { parsePlan } = await import(pathToFileURL(bundle).href);

  for (const n of counts.length ? counts : [10_000, 20_000]) {
    const file = join(dir, `plan-${n}.json`);
    writeFileSync(file, generatePlan(n, { pretty }));
    const measure = (fn) => {
      globalThis.gc?.();
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const result = fn();
      const wall = Number(process.hrtime.bigint() - start) / 1e6;
      const used = process.cpuUsage(cpu);
      return { wall, cpu: (used.user + used.system) / 1e3, result };
    };
    const base = [];
    const ours = [];
    const scan = [];
    let resources = 0;
    for (let round = 0; round < rounds; round++) {
      base.push(measure(() => JSON.parse(readFileSync(file, 'utf8'))));
      const run = measure(() => parsePlan(file, readFileSync(file, 'utf8')));
      ours.push(run);
      resources = run.result.resources.length;
      scan.push(measure(() => run.result.resources.at(-1).range));
    }
    const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    const min = (xs) => Math.min(...xs);
    const wall = (xs) => xs.map((x) => x.wall);
    const cpu = (xs) => xs.map((x) => x.cpu);
    const mb = (readFileSync(file).length / 1e6).toFixed(1);
    console.log(
      `${resources} resources, ${mb} MB ${pretty ? 'indented' : 'one line'}: ` +
        `read+JSON.parse ${min(wall(base)).toFixed(0)}/${median(wall(base)).toFixed(0)} ms (min/median), ` +
        `read+parsePlan ${min(wall(ours)).toFixed(0)}/${median(wall(ours)).toFixed(0)} ms, ` +
        `ratio ${(min(wall(ours)) / min(wall(base))).toFixed(2)}/${(median(wall(ours)) / median(wall(base))).toFixed(2)}, ` +
        `CPU ratio ${(median(cpu(ours)) / median(cpu(base))).toFixed(2)}; ` +
        `first position ${median(wall(scan)).toFixed(0)} ms`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
