// Built-in rules that report suppressions themselves (engine/suppressions/apply.ts).
//
// They are findings, not only notes, because a suppression is a decision a
// reviewer should see where code scanning shows findings: one that gives no
// reason, one whose expiry is not a date (so it stops hiding anything), and,
// with `--report-unused-suppressions`, one that hides nothing. All are low:
// they concern the bookkeeping, and whatever the suppression stops hiding is
// reported with its own severity.

import type { RuleMeta } from '../findings.js';

const common = {
  catalog: [],
  securityHub: [],
  cis: [],
  tags: ['suppression', 'maintainability'],
  precision: 'very-high' as const,
  remediation: {},
};

export const SUPPRESSION_WITHOUT_REASON_RULE: RuleMeta = {
  ...common,
  id: 'suppression-without-reason',
  name: 'SuppressionWithoutReason',
  title: 'Suppression gives no reason',
  description: 'A trailguard suppression (CloudFormation Metadata, a `.tf` comment or `.trailguard.yaml`) hides a finding without saying why. It still applies.',
  severity: 'low',
  help: 'Say why the finding is accepted: `reason:` in CloudFormation Metadata and `.trailguard.yaml`, the text after the rule id (and after `expires=YYYY-MM-DD`) in a `.tf` comment. Reviewers and auditors read it; an expiry date (`expires`) makes the exception come back for review.',
};

export const SUPPRESSION_INVALID_RULE: RuleMeta = {
  ...common,
  id: 'suppression-invalid',
  name: 'SuppressionInvalid',
  title: 'Suppression expiry is not a date',
  description: 'The expiry of a suppression is not a calendar date written YYYY-MM-DD, so the suppression does not apply: whatever it named is reported.',
  severity: 'low',
  help: 'Write the expiry as `YYYY-MM-DD` (`expires: 2027-03-31` in YAML, `expires=2027-03-31` right after the rule id in a `.tf` comment). The day must exist (`2027-02-30` does not); words such as `tomorrow` are not read.',
};

export const SUPPRESSION_UNUSED_RULE: RuleMeta = {
  ...common,
  id: 'suppression-unused',
  name: 'SuppressionUnused',
  title: 'Suppression matches no finding',
  description: 'A suppression names a rule that reports nothing on its resource (or, in `.trailguard.yaml`, on its paths): it hides nothing, so it can be removed. Reported only with `--report-unused-suppressions`.',
  severity: 'low',
  help: 'Remove the suppression, or correct its rule id, path or resource address if it was meant to hide a finding that is still reported.',
};

export const SUPPRESSION_RULES: readonly RuleMeta[] = [SUPPRESSION_WITHOUT_REASON_RULE, SUPPRESSION_INVALID_RULE, SUPPRESSION_UNUSED_RULE];
