// Turning file bytes into text before any parser sees them.
//
// Templates come from every kind of editor: UTF-8 with or without a BOM, and
// UTF-16 from Windows tools (PowerShell 5's `Out-File` and `>` write UTF-16 LE
// with a BOM). The parsers work on JS strings, so the encoding is settled here
// once, and binary files are recognised so that they are skipped rather than
// reported as broken templates.

/** How many leading bytes the binary test looks at (the same window git uses). */
const SNIFF_BYTES = 8192;

type Utf16Order = 'le' | 'be';

function hasUtf8Bom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

function utf16BomOrder(buf: Buffer): Utf16Order | undefined {
  if (buf.length < 2) return undefined;
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'be';
  return undefined;
}

/**
 * UTF-16 written without a BOM: mostly-ASCII text then has a NUL in every
 * other byte (odd positions for LE, even for BE) and almost none elsewhere.
 * Binary data does not show that regular pattern, so this is a safe guess.
 */
function bomlessUtf16Order(sample: Buffer): Utf16Order | undefined {
  const pairs = sample.length >> 1;
  if (pairs < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.7 && evenNul === 0) return 'le';
  if (evenNul >= pairs * 0.7 && oddNul === 0) return 'be';
  return undefined;
}

function decodeUtf16(bytes: Buffer, order: Utf16Order): string {
  // An odd trailing byte cannot be a code unit; drop it rather than fail.
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  if (order === 'le') return even.toString('utf16le');
  const swapped = Buffer.from(even);
  swapped.swap16();
  return swapped.toString('utf16le');
}

/**
 * Decodes a file's bytes: UTF-8 (BOM optional) or UTF-16 LE/BE (with a BOM,
 * or recognisably ASCII-heavy without one). The BOM is never part of the
 * result, so column 1 is the first real character. Invalid UTF-8 sequences
 * become U+FFFD rather than an error; `looksBinary` is the place to reject
 * such files.
 */
export function decodeText(buf: Buffer): string {
  if (hasUtf8Bom(buf)) return buf.toString('utf8', 3);
  const bomOrder = utf16BomOrder(buf);
  if (bomOrder) return decodeUtf16(buf.subarray(2), bomOrder);
  const guessed = buf.includes(0) ? bomlessUtf16Order(buf.subarray(0, SNIFF_BYTES)) : undefined;
  if (guessed) return decodeUtf16(buf, guessed);
  return buf.toString('utf8');
}

/** C0 controls that do not occur in text files (tab, LF, VT, FF, CR and ESC do). */
function isBinaryControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d && code !== 0x1b;
}

/**
 * True when the first 8 KB look like binary data rather than text: NUL bytes
 * that UTF-16 does not explain, or more than 10% of the characters being
 * invalid UTF-8 sequences or control characters no text file contains. The
 * 10% leaves room for the odd Latin-1 accent in a comment.
 */
export function looksBinary(buf: Buffer): boolean {
  if (buf.length === 0) return false;
  const bomOrder = utf16BomOrder(buf);
  if (bomOrder) {
    // UTF-16 text never contains U+0000; binary data that merely starts with FF FE usually does.
    return decodeUtf16(buf.subarray(2, SNIFF_BYTES), bomOrder).includes('\u0000');
  }
  const sample = buf.subarray(hasUtf8Bom(buf) ? 3 : 0, SNIFF_BYTES);
  if (sample.includes(0)) return bomlessUtf16Order(sample) === undefined;

  const text = sample.toString('utf8');
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd || isBinaryControl(code)) suspicious++;
  }
  // A replacement character that was really written (EF BF BD) is not an error.
  suspicious -= countSequence(sample, 0xef, 0xbf, 0xbd);
  // Cutting the sample may split one multi-byte character at the end.
  if (buf.length > SNIFF_BYTES && text.endsWith('\ufffd')) suspicious--;
  return suspicious > text.length * 0.1;
}

function countSequence(buf: Buffer, a: number, b: number, c: number): number {
  let n = 0;
  for (let i = buf.indexOf(a); i !== -1 && i + 2 < buf.length; i = buf.indexOf(a, i + 1)) {
    if (buf[i + 1] === b && buf[i + 2] === c) n++;
  }
  return n;
}
