/**
 * Matching of actions and ARNs, as IAM does it.
 *
 * - Actions: IAM User Guide, "IAM JSON policy elements: Action"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html):
 *   the service prefix and the action name are case-insensitive, and `*` / `?`
 *   may appear anywhere in the name.
 * - Resource ARNs: "IAM JSON policy elements: Resource"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
 *   wildcards work within each colon-separated segment; a `*` that is the last
 *   character of a segment can expand beyond the colon boundaries; in the
 *   resource part `*` also spans `/`. Matching is case-sensitive.
 * - ArnLike / ArnEquals condition operators: "Condition operators", section
 *   "Amazon Resource Name (ARN) condition operators"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN):
 *   each of the six colon-delimited components is checked separately, each
 *   may hold `*` and `?`, case-sensitively. The sixth component is the rest of
 *   the ARN, colons included, so `*` there spans `/` and `:`.
 *
 * The wildcard matching itself is wildcard.ts (linear time, no RegExp built
 * from policy text); ARNs are cut at their colons here and matched segment by
 * segment.
 */
import { defaultActionCatalog, type ActionCatalog } from './catalog.js';
import type { Truth } from './truth.js';
import { compileGlob, type Glob, type Pattern, type PatternPiece } from './wildcard.js';

/** `*` any run, `?` one character (see wildcard.ts: linear time, no RegExp). */
export function globMatches(pattern: Pattern, value: string, ignoreCase = false): boolean {
  return compileGlob(pattern, ignoreCase).matches(value);
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

// ---------------------------------------------------------------- actions

/** Does the Action pattern (`cloudtrail:Stop*`, `*`) cover the concrete action? Case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return compileGlob(pattern, true).matches(action);
}

export interface SplitAction {
  service: string;
  name: string;
}

export function splitAction(action: string): SplitAction | undefined {
  const i = action.indexOf(':');
  if (i <= 0 || i === action.length - 1) return undefined;
  return { service: action.slice(0, i), name: action.slice(i + 1) };
}

/**
 * The concrete actions an Action pattern covers, as `service:Name`, from the
 * IAM action catalogue. A wildcard in the service prefix walks every service,
 * which reads the whole catalogue: avoid it on hot paths.
 */
export function expandAction(pattern: string, catalog: ActionCatalog = defaultActionCatalog()): string[] {
  if (pattern === '*') return expandAction('*:*', catalog);
  const split = splitAction(pattern);
  if (!split) return [];
  const services = hasWildcard(split.service) ? allServices(catalog, split.service) : [split.service.toLowerCase()];
  const out: string[] = [];
  for (const service of services) {
    for (const name of catalog.actionsOf(service) ?? []) {
      const full = `${service}:${name}`;
      if (actionMatches(pattern, full)) out.push(full);
    }
  }
  return out;
}

function allServices(catalog: ActionCatalog, servicePattern: string): string[] {
  return catalog.services().filter((s) => globMatches(servicePattern, s, true));
}

// ---------------------------------------------------------------- ARNs

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, colons included. */
  resource: string;
}

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!partition || !service) return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** The account segment of an ARN when it is a 12-digit account ID. */
export function accountOfArn(text: string): string | undefined {
  const arn = parseArn(text);
  return arn && /^\d{12}$/.test(arn.account) ? arn.account : undefined;
}

/**
 * Is a Resource / NotResource entry shaped like an ARN? `*` alone is fine; an
 * ARN may stop early when its last segment ends with `*` (which then spans
 * the remaining segments); the service segment cannot be a wildcard.
 */
export function isWellFormedResourcePattern(text: string): boolean {
  if (text === '*') return true;
  const parts = text.split(':');
  if (parts[0] !== 'arn') return false;
  if (parts.length < 6 && !text.endsWith('*')) return false;
  const partition = parts[1] ?? '';
  const service = parts[2] ?? '';
  if (!partition) return false;
  if (parts.length >= 3 && (!service || (hasWildcard(service) && !(parts.length === 3 && service === '*')))) return false;
  return true;
}

const SEGMENTS_BEFORE_RESOURCE = 5; // arn, partition, service, region, account

/**
 * An ARN pattern cut at its colons: up to five segment globs and, when the
 * pattern has them, the resource part (everything after the fifth colon,
 * colons included). `spans[i]`: segment i ends with a wildcard `*`, which in a
 * Resource element "can expand to match beyond the colon boundaries".
 */
interface ArnPattern {
  segments: Glob[];
  spans: boolean[];
  resource?: Glob;
  /** The first five segments have no wildcard: the ARN must start with this text (fast path). */
  fixedPrefix?: string;
}

const arnPatternCache = new Map<string, ArnPattern>();
const ARN_CACHE_LIMIT = 4096;

function compileArnPattern(pattern: Pattern): ArnPattern {
  if (typeof pattern !== 'string' && pattern.length === 1 && !pattern[0]!.literal) pattern = pattern[0]!.text;
  const cacheable = typeof pattern === 'string' || !pattern.some((p) => p.literal);
  const key = cacheable ? (typeof pattern === 'string' ? pattern : pattern.map((p) => p.text).join('')) : undefined;
  const hit = key !== undefined ? arnPatternCache.get(key) : undefined;
  if (hit) return hit;
  const parts: PatternPiece[][] = [[]];
  for (const piece of typeof pattern === 'string' ? [{ text: pattern, literal: false }] : pattern) {
    let rest = piece.text;
    while (parts.length <= SEGMENTS_BEFORE_RESOURCE) {
      const i = rest.indexOf(':');
      if (i < 0) break;
      parts[parts.length - 1]!.push({ text: rest.slice(0, i), literal: piece.literal });
      parts.push([]);
      rest = rest.slice(i + 1);
    }
    parts[parts.length - 1]!.push({ text: rest, literal: piece.literal });
  }
  const segments: Glob[] = [];
  const spans: boolean[] = [];
  let resource: Glob | undefined;
  parts.forEach((pieces, i) => {
    if (i === SEGMENTS_BEFORE_RESOURCE) {
      resource = compileGlob(pieces);
      return;
    }
    segments.push(compileGlob(pieces));
    const last = [...pieces].reverse().find((p) => p.text.length > 0);
    spans.push(!!last && !last.literal && last.text.endsWith('*'));
  });
  const compiled: ArnPattern = { segments, spans, ...(resource ? { resource } : {}) };
  if (resource && segments.every((g) => g.isLiteral)) {
    compiled.fixedPrefix = `${parts.slice(0, SEGMENTS_BEFORE_RESOURCE).map((ps) => ps.map((p) => p.text).join('')).join(':')}:`;
  }
  if (key !== undefined) {
    if (arnPatternCache.size >= ARN_CACHE_LIMIT) arnPatternCache.delete(arnPatternCache.keys().next().value!);
    arnPatternCache.set(key, compiled);
  }
  return compiled;
}

/** Start offsets and texts of an ARN's colon-separated segments. */
function cutAtColons(value: string): { starts: number[]; texts: string[] } {
  const starts = [0];
  const texts: string[] = [];
  let from = 0;
  for (let i = value.indexOf(':'); i >= 0; i = value.indexOf(':', i + 1)) {
    texts.push(value.slice(from, i));
    from = i + 1;
    starts.push(from);
  }
  texts.push(value.slice(from));
  return { starts, texts };
}

/**
 * Resource element semantics. IAM User Guide, "IAM JSON policy elements:
 * Resource" → "Using wildcards in resource ARNs"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
 * wildcards work "within the individual segments of an ARN (the parts
 * separated by colons)"; "if the * wildcard is the last character of a
 * resource ARN segment, it can expand to match beyond the colon boundaries";
 * in the resource part `*` spans `/` (and the colons of the resource part).
 *
 * Segment by segment: the set of value segments a pattern prefix can end on
 * is carried forward (a spanning segment reaches every later colon), so the
 * work is linear in the ARN for a given pattern.
 */
export function resourceMatches(pattern: Pattern, arn: string): boolean {
  const p = compileArnPattern(pattern);
  if (p.fixedPrefix !== undefined) return arn.startsWith(p.fixedPrefix) && p.resource!.matches(arn.slice(p.fixedPrefix.length));
  const { starts, texts } = cutAtColons(arn);
  const n = texts.length;
  // reach[i]: the pattern's segments so far can consume exactly value segments 0..i-1.
  let reach = new Uint8Array(n + 1);
  reach[0] = 1;
  for (let j = 0; j < p.segments.length; j++) {
    const next = new Uint8Array(n + 1);
    let spanFrom = n + 1;
    const glob = p.segments[j]!;
    for (let i = 0; i < n; i++) {
      if (!reach[i] || !glob.matches(texts[i]!)) continue;
      if (p.spans[j]) spanFrom = Math.min(spanFrom, i + 1);
      else next[i + 1] = 1;
    }
    for (let i = spanFrom; i <= n; i++) next[i] = 1;
    reach = next;
  }
  if (!p.resource) return reach[n] === 1; // a pattern that stops early must have consumed the whole ARN
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (reach[i]) candidates.push(starts[i]!);
  return p.resource.matchesSuffix(arn, candidates);
}

/**
 * ArnLike / ArnEquals semantics. IAM User Guide, "Condition operators" →
 * "Amazon Resource Name (ARN) condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN):
 * each of the six colon-delimited components is checked separately and may
 * hold `*` and `?`; the sixth is the rest of the ARN, colons included. A
 * policy value with fewer than six components has no documented meaning:
 * 'unknown' rather than a guess.
 */
export function arnLikeMatches(pattern: Pattern, value: string): Truth {
  const p = compileArnPattern(pattern);
  if (!p.resource) return 'unknown';
  if (p.fixedPrefix !== undefined) return value.startsWith(p.fixedPrefix) && p.resource.matches(value.slice(p.fixedPrefix.length));
  const { starts, texts } = cutAtColons(value);
  if (texts.length < SEGMENTS_BEFORE_RESOURCE + 1) return false;
  for (let j = 0; j < SEGMENTS_BEFORE_RESOURCE; j++) if (!p.segments[j]!.matches(texts[j]!)) return false;
  return p.resource.matches(value.slice(starts[SEGMENTS_BEFORE_RESOURCE]!));
}
