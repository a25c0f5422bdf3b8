import { plainRange, type SourceRange } from './location.js';

/**
 * Something the scan itself has to say about an input: a file that does not
 * parse, a rule file that is invalid, a remote module not followed. Errors
 * become findings of the built-in `parse-error` rule (so they fail the run at
 * the default threshold) and SARIF tool execution notifications; warnings and
 * notes only the latter.
 */
export interface Diagnostic {
  level: 'error' | 'warning' | 'note';
  /** Stable identifier, e.g. `parse-error`, `unknown-plan-version`. */
  code: string;
  message: string;
  file: string;
  range?: SourceRange;
}

/** Thrown by parsers for input they cannot read; caught at the file boundary. */
export class InputError extends Error {
  /** Always a plain object, its positions found when thrown: it outlives the parser and its line table. */
  readonly range?: SourceRange;

  constructor(
    message: string,
    range?: SourceRange,
    readonly code = 'parse-error',
  ) {
    super(message);
    this.name = 'InputError';
    this.range = range && plainRange(range);
  }
}
