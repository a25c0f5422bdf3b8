// Writes the JSON twin of every CloudFormation YAML rule case
// (rules/*/cases/*.cfn.yaml -> *.cfn.json), with intrinsic functions in their
// long form as people write them in JSON, and records in
// cases/expected-lines.json where each JSON case's findings must land: the
// JSON line of the same property that the YAML case marks with
// `# expect-finding`. Run after adding or changing a YAML case:
//   node test/tools/cfn-cases-to-json.mjs
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'dist/.cfn-parser.mjs');
const bundled = await build({
  stdin: {
    contents: "export { parseCloudFormation } from './parsers/cloudformation/index.ts'; export { parseJsonWithPositions } from './parsers/json-positions.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  write: false,
});
writeFileSync(out, bundled.outputFiles[0].text);
const { parseCloudFormation, parseJsonWithPositions } = await import(out);

let written = 0;
for (const rule of readdirSync(join(root, 'rules')).sort()) {
  const dir = join(root, 'rules', rule, 'cases');
  if (!existsSync(dir)) continue;
  const expected = {};
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.cfn.yaml')) continue;
    const text = readFileSync(join(dir, name), 'utf8');
    const t = parseCloudFormation(name, text);
    if (!t) throw new Error(`${rule}/${name}: not a template`);
    const json = `${JSON.stringify(t.body, null, 2)}\n`;
    const jsonName = name.replace(/\.cfn\.yaml$/, '.cfn.json');
    writeFileSync(join(dir, jsonName), json);
    written++;
    const markedLines = text.split('\n').flatMap((l, i) => (/#\s*expect-finding\b/.test(l) ? [i + 1] : []));
    if (markedLines.length === 0) continue;
    const jp = parseJsonWithPositions(json, jsonName).positions;
    const lines = markedLines.map((line) => {
      // The shallowest path whose key starts on the marked line.
      let best;
      // A key (`IsLogging: false`), or on a `- ` line the list item itself (it has no key).
      const isItem = /^\s*- /.test(text.split('\n')[line - 1] ?? '');
      // (a block sequence's own range also starts on its first item's line: only items count there)
      const items = isItem ? [...t.positions.values()].filter(([path]) => /^\d+$/.test(String(path[path.length - 1]))) : [];
      for (const [path, r] of [...t.positions.keys(), ...items]) {
        if (r.start.line === line && (!best || path.length < best.length)) best = path;
      }
      if (!best) throw new Error(`${rule}/${name}:${line}: no key on the marked line`);
      const target = jp.getKey(best);
      if (!target) throw new Error(`${rule}/${jsonName}: path ${best.join('.')} not found`);
      return target.start.line;
    });
    expected[jsonName] = lines.sort((a, b) => a - b);
  }
  // Entries for other formats (plan JSON cases) are kept; the .cfn.json ones are rewritten.
  const f = join(dir, 'expected-lines.json');
  const previous = existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {};
  const merged = Object.fromEntries(Object.entries(previous).filter(([k]) => !k.endsWith('.cfn.json')));
  Object.assign(merged, expected);
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
  if (Object.keys(sorted).length) writeFileSync(f, `${JSON.stringify(sorted, null, 2)}\n`);
  else if (existsSync(f)) rmSync(f);
}
console.error(`wrote ${written} JSON cases`);
