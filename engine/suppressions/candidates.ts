// Which written suppressions name a finding's rule on its resource.
//
// The rule evaluator knows both resources a finding concerns (the one it is
// about and the one it is reported at); whether a suppression still applies
// (its expiry, its date's validity) is decided after all rules ran, in one
// place (apply.ts). This table carries the first to the second without
// widening the Finding type that every reporter reads.

import type { Finding } from '../findings.js';
import type { Suppression } from '../graph.js';

const candidates = new WeakMap<Finding, Suppression[]>();

/** Suppressions on `resources` that name `ruleId`, an alias of it, or `*`. */
export function matchingSuppressions(resources: readonly { suppressions: readonly Suppression[] }[], ruleId: string, aliases: readonly string[]): Suppression[] {
  const out: Suppression[] = [];
  for (const r of resources) {
    for (const s of r.suppressions) if (s.ruleId === ruleId || s.ruleId === '*' || aliases.includes(s.ruleId)) out.push(s);
  }
  return out;
}

export function setCandidates(finding: Finding, list: Suppression[]): void {
  if (list.length > 0) candidates.set(finding, list);
}

export function candidatesOf(finding: Finding): readonly Suppression[] {
  return candidates.get(finding) ?? [];
}
