import type { Diagnostic } from '../../core/diagnostics.js';
import { severityRank, type Finding, type Severity } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { counted } from './comparison.js';
import { escapeLine } from './escape.js';
import { diagnosticsNotShownAsFindings, moreProblemsText, problemsForPeople } from './input-problems.js';
import { compareSeverityThenPosition, compareText } from './order.js';
import { pathMapper } from './paths.js';
import { countBySeverity, describeCounts, plural } from './severity.js';
import type { Reporter } from './types.js';

/**
 * GitHub Actions workflow commands: one `::error file=…,line=…::message` line
 * per finding, which the runner turns into an annotation on the pull
 * request's diff (https://docs.github.com/actions/reference/workflow-commands).
 *
 * The level follows the SARIF level, so the two agree on what is an error:
 * critical and high → `error`, medium → `warning`, low → `notice`.
 *
 * The runner reads a command from any line of the step's output that starts
 * with `::`. Everything here comes from the scanned files (file names, logical
 * IDs, names in messages), so a value must never end the line or the property
 * list: values are escaped exactly as @actions/core does (`escapeData`,
 * `escapeProperty`: `%`, CR, LF, and in properties also `:` and `,`), after
 * every other control character, bidi override and Unicode line separator
 * has been made visible (`\x1b`, `\u202e`), as the terminal reports do.
 *
 * Suppressed findings are not annotated. The most severe come first: GitHub
 * shows only the first few annotations of each level per step; the SARIF
 * upload carries the full list.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
};

const DIAGNOSTIC_LEVEL: Record<Diagnostic['level'], AnnotationLevel> = { error: 'error', warning: 'warning', note: 'notice' };

/** @actions/core `escapeData`: the message after the last `::`. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core `escapeProperty`: a `key=value` property, where `:` and `,` would end the value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  level: AnnotationLevel;
  file?: string;
  range?: SourceRange;
  title: string;
  message: string;
}

/** One workflow command line (without the line feed). */
export function workflowCommand(a: Annotation): string {
  const props: [string, string][] = [];
  if (a.file !== undefined) props.push(['file', a.file]);
  const start = a.range?.start;
  if (a.range && start && start.line >= 1) {
    const { end } = a.range;
    const endsLater = end.line > start.line || (end.line === start.line && end.column > start.column);
    props.push(['line', String(start.line)]);
    props.push(['endLine', String(endsLater ? end.line : start.line)]);
    // GitHub uses columns only on a one-line annotation; an empty range is the whole line.
    if (start.column >= 1 && endsLater && end.line === start.line) {
      props.push(['col', String(start.column)]);
      // SourceRange ends after the last character; GitHub's endColumn is the last character itself.
      props.push(['endColumn', String(end.column - 1)]);
    }
  }
  props.push(['title', a.title]);
  const properties = props.map(([k, v]) => `${k}=${escapeProperty(escapeLine(v))}`).join(',');
  return `::${a.level} ${properties}::${escapeData(escapeLine(a.message))}`;
}

export const renderGithub: Reporter = (result, options) => {
  const mapPath = pathMapper(result, options);
  // Suppressed findings, and those already in the baseline or at --new-since's revision, are not annotated.
  const findings = result.findings
    .filter(counted)
    .map((f) => ({ f, file: mapPath(f.location.file).relative }))
    .sort(
      (a, b) =>
        severityRank(b.f.severity) - severityRank(a.f.severity) ||
        compareText(a.file, b.file) ||
        compareSeverityThenPosition(a.f, b.f),
    );
  const lines = findings.map(({ f, file }) => workflowCommand(findingAnnotation(f, file)));
  const problems = problemsForPeople(diagnosticsNotShownAsFindings(result));
  for (const d of problems.shown) {
    lines.push(
      workflowCommand({
        level: DIAGNOSTIC_LEVEL[d.level],
        file: mapPath(d.file).relative,
        ...(d.range ? { range: d.range } : {}),
        title: `trailguard: ${d.code}`,
        message: d.message,
      }),
    );
  }
  for (const m of problems.more) {
    lines.push(workflowCommand({ level: DIAGNOSTIC_LEVEL[m.level], file: mapPath(m.file).relative, title: `trailguard: ${m.code}`, message: moreProblemsText(m) }));
  }
  // A closing line for the log, not a command: counts only, nothing from the input.
  const counts = describeCounts(countBySeverity(findings.map(({ f }) => f)));
  lines.push(
    findings.length === 0
      ? `trailguard: no findings in ${plural(result.files.length, 'file')}${result.undetermined.length > 0 ? `; ${result.undetermined.length === 1 ? '1 check' : `${result.undetermined.length} checks`} not judged` : ''}`
      : `trailguard: ${plural(findings.length, 'finding')} (${counts}) in ${plural(result.files.length, 'file')}`,
  );
  return `${lines.join('\n')}\n`;
};

function findingAnnotation(f: Finding, file: string): Annotation {
  const resource = f.resource ? ` (${f.resource.address})` : '';
  return {
    level: ANNOTATION_LEVEL[f.severity],
    file,
    range: f.location,
    title: `trailguard ${f.ruleId}: ${f.severity}${resource}`,
    message: f.message,
  };
}
