import { existsSync, lstatSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { BASELINE_FILE, baselineEntries, compareWith, findBaseline, locateAbsent, readBaseline, referenceOf, renderBaseline, type Reference } from '../engine/baseline.js';
import type { ScanResult } from '../engine/findings.js';
import { isInside } from '../engine/files.js';
import { checkoutRevision } from '../engine/git-revision.js';
import { plural } from '../engine/report/severity.js';
import { TOOL_NAME } from '../engine/report/tool.js';
import type { ScanOutput } from '../engine/scan.js';

/**
 * Adopting trailguard on a repository that already has findings: the
 * `baseline` command, and `scan --baseline/--no-baseline/--new-since`.
 * The engine side is engine/baseline.ts and engine/git-revision.ts.
 */

/** Runs the engine with the command's rules, configuration and options, on other paths or another root. */
export type ScanAt = (at: { paths: string[]; root: string; varFiles: string[] }) => ScanOutput;

export interface ComparisonOptions {
  /** A file, `false` for --no-baseline, undefined to look for .trailguard-baseline.json in the root. */
  baseline?: string | false;
  newSince?: string;
  root: string;
  varFile?: string[];
}

export function addComparisonOptions(cmd: Command): Command {
  return cmd
    .option('--baseline <file>', `accepted findings: only others count for --fail-on (default: ${BASELINE_FILE} in the root, when there is one)`)
    .option('--no-baseline', `ignore ${BASELINE_FILE}`)
    .addOption(
      new Option('--new-since <rev>', 'count only findings the tree at git revision REV (HEAD~1, origin/main) did not have; with a baseline, findings either one has are left out'),
    );
}

/**
 * Marks the scan's findings against the baseline and/or the tree at
 * --new-since. With both, the reference is their union: a finding is new
 * only when neither the baseline nor the revision has it.
 */
export function applyComparison(result: ScanOutput, opts: ComparisonOptions, paths: string[], scanAt: ScanAt): void {
  const root = resolve(opts.root);
  const baselineFile = opts.baseline === false ? undefined : (opts.baseline ?? findBaseline(root));
  const reference: Reference = baselineFile ? readBaseline(baselineFile, root, opts.baseline !== undefined) : new Map();
  if (opts.newSince !== undefined) {
    for (const [fp, entry] of findingsAtRevision(opts.newSince, root, paths, opts.varFile ?? [], scanAt)) {
      if (!reference.has(fp)) reference.set(fp, entry);
    }
  }
  if (baselineFile === undefined && opts.newSince === undefined) return;
  compareWith(result, reference, {
    ...(baselineFile !== undefined ? { baselineFile: shown(root, baselineFile) } : {}),
    ...(opts.newSince !== undefined ? { newSince: opts.newSince } : {}),
  });
  locateAbsent(result, result.graph.resources);
}

function shown(root: string, file: string): string {
  const rel = relative(root, resolve(file));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : file;
}

/** The findings of the same scan of the tree as it was at `rev`, with paths as they are under the root. */
function findingsAtRevision(rev: string, root: string, paths: string[], varFiles: string[], scanAt: ScanAt): Reference {
  const tree = checkoutRevision(rev, root);
  try {
    const mapped = paths.map((p) => mapIntoTree(p, root, tree.root, '--new-since: every path to scan must be inside the root'));
    // A path that did not exist at the revision held nothing then.
    const present = mapped.filter((p): p is string => p !== undefined && exists(p));
    if (present.length === 0) return new Map();
    // Variable files in the repository are read as they were; others (shared, outside the root) as they are.
    const vars = varFiles.flatMap((f) => {
      const abs = resolve(f);
      if (!isInside(root, abs)) return [f];
      const then = join(tree.root, relative(root, abs));
      return exists(then) ? [then] : [];
    });
    const then = scanAt({ paths: present, root: tree.root, varFiles: vars });
    return referenceOf(then.findings, (f) => f);
  } finally {
    tree.remove();
  }
}

function mapIntoTree(p: string, root: string, treeRoot: string, outside: string): string | undefined {
  const abs = resolve(p);
  if (!isInside(root, abs)) throw new CompareUsageError(`${outside} (${p} is not)`);
  return join(treeRoot, relative(root, abs));
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** A usage problem of these options: reported like every other bad argument (exit status 2). */
export class CompareUsageError extends Error {}

/** `trailguard baseline`: the scan's findings as the baseline file. */
export function writeBaselineFile(result: ScanResult, output: string | undefined, toolVersion: string): { file: string; count: number } {
  const root = resolve(result.root);
  const file = output ?? join(root, BASELINE_FILE);
  const entries = baselineEntries(result.findings);
  const body = renderBaseline(entries, `${TOOL_NAME} ${toolVersion}`);
  // A committed .trailguard-baseline.json that links elsewhere (~/.bashrc) must not be written through.
  if (output === undefined && isLink(file)) {
    throw new CompareUsageError(`${file} is a symbolic link: not written through; remove it, or name another file with --output`);
  }
  try {
    if (!existsSync(dirname(file))) throw Object.assign(new Error('no such directory'), { code: 'ENOENT' });
    writeFileSync(file, body);
  } catch (e) {
    throw new CompareUsageError(`cannot write the baseline to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { file: shown(root, file), count: entries.length };
}

/** What `trailguard baseline` says on standard error. */
export function baselineWrittenLine(file: string, count: number, suppressed: number): string {
  const note = suppressed > 0 ? ` (${plural(suppressed, 'suppressed finding')} left out: suppressions already accept them)` : '';
  return `trailguard: wrote ${plural(count, 'finding')} to ${file}${note}; commit it, and scan counts only findings not in it\n`;
}
