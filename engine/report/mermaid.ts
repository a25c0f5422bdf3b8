import { escapeLine } from './escape.js';
import type { DiagramNode, NodeStatus, TrailDiagram } from './trail-diagram.js';

/**
 * The trail diagram as a Mermaid flowchart in a fenced code block, which
 * GitHub renders as a picture in comments, issues and files.
 *
 * Names come from the scanned files, which a pull request author writes. In
 * the block, every label is quoted, and every character of input outside a
 * small safe set is written as a Mermaid entity code (`#34;` for `"`,
 * `#60;` for `<`, `#96;` for a backtick): Mermaid shows the character, but it
 * can neither end the quoted label, start HTML or a Markdown string, nor be
 * read as a directive (`%%{`), a comment or an edge. Line breaks and control
 * characters are first shown escaped (`\n`, `\x1b`) as in the text report, so
 * no line of the block comes from input and nothing can close the fence.
 * Node IDs are generated (`n1`), never taken from input.
 */

/** Labels longer than this are cut with `…`: the picture must stay readable. */
export const MAX_LABEL_CHARS = 80;

const CLASS_STYLE: Record<Exclude<NodeStatus, 'ok'>, string> = {
  failing: 'fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#1f2328',
  warning: 'fill:#fff8c5,stroke:#bf8700,stroke-width:2px,color:#1f2328',
  undetermined: 'fill:#eaeef2,stroke:#6e7781,stroke-dasharray:5 5,color:#1f2328',
  outside: 'fill:#ffffff,stroke:#8c959f,stroke-dasharray:2 2,color:#57606a',
};

/** The fenced block, without a trailing newline. `fileLabel` maps a scan path to the one shown. */
export function mermaidBlock(diagram: TrailDiagram, fileLabel: (file: string) => string): string {
  const lines = ['```mermaid', 'flowchart LR'];
  const ambiguous = ambiguousNames(diagram.nodes);
  for (const node of diagram.nodes) {
    const parts = [mermaidText(node.kind)];
    if (node.name !== '') parts.push(mermaidText(node.name));
    if (node.file !== undefined && ambiguous.has(`${node.kind}\u0000${node.name}`)) parts.push(mermaidText(fileLabel(node.file)));
    if (node.note !== undefined) parts.push(mermaidText(`(${node.note})`));
    lines.push(`  ${node.id}["${parts.join('<br/>')}"]`);
  }
  for (const e of diagram.edges) {
    // Edge labels are our own words (`delivers to`), never input.
    lines.push(`  ${e.from} ${e.dashed ? '-.->' : '-->'}|${e.label}| ${e.to}`);
  }
  for (const [status, style] of Object.entries(CLASS_STYLE) as [Exclude<NodeStatus, 'ok'>, string][]) {
    const ids = diagram.nodes.filter((n) => n.status === status).map((n) => n.id);
    if (ids.length === 0) continue;
    lines.push(`  classDef ${status} ${style}`, `  class ${ids.join(',')} ${status}`);
  }
  lines.push('```');
  return lines.join('\n');
}

/** Safe inside a quoted Mermaid label: letters, digits and `-._:/@,=+ ` as they are, everything else as `#NNN;`. */
export function mermaidText(text: string): string {
  const chars = [...escapeLine(text)];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const encoded = SAFE.test(c) ? c : `#${c.codePointAt(0)};`;
    // Cut long names, counting entity codes at their written length: a name of `<<<…` must not
    // swell the block past what GitHub's Mermaid renders (50,000 characters).
    if (i >= MAX_LABEL_CHARS - 1 && i < chars.length - 1) return `${out}${ELLIPSIS}`;
    if (out.length + encoded.length > MAX_LABEL_WRITTEN - ELLIPSIS.length && i < chars.length - 1) return `${out}${ELLIPSIS}`;
    out += encoded;
  }
  return out;
}

const ELLIPSIS = '#8230;';
/** Written length of a label at most (entity codes included). */
const MAX_LABEL_WRITTEN = 200;

const SAFE = /^[A-Za-z0-9 ._:/@,=+-]$/;

/** Kind and name shared by nodes of different files: those labels also show the file. */
function ambiguousNames(nodes: readonly DiagramNode[]): Set<string> {
  const files = new Map<string, string>();
  const out = new Set<string>();
  for (const n of nodes) {
    if (n.file === undefined) continue;
    const key = `${n.kind}\u0000${n.name}`;
    const seen = files.get(key);
    if (seen === undefined) files.set(key, n.file);
    else if (seen !== n.file) out.add(key);
  }
  return out;
}
