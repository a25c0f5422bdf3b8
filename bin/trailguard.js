#!/usr/bin/env node
// Thin launcher: the whole CLI is one bundled module (dist/trailguard.js) so
// that start-up loads a single file; see build.mjs.
import module from 'node:module';

// Node ≥ 22.1 keeps V8's compiled code of the bundle on disk (in the OS temp directory), so a fresh
// process skips most of compiling it. Node 20 has no such cache for ES modules; the call is then skipped.
// It must run before the bundle is imported, hence the dynamic import.
module.enableCompileCache?.();
await import('../dist/trailguard.js');
