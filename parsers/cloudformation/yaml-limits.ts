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
