import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ConfigError } from './config.js';
import { isInside } from './files.js';

/**
 * `scan --new-since REV`: the tree as it was at REV, written to a temporary
 * directory from git's object store without touching the work tree or the
 * repository's index (a private GIT_INDEX_FILE takes `read-tree` and
 * `checkout-index`). git is always called with an argument list, never
 * through a shell, and REV is checked so it cannot be read as an option.
 */

/** Why --new-since cannot run: not a git repository, no such revision, git missing (exit status 2). */
export class RevisionError extends ConfigError {}

export interface RevisionTree {
  /** The directory that stands for the scan root as it was at the revision. */
  root: string;
  /** The commit the revision names. */
  commit: string;
  /** Removes the temporary directory; safe to call more than once. */
  remove(): void;
}

const MAX_REV_LENGTH = 256;
// Control characters, and what git's revision syntax gives other meanings to at the start (an option).
const UNSAFE_REV = /[\u0000-\u001f\u007f]/;

/** Refuses what cannot be a revision before git sees it. */
export function checkRevision(rev: string): void {
  if (rev === '' || rev.length > MAX_REV_LENGTH || rev.startsWith('-') || UNSAFE_REV.test(rev)) {
    throw new RevisionError(`--new-since: '${printable(rev)}' is not a revision (a commit, branch or tag such as HEAD~1 or origin/main)`);
  }
}

function printable(rev: string): string {
  const short = rev.length > 60 ? `${rev.slice(0, 60)}…` : rev;
  return short.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

interface GitResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

// child_process (and the stream and net modules it loads) is required on first use: only --new-since
// runs git, and loading it costs every other start-up a few milliseconds.
let childProcess: typeof import('node:child_process') | undefined;

function git(args: string[], cwd: string, env?: NodeJS.ProcessEnv): GitResult {
  childProcess ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const r = childProcess.spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(r.error ? { error: r.error } : {}) };
}

function firstLine(text: string): string {
  return printable(text.trim().split('\n')[0] ?? '');
}

/**
 * Writes the part of the repository's tree at `rev` that lies under `root`
 * (the scan root) into a new temporary directory, so paths found there are
 * the same, relative to it, as in the work tree under `root`.
 */
export function checkoutRevision(rev: string, root: string): RevisionTree {
  checkRevision(rev);
  const top = git(['rev-parse', '--show-toplevel'], root);
  if (top.error) throw new RevisionError(`--new-since needs git, which could not be run: ${(top.error as NodeJS.ErrnoException).code ?? top.error.message}`);
  if (top.status !== 0) throw new RevisionError(`--new-since: ${root} is not inside a git repository (${firstLine(top.stderr)})`);
  const toplevel = realOrSelf(top.stdout.trim());
  const commitOut = git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], root);
  if (commitOut.status !== 0) throw new RevisionError(`--new-since: unknown revision '${printable(rev)}' in ${toplevel}`);
  const commit = commitOut.stdout.trim();

  const realRoot = realOrSelf(root);
  let treeish: string | undefined;
  let under: string;
  if (isInside(toplevel, realRoot)) {
    // The root is the repository or a directory in it: the revision's tree of that directory.
    const prefix = relative(toplevel, realRoot).split(sep).join('/');
    const tree = git(['rev-parse', '--verify', '--quiet', prefix ? `${commit}:${prefix}` : `${commit}^{tree}`], root);
    // The directory did not exist then: nothing was there to find.
    treeish = tree.status === 0 ? tree.stdout.trim() : undefined;
    under = '';
  } else if (isInside(realRoot, toplevel)) {
    // The root holds the repository: the whole tree, at the repository's place under the root.
    treeish = `${commit}^{tree}`;
    under = relative(realRoot, toplevel);
  } else {
    throw new RevisionError(`--new-since: the root ${root} and the git repository ${toplevel} do not contain one another`);
  }

  const work = mkdtempSync(join(tmpdir(), 'trailguard-rev-'));
  const remove = () => rmSync(work, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  // Interrupted (Ctrl-C in a pre-commit hook): the copy must not stay behind in /tmp.
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tree: RevisionTree = {
    root: join(work, 'tree'),
    commit,
    remove: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      remove();
    },
  };
  try {
    const base = join(tree.root, under);
    mkdirSync(base, { recursive: true });
    if (treeish !== undefined) {
      const env = { GIT_INDEX_FILE: join(work, 'index') };
      const read = git(['read-tree', treeish], toplevel, env);
      if (read.status !== 0) throw new RevisionError(`--new-since: git read-tree ${commit.slice(0, 12)} failed: ${firstLine(read.stderr)}`);
      // checkout-index wants the prefix to end with a separator: it is prepended to each path as text.
      const out = git(['checkout-index', '--all', '--force', `--prefix=${base}${sep}`], toplevel, env);
      if (out.status !== 0) throw new RevisionError(`--new-since: git checkout-index failed: ${firstLine(out.stderr)}`);
    }
    return tree;
  } catch (e) {
    tree.remove();
    throw e;
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
