// Unknowns that keep the structure around the unknown part.
//
// A policy is usually written as `jsonencode({...})` or as a heredoc with
// `${aws_s3_bucket.trail.arn}` inside it. The ARN is unknown until apply, so
// the policy string is unknown too, yet the policy checks want the document:
// its statements, principals and actions are all known. Two subclasses of
// Unknown keep what is known:
//
// - UnknownJsonDocument: the result of jsonencode() on a value containing
//   unknowns. `document` is that value (unknowns inside, as Unknown objects).
// - PartialString: a string built from known text and unknown values (a
//   template, format(), join()). `parts` alternate text and Unknown.
//
// Both ARE Unknown (instanceof Unknown, isUnknown(), containsUnknown()), so
// any code that does not know about them treats them as unknown strings and
// can never report a violation resting on them. Code that wants the document
// calls jsonDocument(value), which decodes a plain JSON string, unwraps an
// UnknownJsonDocument, or parses a PartialString with each unknown part
// standing in as an Unknown inside the document. jsondecode() does the same,
// so `jsondecode(jsonencode(x))` round-trips even when x holds unknowns.

import { Unknown, type ResourceRef } from '../../../core/unknown.js';
import { hasKey, isObject, mergeRefs, nestingDepth, setKey, type HclObject } from './values.js';

/** Deepest decoded JSON document accepted (deeper ones are refused rather than walked). */
export const MAX_JSON_DEPTH = 256;

export class UnknownJsonDocument extends Unknown {
  constructor(
    /** The encoded value: plain data with Unknown objects where values are unknown. */
    readonly document: unknown,
    refs: readonly ResourceRef[],
  ) {
    // jsonencode always yields a non-empty string, hence present.
    super('JSON document with values known only after apply', refs, true);
  }

  override toJSON(): unknown {
    return { unknown: this.reason, refs: this.refs.length ? this.refs : undefined, document: this.document };
  }
}

export class PartialString extends Unknown {
  constructor(
    /** Known text and unknown values in order; adjacent texts are merged, never empty. */
    readonly parts: readonly (string | Unknown)[],
    reason: string,
    refs: readonly ResourceRef[],
    present: boolean,
  ) {
    super(reason, refs, present);
  }

  /** The known text before the first unknown part ("arn:aws:s3:::" of "arn:aws:s3:::${bucket}/*"). */
  get knownPrefix(): string {
    const first = this.parts[0];
    return typeof first === 'string' ? first : '';
  }

  override toJSON(): unknown {
    return { unknown: this.reason, refs: this.refs.length ? this.refs : undefined, parts: this.parts };
  }
}

/**
 * Joins known text and values into a string, or a PartialString when some
 * parts are unknown. The result is present when it has known text (it cannot
 * then be empty) or when every unknown part is present. A single unknown with
 * no text around it is returned as it is: there is no known text to keep.
 */
export function joinParts(parts: readonly (string | Unknown)[]): string | Unknown {
  const merged: (string | Unknown)[] = [];
  const unknowns: Unknown[] = [];
  let text: string[] = [];
  let hasText = false;
  const flushText = (): void => {
    if (text.length === 0) return;
    const s = text.join('');
    if (s !== '') {
      merged.push(s);
      hasText = true;
    }
    text = [];
  };
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (typeof p === 'string') text.push(p);
    else if (p instanceof PartialString) {
      // Splice nested partial strings so that parts stay flat.
      for (let j = 0; j < p.parts.length; j++) {
        const q = p.parts[j]!;
        if (typeof q === 'string') text.push(q);
        else {
          flushText();
          merged.push(q);
          unknowns.push(q);
        }
      }
    } else {
      flushText();
      merged.push(p);
      unknowns.push(p);
    }
  }
  flushText();
  if (unknowns.length === 0) return typeof merged[0] === 'string' ? merged[0] : '';
  if (merged.length === 1) return unknowns[0]!;
  const reason = unknowns.length === 1 ? unknowns[0]!.reason : 'string built from values known only after apply';
  return new PartialString(merged, reason, mergeRefs(unknowns), hasText || unknowns.every((u) => u.present));
}

/**
 * The decoded document of a JSON policy value: a JSON string is parsed, an
 * UnknownJsonDocument gives its document, a PartialString is parsed with its
 * unknown parts as Unknown values. Undefined when there is no document to be
 * had (not JSON, or an unknown without structure).
 */
export function jsonDocument(value: unknown): unknown {
  if (typeof value === 'string') return parseJsonSafely(value);
  if (value instanceof UnknownJsonDocument) return value.document;
  if (value instanceof PartialString) return decodePartialJson(value);
  return undefined;
}

/** JSON.parse that returns undefined for invalid or absurdly deep documents instead of throwing. */
export function parseJsonSafely(text: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  return nestingDepth(doc, MAX_JSON_DEPTH) > MAX_JSON_DEPTH ? undefined : doc;
}

/** A `"` or a `\`: the only characters that move a JSON text into or out of a string. */
const QUOTE_OR_BACKSLASH = /["\\]/g;

/**
 * Whether JSON text that starts inside a string (`inString`) or outside one ends inside a string: quotes
 * toggle, and inside a string a backslash escapes the character after it. Searched natively from one quote
 * or backslash to the next, not character by character: this runs cold, once per text part of every
 * heredoc policy with an interpolation (a per-character loop there was most of decoding the policy).
 */
export function endsInString(text: string, inString: boolean): boolean {
  const re = QUOTE_OR_BACKSLASH;
  re.lastIndex = 0;
  while (re.exec(text) !== null) {
    const at = re.lastIndex - 1;
    if (text.charCodeAt(at) === 34) inString = !inString;
    else if (inString) re.lastIndex = at + 2; // skip the escaped character
  }
  return inString;
}

/**
 * Parses a PartialString as JSON. Each unknown part is replaced by a unique
 * placeholder word (quoted when the part sits outside a JSON string, as in
 * `"Resource": ${jsonencode(var.arns)}`), the text is parsed, and the
 * placeholders are swapped back for their Unknown values.
 */
export function decodePartialJson(value: PartialString): unknown {
  const known = value.parts.filter((p): p is string => typeof p === 'string').join('');
  let tag = 'tg_unknown';
  for (let n = 0; known.includes(tag); n++) tag = `tg_unknown${n}x`;
  const placeholders = new Map<string, unknown>();
  const chunks: string[] = [];
  let inString = false;
  for (const part of value.parts) {
    if (typeof part === 'string') {
      chunks.push(part);
      inString = endsInString(part, inString);
      continue;
    }
    const word = `__${tag}_${placeholders.size}__`;
    // Outside a JSON string, an interpolated jsonencode() result is literally
    // part of the document, so its own document takes the placeholder's place.
    placeholders.set(word, !inString && part instanceof UnknownJsonDocument ? part.document : part);
    chunks.push(inString ? word : `"${word}"`);
  }
  const doc = parseJsonSafely(chunks.join(''));
  if (doc === undefined) return undefined;
  const pattern = new RegExp(`__${tag}_\\d+__`, 'g');
  // Made once, not for each string and key of the document.
  const marker = `__${tag}_`;
  let keyed = false;
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (placeholders.has(v)) return placeholders.get(v);
      if (!v.includes(marker)) return v;
      const parts: (string | Unknown)[] = [];
      let last = 0;
      for (const m of v.matchAll(pattern)) {
        parts.push(v.slice(last, m.index));
        const u = placeholders.get(m[0]);
        parts.push(u instanceof Unknown ? u : m[0]);
        last = m.index + m[0].length;
      }
      parts.push(v.slice(last));
      return joinParts(parts);
    }
    if (Array.isArray(v)) return v.map(restore);
    if (isObject(v)) {
      const out: HclObject = {};
      for (const k in v) {
        if (!hasKey(v, k)) continue;
        if (k.includes(marker)) keyed = true;
        setKey(out, k, restore(v[k]));
      }
      return out;
    }
    return v;
  };
  const restored = restore(doc);
  // An unknown object key cannot be represented faithfully; rather no document than a wrong one.
  return keyed ? undefined : restored;
}
