// Suppressions in `.trailguard.yaml`:
//
//   suppressions:
//     - rule: cloudtrail-multi-region
//       path: sandbox/**            # glob over repository-relative paths (optional)
//       resource: aws_cloudtrail.sandbox*   # resource address or logical ID, glob (optional)
//       reason: regional sandbox; the organization trail covers every region
//       expires: 2027-03-31         # optional; applies through that day (UTC)
//
// Wrong shapes (an unknown field, a rule that is not a string) are
// configuration errors, as everywhere in this file. A date that is not one
// is not: like in the other suppression forms it is reported at its line and
// the suppression does not apply (engine/suppressions/apply.ts), so the
// scan still tells the user everything else.

import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Suppression } from '../graph.js';
import type { SourceRange } from '../../core/location.js';
import { excerpt } from '../report/escape.js';

export interface ConfigSuppression {
  suppression: Suppression;
  /** Glob over the finding's repository-relative file. */
  path?: string;
  /** Glob over the finding's resource address (Terraform address or CloudFormation logical ID). */
  resource?: string;
}

export const CONFIG_SUPPRESSION_FIELDS = ['rule', 'path', 'resource', 'reason', 'expires'] as const;

/** Thrown as the caller's configuration error type, with file and line. */
export type ErrorFactory = (message: string) => Error;

export function parseConfigSuppressions(file: string, doc: Document, lines: LineCounter, fail: ErrorFactory): ConfigSuppression[] {
  const node = doc.get('suppressions', true) as Node | undefined;
  if (node === undefined || node === null) return [];
  const where = (n: Node | undefined): SourceRange => rangeOf(file, n, lines);
  const at = (n: Node | undefined): string => `${file}:${where(n).start.line}`;
  if (!isSeq(node)) throw fail(`${at(node)}: 'suppressions' must be a list of {rule, path, resource, reason, expires}`);
  return node.items.map((item, i) => {
    const itemNode = item as Node;
    if (!isMap(itemNode)) throw fail(`${at(itemNode)}: suppressions[${i}] must be a mapping with rule, reason and optionally path, resource, expires`);
    const rec = itemNode.toJS(doc) as Record<string, unknown>;
    const out: ConfigSuppression = { suppression: { ruleId: '', range: where(itemNode), tool: 'trailguard' } };
    for (const [k, v] of Object.entries(rec)) {
      const valueNode = itemNode.get(k, true) as Node | undefined;
      if (!(CONFIG_SUPPRESSION_FIELDS as readonly string[]).includes(k)) {
        throw fail(`${at(valueNode ?? itemNode)}: unknown field suppressions[${i}].${excerpt(k)} (known: ${CONFIG_SUPPRESSION_FIELDS.join(', ')})`);
      }
      // An expiry written as a YAML date-like number or a mapping is still reported as "not a date" below.
      if (k !== 'expires' && (typeof v !== 'string' || v.trim() === '')) throw fail(`${at(valueNode)}: suppressions[${i}].${k} must be a non-empty string`);
      if (k === 'rule') out.suppression.ruleId = v as string;
      else if (k === 'path') out.path = v as string;
      else if (k === 'resource') out.resource = v as string;
      else if (k === 'reason') out.suppression.reason = v as string;
      else if (v !== null && v !== undefined) {
        out.suppression.expires = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
        out.suppression.expiresRange = where(valueNode);
      }
    }
    if (!out.suppression.ruleId) throw fail(`${at(itemNode)}: suppressions[${i}] needs a rule (a rule id)`);
    return out;
  });
}

function rangeOf(file: string, node: Node | undefined, lines: LineCounter): SourceRange {
  const r = node?.range;
  if (!r) return { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const start = lines.linePos(r[0]);
  const end = lines.linePos(r[1]);
  return { file, start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
}
