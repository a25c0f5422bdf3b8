import type { Diagnostic } from '../../core/diagnostics.js';
import type { SourceRange } from '../../core/location.js';

/**
 * A resource whose mapping threw: the resource went unchecked, so it is a parse-error finding on it
 * (engine/scan.ts), never only a warning. Mappings never throw on purpose (what they cannot read
 * becomes an Unknown), so whatever was thrown is trailguard's bug, and the message says so in the
 * words the fuzzer (test/fuzz/fuzz.mjs) and a user reporting it look for.
 */
export function adapterError(what: string, range: SourceRange, e: unknown): Diagnostic {
  const reason = e instanceof Error ? e.message : String(e);
  return { level: 'error', code: 'adapter-error', file: range.file, range, message: `could not read ${what} (internal error: ${reason})` };
}
