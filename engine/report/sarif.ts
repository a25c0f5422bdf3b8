import type {
  Artifact,
  ArtifactLocation,
  Location,
  Log,
  LogicalLocation,
  Notification,
  PhysicalLocation,
  Region,
  Result,
  Run,
} from 'sarif';
import type { AbsentFinding, Finding, FindingResource, ScanResult } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { comparePlaceKeys, compareText, placeKey, sortedByKey, sortedBySeverityThenPosition } from './order.js';
import { jsonChunks, textHole, valueAt, withFinalNewline } from './json-chunks.js';
import { resultTextWriter } from './sarif-result-text.js';
import { encodeUriPath, fileUri, pathMapper, type PathMapper, rootUri } from './paths.js';
import { reportingDescriptor, ruleTable } from './sarif-rules.js';
import { plural, SARIF_LEVEL } from './severity.js';
import { TOOL_NAME } from './tool.js';
import type { ReportOptions, Reporter } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The base ID every result URI is relative to; GitHub resolves it to the checkout. */
export const SRCROOT = '%SRCROOT%';
/**
 * Keys of our fingerprints in `partialFingerprints`; the version changes if the recipe does.
 * v2 (rule, file, resource, property, cause) is what baselines compare; v1 (no cause) stays so
 * that alerts from earlier uploads keep matching (SARIF: use the latest version both results have).
 */
export const FINGERPRINT_KEY = 'trailguard/v2';
export const LOCATION_FINGERPRINT_KEY = 'trailguard/v1';
/** GitHub rejects a run with more results than this (and displays only the 5,000 most severe). */
export const GITHUB_MAX_RESULTS = 25_000;

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The SARIF log as an object, for callers that post-process it (merging, tests). */
export function sarifLog(result: ScanResult, options: ReportOptions): Log {
  const { log, results, toSarif } = sarifParts(result, options);
  log.runs[0]!.results = [...results].map((r) => (r instanceof Absent ? r.result : toSarif(r)));
  return log;
}

/** The SARIF report as text in pieces (see json-chunks.ts): results are made and written one at a time. */
export function sarifChunks(result: ScanResult, options: ReportOptions): Iterable<string> {
  const { log, results, toSarif, physicalLocation, ruleIndex } = sarifParts(result, options);
  const writeFinding = resultTextWriter({ toSarif, physicalLocation, logicalLocations, ruleIndex, fingerprintKeys: [LOCATION_FINGERPRINT_KEY, FINGERPRINT_KEY] });
  const writeResult = (r: Finding | Absent, out: string[]): void => {
    if (r instanceof Absent) out.push(valueAt(r.result, 8));
    else writeFinding(r, out);
  };
  // The run's `results` key sits at depth 6 (log → runs → run); keys after it are written after the results.
  return withFinalNewline(jsonChunks(log, [textHole('results', 6, results, writeResult)]));
}

/** A result the reference has and this run does not (absentResult), among the findings' results. */
class Absent {
  constructor(readonly result: Result) {}
}

/** The log with an empty `results`, and the results in report order, made lazily. */
function sarifParts(
  result: ScanResult,
  options: ReportOptions,
): {
  log: Log;
  /** Findings, whose results sarif-result-text.ts writes (most without making them), then absent results. */
  results: Iterable<Finding | Absent>;
  toSarif: (finding: Finding) => Result;
  physicalLocation: (file: string, range: SourceRange) => PhysicalLocation;
  ruleIndex: (ruleId: string) => number;
} {
  const mapPath = pathMapper(result, options);
  const rules = ruleTable(result);
  const artifacts = artifactIndex(result, mapPath);

  const artifactLocation = (file: string): ArtifactLocation => {
    const p = mapPath(file);
    const index = artifacts.indexOf(p.relative);
    // Outside the report root no base ID applies; an absolute file URI is the honest answer.
    return p.insideRoot
      ? { uri: encodeUriPath(p.relative), uriBaseId: SRCROOT, index }
      : { uri: fileUri(p.absolute), index };
  };
  const physicalLocation = (file: string, range: SourceRange | undefined): PhysicalLocation => {
    const region = range && regionOf(range);
    return { artifactLocation: artifactLocation(file), ...(region ? { region } : {}) };
  };

  const { kept, dropped } = capResults(result.findings);
  // By path, position and rule.
  const ordered = sortedByKey(kept, (f) => placeKey(mapPath(f.location.file).relative, f.location, f.ruleId), comparePlaceKeys);
  function* results(): Generator<Finding | Absent> {
    yield* ordered;
    // SARIF's absent results: the baseline (or the earlier revision) has them, this run no longer finds them.
    for (const absent of (result.comparison?.absent ?? []).slice(0, Math.max(0, GITHUB_MAX_RESULTS - ordered.length))) {
      yield new Absent(absentResult(absent, rules.has(absent.ruleId) ? rules.indexOf(absent.ruleId) : undefined, physicalLocation));
    }
  }
  const toSarif = (finding: Finding): Result => sarifResult(finding, rules.indexOf(finding.ruleId), physicalLocation);

  const notifications: Notification[] = result.diagnostics.map((d) => ({
    level: d.level,
    message: { text: d.message },
    descriptor: { id: d.code },
    locations: [{ physicalLocation: physicalLocation(d.file, d.range) }],
  }));
  if (dropped > 0) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${plural(dropped, 'less severe finding')} left out: GitHub code scanning accepts at most ${GITHUB_MAX_RESULTS} results per run.`,
      },
      descriptor: { id: 'results-truncated' },
    });
  }

  const run: Run = {
    ...(options.category ? { automationDetails: { id: options.category } } : {}),
    tool: {
      driver: {
        name: TOOL_NAME,
        version: result.toolVersion,
        ...(SEMVER.test(result.toolVersion) ? { semanticVersion: result.toolVersion } : {}),
        rules: rules.rules.map(reportingDescriptor),
      },
    },
    // A file that does not parse is a finding, not a failed run (DESIGN: the rest is still scanned).
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
    originalUriBaseIds: { [SRCROOT]: { uri: rootUri(options.root) } },
    artifacts: artifacts.list,
    // Parsers count columns in JavaScript string indices, i.e. UTF-16 code units.
    columnKind: 'utf16CodeUnits',
    results: [],
  };
  return { log: { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, results: results(), toSarif, physicalLocation, ruleIndex: rules.indexOf };
}

export const renderSarif: Reporter = (result, options) => [...sarifChunks(result, options)].join('');

function sarifResult(
  finding: Finding,
  ruleIndex: number,
  physicalLocation: (file: string, range: SourceRange) => PhysicalLocation,
): Result {
  const location: Location = { physicalLocation: physicalLocation(finding.location.file, finding.location) };
  if (finding.resource) location.logicalLocations = logicalLocations(finding.resource);
  const sarif: Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.severity],
    message: { text: withExpiredSuppressions(finding) },
    locations: [location],
    partialFingerprints: {
      ...(finding.locationFingerprint ? { [LOCATION_FINGERPRINT_KEY]: finding.locationFingerprint } : {}),
      [FINGERPRINT_KEY]: finding.fingerprint,
    },
    properties: { catalog: [...finding.catalog] },
  };
  if (finding.baselineState) sarif.baselineState = finding.baselineState;
  if (finding.suppressed) {
    const { kind, justification, expires, at } = finding.suppressed;
    sarif.suppressions = [
      {
        kind,
        status: 'accepted',
        ...(justification ? { justification } : {}),
        ...(at ? { location: { physicalLocation: physicalLocation(at.file, at) } } : {}),
        ...(expires ? { properties: { expires } } : {}),
      },
    ];
  }
  if (finding.expiredSuppressions?.length) {
    // Why a finding someone suppressed is back: each expired suppression and where it is written.
    sarif.properties!['expiredSuppressions'] = finding.expiredSuppressions.map((e) => ({
      ruleId: e.ruleId,
      expires: e.expires,
      location: { physicalLocation: physicalLocation(e.at.file, e.at) },
      ...(e.reason ? { reason: e.reason } : {}),
    }));
  }
  return sarif;
}

function logicalLocations(resource: FindingResource): LogicalLocation[] {
  const list: LogicalLocation[] = [{ fullyQualifiedName: resource.address, kind: 'resource' }];
  // A CDK resource's construct path beside its logical ID: the name CDK users know it by.
  if (resource.constructPath) list.push({ fullyQualifiedName: resource.constructPath, kind: 'namespace' });
  return list;
}

/** Code scanning shows the message, not property bags: an expired suppression is named there too. */
function withExpiredSuppressions(finding: Finding): string {
  const expired = finding.expiredSuppressions ?? [];
  if (expired.length === 0) return finding.message;
  const notes = expired.map((e) => `the suppression at ${e.at.file}:${e.at.start.line} expired ${e.expires}`);
  return `${finding.message} (Reported again: ${notes.join('; ')}.)`;
}

/**
 * A finding the reference has and this run does not: `kind: pass` with level
 * `none` (the rule now passes there, so nothing acting on failures counts
 * it), located at its file and resource; the line is not known (baselines
 * keep none).
 */
function absentResult(
  absent: AbsentFinding,
  ruleIndex: number | undefined,
  physicalLocation: (file: string, range: SourceRange | undefined) => PhysicalLocation,
): Result {
  // Where its resource is now; else the file's first line (SARIF consumers want a region).
  const range = absent.location ?? { file: absent.file, start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
  const location: Location = { physicalLocation: physicalLocation(absent.file, range) };
  if (absent.resource !== null) location.logicalLocations = [{ fullyQualifiedName: absent.resource, kind: 'resource' }];
  return {
    ruleId: absent.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    kind: 'pass',
    level: 'none',
    message: { text: `No longer found: ${absent.message}` },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: absent.fingerprint },
    baselineState: 'absent',
  };
}

/**
 * SARIF regions are 1-based like SourceRange, and both treat the end column
 * as the position after the last character. An empty range (a parser that
 * knows only where a node starts) leaves out endColumn, which SARIF reads as
 * "to the end of the line": a better annotation than a zero-width mark.
 */
export function regionOf(range: SourceRange): Region | undefined {
  const { start, end } = range;
  if (!(start.line >= 1)) return undefined;
  const region: Region = { startLine: start.line };
  if (start.column >= 1) region.startColumn = start.column;
  const endsLater = end.line > start.line || (end.line === start.line && end.column > start.column);
  region.endLine = endsLater ? end.line : start.line;
  if (endsLater && end.column >= 1) region.endColumn = end.column;
  return region;
}

/**
 * Every scanned file, plus any file a finding or diagnostic points at that
 * was not itself scanned (a plan finding mapped to its `.tf` line), so each
 * artifactLocation.index is valid.
 */
function artifactIndex(result: ScanResult, mapPath: PathMapper) {
  const list: Artifact[] = [];
  const byPath = new Map<string, number>();
  const add = (file: string, scanned: boolean) => {
    const p = mapPath(file);
    const known = byPath.get(p.relative);
    if (known !== undefined) return;
    byPath.set(p.relative, list.length);
    list.push({
      location: p.insideRoot ? { uri: encodeUriPath(p.relative), uriBaseId: SRCROOT } : { uri: fileUri(p.absolute) },
      ...(scanned ? { roles: ['analysisTarget' as const] } : {}),
    });
  };
  [...result.files].sort(compareText).forEach((f) => add(f, true));
  for (const f of result.findings) add(f.location.file, false);
  for (const d of result.diagnostics) add(d.file, false);
  for (const a of result.comparison?.absent ?? []) add(a.file, false);
  return {
    list,
    indexOf(relative: string): number {
      const i = byPath.get(relative);
      if (i === undefined) throw new Error(`${relative} is not in the SARIF artifacts`);
      return i;
    },
  };
}

/** Keeps GitHub's hard limit, dropping the least severe findings first. */
function capResults(findings: readonly Finding[]): { kept: Finding[]; dropped: number } {
  if (findings.length <= GITHUB_MAX_RESULTS) return { kept: [...findings], dropped: 0 };
  const kept = sortedBySeverityThenPosition(findings).slice(0, GITHUB_MAX_RESULTS);
  return { kept, dropped: findings.length - kept.length };
}
