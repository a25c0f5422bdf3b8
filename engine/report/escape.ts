import type { ScanResult } from '../findings.js';

/**
 * Text from the scanned files (file names, logical IDs, names, values, parser
 * messages) is written by whoever opened the pull request. On a terminal, a
 * raw ESC can clear the screen and print a fake "No findings.", a carriage
 * return can overwrite a line, and a bidi override can make text read in an
 * order other than the one it has. Such characters are shown escaped (`\x1b`,
 * `\u202e`) in the text and Markdown reports and on standard error; JSON and
 * SARIF escape them already.
 *
 * Unsafe: C0 controls except tab and line feed, DEL, C1 controls, the bidi
 * embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069, and the
 * line and paragraph separators U+2028/U+2029.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes unsafe characters; line feeds and tabs stay. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Escapes unsafe characters and line breaks: for one line of standard error. */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE_OR_BREAK, escapeChar);
}

/** A short, escaped excerpt of input for an error message: at most `max` characters, quoted. */
export function excerpt(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return `'${escapeLine(cut)}'`;
}

const ANY_UNSAFE_OR_BREAK = new RegExp(UNSAFE_OR_BREAK.source);

/**
 * `v` with its strings escaped. An array or object with nothing to escape is returned as it is, not
 * copied: the reporters only read it, and a large plan's 80,000 findings copied key by key (as
 * defineProperty must, so that an own `__proto__` key stays a key) took longer than the text report
 * itself. Reporters that keep what they work out by object (a rule's catalog list) also find them so.
 */
function escapeDeep(v: unknown, escape: (s: string) => string, depth: number): unknown {
  if (typeof v === 'string') return ANY_UNSAFE_OR_BREAK.test(v) ? escape(v) : v;
  if (depth > 8 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = escapeDeep(v[i], escape, depth + 1);
      if (out) out.push(x);
      else if (x !== v[i]) (out = v.slice(0, i)).push(x);
    }
    return out ?? v;
  }
  // Own enumerable string keys, as Object.entries has them, without an array of pairs per object.
  const record = v as Record<string, unknown>;
  let changedKey: string | undefined;
  let changedValue: unknown;
  for (const k in record) {
    if (!Object.hasOwn(record, k)) continue;
    const x = escapeDeep(record[k], escape, depth + 1);
    if (x !== record[k]) {
      changedKey = k;
      changedValue = x;
      break;
    }
  }
  if (changedKey === undefined) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    // The value escaped above is not escaped again (nor, so, is anything inside it).
    const value = k === changedKey ? changedValue : escapeDeep(x, escape, depth + 1);
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The result with every string that reaches a human reader escaped (see above). */
export function escapeForDisplay(result: ScanResult): ScanResult {
  return {
    ...result,
    files: result.files.map(escapeLine),
    // Rule help is Markdown over several lines; everything else is shown on one line, where a line
    // break from input could print a fake line of the report.
    rules: escapeDeep(result.rules, escapeControls, 0) as ScanResult['rules'],
    findings: escapeDeep(result.findings, escapeLine, 0) as ScanResult['findings'],
    undetermined: escapeDeep(result.undetermined, escapeLine, 0) as ScanResult['undetermined'],
    diagnostics: escapeDeep(result.diagnostics, escapeLine, 0) as ScanResult['diagnostics'],
    ...(result.comparison ? { comparison: escapeDeep(result.comparison, escapeLine, 0) as ScanResult['comparison'] } : {}),
  };
}
