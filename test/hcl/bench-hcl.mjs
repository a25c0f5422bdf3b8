// Parse time of 500 KB of generated, realistic Terraform: trailguard's HCL
// parser against hcl2-parser (HashiCorp's parser compiled to JavaScript).
//
//   node test/hcl/bench-hcl.mjs [kilobytes]
//
// The TypeScript sources are bundled with esbuild into a temporary file first,
// since Node 20 cannot import .ts directly.

import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const size = Number(process.argv[2] ?? 500) * 1000;

const dir = mkdtempSync(join(tmpdir(), 'trailguard-bench-hcl-'));
try {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { parseHcl } from ${JSON.stringify(join(root, 'parsers/terraform/hcl/parser.ts'))};\n` +
      `export { generateTerraform } from ${JSON.stringify(join(root, 'test/hcl/generate-tf.ts'))};\n`,
  );
  const outfile = join(dir, 'bench.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  const { parseHcl, generateTerraform } = await import(pathToFileURL(outfile).href);

  const text = generateTerraform(size);
  const ms = (t) => `${t.toFixed(1)} ms`;
  const stats = (times) => {
    const sorted = [...times].sort((a, b) => a - b);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], p90: sorted[Math.floor(sorted.length * 0.9)] };
  };

  const first = performance.now();
  parseHcl(text, 'bench.tf');
  const cold = performance.now() - first;
  for (let i = 0; i < 10; i++) parseHcl(text, 'bench.tf');
  const times = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    parseHcl(text, 'bench.tf');
    times.push(performance.now() - t);
  }
  const ours = stats(times);
  console.log(`input: ${(text.length / 1000).toFixed(0)} KB of generated Terraform`);
  console.log(`trailguard parseHcl: first run ${ms(cold)}; after warm-up min ${ms(ours.min)}, median ${ms(ours.median)}, p90 ${ms(ours.p90)} (30 runs)`);

  const require = createRequire(import.meta.url);
  const loadStart = performance.now();
  const hcl2 = require('hcl2-parser');
  const load = performance.now() - loadStart;
  const theirTimes = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const [, error] = hcl2.parseToObject(text);
    theirTimes.push(performance.now() - t);
    if (error) throw new Error(`hcl2-parser failed: ${error}`);
  }
  const theirs = stats(theirTimes);
  console.log(`hcl2-parser parseToObject: load ${ms(load)}; min ${ms(theirs.min)}, median ${ms(theirs.median)} (3 runs)`);
  console.log(`speed-up (median): ${(theirs.median / ours.median).toFixed(0)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
