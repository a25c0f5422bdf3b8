// The YAML texts the reader's differential tests run on: every YAML file of the repository (rule cases,
// fixtures, examples) and seeded random edits of them.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export { random } from '../seeded-random.js';

export const ROOT = join(import.meta.dirname, '../..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.(ya?ml|template)$/.test(name)) out.push(path);
  }
  return out;
}

export const FILES = [
  ...readdirSync(join(ROOT, 'rules')).flatMap((rule) => {
    const cases = join(ROOT, 'rules', rule, 'cases');
    try {
      return yamlFiles(cases);
    } catch {
      return [];
    }
  }),
  ...yamlFiles(join(ROOT, 'test/fixtures')),
  ...yamlFiles(join(ROOT, 'examples')),
];


const KEY_VALUE = /^( *(?:- )?)([A-Za-z0-9_:.-]+):( +)(\S.*)$/;

/** One random edit of a YAML text: mostly still valid YAML of another shape, sometimes broken. */
export function mutate(text: string, next: () => number): string {
  const lines = text.split('\n');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const i = Math.floor(next() * lines.length);
  const line = lines[i]!;
  const kv = KEY_VALUE.exec(line);
  switch (Math.floor(next() * 12)) {
    case 0: // quote a value
      if (kv) lines[i] = `${kv[1]}${kv[2]}:${kv[3]}${pick(["'", '"'])}${kv[4]!.replaceAll("'", "''").replaceAll('"', '\\"')}${pick(["'", '"'])}`;
      break;
    case 1: {
      // anchor a value and refer to it further down
      if (!kv) break;
      lines[i] = `${kv[1]}${kv[2]}:${kv[3]}&a${i} ${kv[4]}`;
      const later = lines.findIndex((l, j) => j > i && KEY_VALUE.test(l));
      if (later !== -1) {
        const m = KEY_VALUE.exec(lines[later]!)!;
        lines[later] = `${m[1]}${m[2]}:${m[3]}*a${i}`;
      }
      break;
    }
    case 2: // a value into a flow sequence or mapping
      if (kv) lines[i] = `${kv[1]}${kv[2]}:${kv[3]}${pick([`[${kv[4]}]`, `{ k: ${kv[4]} }`, `[${kv[4]}, x, ]`, `{a: 1, b: [${kv[4]}]}`])}`;
      break;
    case 3: // a short-form tag
      if (kv) lines[i] = `${kv[1]}${kv[2]}:${kv[3]}${pick(['!Ref ', '!GetAtt ', '!Sub ', '!Base64 ', '!!str ', '!Custom ', '! '])}${kv[4]}`;
      break;
    case 4: // a duplicate entry
      lines.splice(i, 0, line);
      break;
    case 5: // a comment, spaced or not
      lines[i] = `${line}${pick([' # note', '#note', '  #'])}`;
      break;
    case 6: // indentation off by one
      lines[i] = next() < 0.5 ? ` ${line}` : line.replace(/^ /, '');
      break;
    case 7: {
      // a random character
      const at = Math.floor(next() * (line.length + 1));
      lines[i] = line.slice(0, at) + pick([...' :-#&*!\'"[]{},|>?%@`\t']) + line.slice(at);
      break;
    }
    case 8: // a character removed
      if (line.length > 0) {
        const at = Math.floor(next() * line.length);
        lines[i] = line.slice(0, at) + line.slice(at + 1);
      }
      break;
    case 9: // a value of another type
      if (kv) lines[i] = `${kv[1]}${kv[2]}:${kv[3]}${pick(['yes', 'Off', '0777', '0x1F', '1_000', '1:30', '.inf', '-.Inf', '.nan', '~', '', '1e3', '.', '-0', '<<', '2012-10-17', '0b101', '+12.5'])}`;
      break;
    case 10: // a block scalar
      if (kv) lines[i] = `${kv[1]}${kv[2]}:${kv[3]}${pick(['|', '>-', '|+', '>2'])}\n${' '.repeat(kv[1]!.length + 2)}${kv[4]}\n${' '.repeat(kv[1]!.length + 2)}second line`;
      break;
    default: // a second document or a document marker
      lines.splice(i, 0, pick(['---', '...', '--- # again', '%YAML 1.1']));
  }
  return lines.join('\n');
}

