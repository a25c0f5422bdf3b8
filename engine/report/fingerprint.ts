import * as crypto from 'node:crypto';

const { createHash } = crypto;
const oneShot = (crypto as unknown as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export interface FingerprintParts {
  ruleId: string;
  /** Repository-relative path of the file the finding is in. */
  file: string;
  /** Resource address: CloudFormation logical ID or Terraform address. */
  address: string;
  /** The property the finding is about, when it is about one. */
  property?: string;
  /**
   * What is wrong, in words: the finding's message (see causeText). Left out,
   * the recipe is the first one (`trailguard/v1`: rule, file, resource, property).
   */
  cause?: string;
}

/**
 * Identity of a finding that survives edits which only move lines or
 * reformat the file, so code scanning and baselines keep matching an alert to
 * the same problem. Line numbers are deliberately left out; the path is
 * normalised so a Windows checkout and a Linux CI runner agree.
 *
 * With a `cause` (recipe v2, what baselines and `--new-since` compare), the
 * identity also changes when what is wrong changes: another failing action,
 * another offending value, another parse error in the same file.
 */
export function fingerprint(parts: FingerprintParts): string {
  let text = locationText(parts);
  if (parts.cause !== undefined) text = withCause(text, parts.cause);
  return digest(text);
}

/**
 * What the first recipe hashes (rule, file, resource, property): distinct parts give distinct texts, so
 * two findings have the same text exactly when they have the same `trailguard/v1` fingerprint.
 */
export function locationText(parts: Omit<FingerprintParts, 'cause'>): string {
  // NUL cannot occur in any part, so distinct part lists never join to the same text.
  return `${parts.ruleId}\u0000${portablePath(parts.file)}\u0000${parts.address}\u0000${parts.property ?? ''}`;
}

/** What the second recipe hashes: the first's text and the cause. */
export function withCause(locationText: string, cause: string): string {
  return `${locationText}\u0000${causeText(cause)}`;
}

/** A fingerprint of a recipe's text. */
export function digest(text: string): string {
  // crypto.hash (Node 20.12+) is a one-shot digest without a Hash object per finding.
  return (oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex')).slice(0, 32);
}

/** `a\\b.yaml` and `./a/b.yaml` as `a/b.yaml`; most paths are already so (two per finding: no copies then). */
function portablePath(file: string): string {
  if (!file.includes('\\') && !file.startsWith('./')) return file;
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** "line 12", "column 3", "offset 40", "position 7": a place in the file, not a cause. */
const POSITION_WORD = /\b(lines?|columns?|col|offset|position|pos|index)\s+\d+/gi;
/**
 * "12:3" as in `file.yaml:12:3`. Only from the first digit of a run: `/\d+:\d+/` alone starts again at
 * every digit of a long run with no colon after it and reads to the run's end each time, quadratic on
 * a message that quotes input (a trail named with 100,000 digits, then `x1:2`, took minutes). A match
 * of it never starts after a digit anyway: the leftmost start of a run is tried first.
 */
const LINE_COLUMN = /(?<!\d)\d+:\d+/g;
const SPACES = /\s+/g;

/**
 * A message as a cause: where it says a line, column or offset, the number is
 * dropped (moving the text moves it), and runs of white space are one space
 * (reformatting a value's layout is not a new problem). Linear-time patterns:
 * messages quote input.
 */
export function causeText(message: string): string {
  // Each replacement runs only where it can match (one per finding, tens of thousands in a large
  // plan's scan, some messages listing thousands of resources): the result is the same text as
  // applying all three, without building copies of messages they leave unchanged.
  let text = message;
  if (WHITE_DIGIT.test(text)) text = text.replace(POSITION_WORD, '$1 #');
  if (DIGIT_COLON_DIGIT.test(text)) text = text.replace(LINE_COLUMN, '#:#');
  return isSingleSpaced(text) ? text : text.replace(SPACES, ' ').trim();
}

/** POSITION_WORD needs white space followed by a digit; LINE_COLUMN a digit, a colon and a digit. */
const WHITE_DIGIT = /\s\d/;
const DIGIT_COLON_DIGIT = /\d:\d/;
/** White space other than the plain space. */
const OTHER_SPACE = /[^\S ]/;

/** True when collapsing white space and trimming would change nothing: only single inner spaces. */
function isSingleSpaced(text: string): boolean {
  return !(text.includes('  ') || text.startsWith(' ') || text.endsWith(' ') || OTHER_SPACE.test(text));
}

/**
 * Two findings of one scan with the same fingerprint (two identical parse
 * errors in one file) get distinct ones, numbered in report order, so a
 * baseline that holds one does not also hide the other.
 */
export function disambiguate(fingerprints: string[]): string[] {
  // One Set operation per fingerprint (a scan has tens of thousands, nearly all distinct): whether
  // `add` grew the set says whether it is the first; the rare repeats are counted apart.
  const seen = new Set<string>();
  const repeats = new Map<string, number>();
  return fingerprints.map((fp) => {
    const size = seen.size;
    if (seen.add(fp).size > size) return fp;
    const n = (repeats.get(fp) ?? 1) + 1;
    repeats.set(fp, n);
    return fingerprint({ ruleId: fp, file: '', address: `#${n}` });
  });
}
