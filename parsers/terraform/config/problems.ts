// Diagnostics of one load, deduplicated.
//
// A module called three times evaluates its blocks three times; a problem in
// its source is still one problem, reported once at its place in the file.

import type { Diagnostic } from '../../../core/diagnostics.js';
import { plainRange, type SourceRange } from '../../../core/location.js';

export class Problems {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  add(level: Diagnostic['level'], code: string, message: string, file: string, range?: SourceRange): void {
    const at = range ? `${range.file}:${range.start.line}:${range.start.column}` : file;
    const key = `${level}\u0000${code}\u0000${at}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({ level, code, message, file: range?.file ?? file, ...(range ? { range: plainRange(range) } : {}) });
  }

  error(code: string, message: string, file: string, range?: SourceRange): void {
    this.add('error', code, message, file, range);
  }

  warning(code: string, message: string, file: string, range?: SourceRange): void {
    this.add('warning', code, message, file, range);
  }

  note(code: string, message: string, file: string, range?: SourceRange): void {
    this.add('note', code, message, file, range);
  }
}
