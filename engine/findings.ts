import type { Diagnostic } from './diagnostics.js';
import type { SourceRange } from './location.js';

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
  helpUri: string;
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
   * Stable across edits that move lines: rule, file, resource address and the
   * property the finding is about (see engine/report/fingerprint.ts).
   */
  fingerprint: string;
  /**
   * The finding was suppressed in the source (`inSource`) or by `.trailguard.yaml`
   * (`external`): the reason, the expiry if one is set, and where the suppression is written.
   */
  suppressed?: { kind: 'inSource' | 'external'; justification?: string; expires?: string; at?: SourceRange };
  /** Suppressions that named this finding but expired: why it is reported again (engine/suppressions). */
  expiredSuppressions?: ExpiredSuppression[];
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
}
