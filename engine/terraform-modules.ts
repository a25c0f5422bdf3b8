// Module sources beyond the scanned paths, read from disk for the Terraform
// loader: `.terraform/modules/modules.json` of a root module and the `.tf`
// files of a module directory (`.terraform/modules/trail`, or `../../` from an
// example folder). Never anything outside the repository root: paths are
// resolved, symbolic links followed, and the real path must stay inside the
// root's real path.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ModuleFile, ModuleFiles } from '../parsers/terraform/config/module-sources.js';
import { isConfigurationFile } from '../parsers/terraform/config/paths.js';
import { decodeText, looksBinary } from '../parsers/text.js';

/** Largest `.tf` or manifest file read this way (as for scanned files, far above any real one). */
const MAX_MODULE_FILE_BYTES = 16 * 1024 * 1024;
/** Most `.tf` files read from one module directory. */
const MAX_FILES_PER_MODULE = 1_000;
/** Most directories one fileset() walks. */
const MAX_LISTED_DIRECTORIES = 2_000;

export function moduleFilesUnder(root: string): ModuleFiles {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { manifest: () => undefined, files: () => undefined };
  }
  /** The real path of a repository-relative path, if it exists inside the root. */
  const inside = (relativePath: string): string | undefined => {
    if (relativePath.startsWith('..') || isAbsolute(relativePath)) return undefined;
    let real: string;
    try {
      real = realpathSync(resolve(root, relativePath));
    } catch {
      return undefined;
    }
    const rel = relative(realRoot, real);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)) ? real : undefined;
  };
  const readText = (real: string): string | undefined => {
    try {
      const st = statSync(real);
      if (!st.isFile() || st.size > MAX_MODULE_FILE_BYTES) return undefined;
      const buf = readFileSync(real);
      return looksBinary(buf) ? undefined : decodeText(buf);
    } catch {
      return undefined;
    }
  };
  const shown = (directory: string, name: string): string => (directory === '.' ? name : `${directory}/${name}`);

  return {
    manifest(rootDirectory) {
      const path = shown(rootDirectory, '.terraform/modules/modules.json');
      const real = inside(path);
      const text = real === undefined ? undefined : readText(real);
      return text === undefined ? undefined : { path, text };
    },
    text(path) {
      const real = inside(path);
      return real === undefined ? undefined : readText(real);
    },
    list(directory, limit) {
      const real = inside(directory);
      if (real === undefined) return undefined;
      try {
        if (!statSync(real).isDirectory()) return undefined;
      } catch {
        return undefined;
      }
      const files: string[] = [];
      let truncated = false;
      // Breadth first, each directory once by real path (a link back up the tree is not walked again).
      const seen = new Set<string>([real]);
      const queue: [string, string][] = [[real, '']];
      while (queue.length > 0 && !truncated) {
        const [dir, rel] = queue.shift()!;
        let entries: string[];
        try {
          entries = readdirSync(dir).sort();
        } catch {
          continue;
        }
        for (const name of entries) {
          const relPath = rel === '' ? name : `${rel}/${name}`;
          const target = inside(shown(directory, relPath));
          if (target === undefined) continue; // a link leading out of the root
          let st;
          try {
            st = statSync(target);
          } catch {
            continue;
          }
          if (st.isDirectory()) {
            if (!seen.has(target) && seen.size < MAX_LISTED_DIRECTORIES) {
              seen.add(target);
              queue.push([target, relPath]);
            }
          } else if (st.isFile()) {
            if (files.length >= limit) {
              truncated = true;
              break;
            }
            files.push(relPath);
          }
        }
      }
      return { files: files.sort(), truncated };
    },
    files(directory) {
      const real = inside(directory);
      if (real === undefined) return undefined;
      let names: string[];
      try {
        names = readdirSync(real).filter(isConfigurationFile).sort();
      } catch {
        return undefined;
      }
      const out: ModuleFile[] = [];
      for (const name of names.slice(0, MAX_FILES_PER_MODULE)) {
        const path = shown(directory, name);
        const file = inside(path);
        if (file === undefined) continue; // a link leading out of the root
        const text = readText(join(real, name));
        if (text !== undefined) out.push({ path, text });
      }
      return out.length > 0 ? out : undefined;
    },
  };
}
