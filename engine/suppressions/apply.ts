// Deciding, after all rules ran, which written suppressions hide which findings.
//
// A suppression applies to a finding it names (engine/suppressions/candidates.ts
// for those written next to a resource, `matches` below for `.trailguard.yaml`)
// unless its expiry is not a date (reported, and it does not apply) or has
// passed (it no longer applies; the finding carries which suppression expired
// where). Every suppression in the scan is then checked once on its own: a
// trailguard suppression without a reason is a finding, another tool's is a
// note (their syntax often has no place for one, and the user wrote it for
// that tool), and with `reportUnused` one that named no finding is a finding.

import type { Diagnostic } from '../../core/diagnostics.js';
import type { ExpiredSuppression, Finding, FindingResource, RuleMeta } from '../findings.js';
import type { Resource, Suppression } from '../graph.js';
import type { SourceRange } from '../../core/location.js';
import { globMatch } from '../iam/wildcard.js';
import { excerpt } from '../report/escape.js';
import { fingerprint } from '../report/fingerprint.js';
import { candidatesOf } from './candidates.js';
import type { ConfigSuppression } from './config.js';
import { isExpired, parseExpiryDate } from './date.js';
import { SUPPRESSION_INVALID_RULE, SUPPRESSION_UNUSED_RULE, SUPPRESSION_WITHOUT_REASON_RULE } from './rules.js';

export interface SuppressionSettings {
  /** `YYYY-MM-DD`, UTC (see date.ts: injectable for tests). */
  today: string;
  /** From `.trailguard.yaml`, with ranges in repository-relative paths. */
  config?: readonly ConfigSuppression[];
  /** Report suppressions that named no finding (`--report-unused-suppressions`). */
  reportUnused?: boolean;
  /** Other tools' ids that some rule honours (rule `aliases`): only those concern trailguard. */
  honouredAliases: ReadonlySet<string>;
}

export interface SuppressionOutcome {
  /** Findings about suppressions themselves (no reason, not a date, unused). */
  findings: Finding[];
  /** Notes: other tools' suppressions without a reason. */
  diagnostics: Diagnostic[];
  /** The built-in rules those findings belong to, for the reports' rule lists. */
  rules: RuleMeta[];
}

/** One written suppression, however many resources (Terraform instances, plan and source) carry it. */
interface Written {
  suppression: Suppression;
  /** The resource it is written on (its address), or `.trailguard.yaml`. */
  owner: string;
  fallback: SourceRange | undefined;
  matched: boolean;
  config?: ConfigSuppression;
  /** The resource it is written on, which its own findings name. */
  resource?: FindingResource;
}

/** Sets `suppressed` or `expiredSuppressions` on `findings` (in place) and reports on the suppressions. */
export function applySuppressions(findings: readonly Finding[], resources: readonly Resource[], settings: SuppressionSettings): SuppressionOutcome {
  const written = collect(resources, settings.config ?? []);
  // `.trailguard.yaml` entries by rule id: each finding looks only at those naming its rule.
  const fromConfig = new Map<string, Written[]>();
  for (const w of written.values()) {
    if (!w.config) continue;
    const list = fromConfig.get(w.suppression.ruleId);
    if (list) list.push(w);
    else fromConfig.set(w.suppression.ruleId, [w]);
  }
  for (const f of findings) {
    const named: Written[] = [];
    for (const s of candidatesOf(f)) {
      let w = written.get(keyOf(s));
      if (!w) {
        // Carried by a resource outside the graph's list (a stand-in): still a written suppression.
        w = { suppression: s, owner: f.resource?.address ?? '', fallback: f.resource ? undefined : f.location, matched: false, ...(f.resource ? { resource: f.resource } : {}) };
        written.set(keyOf(s), w);
      }
      named.push(w);
    }
    for (const w of fromConfig.get(f.ruleId) ?? []) if (matches(w.config!, f)) named.push(w);
    decide(f, named, settings.today);
  }
  return report([...written.values()], settings);
}

function decide(f: Finding, named: readonly Written[], today: string): void {
  const expired: ExpiredSuppression[] = [];
  for (const w of named) {
    w.matched = true;
    const s = w.suppression;
    if (s.expires !== undefined) {
      const day = parseExpiryDate(s.expires);
      if (day === undefined) continue;
      if (isExpired(day, today)) {
        expired.push({ ruleId: s.ruleId, expires: day, at: s.range ?? w.fallback ?? f.location, ...(s.reason ? { reason: s.reason } : {}) });
        continue;
      }
    }
    if (f.suppressed) continue;
    f.suppressed = {
      kind: w.config ? 'external' : 'inSource',
      ...(s.reason ? { justification: s.reason } : {}),
      ...(s.expires !== undefined ? { expires: s.expires } : {}),
      ...(s.range ?? w.fallback ? { at: (s.range ?? w.fallback)! } : {}),
    };
  }
  if (f.suppressed) delete f.expiredSuppressions;
  else if (expired.length > 0) f.expiredSuppressions = expired;
}

/** A `.trailguard.yaml` suppression names the finding's rule and, if given, its path and resource. */
function matches(c: ConfigSuppression, f: Finding): boolean {
  const s = c.suppression;
  if (s.ruleId !== f.ruleId) return false;
  if (c.path !== undefined && !globMatch(c.path, f.location.file) && !(f.resource && globMatch(c.path, f.resource.file))) return false;
  if (c.resource !== undefined && !(f.resource && globMatch(c.resource, f.resource.address))) return false;
  return true;
}

function collect(resources: readonly Resource[], config: readonly ConfigSuppression[]): Map<string, Written> {
  const out = new Map<string, Written>();
  for (const r of resources) {
    for (const s of r.suppressions) {
      const key = keyOf(s);
      if (out.has(key)) continue;
      const resource: FindingResource = { address: r.address, kind: r.kind, nativeType: r.nativeType, file: r.file, ...(r.constructPath ? { constructPath: r.constructPath } : {}) };
      out.set(key, { suppression: s, owner: r.address, fallback: r.range, matched: false, resource });
    }
  }
  for (const c of config) out.set(keyOf(c.suppression), { suppression: c.suppression, owner: '.trailguard.yaml', fallback: undefined, matched: false, config: c });
  return out;
}

const unplaced = new WeakMap<Suppression, string>();
let unplacedCount = 0;

/** The same comment or Metadata entry reaches several resources (instances, plan and source): one key. */
function keyOf(s: Suppression): string {
  if (s.range) return `${s.range.file}\u0000${s.range.start.line}\u0000${s.range.start.column}\u0000${s.ruleId}`;
  let k = unplaced.get(s);
  if (k === undefined) unplaced.set(s, (k = `#${unplacedCount++}`));
  return k;
}

function report(all: readonly Written[], settings: SuppressionSettings): SuppressionOutcome {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const w of all) {
    const s = w.suppression;
    const ours = (s.tool ?? 'trailguard') === 'trailguard';
    // Another tool's id that no trailguard rule honours is that tool's business, not ours.
    if (!ours && !settings.honouredAliases.has(s.ruleId)) continue;
    const at = s.range ?? w.fallback;
    if (!at) continue;
    const what = `this suppression of ${excerpt(s.ruleId, 80)}`;
    let day: string | undefined;
    if (s.expires !== undefined) {
      day = parseExpiryDate(s.expires);
      if (day === undefined) {
        findings.push(problem(SUPPRESSION_INVALID_RULE, s.expiresRange ?? at, w, `The expiry ${excerpt(s.expires)} of ${what} is not a date written YYYY-MM-DD, so the suppression does not apply.`));
      }
    }
    if (!s.reason || s.reason.trim() === '') {
      if (ours) {
        findings.push(problem(SUPPRESSION_WITHOUT_REASON_RULE, at, w, `${capitalize(what)} gives no reason; it applies, but say why the finding is accepted${w.config ? ' (reason:)' : ''}.`));
      } else {
        diagnostics.push({
          level: 'note',
          code: SUPPRESSION_WITHOUT_REASON_RULE.id,
          file: at.file,
          range: at,
          message: `${s.tool} suppression of ${excerpt(s.ruleId, 80)} gives no reason; it applies (trailguard honours it as ${s.tool} does).`,
        });
      }
    }
    if (settings.reportUnused && !w.matched) {
      const state = day !== undefined && isExpired(day, settings.today) ? ` (it expired ${day})` : '';
      findings.push(problem(SUPPRESSION_UNUSED_RULE, at, w, `${capitalize(what)} matches no finding${state}: it hides nothing and can be removed.`));
    }
  }
  const used = new Set(findings.map((f) => f.ruleId));
  return { findings, diagnostics, rules: [SUPPRESSION_WITHOUT_REASON_RULE, SUPPRESSION_INVALID_RULE, SUPPRESSION_UNUSED_RULE].filter((r) => used.has(r.id)) };
}

function problem(rule: RuleMeta, location: SourceRange, w: Written, message: string): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message,
    location,
    ...(w.resource ? { resource: w.resource } : {}),
    catalog: rule.catalog,
    // Stable across moved lines: the file, the resource it is written on and the rule it names.
    fingerprint: fingerprint({ ruleId: rule.id, file: location.file, address: w.owner, property: w.suppression.ruleId }),
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
