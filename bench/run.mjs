// `npm run bench`: speed and memory, as ratios against baselines measured in
// the same run (these machines are noisy; absolute numbers are not comparable
// between runs). Each figure is the median of several runs of a fresh process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCfnTrails } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench/.out');
mkdirSync(out, { recursive: true });
const cli = join(root, 'bin/trailguard.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** Median wall time (ms) and peak RSS (MiB) of a command, over RUNS fresh processes. */
function measure(args, { runs = RUNS } = {}) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    // /usr/bin/time would be nicer for RSS but is not everywhere; use Node's own report instead.
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) times.push(ms); // the first run warms the file cache
    const m = /PEAK_RSS=(\d+)/.exec(r.stderr ?? '');
    if (m) rss = Math.max(rss, Number(m[1]) / 1048576);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], rss };
}

/** Runs the CLI and prints peak RSS on exit (read by measure). */
function withRss(args) {
  return ['--import', 'data:text/javascript,process.on("exit",()=>process.stderr.write("PEAK_RSS="+process.resourceUsage().maxRSS*1024))', ...args];
}

const rows = [];
const row = (name, m, base, target) => {
  const ratio = m.median / base.median;
  rows.push({ name, median: m.median, ratio, rss: m.rss, target });
  console.log(`${name.padEnd(58)} ${m.median.toFixed(1).padStart(8)} ms  ${ratio.toFixed(2).padStart(6)}x  ${m.rss ? `${m.rss.toFixed(0)} MiB` : ''}${target ? `  (target ${target})` : ''}`);
};

console.log(`Node ${process.version}, ${RUNS} runs each, median wall time of a fresh process\n`);

// Baseline 1: bare Node start-up.
const nodeStart = measure(['-e', '0']);
console.log(`${'baseline: node -e 0'.padEnd(58)} ${nodeStart.median.toFixed(1).padStart(8)} ms`);

// 1. Cold start: scan of one small template, against bare Node start-up.
const small = join(root, 'examples/cloudformation/compliant-org-trail.yaml');
row('scan of one small template (examples/…/compliant-org-trail.yaml)', measure(withRss([cli, 'scan', small, '--format', 'json'])), nodeStart, '≤ 2.5x node start');
row('trailguard --version', measure([cli, '--version']), nodeStart);

// 2. 900 resources (300 trails, each with a bucket and a key).
const bigYaml = join(out, 'cfn-900.yaml');
const bigJson = join(out, 'cfn-900.json');
const { yaml, json } = generateCfnTrails(300);
writeFileSync(bigYaml, yaml);
writeFileSync(bigJson, json);
console.log(`\ngenerated ${bigYaml} (${(statSync(bigYaml).size / 1024).toFixed(0)} KiB), ${bigJson} (${(statSync(bigJson).size / 1024).toFixed(0)} KiB)`);
const readParseJson = measure(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(bigJson)},'utf8'))`], { runs: 7 });
console.log(`${'baseline: node reads + JSON.parse the 900-resource JSON'.padEnd(58)} ${readParseJson.median.toFixed(1).padStart(8)} ms`);
row('scan of a 900-resource CloudFormation YAML template', measure(withRss([cli, 'scan', bigYaml, '--format', 'json']), { runs: 7 }), nodeStart, 'well under 1 s');
row('scan of a 900-resource CloudFormation JSON template', measure(withRss([cli, 'scan', bigJson, '--format', 'json']), { runs: 7 }), nodeStart, 'well under 1 s');

writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
console.log('\nratios are against bare `node -e 0` start-up measured in this run; results in bench/.out/results.json');
