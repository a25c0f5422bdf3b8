#!/usr/bin/env node
// Seeded mutational fuzzer for the whole CLI, as an attacker's pull request
// would reach it: every case is one mutated input file scanned together with
// a companion template whose findings are known. A case fails when the run
//   - crashes (exit status other than 0/1, a signal, "internal error"),
//   - hangs (no answer within --timeout seconds) or outgrows the heap limit,
//   - loses a finding of the companion file (an input must never hide what
//     another file says), or
//   - prints a raw control character on the text report (terminal spoofing).
//
//   npm run fuzz                          # 400 cases, seed from the clock
//   npm run fuzz -- --runs 60 --seed 7    # what CI runs (see .ci/run)
//   npm run fuzz -- --replay fuzz-failures/case-7-12
//
// JSON and YAML seeds are also mutated by structure (structural.mjs): well-formed documents with values
// of the wrong type, members renamed to Object.prototype's names, intrinsic functions, moved subtrees.
// Seeds are the rule cases, the examples and the StackSet, Serverless and provider-account fixtures. A failing case is written to
// fuzz-failures/ (the mutated file, the companion and the command) so that it
// can be replayed and turned into a test. Everything is deterministic for a
// given seed: the PRNG is mulberry32 and the seed files are read sorted.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mutateStructure } from './structural.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'trailguard.js');

function parseArgs(argv) {
  const opts = { runs: 400, seed: Date.now() % 100000, timeout: 30, jobs: 2, heapMb: 1024, replay: undefined, keep: false, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--runs') opts.runs = Number(next());
    else if (a === '--seed') opts.seed = Number(next());
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--jobs') opts.jobs = Number(next());
    else if (a === '--heap-mb') opts.heapMb = Number(next());
    else if (a === '--replay') opts.replay = next();
    // --only stack-sets: mutate only the seeds whose path holds this text (the part just changed).
    else if (a === '--only') opts.only = next();
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of ['runs', 'seed', 'timeout', 'jobs', 'heapMb']) {
    if (!Number.isFinite(opts[k]) || opts[k] < 0) throw new Error(`--${k} needs a number`);
  }
  return opts;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INPUT_EXT = new Set(['.yaml', '.yml', '.json', '.tf', '.tfvars', '.template']);

function seedFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      // A broken .trailguard.yaml is a failed run by contract (exit 2), not a finding: not an input to mutate.
      else if (INPUT_EXT.has(extname(name)) && name !== 'expected-lines.json' && !name.startsWith('.trailguard') && st.size < 200_000) out.push(p);
    }
  };
  for (const rule of readdirSync(join(root, 'rules')).sort()) {
    const cases = join(root, 'rules', rule, 'cases');
    if (existsSync(cases)) walk(cases);
  }
  walk(join(root, 'examples'));
  // Inputs whose readers are not exercised by any rule case: StackSets (inline templates, Terraform
  // stack sets), serverless.yml (whose name decides how it is read; mutants keep it) and Terraform
  // provider configurations (account scopes, in .tf and in a plan's provider_config).
  for (const dir of ['test/fixtures/stack-sets', 'test/fixtures/serverless', 'test/fixtures/terraform/provider-accounts']) if (existsSync(join(root, dir))) walk(join(root, dir));
  return out;
}

// Tokens that have broken parsers and lookups before (issue 11), or are the
// syntax each format is most sensitive to.
const TOKENS = [
  '__proto__', 'hasOwnProperty', 'constructor', 'prototype', 'toString', 'valueOf', '__defineSetter__',
  '\u0000', '\u001b[2J', '\u001b]0;x\u0007', '\u202e', '\u0085', '\r', '\t', '\ufeff',
  '{', '}', '[', ']', '"', "'", ':', ',', '\n', '\n  ', '- ', '&a', '*a', '!Ref ', '!Sub ', '!GetAtt ',
  '${', '%{', '}}', '<<EOF\n', '\nEOF\n', '#', '//', '/*', '*/', '=', '?', '\\', '\\u0000',
  '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', '(a|aa)+$', '1e999', '-0', '9007199254740993', 'null', 'true',
  'arn:aws:s3:::*', 'arn:aws:cloudtrail:*:*:trail/*', '"Principal": "*"', 'cloudtrail:*',
];

/** Pieces repeated into long runs (mutation 7): delimiters, digits, white space, wildcards. */
const RUNS = ['0', '1:', '${', '$${', '%{', '[', '](', '{', '"', '\\', ' ', '\n', '\t', '*', '?', '-', '.', ':', '/', 'a*', '::', 'arn:', ',', '#', '\r\n', '<<'];

function mutate(text, rand, donors, ext) {
  const pick = (n) => Math.floor(rand() * n);
  // Four JSON and YAML cases in ten keep their syntax and change what it says (structural.mjs).
  if ((ext === '.json' || ext === '.yaml' || ext === '.yml' || ext === '.template') && rand() < 0.4) {
    const structural = mutateStructure(text, ext, rand);
    if (structural !== undefined) return structural;
  }
  let s = text;
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const at = pick(s.length + 1);
    switch (pick(9)) {
      case 0: // flip one character
        if (s.length > 0) s = s.slice(0, at) + String.fromCharCode(pick(128)) + s.slice(at + 1);
        break;
      case 1: // delete a span
        s = s.slice(0, at) + s.slice(Math.min(s.length, at + 1 + pick(64)));
        break;
      case 2: { // duplicate a span, sometimes many times (expansion)
        const len = 1 + pick(200);
        const span = s.slice(at, at + len);
        s = s.slice(0, at) + span.repeat(1 + (rand() < 0.1 ? pick(400) : pick(3))) + s.slice(at);
        break;
      }
      case 3: // insert a token
        s = s.slice(0, at) + TOKENS[pick(TOKENS.length)] + s.slice(at);
        break;
      case 4: { // replace an identifier-like word with a token
        const m = /[A-Za-z_][A-Za-z0-9_]{2,}/g;
        m.lastIndex = at;
        const hit = m.exec(s);
        if (hit) s = s.slice(0, hit.index) + TOKENS[pick(7)] + s.slice(hit.index + hit[0].length);
        break;
      }
      case 5: { // deep nesting
        const depth = 100 + pick(3000);
        const open = rand() < 0.5 ? '[' : '{"a":';
        const close = open === '[' ? ']' : '}';
        s = s.slice(0, at) + open.repeat(depth) + close.repeat(depth) + s.slice(at);
        break;
      }
      case 6: { // splice from another seed
        const d = donors[pick(donors.length)];
        const from = pick(d.length + 1);
        s = s.slice(0, at) + d.slice(from, from + 1 + pick(400)) + s.slice(at);
        break;
      }
      case 7: { // a long run of one short piece, then a random one: what makes a backtracking pattern or a
        // rescanning loop quadratic (100,000 digits then `x1:2` once took a fingerprint minutes)
        const piece = rand() < 0.5 ? RUNS[pick(RUNS.length)] : s.slice(at, at + 1 + pick(3)) || 'a';
        s = s.slice(0, at) + piece.repeat(20_000 + pick(100_000)) + RUNS[pick(RUNS.length)] + TOKENS[pick(TOKENS.length)] + s.slice(at);
        break;
      }
      default: // a long line
        s = s.slice(0, at) + 'a'.repeat(1000 + pick(100_000)) + s.slice(at);
    }
  }
  return s;
}

// The companion: its per-resource findings must survive whatever the other
// file holds. Only trail-local checks are compared, since a mutated file may
// legitimately add a trail that satisfies a scope check.
const COMPANION = `AWSTemplateFormatVersion: "2010-09-09"
Description: fuzz companion, findings known
Resources:
  FuzzCompanionTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: fuzz-companion
      S3BucketName: fuzz-companion-logs
      IsLogging: false
      IsMultiRegionTrail: false
      EnableLogFileValidation: false
`;
const COMPANION_RULES = ['cloudtrail-logging-enabled', 'cloudtrail-multi-region', 'cloudtrail-log-file-validation'];
const COMPANION_NAME = 'zz-fuzz-companion.yaml';

// C0 controls other than \n, ESC, DEL, C1 controls and bidi overrides must
// never reach a terminal raw (issue 11: a trail name must not clear the screen).
// Built from code points so that this file holds no raw control characters.
const RAW_CONTROL = new RegExp(`[${String.fromCharCode(0)}-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]`);

function run(dir, opts) {
  return new Promise((resolveRun) => {
    const jsonOut = join(dir, 'report.json');
    const args = [`--max-old-space-size=${opts.heapMb}`, cli, 'scan', '.', '--root', '.', '--format', 'text', '--format', `json=${jsonOut}`, '--no-color'];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let outBytes = 0;
    child.stdout.on('data', (b) => {
      outBytes += b.length;
      if (outBytes < 4_000_000) out.push(b);
    });
    child.stderr.on('data', (b) => err.push(b));
    const started = Date.now();
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, ms: Date.now() - started, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), jsonOut });
    });
  });
}

function judge(result, opts) {
  const problems = [];
  if (result.signal) problems.push(result.ms >= opts.timeout * 1000 - 50 ? `hang: no answer in ${opts.timeout} s` : `killed by ${result.signal}`);
  else if (result.code !== 0 && result.code !== 1) problems.push(`exit status ${result.code}: ${result.stderr.trim().slice(0, 300)}`);
  if (/internal error/i.test(result.stderr) || /internal error/i.test(result.stdout)) problems.push('internal error reported');
  if (RAW_CONTROL.test(result.stdout)) problems.push('raw control character on the text report');
  if (RAW_CONTROL.test(result.stderr)) problems.push('raw control character on stderr');
  if (problems.length === 0) {
    let report;
    try {
      report = JSON.parse(readFileSync(result.jsonOut, 'utf8'));
    } catch (e) {
      problems.push(`JSON report unreadable: ${e.message}`);
    }
    if (report) {
      const got = new Set(report.findings.filter((f) => f.location?.file === COMPANION_NAME).map((f) => f.ruleId));
      for (const id of COMPANION_RULES) if (!got.has(id)) problems.push(`lost companion finding ${id}`);
    }
  }
  return problems;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(root, 'dist', 'trailguard.cjs'))) {
    console.error('fuzz: dist/trailguard.cjs is missing: run `npm run build` first');
    process.exit(2);
  }
  if (opts.replay) {
    const dir = mkdtempSync(join(tmpdir(), 'tg-replay-'));
    cpSync(opts.replay, dir, { recursive: true });
    const problems = judge(await run(dir, opts), opts);
    console.log(problems.length ? problems.join('\n') : 'replay: no problem');
    process.exit(problems.length ? 1 : 0);
  }
  const seeds = seedFiles().filter((p) => opts.only === undefined || relative(root, p).includes(opts.only));
  if (seeds.length === 0) {
    console.error(`fuzz: no seed file matches --only ${opts.only}`);
    process.exit(2);
  }
  const texts = seeds.map((p) => readFileSync(p, 'utf8'));
  const rand = prng(opts.seed);
  console.log(`fuzz: seed ${opts.seed}, ${opts.runs} cases over ${seeds.length} seed files, ${opts.jobs} at a time`);
  const failures = [];
  let next = 0;
  let slowest = 0;
  // Cases are drawn up front so that the sequence does not depend on timing.
  const cases = [];
  for (let i = 0; i < opts.runs; i++) {
    const k = Math.floor(rand() * seeds.length);
    cases.push({ i, seed: seeds[k], text: mutate(texts[k], rand, texts, extname(seeds[k])) });
  }
  async function worker() {
    while (next < cases.length) {
      const c = cases[next++];
      const dir = mkdtempSync(join(tmpdir(), 'tg-fuzz-'));
      const name = basename(c.seed);
      writeFileSync(join(dir, name), c.text);
      writeFileSync(join(dir, COMPANION_NAME), COMPANION);
      const result = await run(dir, opts);
      slowest = Math.max(slowest, result.ms);
      const problems = judge(result, opts);
      if (problems.length > 0) {
        const keep = join(root, 'fuzz-failures', `case-${opts.seed}-${c.i}`);
        mkdirSync(keep, { recursive: true });
        writeFileSync(join(keep, name), c.text);
        writeFileSync(join(keep, COMPANION_NAME), COMPANION);
        writeFileSync(join(keep, 'PROBLEMS.txt'), `seed file: ${relative(root, c.seed)}\n${problems.join('\n')}\n`);
        failures.push({ c, problems, keep });
        console.log(`FAIL case ${c.i} (${relative(root, c.seed)}): ${problems.join('; ')} → ${relative(root, keep)}`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, worker));
  const passed = opts.runs - failures.length;
  console.log(`fuzz: slowest case ${slowest} ms`);
  // The plain closing line CI reads.
  console.log(`fuzz: ${passed} passed, ${failures.length} failed`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(`fuzz: ${e.message}`);
  process.exit(2);
});
