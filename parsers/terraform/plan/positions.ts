// Where each resource entry of a plan was written, found only when asked.
//
// Plans are large (a 10,000-resource plan is tens of megabytes) and are read
// with JSON.parse, which keeps no positions; running the position-tracking
// parser over them would cost 3-4x JSON.parse for positions that are asked
// for a handful of findings. So positions come from a separate pass over the
// text, made on the first request: a scanner that knows just enough of the
// plan's structure to record the span of each entry of
//   resource_changes[i]
//   planned_values.root_module(.child_modules[j])*.resources[k]
//   prior_state.values.root_module(.child_modules[j])*.resources[k]
//   values.root_module…                      (`terraform show -json` of a state)
// and skips everything else with a bracket counter that jumps over strings
// with indexOf. Entries are keyed by their *structural* position (section,
// child-module indices, array index), which the reader knows from walking the
// parsed value, so no address has to be searched for or re-encoded.
//
// The text is valid JSON when the scanner runs (JSON.parse accepted it). Lines
// are not counted in the scanning loops but found for the recorded offsets
// alone (LineCursor). Once scanned, the text is released: only the recorded
// spans stay.

import type { Position, SourceRange } from '../../../core/location.js';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** What a container is, as far as entry positions go. */
const enum Role {
  Other,
  Root,
  ResourceChanges,
  PriorState,
  Values,
  Module,
  Resources,
  ChildModules,
}

/** Deeper module nesting than this is skipped rather than recursed into. */
const MAX_MODULE_DEPTH = 200;

/**
 * The key of an entry outside resource_changes: `pv:0.2:5` (section, child-module indices, index). A
 * resource_changes entry is named by its index alone (EntryRef): no key string per entry for the ≈ all
 * entries of a current plan, and its span is kept in a typed array (EntrySpans).
 */
export function entryKey(section: string, modulePath: string, index: number): string {
  return `${section}:${modulePath}:${index}`;
}

/** An entry: the index of a resource_changes entry, or the entryKey of one in another section. */
export type EntryRef = number | string;

/** How messages name an entry: `rc::3`, `pv:0.2:5`. */
export function entryName(entry: EntryRef): string {
  return typeof entry === 'number' ? entryKey('rc', '', entry) : entry;
}

/** Line/column (1-based) of an entry's first and after-last characters. */
type Span = [startLine: number, startColumn: number, endLine: number, endColumn: number];

export class PlanLocator {
  private text: string | undefined;
  private spans: EntrySpans | undefined;

  /**
   * Whether an entry handed out so far lies in a section Terraform prints before resource_changes
   * (planned_values, a state's values), which a scan from resource_changes on would not reach.
   */
  private beforeChanges = false;
  /** Whether an entry outside resource_changes (prior_state's, say) has been handed out. */
  private others = false;
  /** Set when the spans come from a scan from resource_changes on, which may have missed what it did not expect. */
  private partial = false;
  /** Set by the reader once it hands out no more keys. */
  private sealed = false;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.text = text;
  }

  /**
   * The range of the entry `key`, as an object whose `start` and `end` are
   * found when first read: a resource's range and the positions of its
   * attributes are handed around (into the graph, its `locs`) for every
   * resource, but read only for those with findings, and the first read
   * costs a pass over the whole text. `start` and `end` are own enumerable
   * accessors, so copies (`{ ...range }`) and JSON get their values.
   */
  lazyRange(entry: EntryRef): SourceRange {
    if (typeof entry === 'string') this.noteOther(entry);
    return new LazyRange(this.file, this, entry);
  }

  /**
   * The reader is done: no keys will be asked for but those handed out so far (lazyRange, range), so
   * whether they are all resource_changes entries' is known when the text is scanned.
   */
  seal(): void {
    this.sealed = true;
  }

  private noteOther(entry: string): void {
    this.others = true;
    if (!entry.startsWith('ps:')) this.beforeChanges = true;
  }

  /** The range of `entry`; the start of the file if it was not found. */
  range(entry: EntryRef): SourceRange {
    if (typeof entry === 'string') this.noteOther(entry);
    if (!this.spans) {
      const text = this.text ?? '';
      // When every entry asked for is in resource_changes (the reader's preferred source: all of them in
      // the plans of current Terraform versions) or prior_state (a data source read during refresh, which
      // Terraform prints after resource_changes), only the text from resource_changes on is scanned, not
      // planned_values, which Terraform prints before it (a third of the plan).
      if (this.sealed && !this.beforeChanges) {
        this.spans = new EntryScanner(text).scanFromChanges();
        this.partial = this.spans !== undefined;
      }
      this.spans ??= new EntryScanner(text).scan();
      // Kept only while a partial scan may have to be redone for an entry it did not meet (a prior_state
      // printed before resource_changes, by a tool other than Terraform).
      if (!this.partial || !this.others) this.text = undefined;
    }
    const found = this.find(entry);
    if (found) return found;
    if (this.partial && typeof entry === 'string' && this.text !== undefined) {
      this.spans = new EntryScanner(this.text).scan();
      this.partial = false;
      this.text = undefined;
      return this.find(entry) ?? this.fileStart();
    }
    return this.fileStart();
  }

  private fileStart(): SourceRange {
    return { file: this.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  }

  private find(entry: EntryRef): SourceRange | undefined {
    const spans = this.spans!;
    if (typeof entry === 'number') {
      const changes = spans.changes;
      const at = 4 * entry;
      if (at >= 0 && at < changes.length && changes[at]! > 0) {
        return { file: this.file, start: { line: changes[at]!, column: changes[at + 1]! }, end: { line: changes[at + 2]!, column: changes[at + 3]! } };
      }
    } else {
      const span = spans.others.get(entry);
      if (span) return { file: this.file, start: { line: span[0], column: span[1] }, end: { line: span[2], column: span[3] } };
    }
    return undefined;
  }
}

/**
 * The spans the scanner found. resource_changes entries (all the entries of a current plan) are kept in
 * one Int32Array by index, not as a key string, a four-number array and a map entry each.
 */
class EntrySpans {
  /** resource_changes[i] at 4i…4i+3: start line, start column, end line, end column; a start line of 0: none. */
  changes = new Int32Array(0);
  /** The entries of the other sections, by entryKey. */
  readonly others = new Map<string, Span>();

  /** A later duplicate of the same member replaces the earlier one, as in JSON.parse. */
  setChange(index: number, startLine: number, startColumn: number, endLine: number, endColumn: number): void {
    const at = 4 * index;
    if (at + 4 > this.changes.length) {
      const grown = new Int32Array(Math.max(4096, 2 * this.changes.length, at + 4));
      grown.set(this.changes);
      this.changes = grown;
    }
    const changes = this.changes;
    changes[at] = startLine;
    changes[at + 1] = startColumn;
    changes[at + 2] = endLine;
    changes[at + 3] = endColumn;
  }

  clear(): void {
    this.changes = new Int32Array(0);
    this.others.clear();
  }
}

/**
 * A plan entry's range, resolved on first read of `start` or `end` (PlanLocator.lazyRange). One object
 * per entry: the locator and entry are private fields (not seen by copies, JSON or Object.keys), and
 * `start` and `end` are own enumerable accessors, as on an object literal with getters, but with getter
 * functions shared by every range rather than two closures and a context made for each. They must be
 * own: ranges are copied by spreading (`{ ...range, file }`) on paths no test had reached, and a
 * round of work that moved them to the prototype (≈ 1–2 µs a range saved) let a mutated plan's finding
 * lose its position and crash the text report (fuzz seed 120706, test/plan/lazy-positions.test.ts).
 */
class LazyRange implements SourceRange {
  readonly file: string;
  declare readonly start: Position;
  declare readonly end: Position;
  readonly #locator: PlanLocator;
  readonly #entry: EntryRef;
  #found: SourceRange | undefined;

  constructor(file: string, locator: PlanLocator, entry: EntryRef) {
    this.file = file;
    this.#locator = locator;
    this.#entry = entry;
    // Own, enumerable and configurable accessors, as Object.defineProperties made them from a descriptor
    // map, at less than half its cost: __defineGetter__ (ECMAScript Annex B) defines exactly such an
    // accessor without a descriptor object to read (callgrind, 10,000 ranges in a fresh process: ≈ 6.5 k
    // instructions a range with defineProperties, ≈ 2.9 k with this; two defineProperty calls, ≈ 4 k).
    const self = this as unknown as DefinesGetters;
    self.__defineGetter__('start', lazyStart);
    self.__defineGetter__('end', lazyEnd);
  }

  static resolved(range: LazyRange): SourceRange {
    return (range.#found ??= range.#locator.range(range.#entry));
  }
}

/** `Object.prototype.__defineGetter__`, which TypeScript's library does not declare. */
interface DefinesGetters {
  __defineGetter__(name: string, getter: (this: LazyRange) => Position): void;
}

function lazyStart(this: LazyRange): Position {
  return LazyRange.resolved(this).start;
}

function lazyEnd(this: LazyRange): Position {
  return LazyRange.resolved(this).end;
}

/**
 * Line and column of offsets asked for in increasing order: the line feeds between two of them are
 * found with indexOf, so a one-line plan costs one search and an indented one a search per line,
 * instead of a test of every character in the scanner's loops.
 */
class LineCursor {
  line = 1;
  /** Offset of the current line's first character. */
  lineStart = 0;
  /** The first line feed from lineStart on (-1: none; undefined: not searched yet). */
  private nextLf: number | undefined;

  constructor(private readonly text: string) {}

  /** Moves to `offset` (never backwards): `line` and `lineStart` are then those of the character there. */
  moveTo(offset: number): void {
    this.nextLf ??= this.text.indexOf('\n');
    while (this.nextLf !== -1 && this.nextLf < offset) {
      this.line++;
      this.lineStart = this.nextLf + 1;
      this.nextLf = this.text.indexOf('\n', this.lineStart);
    }
  }
}

class EntryScanner {
  private pos = 0;
  private readonly spans = new EntrySpans();
  private lines: LineCursor;
  /** Set by scanFromChanges: of the root's other members, only prior_state's entries are recorded. */
  private changesOnly = false;

  constructor(private readonly text: string) {
    this.lines = new LineCursor(text);
  }

  scan(): EntrySpans {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === LBRACE) this.object(Role.Root, '', '', 0);
    return this.spans;
  }

  /**
   * The spans of the root's members from its `resource_changes` on (Terraform prints planned_values
   * before it, prior_state and configuration after), without scanning what comes before; undefined
   * when that member is not found so. Candidates are found with indexOf; the text is valid JSON (it
   * was parsed), so an occurrence of `"resource_changes"` whose quote no backslash escapes, followed
   * by a colon, is a member name, and it is the root's when the members read from there end with the
   * last `}` of the text: a member of a nested object would leave that object's closing brace, and its
   * parents', after the one the scan stops at. A few candidates are tried (a nested member of that
   * name is rare), then the whole text is left to scan(). Of the members after it, prior_state's
   * entries are recorded (a data source read during refresh is there only); the others are skipped.
   */
  scanFromChanges(): EntrySpans | undefined {
    const text = this.text;
    this.changesOnly = true;
    let from = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const at = text.indexOf('"resource_changes"', from);
      if (at < 0) return undefined;
      from = at + 1;
      let backslashes = 0;
      while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 1) continue;
      this.pos = at + 18;
      this.skipWhitespace();
      if (text.charCodeAt(this.pos) !== COLON) continue;
      this.pos = at;
      this.spans.clear();
      this.lines = new LineCursor(text);
      this.members(Role.Root, '', '', 0);
      if (text.charCodeAt(this.pos - 1) !== RBRACE) continue;
      this.skipWhitespace();
      if (this.pos === text.length) return this.spans;
    }
    return undefined;
  }

  /** Reads the object at `pos`, descending into the members that lead to entries. */
  private object(role: Role, section: string, modulePath: string, depth: number): void {
    this.pos++; // {
    this.members(role, section, modulePath, depth);
  }

  /** The members of a `role` object from `pos` to its closing brace (`pos` then just past it). */
  private members(role: Role, section: string, modulePath: string, depth: number): void {
    const text = this.text;
    for (;;) {
      this.skipWhitespace();
      const c = text.charCodeAt(this.pos);
      if (c === RBRACE || this.pos >= text.length) {
        this.pos++;
        return;
      }
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      const keyStart = this.pos;
      this.pos = stringEnd(text, this.pos);
      const key = memberName(text, keyStart, this.pos);
      this.skipWhitespace();
      if (text.charCodeAt(this.pos) === COLON) this.pos++;
      this.skipWhitespace();
      const before = this.pos;
      this.member(role, key, section, modulePath, depth);
      if (this.pos === before) this.pos++; // never stall, even on text JSON.parse did not see
    }
  }

  /** The value of member `key` of a `role` object. */
  private member(role: Role, key: string, section: string, modulePath: string, depth: number): void {
    const c = this.text.charCodeAt(this.pos);
    switch (role) {
      case Role.Root:
        if (key === 'resource_changes' && c === LBRACKET) return this.array(Role.ResourceChanges, 'rc', '', depth);
        if (key === 'prior_state' && c === LBRACE) return this.object(Role.PriorState, 'ps', '', depth);
        if (this.changesOnly) break;
        if (key === 'planned_values' && c === LBRACE) return this.object(Role.Values, 'pv', '', depth);
        if (key === 'values' && c === LBRACE) return this.object(Role.Values, 'sv', '', depth);
        break;
      case Role.PriorState:
        if (key === 'values' && c === LBRACE) return this.object(Role.Values, section, '', depth);
        break;
      case Role.Values:
        if (key === 'root_module' && c === LBRACE) return this.object(Role.Module, section, '', depth);
        break;
      case Role.Module:
        if (key === 'resources' && c === LBRACKET) return this.array(Role.Resources, section, modulePath, depth);
        if (key === 'child_modules' && c === LBRACKET && depth < MAX_MODULE_DEPTH) {
          return this.array(Role.ChildModules, section, modulePath, depth);
        }
        break;
    }
    this.pos = valueEnd(this.text, this.pos);
  }

  /** Reads the array at `pos`: entry spans for resource lists, modules for child_modules. */
  private array(role: Role, section: string, modulePath: string, depth: number): void {
    const text = this.text;
    const lines = this.lines;
    this.pos++; // [
    let index = 0;
    for (;;) {
      this.skipWhitespace();
      const c = text.charCodeAt(this.pos);
      if (c === RBRACKET || this.pos >= text.length) {
        this.pos++;
        return;
      }
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      if (role === Role.ChildModules) {
        // A module; anything else there is no module and holds no entries (nor is one).
        if (c === LBRACE) this.object(Role.Module, section, modulePath ? `${modulePath}.${index}` : `${index}`, depth + 1);
        else this.pos = valueEnd(text, before);
      } else {
        const end = valueEnd(text, before);
        // Entries are met in the order of the text, so the line cursor only moves forward.
        lines.moveTo(before);
        const startLine = lines.line;
        const startColumn = before - lines.lineStart + 1;
        lines.moveTo(end);
        // A later duplicate of the same member replaces the earlier one, as in JSON.parse.
        if (role === Role.Resources) this.spans.others.set(entryKey(section, modulePath, index), [startLine, startColumn, lines.line, end - lines.lineStart + 1]);
        else this.spans.setChange(index, startLine, startColumn, lines.line, end - lines.lineStart + 1);
        this.pos = end;
      }
      if (this.pos === before) this.pos++; // never stall, even on text JSON.parse did not see
      index++;
    }
  }

  private skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
      i++;
    }
    this.pos = i;
  }
}

/**
 * The name of the member whose key string is text[start, end) (quotes included). Keys are compared as
 * JSON.parse reads them: a key written with escapes (`"resource\u005fchanges"`) is the same member.
 */
function memberName(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  try {
    const name: unknown = JSON.parse(text.slice(start, end));
    return typeof name === 'string' ? name : raw;
  } catch {
    return raw;
  }
}

/** Offset just past the value that starts at `start`, whatever it is. */
function valueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return stringEnd(text, start);
  if (c === LBRACE || c === LBRACKET) return containerEnd(text, start);
  // Number or literal: runs to the next delimiter.
  let i = start;
  for (;;) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === RBRACE || d === RBRACKET || d === SPACE || d === LF || d === CR || d === TAB || i >= text.length) return i;
    i++;
  }
}

/**
 * Offset just past the object or array whose opening bracket is at `open`. This loop is most of the
 * scan's time: it tests only the characters between strings (a third of a one-line plan's text, the
 * rest is jumped over with indexOf) and only for quotes and brackets; lines are counted apart, by
 * LineCursor, for the offsets that need them.
 */
function containerEnd(text: string, open: number): number {
  const length = text.length;
  let depth = 0;
  let i = open;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      depth++;
    } else if ((c === RBRACE || c === RBRACKET) && --depth === 0) {
      return i + 1;
    }
    i++;
  }
  return length;
}

/** Offset just past the string whose opening quote is at `open` (JSON strings hold no raw line feeds). */
function stringEnd(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return text.length;
    // A quote is escaped when an odd number of backslashes precede it: `\\"` ends the string.
    if (text.charCodeAt(i - 1) !== BACKSLASH) return i + 1;
    let backslashes = 1;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i + 1;
  }
}
