#!/usr/bin/env node
// Thin launcher: the whole CLI is one bundled module (dist/trailguard.js) so
// that start-up loads a single file; see build.mjs.
import '../dist/trailguard.js';
