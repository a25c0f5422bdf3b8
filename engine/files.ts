import { lstatSync, opendirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';

/**
 * Which files a scan reads. Directories are walked recursively; symlinks are
 * followed once (a loop is detected by real path, never walked twice);
 * dependency and VCS folders are skipped because they hold other people's
 * code, not what this repository deploys.
 */

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', '.terragrunt-cache', 'cdk.out', '.venv', '__pycache__', '.idea', '.vscode']);

/** trailguard's own files (engine/baseline.ts's baseline) and Terraform's lock file: not configuration it reads as input. */
const SKIPPED_FILES = new Set(['.trailguard-baseline.json', '.terraform.lock.hcl']);

/** Extensions that can never hold a template, plan or policy: not even opened. */
const SKIPPED_EXTENSIONS = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.svg', '.ico', '.pdf', '.zip', '.gz', '.tgz', '.jar', '.exe', '.so', '.dylib', '.dll',
  '.js', '.mjs', '.cjs', '.ts', '.tsx', '.jsx', '.py', '.go', '.rs', '.java', '.rb', '.c', '.h', '.cpp', '.cs', '.sh',
  '.md', '.txt', '.html', '.css', '.lock', '.sum', '.mod', '.map', '.woff', '.woff2', '.ttf', '.mp4', '.mp3', '.wasm',
  '.tfstate', '.backup',
]);

export const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_FILES = 200_000;

/** Extensions that say "this is infrastructure code": such a file is never skipped silently. */
export const KNOWN_EXTENSIONS = new Set(['.tf', '.tofu', '.tfvars', '.json', '.yaml', '.yml', '.template']);

export function hasKnownExtension(p: string): boolean {
  return KNOWN_EXTENSIONS.has(extname(p).toLowerCase());
}

export interface CollectedFiles {
  files: string[];
  /** Files named on the command line (not found by walking): never skipped silently. */
  explicit: Set<string>;
  diagnostics: Diagnostic[];
}

/** Whether `p` (a real path) is `dir` or below it. */
export function isInside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Files to scan below `paths`. A symbolic link found by walking is followed
 * only when its real target is inside the root or the directory named on the
 * command line: a link to `/etc/shadow`, `/`, `/proc` or a secret elsewhere
 * is reported by name and never opened (its content never reaches a report).
 * Devices, FIFOs and sockets are never read.
 */
export function collectFiles(paths: string[], root: string = process.cwd()): CollectedFiles {
  const files: string[] = [];
  const explicit = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const realRoot = realOrSelf(root);

  const addFile = (p: string, isExplicit: boolean): void => {
    if (!isExplicit && SKIPPED_EXTENSIONS.has(extname(p).toLowerCase())) return;
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
    if (isExplicit) explicit.add(p);
  };

  /** A link whose target leaves the tree: named (never its target), an error when it hides infrastructure code. */
  const outsideLink = (p: string, isDir: boolean): void => {
    const known = !isDir && hasKnownExtension(p);
    diagnostics.push({
      level: known ? 'error' : 'note',
      code: 'link-outside-root',
      file: p,
      message: `symbolic link to a ${isDir ? 'directory' : 'file'} outside the scanned tree: not ${isDir ? 'walked' : 'read'}`,
    });
  };

  const walk = (dir: string, top: string): void => {
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
      if (SKIPPED_FILES.has(ent.name) && !ent.isDirectory()) continue;
      if (ent.isDirectory()) {
        if (!SKIPPED_DIRS.has(ent.name)) walk(p, top);
      } else if (ent.isFile()) addFile(p, false);
      else if (ent.isSymbolicLink()) {
        let st;
        let target: string;
        try {
          target = realpathSync(p);
          st = statSync(target);
        } catch {
          continue; // dangling link
        }
        const inside = isInside(realRoot, target) || isInside(top, target);
        if (st.isDirectory()) {
          if (SKIPPED_DIRS.has(ent.name)) continue;
          if (inside) walk(p, top);
          else outsideLink(p, true);
        } else if (st.isFile()) {
          if (inside) addFile(p, false);
          else if (!SKIPPED_EXTENSIONS.has(extname(p).toLowerCase())) outsideLink(p, false);
        } else if (hasKnownExtension(p)) notRegular(p, diagnostics);
      } else if (hasKnownExtension(p)) notRegular(p, diagnostics);
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
    if (st.isDirectory()) walk(p, realOrSelf(p));
    else addFile(p, true); // readInput refuses what is not a regular file, with a finding
  }
  if (files.length >= MAX_FILES) {
    diagnostics.push({ level: 'warning', code: 'too-many-files', file: paths[0] ?? '.', message: `more than ${MAX_FILES} files: only the first ${MAX_FILES} were scanned` });
  }
  return { files, explicit, diagnostics };
}

function notRegular(p: string, diagnostics: Diagnostic[]): void {
  diagnostics.push({ level: 'note', code: 'not-a-regular-file', file: p, message: 'not a regular file (a device, FIFO or socket): not read' });
}

/** A path named on the command line that cannot be scanned: the run fails with exit status 2. */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

