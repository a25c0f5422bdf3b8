// The suppression part of `trailguard scan --help`, and the date expiry is judged against.

import { todayFromEnvironment } from '../engine/suppressions/date.js';

export const SUPPRESSION_HELP = `
Suppressions (each with a reason, optionally an expiry; applies through that day, UTC):
  CloudFormation  Metadata: { trailguard: { ignore: [ { id: RULE, reason: "...", expires: 2027-03-31 } ] } }
  Terraform       # trailguard:ignore RULE[,RULE] expires=2027-03-31 reason...   (in or above the resource)
  .trailguard.yaml
                  suppressions: [ { rule: RULE, path: GLOB, resource: ADDRESS, reason: "...", expires: 2027-03-31 } ]
An expired suppression no longer hides its finding, which names it; a date that is not
YYYY-MM-DD is reported (suppression-invalid) and does not apply; one without a reason applies
and is reported (suppression-without-reason).`;

/** "Today" for expiry: the real UTC date, or TRAILGUARD_TODAY=YYYY-MM-DD in tests. */
export function suppressionToday(): string {
  try {
    return todayFromEnvironment();
  } catch (e) {
    // Reported like a bad argument: one line, exit status 2.
    throw new SuppressionDateError((e as Error).message);
  }
}

export class SuppressionDateError extends Error {}
