import { lstatSync, opendirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import type { Diagnostic } from './diagnostics.js';

/**
 * Which files a scan reads. Directories are walked recursively; symlinks are
 * followed once (a loop is detected by real path, never walked twice);
 * dependency and VCS folders are skipped because they hold other people's
 * code, not what this repository deploys.
 */

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', '.terragrunt-cache', 'cdk.out', '.venv', '__pycache__', '.idea', '.vscode']);

/** Extensions that can never hold a template, plan or policy: not even opened. */
const SKIPPED_EXTENSIONS = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.svg', '.ico', '.pdf', '.zip', '.gz', '.tgz', '.jar', '.exe', '.so', '.dylib', '.dll',
  '.js', '.mjs', '.cjs', '.ts', '.tsx', '.jsx', '.py', '.go', '.rs', '.java', '.rb', '.c', '.h', '.cpp', '.cs', '.sh',
  '.md', '.txt', '.html', '.css', '.lock', '.sum', '.mod', '.map', '.woff', '.woff2', '.ttf', '.mp4', '.mp3', '.wasm',
  '.tfstate', '.backup', '.hcl',
]);

export const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_FILES = 200_000;

export interface CollectedFiles {
  files: string[];
  diagnostics: Diagnostic[];
}

export function collectFiles(paths: string[]): CollectedFiles {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (p: string, explicit: boolean): void => {
    if (!explicit && SKIPPED_EXTENSIONS.has(extname(p).toLowerCase())) return;
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      return; // a dangling symlink holds nothing to scan
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (files.length >= MAX_FILES) return;
    files.push(p);
  };

  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      diagnostics.push({ level: 'warning', code: 'unreadable-path', file: dir, message: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    if (seenDirs.has(real)) return; // symlink loop or a second path to the same tree
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      const d = opendirSync(dir);
      entries = [];
      let ent: Dirent | null;
      while ((ent = d.readSync()) !== null) entries.push(ent);
      d.closeSync();
    } catch (e) {
      diagnostics.push({ level: 'warning', code: 'unreadable-path', file: dir, message: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) {
        if (!SKIPPED_DIRS.has(ent.name)) walk(p);
      } else if (ent.isFile()) addFile(p, false);
      else if (ent.isSymbolicLink()) {
        let st;
        try {
          st = statSync(p);
        } catch {
          continue; // dangling link
        }
        if (st.isDirectory()) {
          if (!SKIPPED_DIRS.has(ent.name)) walk(p);
        } else if (st.isFile()) addFile(p, false);
      }
    }
  };

  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      let isLink = false;
      try {
        isLink = lstatSync(p).isSymbolicLink();
      } catch {
        /* does not exist */
      }
      throw new PathError(isLink ? `${p}: broken symbolic link` : `${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p);
    else addFile(p, true);
  }
  if (files.length >= MAX_FILES) {
    diagnostics.push({ level: 'warning', code: 'too-many-files', file: paths[0] ?? '.', message: `more than ${MAX_FILES} files: only the first ${MAX_FILES} were scanned` });
  }
  return { files, diagnostics };
}

/** A path named on the command line that cannot be scanned: the run fails with exit status 2. */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

