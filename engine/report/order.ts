import { severityRank, type Finding } from '../findings.js';
import type { SourceRange } from '../../core/location.js';

/** Code-unit order: unlike localeCompare it is the same on every machine, so reports are reproducible. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePosition(a: SourceRange, b: SourceRange): number {
  return a.start.line - b.start.line || a.start.column - b.start.column;
}

/** Most severe first; then where it is; rule ID last so equal positions still order stably. */
export function compareSeverityThenPosition(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    comparePosition(a.location, b.location) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

/** Groups items by key, keys sorted, each group keeping the input order. */
export function groupSorted<T>(items: readonly T[], keyOf: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].sort(([a], [b]) => compareText(a, b));
}
