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
// The text is valid JSON when the scanner runs (JSON.parse accepted it), so
// raw line feeds occur only between tokens and lines are counted on the way.
// Once scanned, the text is released: only the recorded spans stay.

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

/** The key of an entry: `rc::3`, `pv:0.2:5` (section, child-module indices, index). */
export function entryKey(section: string, modulePath: string, index: number): string {
  return `${section}:${modulePath}:${index}`;
}

/** Line/column (1-based) of an entry's first and after-last characters. */
type Span = [startLine: number, startColumn: number, endLine: number, endColumn: number];

export class PlanLocator {
  private text: string | undefined;
  private spans: Map<string, Span> | undefined;

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
  lazyRange(key: string): SourceRange {
    return new LazyRange(this.file, this, key);
  }

  /** The range of the entry `key` (see entryKey); the start of the file if it was not found. */
  range(key: string): SourceRange {
    if (!this.spans) {
      this.spans = new EntryScanner(this.text ?? '').scan();
      this.text = undefined;
    }
    const span = this.spans.get(key);
    if (!span) return { file: this.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    return { file: this.file, start: { line: span[0], column: span[1] }, end: { line: span[2], column: span[3] } };
  }
}

/**
 * A plan entry's range, resolved on first read of `start` or `end` (PlanLocator.lazyRange). One object
 * per entry: the locator and key are private fields (not seen by copies, JSON or Object.keys), and
 * `start` and `end` are own enumerable accessors as on an object literal with getters, but with getter
 * functions shared by every range rather than two closures and a context made for each.
 */
class LazyRange implements SourceRange {
  readonly file: string;
  declare readonly start: Position;
  declare readonly end: Position;
  readonly #locator: PlanLocator;
  readonly #key: string;
  #found: SourceRange | undefined;

  constructor(file: string, locator: PlanLocator, key: string) {
    this.file = file;
    this.#locator = locator;
    this.#key = key;
    Object.defineProperties(this, LAZY_RANGE_ACCESSORS);
  }

  static resolved(range: LazyRange): SourceRange {
    return (range.#found ??= range.#locator.range(range.#key));
  }
}

const LAZY_RANGE_ACCESSORS: PropertyDescriptorMap = {
  start: {
    get(this: LazyRange): Position {
      return LazyRange.resolved(this).start;
    },
    enumerable: true,
    configurable: true,
  },
  end: {
    get(this: LazyRange): Position {
      return LazyRange.resolved(this).end;
    },
    enumerable: true,
    configurable: true,
  },
};

class EntryScanner {
  private pos = 0;
  private line = 1;
  /** Offset of the current line's first character. */
  private lineStart = 0;
  private readonly spans = new Map<string, Span>();

  constructor(private readonly text: string) {}

  scan(): Map<string, Span> {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === LBRACE) this.object(Role.Root, '', '', 0);
    return this.spans;
  }

  /** Reads the object at `pos`, descending into the members that lead to entries. */
  private object(role: Role, section: string, modulePath: string, depth: number): void {
    this.pos++; // {
    for (;;) {
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === RBRACE || this.pos >= this.text.length) {
        this.pos++;
        return;
      }
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      const keyStart = this.pos + 1;
      this.skipString();
      const key = this.text.slice(keyStart, this.pos - 1);
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) === COLON) this.pos++;
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
        if (key === 'planned_values' && c === LBRACE) return this.object(Role.Values, 'pv', '', depth);
        if (key === 'prior_state' && c === LBRACE) return this.object(Role.PriorState, 'ps', '', depth);
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
    this.skipValue();
  }

  /** Reads the array at `pos`: entry spans for resource lists, modules for child_modules. */
  private array(role: Role, section: string, modulePath: string, depth: number): void {
    this.pos++; // [
    let index = 0;
    for (;;) {
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === RBRACKET || this.pos >= this.text.length) {
        this.pos++;
        return;
      }
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      if (role === Role.ChildModules && c === LBRACE) {
        this.object(Role.Module, section, modulePath ? `${modulePath}.${index}` : `${index}`, depth + 1);
      } else {
        const startLine = this.line;
        const startColumn = this.pos - this.lineStart + 1;
        this.skipValue();
        // A later duplicate of the same member replaces the earlier one, as in JSON.parse.
        this.spans.set(entryKey(section, modulePath, index), [startLine, startColumn, this.line, this.pos - this.lineStart + 1]);
      }
      if (this.pos === before) this.pos++; // never stall, even on text JSON.parse did not see
      index++;
    }
  }

  /** Moves past the value at `pos`, whatever it is. */
  private skipValue(): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === QUOTE) return this.skipString();
    if (c !== LBRACE && c !== LBRACKET) {
      // Number or literal: runs to the next delimiter.
      let i = this.pos;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d === COMMA || d === RBRACE || d === RBRACKET || d === SPACE || d === LF || d === CR || d === TAB || i >= text.length) break;
        i++;
      }
      this.pos = i;
      return;
    }
    // A container: count brackets, jump over strings, count lines.
    let depth = 0;
    let i = this.pos;
    const length = text.length;
    while (i < length) {
      const d = text.charCodeAt(i);
      // Whitespace first: in indented plans it is most of what is outside strings.
      if (d <= SPACE) {
        if (d === LF) {
          this.line++;
          this.lineStart = i + 1;
        }
        i++;
        continue;
      }
      if (d === QUOTE) {
        i = stringEnd(text, i);
        continue;
      }
      if (d === LBRACE || d === LBRACKET) {
        depth++;
      } else if ((d === RBRACE || d === RBRACKET) && --depth === 0) {
        i++;
        break;
      }
      i++;
    }
    this.pos = i;
  }

  private skipString(): void {
    this.pos = stringEnd(this.text, this.pos);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        this.line++;
        this.lineStart = i + 1;
      } else if (c !== SPACE && c !== CR && c !== TAB) {
        break;
      }
      i++;
    }
    this.pos = i;
  }
}

/** Offset just past the string whose opening quote is at `open` (JSON strings hold no raw line feeds). */
function stringEnd(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i + 1;
  }
}
