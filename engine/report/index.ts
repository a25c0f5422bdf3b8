import type { ScanResult } from '../findings.js';
import { escapeForDisplay } from './escape.js';
import { renderGithub } from './github.js';
import { jsonChunks, renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderRdjson } from './rdjson.js';
import { renderSarif, sarifChunks } from './sarif.js';
import { renderText } from './text.js';
import type { ChunkedReporter, ReportOptions, Reporter } from './types.js';

export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'rdjson', 'github'] as const;
export type Format = (typeof FORMATS)[number];

const REPORTERS: Record<Format, Reporter> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  rdjson: renderRdjson,
  github: renderGithub,
};

/** Formats whose reports grow with every finding are written in pieces as they are made (machine formats: nothing to escape, as in `render`). */
const CHUNKED: Partial<Record<Format, ChunkedReporter>> = {
  json: jsonChunks,
  sarif: sarifChunks,
};

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** The report in `format`, ending with a newline, ready to write to a file or stdout. */
export function render(format: Format, result: ScanResult, options: ReportOptions): string {
  // Text and Markdown are read by people, often on a terminal: input's control characters are shown escaped.
  const shown = format === 'text' || format === 'markdown' ? escapeForDisplay(result) : result;
  return REPORTERS[format](shown, options);
}

/**
 * The same report as `render`, in pieces to write one after another: a
 * report of tens of megabytes is never held as one string.
 */
export function renderChunks(format: Format, result: ScanResult, options: ReportOptions): Iterable<string> {
  const chunked = CHUNKED[format];
  return chunked ? chunked(result, options) : [render(format, result, options)];
}

export type { ChunkedReporter, ReportOptions, Reporter } from './types.js';
export { fingerprint, type FingerprintParts } from './fingerprint.js';
export { sarifLog } from './sarif.js';
export { jsonReport, type JsonReport } from './json.js';
