import type { SourceRange } from '../../core/location.js';

/** `12:5`, or `12` when the column is unknown, or nothing when the line is. */
export function formatPosition(range: SourceRange | undefined): string {
  if (!range || !(range.start.line >= 1)) return '';
  return range.start.column >= 1 ? `${range.start.line}:${range.start.column}` : `${range.start.line}`;
}

/** `file:12:5`, as editors and terminals recognise and link it. */
export function formatFileAndPosition(file: string, range: SourceRange | undefined): string {
  const position = formatPosition(range);
  return position ? `${file}:${position}` : file;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The sentence every human-facing report uses for checks that wait on deployment-time values. */
export function undeterminedSentence(count: number): string {
  return count === 1
    ? '1 check could not be judged: a value it needs is known only after deployment, or a resource it needs is not in the scan.'
    : `${count} checks could not be judged: values they need are known only after deployment, or resources they need are not in the scan.`;
}
