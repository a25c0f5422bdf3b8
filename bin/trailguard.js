#!/usr/bin/env node
// Thin launcher: the whole CLI is one bundled script (dist/trailguard.cjs, see build.mjs), loaded with the
// code cache the build made for it (see load-bundle.js). CommonJS (bin/package.json): see load-bundle.js.
'use strict';
const { loadBundle } = require('./load-bundle.js');

const cli = loadBundle().exports;

// Once the command is done and everything it wrote is handed to the operating system, nothing is left
// but V8's housekeeping: a garbage collection begun during a large scan is finished in a task before
// Node exits (10–20 ms after 500 KB of .tf), on a heap about to be thrown away. Exit without it. Output
// still queued (a slow pipe on a platform where pipes are asynchronous) is left to drain as usual.
cli.finished.then(() => {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
});
