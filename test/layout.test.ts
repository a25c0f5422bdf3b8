import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layers of the design card, lowest first: a module may import its own
// layer or a lower one, never a higher one, so the arrows run one way:
// cli -> engine -> parsers -> core.
const LAYERS = ['core', 'parsers', 'engine', 'cli'] as const;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

function layerOf(path: string): number {
  const top = relative(repo, path).split(/[\\/]/)[0];
  return LAYERS.indexOf(top as (typeof LAYERS)[number]);
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"\n;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

describe('module layout', () => {
  const violations: string[] = [];
  let checked = 0;
  for (const layer of LAYERS) {
    for (const file of sources(join(repo, layer))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2]!;
        const target = resolve(dirname(file), spec);
        checked++;
        const to = layerOf(target);
        if (to > layerOf(file)) violations.push(`${relative(repo, file)} imports ${relative(repo, target)}`);
      }
    }
  }

  it('reads the imports of every layer', () => {
    expect(checked).toBeGreaterThan(500);
  });

  it('never imports upwards: cli -> engine -> parsers -> core', () => {
    expect(violations).toEqual([]);
  });
});
