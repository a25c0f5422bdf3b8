import type { Diagnostic } from '../../core/diagnostics.js';
import type { Severity } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { diagnosticsNotShownAsFindings } from './input-problems.js';
import { compareSeverityThenPosition, compareText } from './order.js';
import { pathMapper } from './paths.js';
import { TOOL_NAME } from './tool.js';
import type { Reporter } from './types.js';

// Reviewdog Diagnostic Format, the `DiagnosticResult` message as JSON
// (github.com/reviewdog/reviewdog, proto/rdf/reviewdog.proto), for
// `reviewdog -f=rdjson`.

export type RdSeverity = 'ERROR' | 'WARNING' | 'INFO';

export interface RdPosition {
  line: number;
  column?: number;
}

export interface RdDiagnostic {
  message: string;
  location: { path: string; range?: { start: RdPosition; end?: RdPosition } };
  severity: RdSeverity;
  code: { value: string; url?: string };
}

export interface RdDiagnosticResult {
  source: { name: string; url?: string };
  severity: RdSeverity;
  diagnostics: RdDiagnostic[];
}

/** The same split as SARIF levels: what fails a default CI run is an ERROR comment. */
const RD_SEVERITY: Record<Severity, RdSeverity> = { critical: 'ERROR', high: 'ERROR', medium: 'WARNING', low: 'INFO' };
const RD_LEVEL: Record<Diagnostic['level'], RdSeverity> = { error: 'ERROR', warning: 'WARNING', note: 'INFO' };
const RD_RANK: Record<RdSeverity, number> = { ERROR: 3, WARNING: 2, INFO: 1 };

/**
 * Suppressed findings are left out: reviewdog would post them as comments.
 * Input problems no finding reports (a remote module not followed) are
 * included, as a reviewer should see them.
 */
export const renderRdjson: Reporter = (result, options) => {
  const mapPath = pathMapper(result, options);
  const helpUri = new Map(result.rules.map((r) => [r.id, r.helpUri]));
  const findings = result.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ f, path: mapPath(f.location.file).relative }))
    .sort((a, b) => compareText(a.path, b.path) || compareSeverityThenPosition(a.f, b.f));

  const diagnostics: RdDiagnostic[] = findings.map(({ f, path }) => {
    const url = helpUri.get(f.ruleId);
    return {
      message: f.message,
      location: { path, ...rangeOf(f.location) },
      severity: RD_SEVERITY[f.severity],
      code: { value: f.ruleId, ...(url ? { url } : {}) },
    };
  });
  for (const d of diagnosticsNotShownAsFindings(result)) {
    diagnostics.push({
      message: d.message,
      location: { path: mapPath(d.file).relative, ...(d.range ? rangeOf(d.range) : {}) },
      severity: RD_LEVEL[d.level],
      code: { value: d.code },
    });
  }

  const overall = diagnostics.reduce<RdSeverity>((worst, d) => (RD_RANK[d.severity] > RD_RANK[worst] ? d.severity : worst), 'INFO');
  const report: RdDiagnosticResult = {
    source: { name: TOOL_NAME },
    severity: overall,
    diagnostics,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};

/**
 * rdjson ranges are 1-based with an exclusive end, like SourceRange. An
 * empty range is sent as its start alone, which reviewdog reads as "this
 * position"; an end equal to the start would be a zero-width range.
 * Columns stay in UTF-16 code units (rdjson counts UTF-8 bytes): they agree
 * on the ASCII that templates and Terraform use in practice.
 */
function rangeOf(range: SourceRange): { range?: { start: RdPosition; end?: RdPosition } } {
  const { start, end } = range;
  if (!(start.line >= 1)) return {};
  const position = (p: { line: number; column: number }): RdPosition => (p.column >= 1 ? { line: p.line, column: p.column } : { line: p.line });
  const endsLater = end.line > start.line || (end.line === start.line && end.column > start.column);
  return { range: { start: position(start), ...(endsLater ? { end: position(end) } : {}) } };
}
