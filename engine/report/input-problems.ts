import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { ScanResult } from '../findings.js';
import { PARSE_ERROR_RULE_ID } from './sarif-rules.js';

/**
 * Diagnostics that no finding already reports. The engine turns every
 * error diagnostic (a file that does not parse, or one it failed on) into a
 * finding of the built-in `parse-error` rule; the human-facing reports show
 * those as findings and would otherwise say the same thing twice. A
 * diagnostic counts as reported when a finding of `parse-error` (or of a rule
 * named like its code) sits in the same file on the same line, or anywhere in
 * the file if the diagnostic has no line. SARIF and JSON keep every
 * diagnostic: there they are data, not prose.
 */
export function diagnosticsNotShownAsFindings(result: ScanResult): Diagnostic[] {
  // Nothing to leave out (and, on a large scan, no key per finding made to find that out).
  if (result.diagnostics.length === 0) return [];
  // Findings of one file resolve one path: once.
  const resolved = new Map<string, string>();
  const resolve = (file: string) => {
    let abs = resolved.get(file);
    if (abs === undefined) resolved.set(file, (abs = path.resolve(result.root, file)));
    return abs;
  };
  const reported = new Set<string>();
  for (const f of result.findings) {
    const file = resolve(f.location.file);
    reported.add(`${f.ruleId}\u0000${file}\u0000*`);
    reported.add(`${f.ruleId}\u0000${file}\u0000${f.location.start.line}`);
  }
  return result.diagnostics.filter((d) => {
    const where = `${resolve(d.file)}\u0000${d.range ? d.range.start.line : '*'}`;
    const asParseError = d.level === 'error' && reported.has(`${PARSE_ERROR_RULE_ID}\u0000${where}`);
    // Policy problems IAM would reject become findings of the built-in iam-policy-invalid rule.
    const asPolicyFinding = d.code.startsWith('policy-') && reported.has(`iam-policy-invalid\u0000${where}`);
    return !asParseError && !asPolicyFinding && !reported.has(`${d.code}\u0000${where}`);
  });
}

/**
 * At most this many problems of one kind (level and code) in one file are written where people read them
 * (standard error, the text and Markdown reports, GitHub annotations); the rest are counted on one line.
 * A policy of 200,000 unmatched actions printed 200,000 notes: a terminal scrolled away, a pull request
 * comment over GitHub's size limit. JSON and SARIF keep every one.
 */
export const MAX_PROBLEMS_SHOWN_PER_KIND = 10;

/** Problems of one kind in one file beyond the first MAX_PROBLEMS_SHOWN_PER_KIND. */
export interface MoreProblems {
  file: string;
  level: Diagnostic['level'];
  code: string;
  count: number;
}

/** `problems` as people are shown them: the first few of each kind in each file, in order, and the rest counted. */
export function problemsForPeople(problems: readonly Diagnostic[]): { shown: Diagnostic[]; more: MoreProblems[] } {
  const seen = new Map<string, MoreProblems>();
  const shown: Diagnostic[] = [];
  const more: MoreProblems[] = [];
  for (const d of problems) {
    const key = `${d.file}\u0000${d.level}\u0000${d.code}`;
    let group = seen.get(key);
    if (group === undefined) seen.set(key, (group = { file: d.file, level: d.level, code: d.code, count: 0 }));
    group.count++;
    if (group.count <= MAX_PROBLEMS_SHOWN_PER_KIND) shown.push(d);
    else if (group.count === MAX_PROBLEMS_SHOWN_PER_KIND + 1) more.push(group);
  }
  for (const g of more) g.count -= MAX_PROBLEMS_SHOWN_PER_KIND;
  return { shown, more };
}

/** "199,990 more notes like these (policy-unknown-action) in this file: the JSON and SARIF reports list every one". */
export function moreProblemsText(m: MoreProblems): string {
  return `${m.count.toLocaleString('en-US')} more ${m.level}${m.count === 1 ? '' : 's'} like these (${m.code}) in this file: the JSON and SARIF reports list every one`;
}
