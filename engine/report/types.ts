import type { ScanResult } from '../findings.js';

export interface ReportOptions {
  /** Emit ANSI colour codes (text only; the CLI decides from the TTY and NO_COLOR). */
  color: boolean;
  /** Absolute directory that reported paths and SARIF URIs are made relative to. */
  root: string;
  /** List every undetermined check instead of only counting them (text and markdown). */
  showUndetermined?: boolean;
  /**
   * Markdown only: a checked http(s) URL (`parseLinkBase`, e.g. `https://github.com/o/r/blob/<sha>`)
   * that every location links under, as `BASE/path#L12-L14`.
   */
  linkBase?: string;
  /** SARIF `automationDetails.id` (`category/`), to keep matrix builds apart in code scanning. */
  category?: string;
}

/** Every reporter is a pure function of the scan result: no I/O, same input → same output. */
export type Reporter = (result: ScanResult, options: ReportOptions) => string;

/** The same, as pieces of text in order (their concatenation is the report): for reports too large to build as one string. */
export type ChunkedReporter = (result: ScanResult, options: ReportOptions) => Iterable<string>;
