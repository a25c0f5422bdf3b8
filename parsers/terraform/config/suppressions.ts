// Inline suppressions in `.tf` comments.
//
//   # trailguard:ignore cloudtrail-kms-encryption,cloudtrail-multi-region regional sandbox trail
//   # trailguard:ignore:cloudtrail-kms-encryption
//   #checkov:skip=CKV_AWS_35:the key is managed by the security account
//   #tfsec:ignore:aws-cloudtrail-enable-at-rest-encryption
//   #trivy:ignore:AVD-AWS-0015
//
// A directive applies to a resource when it is written inside the resource's
// block, or in the run of comment lines directly above its `resource` line
// (no blank line between, the comments alone on their lines). Other tools'
// IDs are kept as written; rules that list them as aliases honour them.

import type { Suppression } from '../../../engine/graph.js';
import type { SourceRange } from '../../../engine/location.js';
import type { Block, Comment, HclFile } from '../hcl/ast.js';
import { minOf } from '../../arrays.js';

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
  const add = (ruleId: string, reason: string | undefined): void => {
    const why = cleanReason(reason);
    out.push({ ruleId, ...(why ? { reason: why } : {}), range });
  };
  if (kind === 'trailguard:ignore') {
    const single = TRAILGUARD_SINGLE.exec(text);
    if (single) return add(single[1]!, single[2]);
    const list = TRAILGUARD_LIST.exec(text);
    if (list) for (const id of list[1]!.split(',')) add(id.trim(), list[2]);
    return;
  }
  if (kind === 'checkov:skip=') {
    const m = CHECKOV.exec(text.trim());
    if (m) add(m[1]!, m[2]);
    return;
  }
  const m = TFSEC.exec(text);
  if (m) add(m[1]!, m[3]);
}

/** `-- reason`, `: reason`, `reason` → `reason`; nothing → undefined. */
function cleanReason(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const s = text.replace(/^[\s:#\-–—]+/, '').trim();
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
      if (above.has(d.index) || within(d.comment.range, block.range)) out.push(...d.suppressions);
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
