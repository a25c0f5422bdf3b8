// Loads the bundled CLI (dist/trailguard.cjs) as one V8 script, with the code cache that the build made
// for it (dist/trailguard.cjs.cache). Compiling the 900 KB bundle, and then each function the first time
// it runs, is a large part of a small scan's time (a pre-commit hook on a few files): with the cache V8
// starts from bytecode made at build time. Node 22's module.enableCompileCache() does the same for ES
// modules but writes to a shared temporary directory at run time and does not exist on Node 20; this
// cache is written only by the build, next to the bundle, and read-only afterwards.
//
// V8 itself checks only the source's length, V8's version and its flags before using a cache; a rebuilt
// bundle of the same length would be run with stale bytecode. So the cache starts with a header holding
// the SHA-256 of the exact source it was made from, and is ignored unless that matches. Anything wrong
// with the cache (missing, stale, another Node version, other V8 flags such as --cpu-prof) only costs the
// compilation: the bundle runs the same either way.
//
// CommonJS (bin/package.json), like the launcher: an ES module entry point costs Node its ES module loader
// (resolution, fs/promises, readline and a dozen internal modules compiled at every start), ≈ 17 M
// instructions of `--version`'s 680 M.
'use strict';
const { isAscii } = require('node:buffer');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

// A scan is one short burst of work: V8's default budget has the optimising compiler (TurboFan) compile
// the big parser and evaluator functions after a few calls, on a background thread that competes with the
// scan for the CPU, and then often throws the code away when the input changes shape. A larger budget
// optimises only code that stays hot: four times the default gave 20–25% less CPU in a fresh process for
// 500 KB of .tf or a 900-resource YAML template, 10% for a 10,000-resource plan; sixteen times, a further
// 5–10% on those and the same on 10,000- and 20,000-resource plans (bench/README.md, "Start-up" and
// "`.tf` cold path, second pass"). Set here, before
// the bundle is compiled, both when the build makes the code cache and when the CLI starts: V8 accepts a
// cache only under the flags it was made with. Only on the V8 versions it was measured on (Node 20–24),
// since V8 prints an error for a flag it does not know; never over a budget the user chose.
const INTERRUPT_BUDGET = 16 * 67584;
const v8Major = Number(process.versions.v8.split('.')[0]);
const userFlags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (v8Major >= 11 && v8Major <= 13 && !/--interrupt[-_]budget/.test(userFlags)) v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);

const bundlePath = join(__dirname, '..', 'dist', 'trailguard.cjs');
const cachePath = `${bundlePath}.cache`;
const MAGIC = 'trailguard-code-cache-v1 ';
const HEADER_BYTES = MAGIC.length + 64 + 1;

/**
 * The header a cache made from the bundle file's bytes `source` starts with. The bytes, not the decoded
 * text, are hashed: the same digest for a valid UTF-8 file without encoding 1 MB of text again (a few
 * milliseconds of every start), and different bytes always give a different header.
 */
function cacheHeader(source) {
  return `${MAGIC}${createHash('sha256').update(source).digest('hex')}\n`;
}

function cachedDataFor(header) {
  let bytes;
  try {
    bytes = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || bytes.toString('latin1', 0, HEADER_BYTES) !== header) return undefined;
  return bytes.subarray(HEADER_BYTES);
}

/**
 * Compiles the bundle (with the build's code cache unless `useCache` is false) and runs its top level as
 * CommonJS would; returns the script and its cache header (for the build to make the cache from) and the
 * module's exports.
 */
function loadBundle({ useCache = true } = {}) {
  const source = readFileSync(bundlePath);
  const header = cacheHeader(source);
  const wrapped = Module.wrap(decode(source));
  const cachedData = useCache ? cachedDataFor(header) : undefined;
  const script = new vm.Script(wrapped, { filename: bundlePath, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { script, header, exports: module.exports, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * The bundle's text. The build keeps it ASCII (build.mjs checks), and ASCII bytes are decoded as Latin-1:
 * a one-byte string copied as it is, where UTF-8 decoding made 1 MB of two-byte text (≈ 2–3 ms of every
 * start, and twice the memory for V8 to scan when it compiles a function the cache does not hold). Any
 * other byte, and the file is decoded as UTF-8 as before.
 */
function decode(source) {
  return isAscii(source) ? source.toString('latin1') : source.toString('utf8');
}

module.exports = { bundlePath, cachePath, cacheHeader, loadBundle };
