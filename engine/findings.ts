import type { Diagnostic } from '../core/diagnostics.js';
import type { ResourceGraph } from './graph.js';
import type { SourceRange } from '../core/location.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank for sorting and thresholds: critical = 4 … low = 1. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

/** What reporters need to know about a rule (from its YAML file). */
export interface RuleMeta {
  id: string;
  /** PascalCase name for SARIF `name`. */
  name: string;
  title: string;
  description: string;
  severity: Severity;
  /** Catalog check IDs (P1.2, C4.5, B2.3) and misconfiguration IDs (M1). */
  catalog: string[];
  securityHub: string[];
  cis: string[];
  tags: string[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** Markdown help: why it matters and how to fix it. */
  help: string;
  remediation: { terraform?: string; cloudformation?: string };
  /** A link to the rule's documentation; omitted until the project has a public home. */
  helpUri?: string;
  /** The rule's full page (rules/<id>/README.md) as Markdown, attached for SARIF `help` (engine/rules/pages.ts). */
  page?: string;
}

/** The resource a finding concerns. */
export interface FindingResource {
  /** Logical ID or Terraform address: the SARIF logical location. */
  address: string;
  kind: string;
  nativeType: string;
  file: string;
  /** The AWS CDK construct path, for resources from a `cdk synth` template. */
  constructPath?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Where to annotate: the property's line, or the resource's when the property is missing. */
  location: SourceRange;
  resource?: FindingResource;
  catalog: string[];
  /**
   * Stable across edits that move lines or reformat: rule, file, resource
   * address, the property the finding is about, and its cause (the message
   * without positions). What baselines and `--new-since` compare; SARIF
   * `trailguard/v2` (see engine/report/fingerprint.ts).
   */
  fingerprint: string;
  /** The first recipe (no cause), kept as SARIF `trailguard/v1` so older code scanning alerts still match. */
  locationFingerprint?: string;
  /**
   * The finding was suppressed in the source (`inSource`) or by `.trailguard.yaml`
   * (`external`): the reason, the expiry if one is set, and where the suppression is written.
   */
  suppressed?: { kind: 'inSource' | 'external'; justification?: string; expires?: string; at?: SourceRange };
  /** Suppressions that named this finding but expired: why it is reported again (engine/suppressions). */
  expiredSuppressions?: ExpiredSuppression[];
  /**
   * Against a baseline or `--new-since`: `new` when the reference does not
   * have it, `unchanged` when it does (then it does not count for --fail-on).
   * Unset when nothing was compared (engine/baseline.ts).
   */
  baselineState?: 'new' | 'unchanged';
}

/** A suppression whose `expires` date has passed: it no longer hides the finding it names. */
export interface ExpiredSuppression {
  /** The id as written: a trailguard rule id, `*`, or another tool's id. */
  ruleId: string;
  expires: string;
  /** Where the suppression is written (file and line). */
  at: SourceRange;
  reason?: string;
}

/** A finding the baseline or the earlier revision has and this scan no longer finds. */
export interface AbsentFinding {
  fingerprint: string;
  ruleId: string;
  /** Repository-relative path. */
  file: string;
  /** Resource address, when the finding was about a resource. */
  resource: string | null;
  message: string;
  /** Where its resource is now, when the scan still has the resource (the baseline keeps no lines). */
  location?: SourceRange;
}

/** What the findings were compared with (set only with a baseline or `--new-since`). */
export interface Comparison {
  /** The baseline file as given or found, when one was read. */
  baselineFile?: string;
  /** The revision of `--new-since`, as given. */
  newSince?: string;
  /** In the reference, not in this scan: fixed or gone. */
  absent: AbsentFinding[];
}

/** A check that could not be decided because a value is known only after deployment. */
export interface Undetermined {
  ruleId: string;
  resource: FindingResource;
  location: SourceRange;
  reason: string;
}

export interface ScanResult {
  /** Directory paths are reported relative to (repository root, usually cwd). */
  root: string;
  files: string[];
  rules: RuleMeta[];
  findings: Finding[];
  undetermined: Undetermined[];
  diagnostics: Diagnostic[];
  toolVersion: string;
  /** Milliseconds spent, for the text summary. */
  elapsedMs: number;
  /** The linked resource graph the findings come from: the Markdown report draws each trail's part of it. */
  graph?: ResourceGraph;
  /** Set when a baseline or `--new-since` was in effect; findings then carry baselineState. */
  comparison?: Comparison;
}
