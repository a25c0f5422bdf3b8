// Build: validate the built-in rules, inline them, and bundle the CLI into a
// single ESM file. One file loads faster than hundreds of modules, which is
// most of a small scan's run time (see bench/).
import { build } from 'esbuild';
import { isAscii } from 'node:buffer';
import { readFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
mkdirSync(join(root, 'dist'), { recursive: true });

// Rules are validated by the same loader the CLI uses for user rule files.
const loader = await build({
  entryPoints: [join(root, 'engine/rules/load.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  packages: 'external',
});
const loaderFile = join(root, 'dist/.rule-loader.mjs');
writeFileSync(loaderFile, loader.outputFiles[0].text);
const { findRuleFiles, loadRuleFiles } = await import(loaderFile);
const { rules, diagnostics } = loadRuleFiles(findRuleFiles(join(root, 'rules')), join(root, 'schemas/rule.schema.json'), root);
if (diagnostics.length > 0) {
  for (const d of diagnostics) console.error(d.message);
  console.error(`build: ${diagnostics.length} problem(s) in built-in rules`);
  process.exit(1);
}

// commander requires node:child_process when loaded, for subcommands run as separate executables, which
// this CLI has none of; loading it (with net, dgram and their dependencies) is a few milliseconds of every
// start. The bundle gets commander with that require made on first use instead. If commander's source
// changes shape, the line is left as it is.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      const lazy = "const childProcess = { get spawn() { return require('node:child_process').spawn; } };";
      return { contents: source.includes(eager) ? source.replace(eager, lazy) : source, loader: 'js' };
    });
  },
};

// The CLI is bundled as one CommonJS script so that bin/load-bundle.js can compile it with vm.Script and
// V8's code cache (ES modules have no cache API on Node 20). The cache is made below, after bundling.
const bundle = join(root, 'dist/trailguard.cjs');
rmSync(`${bundle}.cache`, { force: true });
await build({
  entryPoints: [join(root, 'cli/entry.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: false,
  sourcemap: false,
  legalComments: 'none',
  // ajv is loaded with createRequire only when user rule files are validated, re2js only when a
  // Terraform regex function runs: neither costs a scan that does not need it.
  external: ['ajv', 're2js'],
  plugins: [lazyChildProcess],
  define: {
    __TRAILGUARD_RULES__: JSON.stringify(rules.map((r) => r.spec)),
    __TRAILGUARD_VERSION__: JSON.stringify(pkg.version),
    // The sources are ES modules that find files next to themselves through import.meta.url.
    'import.meta.url': '__tgImportMetaUrl',
  },
  banner: { js: "const __tgImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// The launcher decodes an ASCII bundle as Latin-1, a one-byte string, faster than UTF-8 and half the memory
// (bin/load-bundle.js). esbuild escapes non-ASCII characters in strings but leaves them in regular expression
// literals: say where one is, so that it can be written as an escape.
const bundleBytes = readFileSync(bundle);
if (!isAscii(bundleBytes)) {
  const at = bundleBytes.findIndex((b) => b > 127);
  console.error(`build: warning: dist/trailguard.cjs is not ASCII at byte ${at} (${JSON.stringify(bundleBytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8'))}): write the character as an escape; the CLI works, but starts slower`);
}
// The docs generator reads the same inlined rules.
await build({
  entryPoints: [join(root, 'cli/gen-docs.ts')],
  outfile: join(root, 'dist/gen-docs.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['ajv', 're2js'],
  define: { __TRAILGUARD_RULES__: JSON.stringify(rules.map((r) => r.spec)) },
  banner: { js: "import { createRequire as __tgCreateRequire } from 'node:module'; const require = __tgCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
// A fresh process, so that the cache holds what a scan compiles and nothing of the build's own work.
const cache = spawnSync(process.execPath, [join(root, 'build-code-cache.mjs')], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (cache.status !== 0) console.error(`${cache.stderr ?? ''}build: warning: no code cache made (the CLI works, it only starts slower)`);
console.error(`build: ${rules.length} rules, dist/trailguard.cjs${cache.status === 0 ? ' with its code cache' : ''}`);
