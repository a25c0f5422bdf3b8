// Inline suppressions in `.tf` comments.
//
//   # trailguard:ignore cloudtrail-kms-encryption,cloudtrail-multi-region regional sandbox trail
//   # trailguard:ignore cloudtrail-multi-region expires=2027-03-31 regional sandbox until the move
//   # trailguard:ignore:cloudtrail-kms-encryption
//   #checkov:skip=CKV_AWS_35:the key is managed by the security account
//   #tfsec:ignore:aws-cloudtrail-enable-at-rest-encryption
//   #trivy:ignore:AVD-AWS-0015
//
// A directive applies to a resource when it is written inside the resource's
// block, or in the run of comment lines directly above its `resource` line
// (no blank line between, the comments alone on their lines). Other tools'
// IDs are kept as written; rules that list them as aliases honour them.
//
// Expiry: in trailguard's own form, `expires=YYYY-MM-DD` is the first word
// after the rule ids, and everything after it is the reason. Only that place
// is read, so a reason may mention "expires" freely; a first word that looks
// like an attempt (`expires:`, `expires`, `Expires=…`) is kept as an expiry
// that is not a date, so it is reported instead of silently becoming part of
// the reason. tfsec's and trivy's own `:exp:YYYY-MM-DD` qualifier is honoured
// the same way. The date itself is judged in engine/suppressions.

import type { Suppression, SuppressionTool } from '../../../core/suppression.js';
import type { SourceRange } from '../../../core/location.js';
import type { Block, Comment, HclFile } from '../hcl/ast.js';
import { minOf, pushAll } from '../../arrays.js';

const DIRECTIVE = /(trailguard:ignore|checkov:skip=|tfsec:ignore:|trivy:ignore:)/g;
const ID = '[A-Za-z0-9_.*/-]+';
const TRAILGUARD_SINGLE = new RegExp(`^:(${ID})(.*)$`, 's');
const TRAILGUARD_LIST = new RegExp(`^\\s+(${ID}(?:\\s*,\\s*${ID})*)(.*)$`, 's');
const CHECKOV = /^([A-Za-z0-9_.-]+)(?::(.*))?$/s;
// tfsec/trivy: the ID, then optional qualifiers such as `:exp:2025-01-31` or `[ws:dev]`.
const TFSEC = /^([A-Za-z0-9_.-]+)((?::(?:exp|ws):[^\s]*|\[[^\]]*\])*)(.*)$/s;

/** The suppressions written in one comment (usually none). */
export function parseSuppressions(comment: Comment): Suppression[] {
  const content = comment.content;
  if (!content.includes(':ignore') && !content.includes(':skip')) return [];
  const matches = [...content.matchAll(DIRECTIVE)];
  const out: Suppression[] = [];
  matches.forEach((m, n) => {
    const start = m.index + m[0].length;
    const end = n + 1 < matches.length ? matches[n + 1]!.index : content.length;
    // A block comment may go on over several lines; the directive is its own line.
    let text = content.slice(start, end);
    const newline = text.indexOf('\n');
    if (newline >= 0) text = text.slice(0, newline);
    read(m[1]!, text, comment.range, out);
  });
  return out;
}

function read(kind: string, text: string, range: SourceRange, out: Suppression[]): void {
  const add = (tool: SuppressionTool, ruleId: string, reason: string | undefined, expires?: string): void => {
    const why = cleanReason(reason);
    out.push({ ruleId, ...(why ? { reason: why } : {}), range, ...(expires !== undefined ? { expires, expiresRange: range } : {}), tool });
  };
  if (kind === 'trailguard:ignore') {
    const single = TRAILGUARD_SINGLE.exec(text);
    const list = single ? undefined : TRAILGUARD_LIST.exec(text);
    const ids = single ? [single[1]!] : list ? list[1]!.split(',').map((id) => id.trim()) : [];
    const { expires, rest } = splitExpiry((single ?? list)?.[2] ?? '');
    for (const id of ids) add('trailguard', id, rest, expires);
    return;
  }
  if (kind === 'checkov:skip=') {
    const m = CHECKOV.exec(text.trim());
    if (m) add('checkov', m[1]!, m[2]);
    return;
  }
  const m = TFSEC.exec(text);
  if (m) add(kind === 'tfsec:ignore:' ? 'tfsec' : 'trivy', m[1]!, m[3], tfsecExpiry(m[2]!));
}

/**
 * `expires=2027-03-31 the reason` → the date as written and the reason. The
 * first word decides: `expires=VALUE` is the expiry; another word starting
 * with "expires" followed by `:` or nothing (`expires: 2027-03-31`) is taken
 * as a malformed expiry (the whole first word), reported later, so that it
 * never passes for a reason on a suppression that would never end.
 */
function splitExpiry(text: string): { expires?: string; rest: string } {
  const trimmed = text.trimStart();
  const space = firstSpace(trimmed);
  const word = trimmed.slice(0, space);
  const lower = word.toLowerCase();
  if (lower.startsWith('expires=')) return { expires: word.slice('expires='.length), rest: trimmed.slice(space) };
  if (lower === 'expires' || lower.startsWith('expires:')) return { expires: word, rest: trimmed.slice(space) };
  return { rest: text };
}

function firstSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) return i;
  }
  return s.length;
}

/** tfsec/trivy qualifiers (`:exp:2025-01-31[ws:dev]`): the expiry, if one is given. */
function tfsecExpiry(qualifiers: string): string | undefined {
  const at = qualifiers.indexOf(':exp:');
  if (at < 0) return undefined;
  let end = at + ':exp:'.length;
  while (end < qualifiers.length && qualifiers[end] !== ':' && qualifiers[end] !== '[') end++;
  return qualifiers.slice(at + ':exp:'.length, end);
}

/** `-- reason`, `: reason`, `reason` → `reason`; nothing → undefined. */
function cleanReason(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // En and em dash written as escapes: the bundle stays ASCII (bin/load-bundle.js decodes it as Latin-1 then).
  const s = text.replace(/^[\s:#\-\u2013\u2014]+/, '').trim();
  return s === '' ? undefined : s;
}

/** Finds the suppressions of the blocks of one file. */
export class FileSuppressions {
  /** Comments holding at least one directive, with what they say. */
  private readonly directives: { comment: Comment; index: number; suppressions: Suppression[] }[] = [];
  private lineStarts: number[] | undefined;

  constructor(
    private readonly file: HclFile,
    private readonly text: string,
  ) {
    file.comments.forEach((comment, index) => {
      const suppressions = parseSuppressions(comment);
      if (suppressions.length > 0) this.directives.push({ comment, index, suppressions });
    });
  }

  /** Suppressions inside `block` or in the comment lines directly above it. */
  forBlock(block: Block): Suppression[] {
    if (this.directives.length === 0) return [];
    const out: Suppression[] = [];
    const above = this.commentsAbove(block);
    // Directives are in source order: those above come first, then those inside.
    let i = this.firstDirectiveFrom(above.size > 0 ? this.file.comments[minOf(above, (i) => i)]!.range.start : block.range.start);
    for (; i < this.directives.length; i++) {
      const d = this.directives[i]!;
      if (before(block.range.end, d.comment.range.start)) break;
      if (above.has(d.index) || within(d.comment.range, block.range)) pushAll(out, d.suppressions);
    }
    return out;
  }

  /** Index of the first directive starting at or after `start`. */
  private firstDirectiveFrom(start: SourceRange['start']): number {
    let lo = 0;
    let hi = this.directives.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.directives[mid]!.comment.range.start, start)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Indices of the run of standalone comments ending on the line before the block. */
  private commentsAbove(block: Block): Set<number> {
    const found = new Set<number>();
    const comments = this.file.comments;
    const line = block.range.start.line;
    // Last comment that starts before the block's line.
    let lo = 0;
    let hi = comments.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (comments[mid]!.range.start.line < line) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let expected = line - 1;
    for (; idx >= 0; idx--) {
      const c = comments[idx]!;
      if (c.range.end.line !== expected || !this.startsLine(c)) break;
      found.add(idx);
      expected = c.range.start.line - 1;
    }
    return found;
  }

  /** Whether only whitespace precedes the comment on its line. */
  private startsLine(c: Comment): boolean {
    const starts = (this.lineStarts ??= lineStarts(this.text));
    const from = starts[c.range.start.line - 1] ?? 0;
    const to = from + c.range.start.column - 1;
    for (let i = from; i < to; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch !== 32 && ch !== 9 && ch !== 0xfeff) return false;
    }
    return true;
  }
}

function lineStarts(text: string): number[] {
  // The parser starts line 1 after a byte order mark.
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function before(a: SourceRange['start'], b: SourceRange['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function within(inner: SourceRange, outer: SourceRange): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}
