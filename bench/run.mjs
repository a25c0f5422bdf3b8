// `npm run bench`: speed and memory, as ratios against baselines measured in
// the same rounds (these machines are noisy; absolute numbers are not comparable
// between runs). Each figure is the median of several runs of a fresh process;
// a row, its baseline and its before-build (BENCH_BEFORE) take turns, one run
// each per round (measureRounds).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCfnGuard } from './cfn-guard.mjs';
import { generateCfnTrails, generatePolicyRepo, generateTerraformModules } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench/.out');
mkdirSync(out, { recursive: true });
const cli = join(root, 'bin/trailguard.js');
// BENCH_BEFORE=/path/to/other/checkout/bin/trailguard.js: each trailguard row is also measured with that
// build (e.g. main, built), against the same baselines in the same run: the before and after of a change.
const before = process.env.BENCH_BEFORE;
/** A before-build's plan scans stop after this long (main before this branch took minutes: quadratic). */
const BEFORE_TIMEOUT = Number(process.env.BENCH_BEFORE_TIMEOUT_MS ?? 60_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

// Every measured process (trailguard, the before-build, the baselines, hcl2-parser) runs without
// NODE_EXTRA_CA_CERTS unless BENCH_KEEP_CA_CERTS=1: Node 20 parses that file's certificates before any
// JavaScript runs, about 75 ms per process for the 144 of Debian's bundle, which is what this sandbox sets
// it to for its registry proxy. Nothing measured here makes a network connection, and that fixed cost
// added to both sides of a ratio flatters the fast side: `node -e 0` read ~110 ms with it against ~30 ms
// without, so "2× Node's start-up" meant far less work with it than on a user's machine without it.
const childEnv = { ...process.env, NO_COLOR: '1' };
if (process.env.BENCH_KEEP_CA_CERTS !== '1') delete childEnv.NODE_EXTRA_CA_CERTS;

/**
 * A command to measure, not run yet: `node args`, or `command args` for another program (cfn-guard, whose
 * standard output is discarded: hundreds of MB on the 900-resource template, and whose exit statuses
 * `okStatus` lists are not failures). `runs` fresh processes (after one that warms the file cache);
 * `timeout` (ms) stops a before-build that runs past it (shown as "> timeout"); `label` names a baseline.
 */
function cmd(args, { runs = RUNS, timeout, command, okStatus = [0, 1], label } = {}) {
  return { args, runs, timeout, command, okStatus, label };
}

/** One run of `spec`: wall time (ms), peak RSS (MiB, 0 when not printed), or a timeout. */
function runOnce(spec) {
  const t0 = process.hrtime.bigint();
  // /usr/bin/time would be nicer for RSS but is not everywhere; use Node's own report instead.
  const r = spawnSync(spec.command ?? process.execPath, spec.args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: childEnv, ...(spec.command ? { stdio: ['ignore', 'ignore', 'pipe'] } : {}), ...(spec.timeout ? { timeout: spec.timeout, killSignal: 'SIGKILL' } : {}) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (spec.timeout && r.error?.code === 'ETIMEDOUT') return { timedOut: true };
  if (!spec.okStatus.includes(r.status)) throw new Error(`${spec.args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /PEAK_RSS=(\d+)/.exec(r.stderr ?? '');
  return { ms, rss: m ? Number(m[1]) / 1048576 : 0 };
}

/**
 * Median wall time (ms) and peak RSS (MiB) of each command, measured in rounds: each round runs every
 * command once, starting one further along the list each time. A row's after-build, before-build and
 * baseline thus share the machine's load as it comes and goes; measured one after the other (every
 * after-run, then every before-run), a row's before and after disagreed by up to 20% with interleaved
 * runs on this shared machine even at load 1. Round 0 only warms the file cache.
 */
function measureRounds(specs) {
  const state = specs.map(() => ({ times: [], rss: 0, timedOut: false }));
  const rounds = Math.max(...specs.map((s) => s.runs)) + 1;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < specs.length; k++) {
      const i = (round + k) % specs.length;
      const spec = specs[i];
      const st = state[i];
      if (st.timedOut || round > spec.runs) continue;
      const r = runOnce(spec);
      if (r.timedOut) st.timedOut = true;
      else {
        if (round > 0) st.times.push(r.ms);
        st.rss = Math.max(st.rss, r.rss);
      }
    }
  }
  return specs.map((spec, i) => {
    const { times, rss, timedOut } = state[i];
    if (timedOut) return { median: spec.timeout, min: spec.timeout, rss, timedOut: true };
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], min: times[0], rss };
  });
}

/** Median wall time (ms) and peak RSS (MiB) of one command on its own (see cmd). */
function measure(args, opts) {
  return measureRounds([cmd(args, opts)])[0];
}

/** Runs the CLI and prints peak RSS on exit (read by measure). */
// Preloaded with --require, a CommonJS file: `--import` of a data: URL made Node set up its ES module
// loader in every measured trailguard process (≈ 10–15 ms of start-up), which the launcher, CommonJS,
// does not need and a user's run does not pay.
const peakRssPreload = join(out, 'peak-rss.cjs');
writeFileSync(peakRssPreload, 'process.on("exit",()=>process.stderr.write("PEAK_RSS="+process.resourceUsage().maxRSS*1024));\n');
function withRss(args) {
  return ['--require', peakRssPreload, ...args];
}

const rows = [];
/**
 * One row: `run(cliPath)` gives the trailguard command to measure (cmd); `base` is the baseline: a command
 * (measured in the same rounds as the row), a function of the CLI path giving one (a baseline that is a
 * trailguard run itself, measured for each build in the same rounds: trailguardBaseline), or a
 * measurement made before (cfn-guard's runs of tens of seconds). With BENCH_BEFORE, the before-build's
 * command joins the same rounds, so before and after are measured under the same load.
 */
const row = (name, run, base, target) => {
  const builds = before ? [cli, before] : [cli];
  const specs = builds.map((c) => run(c));
  const bases = builds.map((c) => (typeof base === 'function' ? base(c) : base));
  const baseSpecs = [...new Set(bases.filter((b) => b && b.args))];
  const measured = measureRounds([...specs, ...baseSpecs]);
  const baseOf = (b) => (b && b.args ? measured[specs.length + baseSpecs.indexOf(b)] : b);
  for (const b of baseSpecs) {
    const m = baseOf(b);
    const which = typeof base === 'function' && b === bases[1] ? ' (before)' : '';
    console.log(`${`baseline: ${b.label ?? b.args.join(' ')}${which}`.padEnd(58)} ${m.median.toFixed(1).padStart(8)} ms  ${m.rss ? `${m.rss.toFixed(0)} MiB` : ''}`);
  }
  const line = (label, i) => {
    const m = measured[i];
    const b = baseOf(bases[i]);
    const ratio = m.median / b.median;
    const gt = m.timedOut ? '>' : ' ';
    console.log(`${label.padEnd(57)}${gt}${m.median.toFixed(1).padStart(8)} ms ${gt}${ratio.toFixed(2).padStart(6)}x  ${m.rss ? `${m.rss.toFixed(0)} MiB` : ''}${target && i === 0 ? `  (target ${target})` : ''}`);
    return { median: m.median, ratio, rss: m.rss, baselineMs: b.median, ...(m.timedOut ? { timedOut: true } : {}) };
  };
  const after = line(name, 0);
  const was = before ? line('  before (BENCH_BEFORE)', 1) : undefined;
  rows.push({ name, ...after, target, ...(was ? { before: was } : {}) });
};
/** A baseline that is a trailguard run itself: `f(cliPath)` gives its command, measured with each build. */
const trailguardBaseline = (label, f) => (c) => ({ ...f(c), label });

/** Policy repositories (issue 9's speed case). */
function policyCase() {
  // 5. Policy repositories: 2,000 and 4,000 raw bucket, key and SCP documents of 10 statements each (SCPs
  // attached by .trailguard.yaml), and the same 2,000 with the hostile wildcard patterns of issue 9.
  const writeRepo = (name, files) => {
    const dir = join(out, name);
    rmSync(dir, { recursive: true, force: true });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    return dir;
  };
  const policyRuns = Number(process.env.BENCH_POLICY_RUNS ?? 5);
  const plain2k = writeRepo('policies-2000', generatePolicyRepo(2000));
  const plain4k = writeRepo('policies-4000', generatePolicyRepo(4000));
  const hostile2k = writeRepo('policies-2000-hostile', generatePolicyRepo(2000, { hostile: true }));
  console.log(`\ngenerated ${plain2k}, ${plain4k}, ${hostile2k} (+ a template of the trails the buckets serve)`);
  const p2k = trailguardBaseline('scan of 2,000 policy documents', (c) => cmd(withRss([c, 'scan', plain2k, '--format', 'json', '--fail-on', 'none']), { runs: policyRuns }));
  row('scan of 4,000 policy documents (linear: vs 2,000)', (c) => cmd(withRss([c, 'scan', plain4k, '--format', 'json', '--fail-on', 'none']), { runs: policyRuns }), p2k, '≤ 2.2x');
  row('scan of 2,000 hostile-pattern policy documents (vs plain)', (c) => cmd(withRss([c, 'scan', hostile2k, '--format', 'json', '--fail-on', 'none']), { runs: policyRuns }), p2k, '≤ 3x');

  // Many trails and many SCPs: every trail's SCP checks evaluate the SCPs together, as AWS Organizations
  // does, so the work grows with trails × SCPs. 2,000 trails (five templates of 400) and 500 SCPs
  // attached to the root, each denying tampering with one trail, against the same trails alone.
  const trailFiles = {};
  for (let f = 0; f < 5; f++) {
    let yaml = 'Resources:\n';
    for (let i = f * 400; i < (f + 1) * 400; i++) yaml += `  Trail${i}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: trail-${i}\n      IsLogging: true\n      S3BucketName: logs-${i}\n`;
    trailFiles[`trails-${f}.yaml`] = yaml;
  }
  const scpFiles = {};
  for (let f = 0; f < 5; f++) {
    let yaml = 'Resources:\n';
    for (let i = f * 100; i < (f + 1) * 100; i++) {
      yaml += `  Scp${i}:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: scp-${i}\n      Type: SERVICE_CONTROL_POLICY\n      TargetIds: [r-ab12]\n`;
      yaml += `      Content:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: [cloudtrail:StopLogging, cloudtrail:DeleteTrail]\n            Resource: arn:aws:cloudtrail:*:*:trail/trail-${i}\n`;
    }
    scpFiles[`scps-${f}.yaml`] = yaml;
  }
  const trailsOnly = writeRepo('trails-2000', trailFiles);
  const trailsScps = writeRepo('trails-2000-scps-500', { ...trailFiles, ...scpFiles });
  const t2k = trailguardBaseline('scan of 2,000 trails', (c) => cmd(withRss([c, 'scan', trailsOnly, '--format', 'json', '--fail-on', 'none']), { runs: policyRuns }));
  row('scan of 2,000 trails and 500 SCPs (vs the trails alone)', (c) => cmd(withRss([c, 'scan', trailsScps, '--format', 'json', '--fail-on', 'none']), { runs: policyRuns }), t2k);
}

/**
 * 8. Adoption (issue 10): a git repository of 300 templates (one trail, bucket and key each). `scan
 * --new-since HEAD~1` (the tree at HEAD~1 written out by git and scanned too) against a plain scan;
 * a scan with a baseline of 5,000 of its findings against the same scan without one.
 */
function workflowCase() {
  const dir = join(out, 'repo-300');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'stacks'), { recursive: true });
  const git = (...args) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'bench');
  git('config', 'commit.gpgsign', 'false');
  for (let i = 0; i < 300; i++) writeFileSync(join(dir, 'stacks', `stack-${i}.yaml`), generateCfnTrails(1, { start: i }).yaml);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  // The change under review: one template loses its log file validation.
  writeFileSync(join(dir, 'stacks/stack-1.yaml'), generateCfnTrails(1, { start: 1 }).yaml.replace('EnableLogFileValidation: true', 'EnableLogFileValidation: false'));
  git('commit', '-q', '-a', '-m', 'change');
  const runs = Number(process.env.BENCH_WORKFLOW_RUNS ?? 7);
  // Rows take a function of the CLI (row() runs it for BENCH_BEFORE's build too), and the baseline, a
  // trailguard scan itself, is measured once per build.
  const scanArgs = (c) => [c, 'scan', dir, '--root', dir, '--no-baseline', '--format', 'json', '--output', join(out, 'repo-300.out.json')];
  const plain = trailguardBaseline('scan of a git repository of 300 templates', (c) => cmd(withRss(scanArgs(c)), { runs }));
  console.log('');
  row('scan --new-since HEAD~1 of the same repository', (c) => cmd(withRss([...scanArgs(c), '--new-since', 'HEAD~1']), { runs }), plain, '≤ 2.2x');

  // A baseline of 5,000 of the repository's findings (the first 5,000 `trailguard baseline` writes).
  const full = join(out, 'repo-300.baseline.json');
  const b = spawnSync(process.execPath, [cli, 'baseline', dir, '--root', dir, '--output', full], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`baseline: ${b.stderr}`);
  const file = JSON.parse(readFileSync(full, 'utf8'));
  if (file.findings.length < 5000) throw new Error(`the repository has only ${file.findings.length} findings`);
  file.findings = file.findings.slice(0, 5000);
  const baseline5k = join(out, 'repo-300.baseline-5000.json');
  writeFileSync(baseline5k, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`${`(the repository has ${b.stderr.match(/wrote (\d+)/)?.[1] ?? '?'} findings; the baseline holds 5,000, ${(statSync(baseline5k).size / 1048576).toFixed(1)} MiB)`.padEnd(58)}`);
  row('scan of the same repository with a baseline of 5,000 findings', (c) => cmd(withRss([...scanArgs(c).filter((a) => a !== '--no-baseline'), '--baseline', baseline5k]), { runs }), plain, '≤ 1.1x');
}

console.log(`Node ${process.version}, ${RUNS} runs each, median wall time of a fresh process${process.env.NODE_EXTRA_CA_CERTS && !('NODE_EXTRA_CA_CERTS' in childEnv) ? ' (NODE_EXTRA_CA_CERTS unset for the measured processes; BENCH_KEEP_CA_CERTS=1 keeps it)' : ''}\n`);

// Baseline 1: bare Node start-up.
// Node's own start-up, measured once on its own for the header (and results.json); the rows against it
// measure it again in their own rounds (nodeStartCmd).
const nodeStartCmd = cmd(['-e', '0'], { label: 'node -e 0' });
const nodeStart = measure(nodeStartCmd.args);
console.log(`${'baseline: node -e 0'.padEnd(58)} ${nodeStart.median.toFixed(1).padStart(8)} ms`);

/** Rows 4 and 4b: the generated plans (written to bench/.out), many findings and few. */
async function planCases() {
  // 4. Plans of 10,000 and 20,000 resources against reading and JSON.parse-ing them.
  const { generatePlan } = await import(join(root, 'test/plan/generate-plan.mjs'));
  for (const n of [10_000, 20_000]) {
    const planFile = join(out, `plan-${n}.json`);
    writeFileSync(planFile, generatePlan(n));
    const base = cmd(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(planFile)},'utf8'))`], { runs: 3, label: `node reads + JSON.parse the ${n}-resource plan (${(statSync(planFile).size / 1048576).toFixed(0)} MiB)` });
    console.log('');
    row(`scan of a ${n}-resource plan`, (c) => cmd(withRss([c, 'scan', planFile, '--format', 'json', '--output', join(out, `plan-${n}.out.json`)]), { runs: 3, timeout: c === cli ? undefined : BEFORE_TIMEOUT }), base, '≤ 2x read + JSON.parse');
  }

  // 4b. A plan with few findings per resource: the 10,000-resource plan with only two trail rules on, so
  // that what remains is the reader, the graph and the rules' walk, not thousands of findings.
  {
    const dir = join(out, 'plan-few-findings');
    mkdirSync(dir, { recursive: true });
    const ids = JSON.parse(spawnSync(process.execPath, [cli, 'rules', '--format', 'json'], { encoding: 'utf8' }).stdout).map((r) => r.id);
    const on = new Set(['cloudtrail-multi-region', 'cloudtrail-log-file-validation']);
    writeFileSync(join(dir, '.trailguard.yaml'), `scopeChecks: false\nrules:\n${ids.filter((id) => !on.has(id)).map((id) => `  ${id}: off\n`).join('')}`);
    const planFile = join(out, 'plan-10000.json');
    const base = cmd(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(planFile)},'utf8'))`], { runs: 3, label: 'node reads + JSON.parse the 10000-resource plan' });
    console.log('');
    row('the 10,000-resource plan, two rules on (few findings)', (c) => cmd(withRss([c, 'scan', planFile, '--config', join(dir, '.trailguard.yaml'), '--format', 'json', '--output', join(out, 'plan-few.out.json')]), { runs: 3, timeout: c === cli ? undefined : BEFORE_TIMEOUT }), base, '≤ 2x read + JSON.parse');
  }
}

/** 500 KB of generated .tf (case 3): trailguard's whole scan against hcl2-parser's parse alone. */
async function tfCase() {
  // BENCH_RUNS, when given, applies here too (the defaults keep the full bench short: hcl2-parser takes seconds).
  const tfRuns = process.env.BENCH_RUNS ? RUNS : 5;
  const { build } = await import('esbuild');
  const gen = await build({ entryPoints: [join(root, 'test/hcl/generate-tf.ts')], bundle: true, platform: 'node', format: 'esm', write: false, packages: 'external' });
  const genFile = join(out, 'generate-tf.mjs');
  writeFileSync(genFile, gen.outputFiles[0].text);
  const { generateTerraform } = await import(genFile);
  const tfDir = join(out, 'tf-500k');
  mkdirSync(tfDir, { recursive: true });
  const tfText = generateTerraform(500 * 1024);
  writeFileSync(join(tfDir, 'main.tf'), tfText);
  console.log(`\ngenerated ${tfDir}/main.tf (${(tfText.length / 1024).toFixed(0)} KiB)`);
  const hcl2 = cmd(['-e', `require('hcl2-parser').parseToObject(require('fs').readFileSync(${JSON.stringify(join(tfDir, 'main.tf'))},'utf8'))`], { runs: process.env.BENCH_RUNS ? RUNS : 3, label: 'hcl2-parser parses the same .tf (no positions)' });
  row('scan of 500 KB of .tf (parse, evaluate, rules, report)', (c) => cmd(withRss([c, 'scan', tfDir, '--format', 'json']), { runs: tfRuns }), hcl2, '≤ 0.1x hcl2-parser');
}

/**
 * cfn-guard side by side (issue 11): AWS's cfn-guard with the Control Tower CloudTrail controls (the
 * four CT.CLOUDTRAIL.PR rules) against trailguard's whole scan (every rule), on the 900-resource
 * template, on the same 900 resources as 300 one-trail templates, and on one small template. cfn-guard
 * writes JSON without its summary table (its fastest output here; the default text summary is slower);
 * trailguard writes its JSON report. A ratio below 1 means trailguard is faster.
 */
/** `template`: the 900-resource YAML template (generateCfnTrails(300)), written by the caller. */
function cfnGuardCase(template) {
  const guard = findCfnGuard(out);
  if (guard.missing) {
    console.log(`\ncfn-guard rows skipped: ${guard.missing}`);
    rows.push({ name: 'cfn-guard side by side', skipped: guard.missing });
    return;
  }
  console.log(`\n${guard.version} with ${guard.ruleCount} Control Tower CloudTrail rules (${guard.cloudTrailRules})`);
  // 0: nothing failed; 19: some rule failed (what a scan of these inputs gives).
  const guardRun = (data, runs) => measure(['validate', '--rules', guard.cloudTrailRules, '--data', data, '--output-format', 'json', '--show-summary', 'none'], { command: guard.bin, runs, okStatus: [0, 19] });
  const baseline = (label, m) => {
    console.log(`${`baseline: ${label}`.padEnd(58)} ${m.median.toFixed(1).padStart(8)} ms`);
    return m;
  };

  // cfn-guard takes tens of seconds here (its results grow with trails × trails): one timed run.
  const big = baseline('cfn-guard, the 900-resource template', guardRun(template, Number(process.env.BENCH_GUARD_RUNS ?? 1)));
  row('scan of the 900-resource template (all rules)', (c) => cmd(withRss([c, 'scan', template, '--format', 'json', '--output', join(out, 'cfn-900.guard-row.json')]), { runs: 7 }), big, '≤ 0.033x cfn-guard (≥ 30x faster)');

  const split = join(out, 'cfn-300-templates');
  rmSync(split, { recursive: true, force: true });
  mkdirSync(split, { recursive: true });
  for (let i = 0; i < 300; i++) writeFileSync(join(split, `trail-${i}.yaml`), generateCfnTrails(1, { start: i }).yaml);
  const many = baseline('cfn-guard, the same as 300 one-trail templates', guardRun(split, 3));
  row('scan of the 300 one-trail templates (all rules)', (c) => cmd(withRss([c, 'scan', split, '--format', 'json', '--output', join(out, 'cfn-300.guard-row.json')]), { runs: 7 }), many);

  const small = join(root, 'examples/cloudformation/compliant-org-trail.yaml');
  const one = baseline('cfn-guard, one small template', guardRun(small, 7));
  row('scan of one small template (all rules)', (c) => cmd(withRss([c, 'scan', small, '--format', 'json'])), one);
}

// BENCH_ONLY=cfn-guard: just the rows side by side with cfn-guard.
if (process.env.BENCH_ONLY === 'cfn-guard') {
  const template = join(out, 'cfn-900.yaml');
  writeFileSync(template, generateCfnTrails(300).yaml);
  cfnGuardCase(template);
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}

// BENCH_ONLY=tf: just the 500 KB .tf scan and its hcl2-parser baseline.
if (process.env.BENCH_ONLY === 'tf') {
  await tfCase();
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}

// BENCH_ONLY=plans: just the plan rows (the 10,000- and 20,000-resource plans, and the few-findings scan).
if (process.env.BENCH_ONLY === 'plans') {
  await planCases();
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}

// BENCH_ONLY=workflow: just the baseline and --new-since case.
if (process.env.BENCH_ONLY === 'workflow') {
  workflowCase();
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}

// BENCH_ONLY=yaml: the YAML reader's rows (the CIS stacks of case 7, the 900-resource template, 50 MB).
if (process.env.BENCH_ONLY === 'yaml') {
  await cisCase();
  const file = join(out, 'cfn-900.yaml');
  writeFileSync(file, generateCfnTrails(300).yaml);
  console.log('');
  row('scan of a 900-resource CloudFormation YAML template', (c) => cmd(withRss([c, 'scan', file, '--format', 'json']), { runs: 7 }), nodeStartCmd, 'well under 1 s');
  const big = join(out, 'cfn-50mb.yaml');
  writeFileSync(big, generateCfnTrails(42_000).yaml);
  row('scan of 50 MB of YAML (one template)', (c) => cmd(withRss([c, 'scan', big, '--format', 'json', '--fail-on', 'none', '--output', join(out, 'cfn-50mb.out.json')]), { runs: 1, timeout: c === cli ? undefined : BEFORE_TIMEOUT }), nodeStartCmd, '≤ 10 s and 1.5 GB, or a clear limit');
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}

// BENCH_ONLY=copies: one stack copied many times (a monorepo of services built from one template).
if (process.env.BENCH_ONLY === 'copies') {
  copiesCase();
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}

// BENCH_ONLY=policies: just the policy-repository case.
if (process.env.BENCH_ONLY === 'policies') {
  policyCase();
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}

// 1. Cold start: what a pre-commit hook on a few files costs, against bare Node start-up.
function startupCase() {
  const small = join(root, 'examples/cloudformation/compliant-org-trail.yaml');
  row('scan of one small template (examples/…/compliant-org-trail.yaml)', (c) => cmd(withRss([c, 'scan', small, '--format', 'json'])), nodeStartCmd, '≤ 2.5x node start');
  row('scan of examples/ (two templates), text report', (c) => cmd(withRss([c, 'scan', join(root, 'examples'), '--fail-on', 'none'])), nodeStartCmd);
  const empty = join(out, 'empty-dir');
  mkdirSync(empty, { recursive: true });
  row('scan of an empty directory', (c) => cmd(withRss([c, 'scan', empty, '--fail-on', 'none'])), nodeStartCmd);
  row('trailguard --version', (c) => cmd([c, '--version']), nodeStartCmd);
}

// BENCH_ONLY=startup: just the start-up rows.
if (process.env.BENCH_ONLY === 'startup') {
  startupCase();
  writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
  process.exit(0);
}
startupCase();

// 2. 900 resources (300 trails, each with a bucket and a key).
const bigYaml = join(out, 'cfn-900.yaml');
const bigJson = join(out, 'cfn-900.json');
const { yaml, json } = generateCfnTrails(300);
writeFileSync(bigYaml, yaml);
writeFileSync(bigJson, json);
console.log(`\ngenerated ${bigYaml} (${(statSync(bigYaml).size / 1024).toFixed(0)} KiB), ${bigJson} (${(statSync(bigJson).size / 1024).toFixed(0)} KiB)`);
const readParseJson = measure(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(bigJson)},'utf8'))`], { runs: 7 });
console.log(`${'baseline: node reads + JSON.parse the 900-resource JSON'.padEnd(58)} ${readParseJson.median.toFixed(1).padStart(8)} ms`);
row('scan of a 900-resource CloudFormation YAML template', (c) => cmd(withRss([c, 'scan', bigYaml, '--format', 'json']), { runs: 7 }), nodeStartCmd, 'well under 1 s');
row('scan of a 900-resource CloudFormation JSON template', (c) => cmd(withRss([c, 'scan', bigJson, '--format', 'json']), { runs: 7 }), nodeStartCmd, 'well under 1 s');
// The same scan with a SARIF report (thousands of results): what the reporter costs beyond JSON.
const jsonScan = trailguardBaseline('the 900-resource YAML scan, JSON report to a file', (c) => cmd(withRss([c, 'scan', bigYaml, '--format', 'json', '--fail-on', 'none', '--output', join(out, 'cfn-900.out.json')]), { runs: 7 }));
row('the same scan, SARIF report to a file', (c) => cmd(withRss([c, 'scan', bigYaml, '--format', 'sarif', '--fail-on', 'none', '--output', join(out, 'cfn-900.out.sarif')]), { runs: 7 }), jsonScan, '≈ 1x');

cfnGuardCase(bigYaml);

// 3. 500 KB of generated .tf: trailguard's whole scan against hcl2-parser's parse alone.
await tfCase();

await planCases();

// 4c. 50 MB of YAML: a template of 126,000 resources (beyond MAX_YAML_TEMPLATE_BYTES: reported, not read).
{
  const file = join(out, 'cfn-50mb.yaml');
  writeFileSync(file, generateCfnTrails(42_000).yaml);
  console.log(`\ngenerated ${file} (${(statSync(file).size / 1048576).toFixed(0)} MiB)`);
  row('scan of 50 MB of YAML (one template)', (c) => cmd(withRss([c, 'scan', file, '--format', 'json', '--fail-on', 'none', '--output', join(out, 'cfn-50mb.out.json')]), { runs: 1, timeout: c === cli ? undefined : BEFORE_TIMEOUT }), nodeStartCmd, '≤ 10 s and 1.5 GB, or a clear limit');
}

policyCase();

// 6. 50 module instances over 5 registry modules (read through .terraform/modules/modules.json)
// against the same resources written inline.
const tfModules = generateTerraformModules(10);
const writeTree = (dir, files) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
};
const modulesDir = join(out, 'tf-modules/modules');
const inlineDir = join(out, 'tf-modules/inline');
writeTree(modulesDir, tfModules.modules);
writeTree(inlineDir, tfModules.inline);
console.log(`\ngenerated ${modulesDir} (50 module calls over 5 registry modules) and ${inlineDir} (the same resources inline)`);
const inlineScan = trailguardBaseline('scan of the same resources written inline', (c) => cmd(withRss([c, 'scan', inlineDir, '--root', inlineDir, '--format', 'json']), { runs: 7 }));
row('scan of 50 module instances over 5 registry modules', (c) => cmd(withRss([c, 'scan', modulesDir, '--root', modulesDir, '--format', 'json']), { runs: 7 }), inlineScan, '≤ 1.5x inline');

await cisCase();

copiesCase();

workflowCase();

writeFileSync(join(out, 'results.json'), JSON.stringify({ node: process.version, nodeStartMs: nodeStart.median, rows }, null, 2));
console.log('\nratios are against the baseline printed just above each row, measured in the same rounds as the row (and its before-build); results in bench/.out/results.json');

// 7. CIS monitoring: 20 accounts' baselines, each a trail with fifteen metric filters and alarms
// (300 of each), against the same 20 stacks without the filters and alarms.
async function cisCase() {
  const { readFileSync, rmSync } = await import('node:fs');
  const baseline = readFileSync(join(root, 'rules/cloudwatch-alarm-root-usage/cases/pass.cfn.yaml'), 'utf8');
  // The bare stack: everything before the first metric filter.
  const bare = baseline.slice(0, baseline.search(/^ {2}\w+Filter:$/m));
  for (const [dir, text] of [['cis-20', baseline], ['cis-20-bare', bare]]) {
    rmSync(join(out, dir), { recursive: true, force: true });
    mkdirSync(join(out, dir), { recursive: true });
    for (let i = 0; i < 20; i++) writeFileSync(join(out, dir, `account-${i}.yaml`), text.replaceAll('org-trail', `org-trail-${i}`));
  }
  const without = trailguardBaseline('20 trail stacks without metric filters or alarms', (c) => cmd(withRss([c, 'scan', join(out, 'cis-20-bare'), '--format', 'json']), { runs: 5 }));
  console.log('');
  row('the same 20 stacks with 300 metric filters and 300 alarms', (c) => cmd(withRss([c, 'scan', join(out, 'cis-20'), '--format', 'json']), { runs: 5 }), without, '≤ 2x without them');
}

// 8. Copies of one stack, names unchanged: a repository of services made from one template, where every
// copy has the same logical IDs, names and metric filters. Everything that relates resources across the
// scan (the linker's name lookups, alarms matched to filters by metric) must stay linear in the copies:
// 1,000 copies against 250, where linear is 4x. Each copy is the CIS monitoring stack of case 7 as a
// CloudFormation template and as a Terraform plan (a trail, its log group, 15 metric filters and alarms).
function copiesCase() {
  const stack = join(root, 'rules/cloudwatch-alarm-root-usage/cases');
  const files = { 'stack.yaml': readFileSync(join(stack, 'pass.cfn.yaml'), 'utf8'), 'stack.plan.json': readFileSync(join(stack, 'pass.plan.json'), 'utf8') };
  const dirs = {};
  for (const copies of [250, 1000]) {
    const dir = join(out, `copies-${copies}`);
    rmSync(dir, { recursive: true, force: true });
    for (let i = 0; i < copies; i++) {
      mkdirSync(join(dir, `service-${i}`), { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `service-${i}`, name), text);
    }
    dirs[copies] = dir;
  }
  console.log('');
  const quarter = trailguardBaseline('250 copies of one monitoring stack (CloudFormation and plan), names unchanged', (c) => cmd(withRss([c, 'scan', dirs[250], '--format', 'json', '--fail-on', 'none', '--output', join(out, 'copies-250.out.json')]), { runs: 5 }));
  row('1,000 copies of the same stack', (c) => cmd(withRss([c, 'scan', dirs[1000], '--format', 'json', '--fail-on', 'none', '--output', join(out, 'copies-1000.out.json')]), { runs: 5, timeout: c === cli ? undefined : BEFORE_TIMEOUT }), quarter, '≤ 4.4x (linear)');
}
