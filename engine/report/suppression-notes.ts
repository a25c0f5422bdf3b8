import type { Finding } from '../findings.js';

/**
 * Why a finding that was suppressed is reported again: each suppression that
 * named it and expired, with where it is written, so the reader can renew or
 * remove it. Text and Markdown show these; JSON and SARIF carry the same data.
 */
export function expiredSuppressionLines(f: Finding): string[] {
  return (f.expiredSuppressions ?? []).map(
    (e) => `suppression expired ${e.expires} (${e.at.file}:${e.at.start.line}, ${e.ruleId})${e.reason ? `: ${e.reason}` : ''}`,
  );
}
