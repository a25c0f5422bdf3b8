// Makes dist/trailguard.cjs.cache, the V8 code cache bin/load-bundle.js starts the CLI with. Run by
// build.mjs in a fresh process right after bundling: it loads the bundle exactly as the launcher does
// (without a cache), runs scans of the repository's examples and a few fixtures (CloudFormation, .tf
// sources, plans, policies) in every report format so that the functions a scan uses are compiled, then
// saves V8's bytecode for the whole script behind a header naming the source it belongs to. Nothing here
// is needed at run time; without the cache the CLI only starts slower.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePath, cachePath, loadBundle } from './bin/load-bundle.js';

const root = dirname(fileURLToPath(import.meta.url));
rmSync(cachePath, { force: true });
// The bundle runs its own command line when loaded: make that a cheap one.
process.argv = [process.argv[0], bundlePath, '--version'];
const { script, header, exports } = loadBundle({ useCache: false });
await new Promise((r) => setImmediate(r));

const samples = ['examples', 'test/fixtures/cis-baseline-shape', 'test/fixtures/terraform/config/org-audit', 'test/fixtures/terraform/hcl', 'test/fixtures/terraform/plan/root-trail.json', 'test/fixtures/terraform/plan/modules.json', 'test/fixtures/policy-repository']
  .map((p) => join(root, p))
  .filter((p) => existsSync(p));
const out = mkdtempSync(join(tmpdir(), 'trailguard-code-cache-'));
try {
  for (const format of (process.env.TG_FORMATS ?? 'text,json,sarif,markdown,github,rdjson').split(',').filter(Boolean)) {
    await exports.main(['scan', ...samples, '--root', root, '--format', format, '--output', join(out, `report.${format}`), '--fail-on', 'none', '--no-baseline']);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(cachePath, Buffer.concat([Buffer.from(header, 'latin1'), script.createCachedData()]));
