import type { Finding } from '../findings.js';

/** A practice of CATALOG.md: the 12 CloudTrail practices (P) and the six summary best practices (B). */
export interface Practice {
  id: string;
  title: string;
}

export const PRACTICES: readonly Practice[] = [
  { id: 'P1', title: 'Organization trail across all regions' },
  { id: 'P2', title: 'KMS encryption for trail logs' },
  { id: 'P3', title: 'Log file integrity validation' },
  { id: 'P4', title: 'S3 bucket hardening' },
  { id: 'P5', title: 'CloudWatch Logs integration with metric filters' },
  { id: 'P6', title: 'Data event logging' },
  { id: 'P7', title: 'Network Activity Events' },
  { id: 'P8', title: 'Insights' },
  { id: 'P9', title: 'SCP anti-tampering protection' },
  { id: 'P10', title: 'CloudTrail Lake' },
  { id: 'P11', title: 'Athena + Security Hub' },
  { id: 'P12', title: 'Continuous audit with Config rules' },
  { id: 'B1', title: 'User groups control who manages trails' },
  { id: 'B2', title: 'Central bucket: least privilege, retention, MFA delete' },
  { id: 'B3', title: 'Monitor changes to CloudTrail itself' },
  { id: 'B4', title: 'CloudWatch alarms for automated monitoring' },
  { id: 'B5', title: 'Alarms and SNS topics are secured' },
  { id: 'B6', title: 'CloudTrail combined with AWS Config' },
];

const PRACTICE_ORDER = new Map(PRACTICES.map((p, i) => [p.id, i]));

/** The misconfiguration table's rows, by the practice whose checks they list. */
const MISCONFIGURATION_PRACTICE: Record<string, string> = {
  M1: 'P1',
  M2: 'P2',
  M3: 'P3',
  M4: 'P4',
  M5: 'P5',
  M6: 'P6',
  M7: 'P9',
};

/**
 * The practice a catalog ID belongs to: `P1.2` → P1, `B2.3` → B2, the CIS
 * metric-filter checks `C4.x` → P5 (they are P5's filters), `M4` → P4.
 * Undefined for IDs outside the catalog.
 */
export function practiceOf(catalogId: string): string | undefined {
  const id = catalogId.trim().toUpperCase();
  let practice: string | undefined;
  const numbered = /^([PB]\d+)(?:\.\d+)?$/.exec(id);
  if (numbered) practice = numbered[1];
  else if (/^C4(?:\.\d+)?$/.test(id)) practice = 'P5';
  else practice = MISCONFIGURATION_PRACTICE[id];
  return practice !== undefined && PRACTICE_ORDER.has(practice) ? practice : undefined;
}

export interface PracticeSummary {
  practice: Practice;
  /** Findings that serve this practice; a finding citing P1.2 and M1 counts once. */
  findings: number;
  /** The catalog IDs those findings cite within this practice, in natural order. */
  checks: string[];
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Natural order of catalog IDs (`P4.2` before `P4.10`): runs of digits compare by value, anything else by
 * character code. (Not Intl.Collator: its first use loads ICU collation data, ~10 ms of a scan.)
 */
export function naturalOrder(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let si = i;
      let sj = j;
      while (si < a.length && a.charCodeAt(si) === 48) si++;
      while (sj < b.length && b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      let ej = sj;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

/** Check IDs before the misconfiguration IDs that restate them: `P1.2 M1`, `P4.1 P4.10 M4`. */
const checkOrder = (a: string, b: string) => Number(a.startsWith('M')) - Number(b.startsWith('M')) || naturalOrder(a, b);

/** Findings per practice, in catalog order, listing only practices with findings. */
export function summarizeByPractice(findings: readonly Finding[]): PracticeSummary[] {
  const byPractice = new Map<string, { findings: number; checks: Set<string> }>();
  // Indexed loops: every finding passes here (no iterator or entry pair per catalog ID).
  for (let f = 0; f < findings.length; f++) {
    const { ids, practices, distinct } = practicesOf(findings[f]!.catalog);
    for (let i = 0; i < ids.length; i++) {
      let entry = byPractice.get(practices[i]!);
      if (!entry) byPractice.set(practices[i]!, (entry = { findings: 0, checks: new Set() }));
      entry.checks.add(ids[i]!);
    }
    // A finding citing P1.2 and M1 counts once for P1.
    for (let i = 0; i < distinct.length; i++) byPractice.get(distinct[i]!)!.findings++;
  }
  return PRACTICES.filter((p) => byPractice.has(p.id)).map((practice) => {
    const entry = byPractice.get(practice.id)!;
    return { practice, findings: entry.findings, checks: [...entry.checks].sort(checkOrder) };
  });
}

/**
 * A catalog list's IDs that belong to a practice, and their practices, worked out once per list: the
 * findings of one rule share its list (80,000 findings of a large plan, a few dozen lists).
 */
const practiceLists = new WeakMap<readonly string[], CatalogPractices>();

interface CatalogPractices {
  ids: string[];
  /** The practice of each of `ids`. */
  practices: string[];
  /** The same, each once. */
  distinct: string[];
}

function practicesOf(catalog: readonly string[]): CatalogPractices {
  let known = practiceLists.get(catalog);
  if (!known) {
    const ids: string[] = [];
    const practices: string[] = [];
    for (const id of catalog) {
      const practice = practiceOf(id);
      if (!practice) continue;
      ids.push(id);
      practices.push(practice);
    }
    known = { ids, practices, distinct: [...new Set(practices)] };
    practiceLists.set(catalog, known);
  }
  return known;
}
