import type { Comparison, Finding, ScanResult } from '../findings.js';
import { plural } from './severity.js';

/**
 * What reports say about a baseline or `--new-since` (engine/baseline.ts
 * marks the findings): which findings count, how many were left out, and
 * what the reference had that this scan no longer finds.
 */

/** A finding that counts for --fail-on and is listed by the text report: not suppressed, not already known. */
export function counted(f: Finding): boolean {
  return !f.suppressed && f.baselineState !== 'unchanged';
}

/** Not suppressed, but already in the baseline or at the revision. */
export function leftOut(findings: readonly Finding[]): number {
  let n = 0;
  for (const f of findings) if (!f.suppressed && f.baselineState === 'unchanged') n++;
  return n;
}

/** "in .trailguard-baseline.json", "at HEAD~1", "in .trailguard-baseline.json or at HEAD~1". */
export function referenceWords(c: Comparison): string {
  const parts: string[] = [];
  if (c.baselineFile !== undefined) parts.push(`in ${c.baselineFile}`);
  if (c.newSince !== undefined) parts.push(`at ${c.newSince}`);
  return parts.join(' or ');
}

/** The text report's lines about the comparison, for its summary. */
export function comparisonLines(result: ScanResult): string[] {
  const c = result.comparison;
  if (!c) return [];
  const lines: string[] = [];
  const n = leftOut(result.findings);
  const where = referenceWords(c);
  if (n > 0) lines.push(`Left out ${plural(n, 'finding')} already ${where}.`);
  if (c.absent.length > 0) {
    const hint = c.baselineFile !== undefined ? ' (trailguard baseline rewrites the baseline without them)' : '';
    lines.push(`${plural(c.absent.length, 'finding')} ${where} ${c.absent.length === 1 ? 'is' : 'are'} no longer found${hint}.`);
  }
  return lines;
}
