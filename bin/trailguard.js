#!/usr/bin/env node
// Thin launcher: the whole CLI is one bundled script (dist/trailguard.cjs, see build.mjs), loaded with the
// code cache the build made for it (see load-bundle.js).
import { loadBundle } from './load-bundle.js';

loadBundle();
