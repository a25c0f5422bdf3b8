import type { Diagnostic } from '../../core/diagnostics.js';
import type { Finding, FindingResource, RuleMeta, ScanResult, Severity, Undetermined } from '../findings.js';
import type { Position, SourceRange } from '../../core/location.js';
import { counted, leftOut } from './comparison.js';
import { jsonChunks as chunksOf, textHole, withFinalNewline } from './json-chunks.js';
import { itemTextWriters, type FindingTextParts } from './json-finding-text.js';
import { comparePlaceKeys, placeKey, sortedByKey } from './order.js';
import { pathMapper } from './paths.js';
import { summarizeByPractice } from './practices.js';
import { countBySeverity, type SeverityCounts } from './severity.js';
import { TOOL_NAME } from './tool.js';
import type { ReportOptions, Reporter } from './types.js';

/**
 * The JSON report, version 1. Documented in engine/report/README.md; a
 * change that removes or renames a field, or changes its meaning, needs a new
 * `version`. Optional values are `null` rather than missing, so every object
 * of a kind has the same keys.
 */
export interface JsonReport {
  version: 1;
  tool: { name: string; version: string };
  summary: JsonSummary;
  findings: JsonFinding[];
  undetermined: JsonUndetermined[];
  diagnostics: JsonDiagnostic[];
  rules: JsonRule[];
  /** What the findings were compared with (a baseline, --new-since), or null. */
  comparison: JsonComparison | null;
}

export interface JsonComparison {
  /** The baseline file read, or null. */
  baselineFile: string | null;
  /** The revision of --new-since as given, or null. */
  newSince: string | null;
  /** Not suppressed and not in the reference: what --fail-on acts on. */
  new: number;
  /** Not suppressed and already in the reference: left out. */
  unchanged: number;
  /** In the reference, no longer found. */
  absent: JsonAbsentFinding[];
}

export interface JsonAbsentFinding {
  ruleId: string;
  file: string;
  resource: string | null;
  message: string;
  fingerprint: string;
  /** Where its resource is now, when the scan still has it; else null. */
  location: JsonLocation | null;
}

export interface JsonSummary {
  filesScanned: number;
  elapsedMs: number;
  /** Findings not suppressed (and, with a baseline or --new-since, new): what a threshold would act on. */
  findings: number;
  bySeverity: SeverityCounts;
  suppressed: number;
  undetermined: number;
  diagnostics: Record<Diagnostic['level'], number>;
  byPractice: Array<{ id: string; title: string; findings: number; checks: string[] }>;
}

export interface JsonLocation {
  /** Repository-relative, forward slashes. */
  file: string;
  start: Position;
  end: Position;
}

export interface JsonResource {
  address: string;
  kind: string;
  nativeType: string;
  file: string;
  /** The AWS CDK construct path (`Audit/Trail/S3/Resource`), for resources of a `cdk synth` template. */
  constructPath?: string;
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: JsonLocation;
  resource: JsonResource | null;
  catalog: string[];
  fingerprint: string;
  /** `location`: where the suppression is written; `expires`: its expiry, if it has one. */
  suppressed: { kind: 'inSource' | 'external'; justification: string | null; expires: string | null; location: JsonLocation | null } | null;
  /** Suppressions that named this finding but expired, so it is reported (empty when none). */
  expiredSuppressions: JsonExpiredSuppression[];
  /** With a baseline or --new-since: new, or unchanged (left out); otherwise null. */
  baselineState: 'new' | 'unchanged' | null;
}

export interface JsonExpiredSuppression {
  ruleId: string;
  expires: string;
  /** Where the suppression is written. */
  location: JsonLocation;
  reason: string | null;
}

export interface JsonUndetermined {
  ruleId: string;
  location: JsonLocation;
  resource: JsonResource;
  reason: string;
}

export interface JsonDiagnostic {
  level: Diagnostic['level'];
  code: string;
  message: string;
  file: string;
  start: Position | null;
  end: Position | null;
}

export interface JsonRule {
  id: string;
  name: string;
  title: string;
  description: string;
  severity: Severity;
  catalog: string[];
  securityHub: string[];
  cis: string[];
  tags: string[];
  precision: RuleMeta['precision'];
  /** Omitted until the project has a public home. */
  helpUri?: string;
}

export function jsonReport(result: ScanResult, options: ReportOptions): JsonReport {
  const { report, findings, undetermined } = jsonParts(result, options);
  return { ...report, findings: findings.sorted.map(findings.toJson), undetermined: undetermined.map(findings.undeterminedToJson) };
}

/** The JSON report as text in pieces (see json-chunks.ts): findings and undetermined checks are made as they are written. */
export function jsonChunks(result: ScanResult, options: ReportOptions): Iterable<string> {
  const { report, findings, undetermined } = jsonParts(result, options);
  const write = itemTextWriters(findings);
  return withFinalNewline(
    chunksOf(report, [textHole('findings', 2, findings.sorted, write.finding), textHole('undetermined', 2, undetermined, write.undetermined)]),
  );
}

/**
 * The report with empty `findings` and `undetermined`; the findings in report order with what makes
 * their objects (json-finding-text.ts writes most of them without), the undetermined checks made lazily.
 */
function jsonParts(
  result: ScanResult,
  options: ReportOptions,
): { report: JsonReport; findings: FindingTextParts & { sorted: readonly Finding[] }; undetermined: readonly Undetermined[] } {
  const mapPath = pathMapper(result, options);
  const rel = (file: string) => mapPath(file).relative;
  const location = (range: SourceRange): JsonLocation => ({
    file: rel(range.file),
    start: { ...range.start },
    end: { ...range.end },
  });
  const resource = (r: FindingResource): JsonResource => ({ ...r, file: rel(r.file) });

  const active = result.findings.filter(counted);
  // By path, position and rule.
  const byPlace = (x: { location: SourceRange; ruleId: string }) => placeKey(rel(x.location.file), x.location, x.ruleId);
  const sortedFindings = sortedByKey(result.findings, byPlace, comparePlaceKeys);
  const sortedUndetermined = sortedByKey(result.undetermined, byPlace, comparePlaceKeys);
  const toJson = (f: Finding): JsonFinding => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    location: location(f.location),
    resource: f.resource ? resource(f.resource) : null,
    catalog: [...f.catalog],
    fingerprint: f.fingerprint,
    suppressed: f.suppressed
      ? {
          kind: f.suppressed.kind,
          justification: f.suppressed.justification ?? null,
          expires: f.suppressed.expires ?? null,
          location: f.suppressed.at ? location(f.suppressed.at) : null,
        }
      : null,
    baselineState: f.baselineState ?? null,
    expiredSuppressions: (f.expiredSuppressions ?? []).map((e) => ({ ruleId: e.ruleId, expires: e.expires, location: location(e.at), reason: e.reason ?? null })),
  });
  const undeterminedToJson = (u: Undetermined): JsonUndetermined => ({ ruleId: u.ruleId, location: location(u.location), resource: resource(u.resource), reason: u.reason });
  const diagnostics = result.diagnostics.map(
    (d): JsonDiagnostic => ({
      level: d.level,
      code: d.code,
      message: d.message,
      file: rel(d.file),
      start: d.range ? { ...d.range.start } : null,
      end: d.range ? { ...d.range.end } : null,
    }),
  );
  const diagnosticCounts = { error: 0, warning: 0, note: 0 };
  for (const d of result.diagnostics) diagnosticCounts[d.level]++;

  const report: JsonReport = {
    version: 1,
    tool: { name: TOOL_NAME, version: result.toolVersion },
    summary: {
      filesScanned: result.files.length,
      elapsedMs: result.elapsedMs,
      findings: active.length,
      bySeverity: countBySeverity(active),
      suppressed: result.findings.filter((f) => f.suppressed).length,
      undetermined: result.undetermined.length,
      diagnostics: diagnosticCounts,
      byPractice: summarizeByPractice(active).map((p) => ({ ...p.practice, findings: p.findings, checks: p.checks })),
    },
    findings: [],
    undetermined: [],
    diagnostics,
    rules: result.rules.map(
      (r): JsonRule => ({
        id: r.id,
        name: r.name,
        title: r.title,
        description: r.description,
        severity: r.severity,
        catalog: [...r.catalog],
        securityHub: [...r.securityHub],
        cis: [...r.cis],
        tags: [...r.tags],
        precision: r.precision,
        ...(r.helpUri ? { helpUri: r.helpUri } : {}),
      }),
    ),
    comparison: result.comparison
      ? {
          baselineFile: result.comparison.baselineFile ?? null,
          newSince: result.comparison.newSince ?? null,
          new: active.length,
          unchanged: leftOut(result.findings),
          absent: result.comparison.absent.map((a) => ({
            ruleId: a.ruleId,
            file: a.file,
            resource: a.resource,
            message: a.message,
            fingerprint: a.fingerprint,
            location: a.location ? location(a.location) : null,
          })),
        }
      : null,
  };
  return { report, findings: { sorted: sortedFindings, toJson, location, resource, undeterminedToJson }, undetermined: sortedUndetermined };
}

export const renderJson: Reporter = (result, options) => [...jsonChunks(result, options)].join('');
