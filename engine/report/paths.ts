import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanResult } from '../findings.js';
import type { ReportOptions } from './types.js';

export interface ReportPath {
  /** Relative to the report root, with forward slashes (`../x.tf` when outside it). */
  relative: string;
  absolute: string;
  /** False when the file lies outside the report root, where code scanning cannot annotate it. */
  insideRoot: boolean;
}

export type PathMapper = (file: string) => ReportPath;

/**
 * Maps paths as the scanner received them (relative to the scan root, or
 * absolute) to paths relative to the report root. Cached: every finding in a
 * file asks for the same path.
 */
export function pathMapper(result: ScanResult, options: ReportOptions): PathMapper {
  const reportRoot = path.resolve(options.root);
  const cache = new Map<string, ReportPath>();
  return (file) => {
    let mapped = cache.get(file);
    if (!mapped) {
      const absolute = path.resolve(result.root, file);
      const relative = path.relative(reportRoot, absolute).split(path.sep).join('/');
      const insideRoot = relative !== '' && relative !== '..' && !relative.startsWith('../') && !path.isAbsolute(relative);
      mapped = { relative: relative === '' ? '.' : relative, absolute, insideRoot };
      cache.set(file, mapped);
    }
    return mapped;
  };
}

/** A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `%`, `:`…). */
export function encodeUriPath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** An absolute path as a `file:` URI, percent-encoded. */
export function fileUri(absolute: string): string {
  return pathToFileURL(absolute).href;
}

/** The report root as the absolute `file:` URI SARIF wants for a base ID (must end in `/`). */
export function rootUri(root: string): string {
  const href = fileUri(path.resolve(root));
  return href.endsWith('/') ? href : `${href}/`;
}
