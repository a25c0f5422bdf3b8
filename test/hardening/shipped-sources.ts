import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * The shipped code as syntax trees, for the audits beside this file (regular expressions, argument
 * spreads): what the CLI's bundle is built from (build.mjs) and its launcher (bin/), without tests and
 * benchmarks.
 */

export const repo = join(import.meta.dirname, '../..');
const SHIPPED = ['bin', 'cli', 'core', 'engine', 'parsers', 'rules'];

export interface ShippedSource {
  /** Path from the repository root, with `/`. */
  file: string;
  tree: ts.SourceFile;
}

export function shippedSources(): ShippedSource[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js|mjs|cjs)$/.test(entry.name) && !/\.(test|bench)\.|\.d\.ts$/.test(entry.name)) files.push(path);
    }
  };
  for (const dir of SHIPPED) walk(join(repo, dir));
  return files.map((path) => ({
    file: relative(repo, path).split(sep).join('/'),
    tree: ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true),
  }));
}

/** Calls `visit` for every node of every shipped source. */
export function eachNode(sources: ShippedSource[], visit: (node: ts.Node, source: ShippedSource) => void): void {
  for (const source of sources) {
    const walk = (node: ts.Node): void => {
      visit(node, source);
      ts.forEachChild(node, walk);
    };
    walk(source.tree);
  }
}

/** `file:line` of a node. */
export function placeOf(node: ts.Node, source: ShippedSource): string {
  return `${source.file}:${source.tree.getLineAndCharacterOfPosition(node.getStart(source.tree)).line + 1}`;
}
