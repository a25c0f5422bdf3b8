import { expect } from 'vitest';
import { InputError } from '../../core/diagnostics.js';
import type { SourceRange } from '../../core/location.js';

/** The source text a range covers (1-based line/column, end exclusive). */
export function textAt(text: string, range: SourceRange | undefined): string {
  if (!range) throw new Error('no range recorded');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; column: number }) => lineStarts[p.line - 1]! + p.column - 1;
  return text.slice(offset(range.start), offset(range.end));
}

/** `[line, column]` of a range's start, the shape the position tests assert. */
export function at(range: SourceRange | undefined): [number, number] | undefined {
  return range ? [range.start.line, range.start.column] : undefined;
}

/** Runs `fn`, expects an InputError, and returns it for assertions on message and range. */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
