// Limits of the YAML template reader, shared by its two paths (yaml-template.ts, yaml-fast.ts).

/** Nesting deeper than this is refused before the walk could overflow the stack. */
export const MAX_YAML_DEPTH = 1000;

/**
 * How many nodes alias expansion may produce in one document. Real templates
 * that share a tag list or a policy statement through anchors stay far below;
 * nine levels of ten aliases each (the classic "billion laughs") hit it after
 * a fraction of a second.
 */
export const MAX_ALIAS_EXPANSION_NODES = 100_000;

const LF = 10;
const SPACE = 32;
const TAB = 9;
const COLON = 58;

/**
 * The offset at which the text nests deeper than `max` the way the YAML parser recurses, or -1. The CST
 * parser calls itself once per level of flow collection (`{"a":{"a":…`) and once per implicit key of a
 * line (`e: e: e: …`), before the composer's own depth check; near the stack's end V8 may abort the whole
 * process while compiling a regular expression ("RegExpCompiler Allocation failed"), which no catch
 * stops, so such text is refused before it is parsed. Linear, and an over-estimate on purpose: quotes
 * and comments are not skipped (a `"` inside a plain scalar starts nothing, so skipping "quoted" text
 * could be fooled into missing brackets), every `{` and `[` counts until closed (the depth never drops
 * below zero), and so does every `: ` on a line. Templates come nowhere near a thousand of either.
 */
export function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let keysOnLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      keysOnLine = 0;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) depth--;
    } else if (c === COLON) {
      const next = text.charCodeAt(i + 1);
      if ((next === SPACE || next === TAB) && ++keysOnLine > max) return i;
    }
  }
  return -1;
}
