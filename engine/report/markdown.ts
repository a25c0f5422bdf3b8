import { SEVERITIES, severityRank, type Finding, type RuleMeta, type ScanResult, type Severity } from '../findings.js';
import { formatDuration, formatFileAndPosition, undeterminedSentence } from './format.js';
import { diagnosticsNotShownAsFindings, moreProblemsText, problemsForPeople } from './input-problems.js';
import { comparePosition, compareText } from './order.js';
import type { SourceRange } from '../../core/location.js';
import { locationLink } from './links.js';
import { mermaidBlock } from './mermaid.js';
import { pathMapper, type PathMapper } from './paths.js';
import { helpMarkdown, longestBacktickRun } from './remediation.js';
import { countBySeverity, plural } from './severity.js';
import { TOOL_NAME } from './tool.js';
import { KIND_PLURAL, MAX_EVENT_DATA_STORES_DRAWN, MAX_NODES_PER_TRAIL, MAX_TRAILS_DRAWN, trailDiagram, type TrailDiagram } from './trail-diagram.js';
import type { ReportOptions, Reporter } from './types.js';
import { pushAll } from '../../parsers/arrays.js';

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

/**
 * A PR comment: headline counts, a findings table (new findings first, the
 * rest folded, when findings carry a baseline state), a picture of each trail
 * and what it depends on, how to fix each rule, then what could not be read or
 * judged. With `linkBase`, every location links to its file and lines.
 */
export const renderMarkdown: Reporter = (result, options) => {
  const mapPath = pathMapper(result, options);
  const fileOf = (f: Finding) => mapPath(f.location.file).relative;
  const where = locationFormatter(mapPath, options.linkBase);
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
  // Against a baseline or --new-since, what the change introduced is what the reviewer reads first.
  const againstBaseline = shown.some((f) => f.baselineState !== undefined);
  const lead = againstBaseline ? shown.filter((f) => f.baselineState !== 'unchanged') : shown;
  const unchanged = againstBaseline ? shown.filter((f) => f.baselineState === 'unchanged') : [];

  const notJudged = result.undetermined.length;
  if (shown.length === 0 && notJudged > 0) {
    // Not a clean pass: the checks not judged are the news (a module not installed, values known only
    // after deployment), counted below.
    blocks.push(
      `### ${TOOL_NAME}: no findings, ${notJudged === 1 ? '1 check' : `${notJudged} checks`} not judged`,
      `No findings in ${plural(result.files.length, 'scanned file')}, but not everything could be judged before deployment: see below.`,
    );
  } else if (shown.length === 0) {
    blocks.push(`### ${TOOL_NAME}: no findings`, `Nothing to report in ${plural(result.files.length, 'scanned file')}.`);
  } else if (lead.length === 0) {
    blocks.push(`### ${TOOL_NAME}: no new findings`, `Nothing new in ${plural(result.files.length, 'scanned file')}; the findings below were already there before this change.`);
  } else {
    blocks.push(`### ${TOOL_NAME}: ${plural(lead.length, againstBaseline ? 'new finding' : 'finding')}`, severityLine(lead));
    pushAll(blocks, cappedTable(lead, where, MAX_TABLE_ROWS));
  }
  if (unchanged.length > 0) {
    blocks.push(
      `<details>\n<summary>${escapeHtml(plural(unchanged.length, 'unchanged finding'))} (already there before this change): ${plainSeverityLine(unchanged)}</summary>\n\n${cappedTable(unchanged, where, Math.max(0, MAX_TABLE_ROWS - lead.length)).join('\n\n')}\n\n</details>`,
    );
  }

  const diagram = trailDiagram(result);
  if (diagram) pushAll(blocks, diagramBlocks(diagram, (file) => mapPath(file).relative));

  const fixes = fixSections(lead.slice(0, MAX_TABLE_ROWS), result.rules);
  if (fixes.length > 0) {
    blocks.push('#### How to fix');
    pushAll(blocks, fixes);
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

  const problems = problemsForPeople(diagnosticsNotShownAsFindings(result));
  if (problems.shown.length > 0) {
    blocks.push(
      '#### Input problems',
      [
        ...problems.shown.map((d) => `- ${where(d.file, d.range)} **${d.level}** (${code(d.code)}): ${inline(d.message)}`),
        ...problems.more.map((m) => `- ${where(m.file, undefined)} ${inline(moreProblemsText(m))}`),
      ].join('\n'),
    );
  }

  if (result.undetermined.length > 0) blocks.push(undeterminedBlock(result, options, where));

  blocks.push(
    `<sub>${TOOL_NAME} ${escapeHtml(result.toolVersion)} · ${plural(result.files.length, 'file')} scanned in ${formatDuration(result.elapsedMs)}</sub>`,
  );
  return `${blocks.join('\n\n')}\n`;
};

/** A location as a code span (`file:12:5`), linked to the file and lines when there is a link base. */
type LocationFormatter = (file: string, range: SourceRange | undefined) => string;

function locationFormatter(mapPath: PathMapper, linkBase: string | undefined): LocationFormatter {
  return (file, range) => {
    const relative = mapPath(file).relative;
    const text = code(formatFileAndPosition(relative, range));
    const url = linkBase === undefined ? undefined : locationLink(linkBase, relative, range);
    return url === undefined ? text : `[${text}](${url})`;
  };
}

/**
 * The table of at most `rows` findings, and a line saying how many more there
 * are. The tables of one comment share MAX_TABLE_ROWS: GitHub refuses a
 * comment over 65,536 characters.
 */
function cappedTable(findings: readonly Finding[], where: LocationFormatter, rows: number): string[] {
  const blocks = rows > 0 ? [findingsTable(findings.slice(0, rows), where)] : [];
  const more = findings.length - rows;
  if (more > 0) {
    blocks.push(
      rows > 0
        ? `_…and ${more} more. The SARIF or text report lists every finding._`
        : `_${plural(more, 'finding')} not listed here: the table above is full. The SARIF or text report lists every finding._`,
    );
  }
  return blocks;
}

/** The Mermaid picture, a legend, and what was left out of it (never silently). */
function diagramBlocks(diagram: TrailDiagram, fileLabel: (file: string) => string): string[] {
  const blocks = ['#### Trails and what they depend on', mermaidBlock(diagram, fileLabel), DIAGRAM_LEGEND];
  const notes: string[] = [];
  for (const { trail, leftOut } of diagram.cut) {
    const total = [...leftOut.values()].reduce((a, b) => a + b, 0);
    const parts = [...leftOut].map(([kind, n]) => `${n} ${n === 1 ? kind : (KIND_PLURAL[kind] ?? kind)}`);
    notes.push(
      `- ${plural(total, 'more resource')} of trail ${code(trail.name)} not drawn (${parts.join(', ')}): the picture shows at most ${MAX_NODES_PER_TRAIL} per trail.`,
    );
  }
  if (diagram.trailsLeftOut.length > 0) {
    const named = diagram.trailsLeftOut.slice(0, MAX_TRAILS_NAMED).map(code).join(', ');
    const others = diagram.trailsLeftOut.length - MAX_TRAILS_NAMED;
    notes.push(
      `- ${plural(diagram.trailsLeftOut.length, 'more trail')} not drawn: ${named}${others > 0 ? ` and ${others} more` : ''} (the picture shows at most ${MAX_TRAILS_DRAWN} trails, those with findings first).`,
    );
  }
  if (diagram.eventDataStoresLeftOut > 0) {
    notes.push(`- ${plural(diagram.eventDataStoresLeftOut, 'more event data store')} not drawn (at most ${MAX_EVENT_DATA_STORES_DRAWN}).`);
  }
  if (notes.length > 0) blocks.push(notes.join('\n'));
  return blocks;
}

const MAX_TRAILS_NAMED = 10;

const DIAGRAM_LEGEND =
  '<sub>Red: a finding of high severity or above · amber: findings below high · grey, dashed: a check could not be judged · dotted: named by the configuration but not in the scan.</sub>';

function severityLine(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => (s === 'critical' || s === 'high' ? `**${counts[s]} ${s}**` : `${counts[s]} ${s}`))
    .join(' · ');
}

/** `2 high · 1 medium`, without Markdown emphasis (for a `<summary>`, which is HTML). */
function plainSeverityLine(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(' · ');
}

function findingsTable(findings: readonly Finding[], where: LocationFormatter): string {
  const rows = findings.map((f) =>
    [
      SEVERITY_LABEL[f.severity],
      code(f.ruleId),
      f.resource ? code(f.resource.address) + (f.resource.constructPath ? ` (construct ${code(f.resource.constructPath)})` : '') : '',
      where(f.location.file, f.location),
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
    // No public home for rule pages yet: point at the page every installation has.
    const link = rule.helpUri ? `\n\n[Rule documentation](${rule.helpUri})` : `\n\nThe rule's page: \`trailguard explain ${escapeHtml(rule.id)}\`.`;
    sections.push(
      `<details>\n<summary><code>${escapeHtml(rule.id)}</code>: ${escapeHtml(rule.title)}</summary>\n\n${body}${link}\n\n</details>`,
    );
  }
  return sections;
}

function undeterminedBlock(result: ScanResult, options: ReportOptions, where: LocationFormatter): string {
  const sentence = `_${undeterminedSentence(result.undetermined.length)}_`;
  if (!options.showUndetermined) return sentence;
  const items = result.undetermined.map(
    (u) =>
      `- ${where(u.location.file, u.location)} ${code(u.ruleId)} on ${code(u.resource.address)}: ${inline(u.reason)}`,
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
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
