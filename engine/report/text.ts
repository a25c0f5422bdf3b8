import type { Diagnostic } from '../../core/diagnostics.js';
import { SEVERITIES, type Finding, type ScanResult, type Undetermined } from '../findings.js';
import { style, type Style } from './ansi.js';
import { formatDuration, formatFileAndPosition, formatPosition, undeterminedSentence } from './format.js';
import { diagnosticsNotShownAsFindings, moreProblemsText, problemsForPeople } from './input-problems.js';
import { comparisonLines, counted } from './comparison.js';
import { expiredSuppressionLines } from './suppression-notes.js';
import { compareText, comparePosition, groupSorted, sortedBySeverityThenPosition } from './order.js';
import { pathMapper, type PathMapper } from './paths.js';
import { summarizeByPractice } from './practices.js';
import { countBySeverity, describeCounts, plural } from './severity.js';
import type { ReportOptions, Reporter } from './types.js';
import { maxOf, pushAll } from '../../parsers/arrays.js';
import { ONLY_UNMODELLED_TYPES } from '../adapters/unmodelled.js';
import { NOTHING_JUDGED } from '../nothing-judged.js';

const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));
const LEVEL_WIDTH = 'warning'.length;

/**
 * For a terminal and a pre-commit hook: findings grouped by file, most severe
 * first, then what could not be read or judged, then a summary. Colour only
 * decorates; without it the layout and words are the same.
 */
export const renderText: Reporter = (result, options) => {
  const s = style(options.color);
  const mapPath = pathMapper(result, options);
  // With a baseline or --new-since, only new findings are listed; the summary counts the others.
  const shown = result.findings.filter(counted);
  const sections: string[][] = [];

  const columns = findingColumns(shown);
  for (const [file, findings] of groupSorted(shown, (f) => mapPath(f.location.file).relative)) {
    sections.push([s.underline(file), ...findingLines(sortedBySeverityThenPosition(findings), columns, s)]);
  }

  // The warning that nothing could be judged is the report's last line: not listed twice.
  const problems = diagnosticsNotShownAsFindings(result).filter((d) => d.code !== ONLY_UNMODELLED_TYPES && d.code !== NOTHING_JUDGED);
  if (problems.length > 0) sections.push(inputProblemLines(problems, mapPath, s));
  if (options.showUndetermined && result.undetermined.length > 0) {
    sections.push(undeterminedLines(result.undetermined, mapPath, s));
  }
  sections.push(summaryLines(result, shown, options, s));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
};

interface Columns {
  positionWidth: number;
  ruleWidth: number;
}

/** Widths shared by every file's block, so the columns line up down the whole report. */
function findingColumns(findings: readonly Finding[]): Columns {
  return {
    positionWidth: maxOf(findings, (f) => formatPosition(f.location).length),
    ruleWidth: maxOf(findings, (f) => f.ruleId.length),
  };
}

function findingLines(findings: readonly Finding[], { positionWidth, ruleWidth }: Columns, s: Style): string[] {
  const resourceIndent = ' '.repeat(2 + positionWidth + 2);
  const lines: string[] = [];
  for (const f of findings) {
    const label = f.severity.toUpperCase();
    const severity = s.severity(f.severity, label) + ' '.repeat(SEVERITY_WIDTH - label.length);
    const catalog = f.catalog.length > 0 ? `  ${s.dim(`[${f.catalog.join(' ')}]`)}` : '';
    lines.push(
      `  ${formatPosition(f.location).padEnd(positionWidth)}  ${severity}  ${f.ruleId.padEnd(ruleWidth)}  ${f.message}${catalog}`,
    );
    if (f.resource) {
      const construct = f.resource.constructPath ? `, construct ${f.resource.constructPath}` : '';
      lines.push(`${resourceIndent}${s.dim(`resource: ${f.resource.address} (${f.resource.nativeType})${construct}`)}`);
    }
    for (const line of expiredSuppressionLines(f)) lines.push(`${resourceIndent}${line}`);
  }
  return lines;
}

/** Diagnostics as `file:line:col  level  code  message`, the form terminals turn into links. */
function inputProblemLines(problems: readonly Diagnostic[], mapPath: PathMapper, s: Style): string[] {
  const { shown, more } = problemsForPeople(problems);
  const rows = shown.map((d) => ({ d, where: formatFileAndPosition(mapPath(d.file).relative, d.range) }));
  const whereWidth = maxOf(rows, (r) => r.where.length);
  const codeWidth = maxOf(rows, (r) => r.d.code.length);
  return [
    s.bold('Input problems'),
    ...rows.map(({ d, where }) => {
      const level = s.level(d.level, d.level) + ' '.repeat(LEVEL_WIDTH - d.level.length);
      return `  ${where.padEnd(whereWidth)}  ${level}  ${d.code.padEnd(codeWidth)}  ${d.message}`;
    }),
    ...more.map((m) => `  ${mapPath(m.file).relative}: ${moreProblemsText(m)}`),
  ];
}

function undeterminedLines(undetermined: readonly Undetermined[], mapPath: PathMapper, s: Style): string[] {
  const rows = undetermined
    .map((u) => ({ u, file: mapPath(u.location.file).relative }))
    .sort((a, b) => compareText(a.file, b.file) || comparePosition(a.u.location, b.u.location))
    .map(({ u, file }) => ({ u, where: formatFileAndPosition(file, u.location) }));
  const whereWidth = maxOf(rows, (r) => r.where.length);
  return [
    s.bold('Not judged (values known only after deployment, or resources not in the scan)'),
    ...rows.map(({ u, where }) => `  ${where.padEnd(whereWidth)}  ${u.ruleId}  ${u.resource.address}: ${u.reason}`),
  ];
}

function summaryLines(result: ScanResult, shown: readonly Finding[], options: ReportOptions, s: Style): string[] {
  const lines: string[] = [];
  const suppressed = result.findings.filter((f) => f.suppressed).length;
  const suppressedNote = suppressed > 0 ? ` (${plural(suppressed, 'suppressed finding')} not shown)` : '';

  if (shown.length === 0) {
    const none = result.comparison ? 'No new findings' : 'No findings';
    // Green only when everything could be judged: a configuration built from modules not installed reads
    // "No findings" for want of anything to judge, and the headline must not look like a pass.
    const notJudged = result.undetermined.length;
    const nothing = notJudged === 0 && result.diagnostics.some((d) => d.code === ONLY_UNMODELLED_TYPES || d.code === NOTHING_JUDGED);
    lines.push(
      notJudged === 0 && !nothing
        ? `${s.green(`${none}.`)}${suppressedNote}`
        : `${s.level('warning', nothing ? `${none}, but nothing was judged.` : `${none}, but ${notJudged === 1 ? '1 check' : `${notJudged} checks`} could not be judged.`)}${suppressedNote}`,
    );
  } else {
    lines.push(`${s.bold(plural(shown.length, 'finding'))}: ${describeCounts(countBySeverity(shown))}${suppressedNote}`);
    const practices = summarizeByPractice(shown);
    if (practices.length > 0) {
      const idWidth = maxOf(practices, (p) => p.practice.id.length);
      const titleWidth = maxOf(practices, (p) => p.practice.title.length);
      const countWidth = maxOf(practices, (p) => plural(p.findings, 'finding').length);
      lines.push('By practice:');
      for (const p of practices) {
        lines.push(
          `  ${p.practice.id.padEnd(idWidth)}  ${p.practice.title.padEnd(titleWidth)}  ${plural(p.findings, 'finding').padEnd(countWidth)}  ${s.dim(p.checks.join(' '))}`,
        );
      }
    }
  }

  pushAll(lines, comparisonLines(result));
  lines.push(`Scanned ${plural(result.files.length, 'file')} in ${formatDuration(result.elapsedMs)}.`);
  // Always the last line, even without findings: "No findings" must never hide checks that were not judged.
  const notJudged = notJudgedLine(result.undetermined.length, options.showUndetermined === true);
  // Resources only of types trailguard does not model: "Every check could be judged" would be a silent pass.
  // Likewise a scan that found nothing to judge at all (engine/nothing-judged.ts).
  const onlyUnmodelled = result.diagnostics.find((d) => d.code === ONLY_UNMODELLED_TYPES || d.code === NOTHING_JUDGED);
  lines.push(onlyUnmodelled ? `${onlyUnmodelled.message}${result.undetermined.length > 0 ? ` ${notJudged}` : ''}` : notJudged);
  return lines;
}

/** The report's last line: how many checks could not be judged, and where to see them. */
export function notJudgedLine(count: number, listed: boolean): string {
  if (count === 0) return 'Every check could be judged.';
  const what = count === 1 ? '1 check could not be judged' : `${count} checks could not be judged`;
  const where = listed ? `listed above under "Not judged"` : `--show-undetermined lists ${count === 1 ? 'it' : 'them'}`;
  return `${what} before deployment (values known only after deployment, links or modules not in the scan); ${where}.`;
}
