import { quoteInput } from '../../quote.js';
// Tokenizer for HCL native syntax.
//
// HCL's lexical grammar depends on context: inside a quoted string or a
// heredoc the text is template literal, `${` switches back to expressions, and
// the `}` that closes the interpolation switches back to the template. Like
// HashiCorp's scanner (hclsyntax/scan_tokens.rl) we keep a stack of modes and
// count braces, so the whole file is tokenized in one forward pass before
// parsing. Tokens are stored as three parallel number arrays (kind, start,
// end offsets) rather than objects: a 500 KB file makes ~100k tokens and this
// keeps them cheap. Scanning is by charCodeAt; the only regular expressions
// are the Unicode identifier classes, consulted for non-ASCII characters.
//
// The tokenizer never throws. A lexical error (unterminated string, comment
// or heredoc, invalid character) becomes an ERROR or INVALID token that the
// parser reports when it reaches it, so the first error in source order wins.

export const EOF = 0;
export const NEWLINE = 1;
export const IDENT = 2;
export const NUMBER = 3;
/** `"` opening a quoted template. */
export const OQUOTE = 4;
/** `"` closing a quoted template. */
export const CQUOTE = 5;
/** `<<EOT` or `<<-EOT` (range excludes the newline after the marker). */
export const OHEREDOC = 6;
/** The closing marker line of a heredoc (range covers the marker only). */
export const CHEREDOC = 7;
/** Literal text of a quoted template; escapes still to be resolved. */
export const QUOTED_LIT = 8;
/** Literal text of a heredoc: at most one line, newline included. */
export const HEREDOC_LIT = 9;
/** `${` or `${~` */
export const INTERP = 10;
/** `%{` or `%{~` */
export const CONTROL = 11;
/** `}` or `~}` closing an interpolation or directive. */
export const SEQ_END = 12;
export const OBRACE = 13;
export const CBRACE = 14;
export const OBRACK = 15;
export const CBRACK = 16;
export const OPAREN = 17;
export const CPAREN = 18;
export const DOT = 19;
export const COMMA = 20;
export const STAR = 21;
export const SLASH = 22;
export const PERCENT = 23;
export const PLUS = 24;
export const MINUS = 25;
export const EQUAL = 26;
export const LT = 27;
export const GT = 28;
export const BANG = 29;
export const QUESTION = 30;
export const COLON = 31;
export const EQ_OP = 32;
export const NOT_EQ = 33;
export const LE = 34;
export const GE = 35;
export const AND = 36;
export const OR = 37;
export const DOUBLE_COLON = 38;
export const ELLIPSIS = 39;
export const FAT_ARROW = 40;
/** A character that starts no token. */
export const INVALID = 41;
/** A lexical error; its message is in `TokenStream.errorMessage`. Always followed by EOF. */
export const ERROR = 42;

const KIND_NAMES: readonly string[] = [
  'end of file', 'newline', 'identifier', 'number', "'\"'", "'\"'", 'heredoc', 'heredoc end marker',
  'string', 'heredoc text', "'${'", "'%{'", "'}'", "'{'", "'}'", "'['", "']'", "'('", "')'", "'.'",
  "','", "'*'", "'/'", "'%'", "'+'", "'-'", "'='", "'<'", "'>'", "'!'", "'?'", "':'", "'=='", "'!='",
  "'<='", "'>='", "'&&'", "'||'", "'::'", "'...'", "'=>'", 'invalid character', 'error',
];

export function kindName(kind: number): string {
  return KIND_NAMES[kind] ?? 'token';
}

export interface TokenStream {
  /** Number of tokens (the arrays below may be longer). */
  count: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Comment offsets and styles, in source order. */
  commentStarts: number[];
  commentEnds: number[];
  /** Message of the ERROR token, if there is one. */
  errorMessage?: string;
}

const MODE_MAIN = 0;
const MODE_QUOTED = 1;
const MODE_HEREDOC = 2;

interface OpenHeredoc {
  marker: string;
  /** Offset of the `<<`, for the "unterminated heredoc" message. */
  start: number;
  /** True while at the start of a line, where the closing marker may appear. */
  startOfLine: boolean;
}

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

function isAsciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isAsciiIdentContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length in UTF-16 units of the code point at `pos` (2 for a surrogate pair). */
function codePointLength(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c >= 0xd800 && c <= 0xdbff && pos + 1 < text.length) {
    const d = text.charCodeAt(pos + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

// Runs of characters that need no decision one by one. A sticky regular
// expression of a single character class scans them natively (linear, no
// backtracking): in a fresh process the tokenizer runs interpreted for most of
// a file, and a per-character loop there costs several times the whole scan.
const ASCII_IDENT_CONTINUE_RUN = /[A-Za-z0-9_-]*/y;
/** Quoted template text up to a quote, newline, backslash or possible `${` / `%{`. */
const QUOTED_PLAIN_RUN = /[^"\n\r\\$%]*/y;
/** Heredoc text up to the end of the line or a possible `${` / `%{`. */
const HEREDOC_PLAIN_RUN = /[^\n$%]*/y;

/** End of the run of `re` (sticky, matching the empty string too) from `pos`. */
function runEnd(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  re.test(text);
  return re.lastIndex;
}

/** Returns the end of an identifier starting at `pos`, or `pos` if none starts there. */
export function scanIdentifier(text: string, pos: number): number {
  const len = text.length;
  const c = text.charCodeAt(pos);
  let p: number;
  if (isAsciiIdentStart(c)) p = pos + 1;
  else if (c >= 128) {
    const n = codePointLength(text, pos);
    if (!ID_START.test(text.slice(pos, pos + n))) return pos;
    p = pos + n;
  } else return pos;
  p = runEnd(ASCII_IDENT_CONTINUE_RUN, text, p);
  while (p < len) {
    const d = text.charCodeAt(p);
    if (isAsciiIdentContinue(d)) p++;
    else if (d >= 128) {
      const n = codePointLength(text, p);
      if (!ID_CONTINUE.test(text.slice(p, p + n))) break;
      p += n;
    } else break;
  }
  return p;
}

/**
 * End of a number literal starting with a digit at `pos`. Greedy like HCL's
 * scanner: `1.2.3` is one (invalid) token, which the parser then rejects.
 */
function scanNumber(text: string, pos: number): number {
  const len = text.length;
  let p = pos + 1;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (isDigit(c)) p++;
    else if (c === 46 /* . */ && p + 1 < len && isDigit(text.charCodeAt(p + 1))) p += 2;
    else if (c === 101 || c === 69 /* e E */) {
      const d = text.charCodeAt(p + 1);
      if (isDigit(d)) p += 2;
      else if ((d === 43 || d === 45) && isDigit(text.charCodeAt(p + 2))) p += 3;
      else break;
    } else break;
  }
  return p;
}

/** Offset of the next `\n` at or after `pos`, or `text.length`. */
function lineEnd(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i < 0 ? text.length : i;
}

function isHorizontalSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

export function tokenize(text: string): TokenStream {
  const len = text.length;
  // Typed arrays sized for typical density (a token per ~5 characters), doubled when full.
  let capacity = Math.max(64, (len >> 2) + 16);
  let kinds = new Uint8Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let count = 0;
  const commentStarts: number[] = [];
  const commentEnds: number[] = [];
  const stream: TokenStream = { count: 0, kinds, starts, ends, commentStarts, commentEnds };

  const modes: number[] = [MODE_MAIN];
  /** Offset of the opening quote of each MODE_QUOTED entry on the stack. */
  const quoteStarts: number[] = [];
  const heredocs: OpenHeredoc[] = [];
  let braces = 0;
  /** Brace depths at which a `}` closes a template sequence rather than an object or block. */
  const retBraces: number[] = [];

  const emit = (kind: number, start: number, end: number): void => {
    if (count === capacity) {
      capacity *= 2;
      const k = new Uint8Array(capacity);
      k.set(kinds);
      kinds = k;
      const s = new Int32Array(capacity);
      s.set(starts);
      starts = s;
      const e = new Int32Array(capacity);
      e.set(ends);
      ends = e;
    }
    kinds[count] = kind;
    starts[count] = start;
    ends[count] = end;
    count++;
  };
  const fail = (message: string, start: number, end: number): void => {
    stream.errorMessage = message;
    emit(ERROR, start, end);
  };
  const openSequence = (kind: number, start: number): number => {
    const strip = text.charCodeAt(start + 2) === 126; /* ~ */
    const end = start + (strip ? 3 : 2);
    emit(kind, start, end);
    braces++;
    retBraces.push(braces);
    modes.push(MODE_MAIN);
    return end;
  };

  // A byte order mark is not part of the text (HashiCorp's scanner strips it too).
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  scan: while (pos < len) {
    const mode = modes[modes.length - 1]!;

    if (mode === MODE_MAIN) {
      let c = text.charCodeAt(pos);
      // The code runs cold (interpreted or baseline-compiled) for most of a scan, where every test and
      // call costs: spaces and tabs (indentation and alignment come in runs), identifiers (most tokens)
      // and newlines are taken before the switch, whose cases V8 tries one after the other. (Making
      // the switch dense enough for a jump table, digits as cases, measured slower: +17% instructions.)
      if (c === 32 || c === 9) {
        do c = text.charCodeAt(++pos);
        while (c === 32 || c === 9);
        if (pos >= len) break;
      }
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
        const end = runEnd(ASCII_IDENT_CONTINUE_RUN, text, pos + 1);
        if (end >= len || text.charCodeAt(end) < 128) {
          emit(IDENT, pos, end);
          pos = end;
          continue;
        }
      }
      if (c === 10) {
        emit(NEWLINE, pos, pos + 1);
        pos++;
        continue;
      }
      if (c === 13) {
        if (text.charCodeAt(pos + 1) === 10) {
          emit(NEWLINE, pos, pos + 2);
          pos += 2;
          continue;
        }
        emit(INVALID, pos, pos + 1);
        break;
      }
      switch (c) {
        case 35: {
          // '#' line comment: the newline after it stays a NEWLINE token, which is
          // how HCL treats a line comment ("equivalent to a newline sequence").
          let end = lineEnd(text, pos);
          if (end > pos && text.charCodeAt(end - 1) === 13) end--;
          commentStarts.push(pos);
          commentEnds.push(end);
          pos = end;
          continue;
        }
        case 47: {
          // '/'
          const d = text.charCodeAt(pos + 1);
          if (d === 47) {
            let end = lineEnd(text, pos);
            if (end > pos && text.charCodeAt(end - 1) === 13) end--;
            commentStarts.push(pos);
            commentEnds.push(end);
            pos = end;
          } else if (d === 42) {
            const close = text.indexOf('*/', pos + 2);
            if (close < 0) {
              fail("Unterminated comment: '/*' has no matching '*/'", pos, pos + 2);
              break scan;
            }
            commentStarts.push(pos);
            commentEnds.push(close + 2);
            pos = close + 2;
          } else {
            emit(SLASH, pos, pos + 1);
            pos++;
          }
          continue;
        }
        case 34: // '"'
          emit(OQUOTE, pos, pos + 1);
          quoteStarts.push(pos);
          modes.push(MODE_QUOTED);
          pos++;
          continue;
        case 60: {
          // '<'
          const d = text.charCodeAt(pos + 1);
          if (d === 61) {
            emit(LE, pos, pos + 2);
            pos += 2;
            continue;
          }
          if (d === 60) {
            let p = pos + 2;
            if (text.charCodeAt(p) === 45 /* - */) p++;
            const identEnd = scanIdentifier(text, p);
            if (identEnd > p) {
              let after = identEnd;
              if (text.charCodeAt(after) === 13) after++;
              if (text.charCodeAt(after) === 10) {
                emit(OHEREDOC, pos, identEnd);
                heredocs.push({ marker: text.slice(p, identEnd), start: pos, startOfLine: true });
                modes.push(MODE_HEREDOC);
                pos = after + 1;
                continue;
              }
              fail(
                `Invalid heredoc: ${quoteInput(text.slice(pos, identEnd))} must be followed immediately by a newline`,
                pos,
                identEnd,
              );
              break scan;
            }
          }
          emit(LT, pos, pos + 1);
          pos++;
          continue;
        }
        case 123: // '{'
          emit(OBRACE, pos, pos + 1);
          braces++;
          pos++;
          continue;
        case 125: // '}'
          if (retBraces.length > 0 && retBraces[retBraces.length - 1] === braces) {
            emit(SEQ_END, pos, pos + 1);
            retBraces.pop();
            modes.pop();
          } else emit(CBRACE, pos, pos + 1);
          braces--;
          pos++;
          continue;
        case 126: // '~'
          if (text.charCodeAt(pos + 1) === 125) {
            // As in HCL, `~}` is always a sequence end; a stray one is a parse error.
            emit(SEQ_END, pos, pos + 2);
            if (retBraces.length > 0 && retBraces[retBraces.length - 1] === braces) {
              retBraces.pop();
              modes.pop();
            }
            braces--;
            pos += 2;
          } else {
            emit(INVALID, pos, pos + 1);
            break scan;
          }
          continue;
        case 61: {
          // '='
          const d = text.charCodeAt(pos + 1);
          if (d === 61) emit(EQ_OP, pos, pos + 2);
          else if (d === 62) emit(FAT_ARROW, pos, pos + 2);
          else emit(EQUAL, pos, pos + 1);
          pos = ends[count - 1]!;
          continue;
        }
        case 33: // '!'
          if (text.charCodeAt(pos + 1) === 61) emit(NOT_EQ, pos, pos + 2);
          else emit(BANG, pos, pos + 1);
          pos = ends[count - 1]!;
          continue;
        case 62: // '>'
          if (text.charCodeAt(pos + 1) === 61) emit(GE, pos, pos + 2);
          else emit(GT, pos, pos + 1);
          pos = ends[count - 1]!;
          continue;
        case 38: // '&'
          if (text.charCodeAt(pos + 1) !== 38) {
            emit(INVALID, pos, pos + 1);
            break scan;
          }
          emit(AND, pos, pos + 2);
          pos += 2;
          continue;
        case 124: // '|'
          if (text.charCodeAt(pos + 1) !== 124) {
            emit(INVALID, pos, pos + 1);
            break scan;
          }
          emit(OR, pos, pos + 2);
          pos += 2;
          continue;
        case 58: // ':'
          if (text.charCodeAt(pos + 1) === 58) emit(DOUBLE_COLON, pos, pos + 2);
          else emit(COLON, pos, pos + 1);
          pos = ends[count - 1]!;
          continue;
        case 46: // '.'
          if (text.charCodeAt(pos + 1) === 46 && text.charCodeAt(pos + 2) === 46) emit(ELLIPSIS, pos, pos + 3);
          else emit(DOT, pos, pos + 1);
          pos = ends[count - 1]!;
          continue;
        case 91:
          emit(OBRACK, pos, ++pos);
          continue;
        case 93:
          emit(CBRACK, pos, ++pos);
          continue;
        case 40:
          emit(OPAREN, pos, ++pos);
          continue;
        case 41:
          emit(CPAREN, pos, ++pos);
          continue;
        case 44:
          emit(COMMA, pos, ++pos);
          continue;
        case 42:
          emit(STAR, pos, ++pos);
          continue;
        case 37:
          emit(PERCENT, pos, ++pos);
          continue;
        case 43:
          emit(PLUS, pos, ++pos);
          continue;
        case 45:
          emit(MINUS, pos, ++pos);
          continue;
        case 63:
          emit(QUESTION, pos, ++pos);
          continue;
        default: {
          if (isDigit(c)) {
            const end = scanNumber(text, pos);
            emit(NUMBER, pos, end);
            pos = end;
            continue;
          }
          const end = scanIdentifier(text, pos);
          if (end > pos) {
            emit(IDENT, pos, end);
            pos = end;
            continue;
          }
          emit(INVALID, pos, pos + codePointLength(text, pos));
          break scan;
        }
      }
    }

    if (mode === MODE_QUOTED) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        emit(CQUOTE, pos, pos + 1);
        quoteStarts.pop();
        modes.pop();
        pos++;
        continue;
      }
      const d = text.charCodeAt(pos + 1);
      if (c === 36 /* $ */ && d === 123) {
        pos = openSequence(INTERP, pos);
        continue;
      }
      if (c === 37 /* % */ && d === 123) {
        pos = openSequence(CONTROL, pos);
        continue;
      }
      if (c === 10 || c === 13) {
        const quote = quoteStarts[quoteStarts.length - 1]!;
        fail(
          'Unterminated string: a quoted string must be closed on the same line (use \\n for a newline, or a heredoc <<EOT for multi-line text)',
          quote,
          quote + 1,
        );
        break scan;
      }
      let p = pos;
      while (p < len) {
        p = runEnd(QUOTED_PLAIN_RUN, text, p);
        if (p >= len) break;
        const e = text.charCodeAt(p);
        if (e === 34 || e === 10 || e === 13) break;
        if (e === 92 /* \ */) {
          const f = text.charCodeAt(p + 1);
          p += f === 10 || f === 13 || p + 1 >= len ? 1 : 2;
          continue;
        }
        if (e === 36 || e === 37) {
          const f = text.charCodeAt(p + 1);
          if (f === 123) break; // starts an interpolation or directive
          if (f === e && text.charCodeAt(p + 2) === 123) {
            p += 3; // `$${` / `%%{`: escaped, stays literal
            continue;
          }
        }
        p++;
      }
      emit(QUOTED_LIT, pos, p);
      pos = p;
      continue;
    }

    // MODE_HEREDOC
    const doc = heredocs[heredocs.length - 1]!;
    if (doc.startOfLine) {
      // The closing marker is a line holding only the marker (surrounding spaces allowed).
      const eol = lineEnd(text, pos);
      let a = pos;
      while (a < eol && isHorizontalSpace(text.charCodeAt(a))) a++;
      let b = eol;
      while (b > a && isHorizontalSpace(text.charCodeAt(b - 1))) b--;
      if (b - a === doc.marker.length && text.startsWith(doc.marker, a)) {
        emit(CHEREDOC, a, b);
        heredocs.pop();
        modes.pop();
        // The newline after the marker ends the attribute: leave it to the main mode.
        pos = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
        continue;
      }
    }
    const c = text.charCodeAt(pos);
    const d = text.charCodeAt(pos + 1);
    if (c === 36 && d === 123) {
      doc.startOfLine = false;
      pos = openSequence(INTERP, pos);
      continue;
    }
    if (c === 37 && d === 123) {
      doc.startOfLine = false;
      pos = openSequence(CONTROL, pos);
      continue;
    }
    let p = pos;
    let endedLine = false;
    while (p < len) {
      p = runEnd(HEREDOC_PLAIN_RUN, text, p);
      if (p >= len) break;
      const e = text.charCodeAt(p);
      if (e === 10) {
        p++;
        endedLine = true;
        break;
      }
      if (e === 36 || e === 37) {
        const f = text.charCodeAt(p + 1);
        if (f === 123) break;
        if (f === e && text.charCodeAt(p + 2) === 123) {
          p += 3;
          continue;
        }
      }
      p++;
    }
    emit(HEREDOC_LIT, pos, p);
    doc.startOfLine = endedLine;
    pos = p;
  }

  if (count === 0 || (kinds[count - 1] !== ERROR && kinds[count - 1] !== INVALID)) {
    // Running out of text inside a string or heredoc is the error to report,
    // at the place where it was opened.
    const mode = modes[modes.length - 1];
    if (mode === MODE_QUOTED) {
      const quote = quoteStarts[quoteStarts.length - 1]!;
      fail('Unterminated string: no closing \'"\' before the end of the file', quote, quote + 1);
    } else if (mode === MODE_HEREDOC) {
      const doc = heredocs[heredocs.length - 1]!;
      fail(
        `Unterminated heredoc: no line with the closing marker ${quoteInput(doc.marker)} before the end of the file`,
        doc.start,
        doc.start + 2,
      );
    }
  }
  emit(EOF, len, len);
  stream.count = count;
  stream.kinds = kinds;
  stream.starts = starts;
  stream.ends = ends;
  return stream;
}
