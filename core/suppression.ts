import type { SourceRange } from './location.js';

/** Whose syntax a suppression is written in. */
export type SuppressionTool = 'trailguard' | 'checkov' | 'tfsec' | 'trivy' | 'cfn-guard' | 'cfn_nag' | 'cdk-nag';

/** An inline suppression written next to the resource (CloudFormation Metadata, HCL comment). */
export interface Suppression {
  ruleId: string;
  reason?: string;
  range?: SourceRange;
  /** The expiry as written (`YYYY-MM-DD` when valid); checked when suppressions are applied (engine/suppressions). */
  expires?: string;
  /** Where the expiry is written, to report a date that is not one. */
  expiresRange?: SourceRange;
  /**
   * Whose syntax: trailguard's own forms must give a reason; the forms of
   * other tools (checkov, tfsec, trivy, cfn-guard, cfn_nag, cdk-nag) are
   * honoured as those tools define them. Absent means trailguard.
   */
  tool?: SuppressionTool;
}
