import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { ConfigError } from './config.js';
import type { AbsentFinding, Comparison, Finding, ScanResult } from './findings.js';
import type { SourceRange } from '../core/location.js';
import { isInside } from './files.js';
import { compareText } from './report/order.js';
import { excerpt } from './report/escape.js';
import { trimTrailing } from '../core/trim.js';

/**
 * Baselines: the findings a team has accepted, so a scan fails only on new
 * ones. The file lists fingerprints (engine/report/fingerprint.ts, recipe v2:
 * rule, file, resource, property and cause, no line numbers), so moving or
 * reformatting code keeps a finding baselined, and a finding that changes
 * resource or cause is new.
 */

export const BASELINE_FILE = '.trailguard-baseline.json';
export const BASELINE_VERSION = 1;
/** 25,000 findings (GitHub's limit per run) take about 10 MiB; anything far larger is not a baseline. */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** One accepted finding: its fingerprint, and what a reviewer of the file's diff needs to recognise it. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  resource: string | null;
  message: string;
}

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  tool: string;
  findings: BaselineEntry[];
}

/** The fingerprints a scan is compared with, by fingerprint. */
export type Reference = Map<string, BaselineEntry>;

/**
 * The entries for a scan's findings: suppressed ones are left out (they are
 * accepted where they are written, and come back if the suppression goes),
 * one entry per fingerprint, sorted by file, resource, rule and fingerprint so
 * a regenerated baseline differs only where findings did.
 */
export function baselineEntries(findings: readonly Finding[], relative: (file: string) => string = (f) => f): BaselineEntry[] {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.suppressed || byFingerprint.has(f.fingerprint)) continue;
    byFingerprint.set(f.fingerprint, {
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      file: relative(f.resource?.file ?? f.location.file),
      resource: f.resource?.address ?? null,
      message: f.message,
    });
  }
  return [...byFingerprint.values()].sort(compareEntries);
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareText(a.file, b.file) || compareText(a.resource ?? '', b.resource ?? '') || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint);
}

/** Pretty-printed, one entry per fingerprint, keys in a fixed order, a final newline: stable in diffs. */
export function renderBaseline(entries: readonly BaselineEntry[], tool: string): string {
  const file: BaselineFile = {
    version: BASELINE_VERSION,
    tool,
    findings: entries.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, file: e.file, resource: e.resource, message: e.message })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Reads a baseline. It is configuration: anything wrong with it is a
 * ConfigError naming the file (exit status 2), never a silent "no baseline".
 * A file found in the root (not named with --baseline) must not be a link
 * out of it; a file outside the root is read but never quoted.
 */
export function readBaseline(file: string, root: string, explicit: boolean): Reference {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the baseline: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isFile()) throw new ConfigError(`${file}: cannot read the baseline: not a regular file`);
  const inside = isInside(realOrSelf(root), realOrSelf(file));
  if (!explicit && !inside) throw new ConfigError(`${file}: cannot read the baseline: a symbolic link to a file outside the repository root`);
  if (st.size > MAX_BASELINE_BYTES) throw new ConfigError(`${file}: cannot read the baseline: larger than ${MAX_BASELINE_BYTES / 1048576} MiB`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the baseline: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseBaseline(text, file);
  } catch (e) {
    if (e instanceof ConfigError && !inside) throw new ConfigError(`${file}: not a valid baseline (the file is outside the repository root, so its content is not shown)`);
    throw e;
  }
}

const FINGERPRINT = /^[0-9a-f]{32}$/;

export function parseBaseline(text: string, file: string): Reference {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ConfigError(`${file}${jsonErrorLine(text, e as Error)}: not valid JSON (${(e as Error).message.split('\n')[0]}); regenerate it with trailguard baseline`);
  }
  if (!isRecord(data)) throw new ConfigError(`${file}: not a trailguard baseline: expected an object with version and findings`);
  const version = own(data, 'version');
  if (version !== BASELINE_VERSION) {
    throw new ConfigError(`${file}: baseline version ${excerpt(String(version))} is not one this trailguard reads (expected ${BASELINE_VERSION}); regenerate it with trailguard baseline`);
  }
  const findings = own(data, 'findings');
  if (!Array.isArray(findings)) throw new ConfigError(`${file}: 'findings' must be a list`);
  const reference: Reference = new Map();
  findings.forEach((e: unknown, i) => {
    const at = `${file}: findings[${i}]`;
    if (!isRecord(e)) throw new ConfigError(`${at} must be an object`);
    const fp = own(e, 'fingerprint');
    if (typeof fp !== 'string' || !FINGERPRINT.test(fp)) throw new ConfigError(`${at}.fingerprint must be 32 lowercase hex digits`);
    const entry: BaselineEntry = {
      fingerprint: fp,
      ruleId: text_(own(e, 'ruleId'), `${at}.ruleId`),
      file: text_(own(e, 'file'), `${at}.file`),
      resource: own(e, 'resource') === null || own(e, 'resource') === undefined ? null : text_(own(e, 'resource'), `${at}.resource`),
      message: text_(own(e, 'message'), `${at}.message`),
    };
    reference.set(fp, entry);
  });
  return reference;
}

function text_(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new ConfigError(`${at} must be a string`);
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own properties only: a `__proto__` or `constructor` key in the file is data, never inherited behaviour. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** ", line N" from V8's "at position N" (the message names no line). */
function jsonErrorLine(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return '';
  const pos = Math.min(Number(m[1]), text.length);
  let line = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) line++;
  return `:${line}`;
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The baseline in `root`, when there is one (lstat: a dangling link is still "the baseline", and refused). */
export function findBaseline(root: string): string | undefined {
  const p = `${trimTrailing(root, '\\/')}/${BASELINE_FILE}`;
  try {
    lstatSync(p);
    return p;
  } catch {
    return undefined;
  }
}

/** Reference entries from another scan's findings (the tree at a revision). */
export function referenceOf(findings: readonly Finding[], relative: (file: string) => string): Reference {
  return new Map(baselineEntries(findings, relative).map((e) => [e.fingerprint, e]));
}

/**
 * Marks every finding `new` or `unchanged` against the reference and lists
 * what the reference has that this scan no longer finds. A suppressed finding
 * is marked too (SARIF wants every result marked) but was never counted.
 */
export function compareWith(result: ScanResult, reference: Reference, source: Omit<Comparison, 'absent'>): void {
  const found = new Set<string>();
  for (const f of result.findings) {
    f.baselineState = reference.has(f.fingerprint) ? 'unchanged' : 'new';
    found.add(f.fingerprint);
  }
  const absent: AbsentFinding[] = [];
  for (const entry of reference.values()) if (!found.has(entry.fingerprint)) absent.push({ ...entry });
  absent.sort(compareEntries);
  result.comparison = { ...source, absent };
}

/** Points each absent finding at its resource when the scan still has it (the finding was fixed, not removed). */
export function locateAbsent(result: ScanResult, resources: readonly { file: string; address: string; range: SourceRange }[]): void {
  const absent = result.comparison?.absent ?? [];
  if (absent.length === 0) return;
  const byPlace = new Map<string, SourceRange>();
  for (const r of resources) byPlace.set(`${r.file}\u0000${r.address}`, r.range);
  for (const a of absent) {
    const range = a.resource === null ? undefined : byPlace.get(`${a.file}\u0000${a.resource}`);
    if (range) a.location = range;
  }
}

/** Findings that count: not suppressed, and not already in the baseline or the earlier revision. */
export { counted as counts } from './report/comparison.js';
