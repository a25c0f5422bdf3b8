import { SEVERITIES, severityRank, type Finding, type RuleMeta, type ScanResult, type Severity } from '../findings.js';
import { formatDuration, formatFileAndPosition, undeterminedSentence } from './format.js';
import { diagnosticsNotShownAsFindings } from './input-problems.js';
import { comparePosition, compareText } from './order.js';
import { pathMapper, type PathMapper } from './paths.js';
import { helpMarkdown } from './remediation.js';
import { countBySeverity, plural } from './severity.js';
import { TOOL_NAME } from './tool.js';
import type { ReportOptions, Reporter } from './types.js';

/** Hidden first line a review bot can search for to update its previous comment instead of adding one. */
export const MARKDOWN_MARKER = '<!-- trailguard-report -->';
/**
 * Rows in the findings table. A PR comment is for reading; GitHub also caps
 * comments at 65,536 characters, which a few hundred rows would exceed.
 */
export const MAX_TABLE_ROWS = 50;

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: '🔴 Critical',
  high: '🟠 High',
  medium: '🟡 Medium',
  low: '🔵 Low',
};

/** A PR comment: headline counts, a findings table, how to fix each rule, then what could not be read or judged. */
export const renderMarkdown: Reporter = (result, options) => {
  const mapPath = pathMapper(result, options);
  const fileOf = (f: Finding) => mapPath(f.location.file).relative;
  const shown = result.findings
    .filter((f) => !f.suppressed)
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        compareText(fileOf(a), fileOf(b)) ||
        comparePosition(a.location, b.location) ||
        compareText(a.ruleId, b.ruleId),
    );
  const suppressed = result.findings.length - shown.length;
  const blocks: string[] = [MARKDOWN_MARKER];

  if (shown.length === 0) {
    blocks.push(`### ${TOOL_NAME}: no findings`, `Nothing to report in ${plural(result.files.length, 'scanned file')}.`);
  } else {
    blocks.push(`### ${TOOL_NAME}: ${plural(shown.length, 'finding')}`, severityLine(shown));
    blocks.push(findingsTable(shown.slice(0, MAX_TABLE_ROWS), fileOf));
    if (shown.length > MAX_TABLE_ROWS) {
      blocks.push(`_…and ${shown.length - MAX_TABLE_ROWS} more. The SARIF or text report lists every finding._`);
    }
    const fixes = fixSections(shown.slice(0, MAX_TABLE_ROWS), result.rules);
    if (fixes.length > 0) blocks.push('#### How to fix', ...fixes);
  }
  if (suppressed > 0) blocks.push(`_${plural(suppressed, 'suppressed finding')} not shown._`);
  const expired = shown.flatMap((f) => (f.expiredSuppressions ?? []).map((e) => ({ f, e })));
  if (expired.length > 0) {
    blocks.push(
      '#### Expired suppressions',
      expired
        .map(({ f, e }) => `- ${code(`${mapPath(e.at.file).relative}:${e.at.start.line}`)} ${code(e.ruleId)} expired ${e.expires}: ${code(f.ruleId)} is reported again${e.reason ? ` (${inline(e.reason)})` : ''}`)
        .join('\n'),
    );
  }

  const problems = diagnosticsNotShownAsFindings(result);
  if (problems.length > 0) {
    blocks.push(
      '#### Input problems',
      problems
        .map(
          (d) =>
            `- ${code(formatFileAndPosition(mapPath(d.file).relative, d.range))} **${d.level}** (${code(d.code)}): ${inline(d.message)}`,
        )
        .join('\n'),
    );
  }

  if (result.undetermined.length > 0) blocks.push(undeterminedBlock(result, options, mapPath));

  blocks.push(
    `<sub>${TOOL_NAME} ${escapeHtml(result.toolVersion)} · ${plural(result.files.length, 'file')} scanned in ${formatDuration(result.elapsedMs)}</sub>`,
  );
  return `${blocks.join('\n\n')}\n`;
};

function severityLine(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => (s === 'critical' || s === 'high' ? `**${counts[s]} ${s}**` : `${counts[s]} ${s}`))
    .join(' · ');
}

function findingsTable(findings: readonly Finding[], fileOf: (f: Finding) => string): string {
  const rows = findings.map((f) =>
    [
      SEVERITY_LABEL[f.severity],
      code(f.ruleId),
      f.resource ? code(f.resource.address) + (f.resource.constructPath ? ` (construct ${code(f.resource.constructPath)})` : '') : '',
      code(formatFileAndPosition(fileOf(f), f.location)),
      inline(f.message),
    ]
      .map((cell) => cell.replace(/\|/g, '\\|'))
      .join(' | '),
  );
  return ['| Severity | Rule | Resource | Location | Message |', '| --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join(
    '\n',
  );
}

/** One collapsed section per rule in the table, most severe rule first. */
function fixSections(findings: readonly Finding[], rules: readonly RuleMeta[]): string[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const f of findings) {
    const rule = byId.get(f.ruleId);
    if (!rule || seen.has(rule.id)) continue;
    seen.add(rule.id);
    const body = helpMarkdown(rule);
    if (!body) continue;
    const link = rule.helpUri ? `\n\n[Rule documentation](${rule.helpUri})` : '';
    sections.push(
      `<details>\n<summary><code>${escapeHtml(rule.id)}</code>: ${escapeHtml(rule.title)}</summary>\n\n${body}${link}\n\n</details>`,
    );
  }
  return sections;
}

function undeterminedBlock(
  result: ScanResult,
  options: ReportOptions,
  mapPath: PathMapper,
): string {
  const sentence = `_${undeterminedSentence(result.undetermined.length)}_`;
  if (!options.showUndetermined) return sentence;
  const items = result.undetermined.map(
    (u) =>
      `- ${code(formatFileAndPosition(mapPath(u.location.file).relative, u.location))} ${code(u.ruleId)} on ${code(u.resource.address)}: ${inline(u.reason)}`,
  );
  return `<details>\n<summary>${escapeHtml(undeterminedSentence(result.undetermined.length))}</summary>\n\n${items.join('\n')}\n\n</details>`;
}

/**
 * Messages carry names from the scanned files, which a pull request author
 * controls: escape markdown and HTML so they cannot restyle or inject into
 * the comment. Line breaks would end a table row; pipes are escaped where
 * the text goes into a table cell.
 */
function inline(text: string): string {
  return text
    .replace(/[\\`*_[\]~&#]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** A code span that survives backticks in its content. */
function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
