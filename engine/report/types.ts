import type { ScanResult } from '../findings.js';

export interface ReportOptions {
  /** Emit ANSI colour codes (text only; the CLI decides from the TTY and NO_COLOR). */
  color: boolean;
  /** Absolute directory that reported paths and SARIF URIs are made relative to. */
  root: string;
  /** List every undetermined check instead of only counting them (text and markdown). */
  showUndetermined?: boolean;
}

/** Every reporter is a pure function of the scan result: no I/O, same input → same output. */
export type Reporter = (result: ScanResult, options: ReportOptions) => string;

/** The same, as pieces of text in order (their concatenation is the report): for reports too large to build as one string. */
export type ChunkedReporter = (result: ScanResult, options: ReportOptions) => Iterable<string>;
