// The template sub-language after tokenizing: the parser collects a flat list
// of template tokens (literals, interpolations, directive markers) and these
// functions finish the job exactly as HashiCorp's parser_template.go does:
//
// 1. strip markers (`${~`, `~}`) trim whitespace of the neighbouring literal
//    token while the list is still flat. Heredoc literals are one token per
//    line, so in a heredoc a strip marker never reaches past one newline;
// 2. `<<-` heredocs lose the smallest common indentation of their lines;
// 3. consecutive literals are merged;
// 4. `%{if}` / `%{else}` / `%{endif}` / `%{for}` / `%{endfor}` are nested.
//
// Offsets (not line/column) are used until the final tree is built.

import type { Expression, TemplatePart } from './ast.js';
import type { SourceRange } from '../../../core/location.js';

export type FlatToken =
  | { t: 'lit'; value: string; start: number; end: number }
  | { t: 'interp'; expr: Expression; stripLeft: boolean; stripRight: boolean; start: number; end: number }
  | { t: 'if'; condition: Expression; start: number; end: number }
  | { t: 'else'; start: number; end: number }
  | { t: 'endif'; start: number; end: number }
  | { t: 'for'; keyVar: string | null; valueVar: string; collection: Expression; start: number; end: number }
  | { t: 'endfor'; start: number; end: number };

/** Thrown by these helpers; the parser turns it into an InputError with a position. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Resolves the escapes of quoted-string text `text[start, end)`: `\n \r \t \" \\`,
 * `\uNNNN`, `\UNNNNNNNN`, and the template escapes `$${` and `%%{`.
 */
export function decodeQuoted(text: string, start: number, end: number): string {
  // Fast path: most strings have nothing to resolve. Searched natively (indexOf), not character by
  // character: this runs cold, interpreted, for every string of a file.
  const plain = text.slice(start, end);
  if (plain.indexOf('\\') < 0 && plain.indexOf('$$') < 0 && plain.indexOf('%%') < 0) return plain;
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || ((c === 36 || c === 37) && text.charCodeAt(i + 1) === c)) break;
  }

  const chunks: string[] = [];
  let from = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      chunks.push(text.slice(from, i));
      const sel = text.charCodeAt(i + 1);
      if (i + 1 >= end) throw new TemplateError('Invalid escape sequence: a backslash must be followed by an escape character', i, i + 1);
      switch (sel) {
        case 110: chunks.push('\n'); i += 2; break;
        case 114: chunks.push('\r'); i += 2; break;
        case 116: chunks.push('\t'); i += 2; break;
        case 34: chunks.push('"'); i += 2; break;
        case 92: chunks.push('\\'); i += 2; break;
        case 117: // u
        case 85: { // U
          const digits = sel === 117 ? 4 : 8;
          let cp = 0;
          for (let k = 0; k < digits; k++) {
            const h = i + 2 + k < end ? hexValue(text.charCodeAt(i + 2 + k)) : -1;
            if (h < 0) {
              throw new TemplateError(
                `Invalid escape sequence: \\${String.fromCharCode(sel)} must be followed by ${digits} hexadecimal digits`,
                i,
                Math.min(end, i + 2 + k + 1),
              );
            }
            cp = cp * 16 + h;
          }
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw new TemplateError(`Invalid escape sequence: U+${cp.toString(16).toUpperCase()} is not a character`, i, i + 2 + digits);
          }
          chunks.push(String.fromCodePoint(cp));
          i += 2 + digits;
          break;
        }
        default:
          throw new TemplateError(
            `Invalid escape sequence '\\${String.fromCodePoint(text.codePointAt(i + 1) ?? 63)}': valid escapes are \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN`,
            i,
            i + 2,
          );
      }
      from = i;
      continue;
    }
    if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
      // `$${` → `${`, `%%{` → `%{`
      chunks.push(text.slice(from, i + 1));
      from = i + 2;
      i += 3;
      continue;
    }
    i++;
  }
  chunks.push(text.slice(from, end));
  return chunks.join('');
}

/** Heredoc text has no backslash escapes; only `$${` and `%%{` are resolved. */
export function decodeHeredoc(text: string, start: number, end: number): string {
  const first = text.indexOf('{', start);
  if (first < 0 || first >= end) return text.slice(start, end);
  // From one `{` to the next (found natively: this runs cold, for every line of a heredoc with a brace,
  // as JSON policies' lines are), each checked for the `$$` or `%%` before it. An escape starting at
  // i < end is resolved even when its `{` lies past `end`, as a scan of each i would. No two escapes
  // overlap: the characters before a `{` are `$$` or `%%`, never the `{` of the escape before.
  const chunks: string[] = [];
  let from = start;
  for (let brace = text.indexOf('{', start + 2); brace >= 0 && brace - 2 < end; brace = text.indexOf('{', brace + 1)) {
    const c = text.charCodeAt(brace - 2);
    if ((c === 36 || c === 37) && text.charCodeAt(brace - 1) === c) {
      chunks.push(text.slice(from, brace - 1));
      from = brace;
    }
  }
  if (from === start) return text.slice(start, end);
  chunks.push(text.slice(from, end));
  return chunks.join('');
}

/** Unicode white space, as Go's unicode.IsSpace (used by HCL's strip markers and `<<-`). */
function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** A run of the characters isSpace accepts, matched natively from `lastIndex`. */
const SPACE_RUN = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/y;

/** How many characters at the start of `s` isSpace accepts (a sticky match, not a call per character: this runs cold, for every line of a `<<-` heredoc). */
export function leadingSpaces(s: string): number {
  SPACE_RUN.lastIndex = 0;
  SPACE_RUN.test(s);
  return SPACE_RUN.lastIndex;
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function trimRightSpace(s: string): string {
  let j = s.length;
  while (j > 0 && isSpace(s.charCodeAt(j - 1))) j--;
  return j === s.length ? s : s.slice(0, j);
}

/**
 * `<<-` processing: find the smallest number of leading white-space characters
 * over the lines (blank lines and lines starting with an interpolation count
 * as they do in HCL), then remove that many from every line-leading literal.
 */
export function flushHeredoc(tokens: FlatToken[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let atLineStart = true;
  const adjust: Array<FlatToken & { t: 'lit' }> = [];
  for (const tok of tokens) {
    if (atLineStart) {
      atLineStart = false;
      let spaces = 0;
      if (tok.t === 'lit') {
        const v = tok.value;
        const n = leadingSpaces(v);
        if (n === v.length && v.endsWith('\n')) spaces = Number.MAX_SAFE_INTEGER; // blank line
        else {
          spaces = n;
          adjust.push(tok);
        }
      }
      if (spaces < minSpaces) minSpaces = spaces;
    }
    if (tok.t === 'lit' && tok.value.endsWith('\n')) atLineStart = true;
  }
  if (minSpaces === Number.MAX_SAFE_INTEGER || minSpaces === 0) return;
  for (const lit of adjust) {
    const cut = Math.min(minSpaces, lit.value.length);
    lit.value = lit.value.slice(cut);
    lit.start += cut;
  }
}

/** Merges runs of literal tokens (after stripping and flushing, as HCL does). */
export function meldLiterals(tokens: readonly FlatToken[]): FlatToken[] {
  const out: FlatToken[] = [];
  let run: (FlatToken & { t: 'lit' }) | null = null;
  let values: string[] = [];
  const closeRun = (): void => {
    if (!run) return;
    run.value = values.length === 1 ? values[0]! : values.join('');
    out.push(run);
    run = null;
    values = [];
  };
  for (const tok of tokens) {
    if (tok.t === 'lit') {
      if (run) run.end = tok.end;
      else run = { ...tok };
      values.push(tok.value);
      continue;
    }
    closeRun();
    out.push(tok);
  }
  closeRun();
  return out;
}

/**
 * Builds the nested template parts from flat tokens, checking that directives
 * are balanced. `rangeOf` converts offsets to a SourceRange.
 */
export function nestTemplate(tokens: readonly FlatToken[], rangeOf: (start: number, end: number) => SourceRange): TemplatePart[] {
  let pos = 0;

  const parseSequence = (): TemplatePart[] => {
    const parts: TemplatePart[] = [];
    while (pos < tokens.length) {
      const tok = tokens[pos]!;
      if (CLOSERS.has(tok.t)) return parts;
      pos++;
      switch (tok.t) {
        case 'lit':
          parts.push({ kind: 'TemplateLiteral', value: tok.value, range: rangeOf(tok.start, tok.end) });
          break;
        case 'interp':
          parts.push({
            kind: 'TemplateInterpolation',
            expr: tok.expr,
            stripLeft: tok.stripLeft,
            stripRight: tok.stripRight,
            range: rangeOf(tok.start, tok.end),
          });
          break;
        case 'if': {
          const then = parseSequence();
          let otherwise: TemplatePart[] | null = null;
          let closer = tokens[pos];
          if (closer && closer.t === 'else') {
            pos++;
            otherwise = parseSequence();
            closer = tokens[pos];
          }
          if (!closer || closer.t !== 'endif') {
            if (closer) throw new TemplateError(`Unexpected %{ ${closer.t} }: expected %{ endif } for the %{ if } directive`, closer.start, closer.end);
            throw new TemplateError("The %{ if } directive has no matching %{ endif }", tok.start, tok.end);
          }
          pos++;
          parts.push({ kind: 'TemplateIf', condition: tok.condition, then, else: otherwise, range: rangeOf(tok.start, closer.end) });
          break;
        }
        case 'for': {
          const body = parseSequence();
          const closer = tokens[pos];
          if (!closer || closer.t !== 'endfor') {
            if (closer) throw new TemplateError(`Unexpected %{ ${closer.t} }: expected %{ endfor } for the %{ for } directive`, closer.start, closer.end);
            throw new TemplateError("The %{ for } directive has no matching %{ endfor }", tok.start, tok.end);
          }
          pos++;
          parts.push({
            kind: 'TemplateFor',
            keyVar: tok.keyVar,
            valueVar: tok.valueVar,
            collection: tok.collection,
            body,
            range: rangeOf(tok.start, closer.end),
          });
          break;
        }
        default:
          throw new TemplateError(`Unexpected %{ ${tok.t} } without a matching opening directive`, tok.start, tok.end);
      }
    }
    return parts;
  };

  const parts = parseSequence();
  if (pos < tokens.length) {
    const tok = tokens[pos]!;
    throw new TemplateError(`Unexpected %{ ${tok.t} } without a matching opening directive`, tok.start, tok.end);
  }
  return parts;
}

/** Every sequence stops at any closing directive; the caller checks it is the one it expects. */
const CLOSERS: ReadonlySet<string> = new Set(['else', 'endif', 'endfor']);
