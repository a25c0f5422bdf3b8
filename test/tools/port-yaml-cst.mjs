// Regenerates parsers/cloudformation/yaml-cst/{lexer,parser}.js from the installed `yaml` package's
// dist/parse/lexer.js and parser.js. The port is mechanical and changes no logic:
//   - generator methods (`*name(`) become plain methods; `yield* this.x(…)` becomes `this.x(…)`, and
//     `yield value` becomes `this.out.push(value)`: tokens are collected in an array that lex() and
//     parse() return, instead of being produced one by one through nested generators;
//   - the Parser's per-token `process.env.LOG_TOKENS` check (an environment lookup per token) is dropped;
//   - CommonJS requires become ES imports of the package's public CST helpers.
// Why: in a fresh process the generators cost most of reading a template (see the README beside the
// port). test/parsers/yaml-cst.test.ts checks the port against the package on every YAML file of the
// repository and on seeded mutations of them: run it after regenerating.
//   node test/tools/port-yaml-cst.mjs            (rewrite the port)
//   node test/tools/port-yaml-cst.mjs --check    (fail if it is not what the installed package gives)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const yamlDir = dirname(require.resolve('yaml/package.json'));
const version = JSON.parse(readFileSync(join(yamlDir, 'package.json'), 'utf8')).version;
const outDir = join(root, 'parsers/cloudformation/yaml-cst');

function fail(msg) {
  console.error(`port-yaml-cst: ${msg}`);
  process.exit(1);
}

/** Replaces `yield <expr>;` (possibly over several lines) by `this.out.push(<expr>);`, skipping comments. */
function pushYields(s) {
  let out = '';
  let i = 0;
  for (;;) {
    const j = s.indexOf('yield ', i);
    if (j < 0) return out + s.slice(i);
    const lineStart = s.lastIndexOf('\n', j) + 1;
    if (/^\s*(\*|\/\/)/.test(s.slice(lineStart, j))) {
      out += s.slice(i, j + 6);
      i = j + 6;
      continue;
    }
    let k = j + 6;
    let depth = 0;
    for (; k < s.length; k++) {
      const c = s[k];
      if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') depth--;
      else if (c === ';' && depth === 0) break;
    }
    if (k >= s.length) fail('unterminated yield');
    out += `${s.slice(i, j)}this.out.push(${s.slice(j + 6, k)});`;
    i = k + 1;
  }
}

function port(text, name) {
  let s = text
    .replace(/\byield\* this\./g, 'this.')
    .replace(/\n(\s+)\*(\w+)\(/g, '\n$1$2(');
  s = pushYields(s);
  if (/\byield\b/.test(s.replace(/^\s*(\*|\/\/).*$/gm, ''))) fail(`${name}: a yield is left`);
  return s;
}

const header = (file) => `// Ported from yaml ${version}, dist/parse/${file}, by test/tools/port-yaml-cst.mjs: generators
// replaced by an output array and the LOG_TOKENS debug check dropped; no other change (README.md
// here says why). Do not edit by hand.
// Copyright Eemeli Aro <eemeli@gmail.com>; ISC licence, in LICENSE beside this file.
`;

let lexer = port(readFileSync(join(yamlDir, 'dist/parse/lexer.js'), 'utf8'), 'lexer.js');
lexer = lexer
  .replace("'use strict';\n\nvar cst = require('./cst.js');\n", "import { CST as cst } from 'yaml';\n")
  .replace('exports.Lexer = Lexer;', 'export { Lexer };')
  .replace(
    "        let next = this.next ?? 'stream';\n        while (next && (incomplete || this.hasChars(1)))\n            next = this.parseNext(next);\n    }",
    "        let next = this.next ?? 'stream';\n        this.out = [];\n        while (next && (incomplete || this.hasChars(1)))\n            next = this.parseNext(next);\n        return this.out;\n    }",
  );
if (!lexer.includes("import { CST as cst } from 'yaml';") || !lexer.includes('export { Lexer };') || !lexer.includes('return this.out;')) fail('lexer.js: unexpected shape');

let parser = port(readFileSync(join(yamlDir, 'dist/parse/parser.js'), 'utf8'), 'parser.js');
parser = parser
  .replace("'use strict';\n\nvar node_process = require('process');\nvar cst = require('./cst.js');\nvar lexer = require('./lexer.js');\n", "import { CST as cst } from 'yaml';\nimport { Lexer } from './lexer.js';\n")
  .replace('new lexer.Lexer()', 'new Lexer()')
  .replace("        if (node_process.env.LOG_TOKENS)\n            console.log('|', cst.prettyToken(source));\n", '')
  .replace('exports.Parser = Parser;', 'export { Parser };')
  .replace(
    '    parse(source, incomplete = false) {\n        if (this.onNewLine',
    '    parse(source, incomplete = false) {\n        this.out = [];\n        if (this.onNewLine',
  )
  .replace('        if (!incomplete)\n            this.end();\n    }', '        if (!incomplete)\n            this.end();\n        return this.out;\n    }');
for (const want of ["import { Lexer } from './lexer.js';", 'export { Parser };', 'this.out = [];', 'return this.out;']) if (!parser.includes(want)) fail(`parser.js: unexpected shape (${want})`);
if (/node_process|require\(/.test(parser + lexer)) fail('a require is left');

const files = {
  'lexer.js': header('lexer.js') + lexer,
  'parser.js': header('parser.js') + parser,
  LICENSE: readFileSync(join(yamlDir, 'LICENSE'), 'utf8'),
};
if (process.argv.includes('--check')) {
  // Used by the tests: the committed port must be the one this tool makes from the installed package.
  const stale = Object.entries(files).filter(([name, text]) => {
    try {
      return readFileSync(join(outDir, name), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) fail(`${stale.map(([n]) => n).join(', ')} differ from a port of the installed yaml ${version}: run node test/tools/port-yaml-cst.mjs`);
  console.log(`port-yaml-cst: up to date with yaml ${version}`);
} else {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  console.log(`port-yaml-cst: yaml ${version} → ${outDir}`);
}
