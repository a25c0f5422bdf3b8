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
