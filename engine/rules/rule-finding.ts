import type { Finding, FindingResource, Severity } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { digest } from '../report/fingerprint.js';

/**
 * A finding of a rule. Its first-recipe fingerprint (`locationFingerprint`, SARIF `trailguard/v1`) is
 * hashed when first read, from the text it is the hash of: only the SARIF report reads it, and a large
 * plan's scan makes 80,000 findings, each of whose two SHA-256 hashes cost as much as its message. The
 * rules compare that text where they compared the hash (one finding per place, evaluate.ts): the same
 * text, the same hash.
 *
 * The getter is on the prototype: reading `finding.locationFingerprint` gives the value as before; a
 * copy made by spreading or `Object.entries` leaves it out (the text and Markdown reports' escaped
 * copies, which do not show it).
 */
export class RuleFinding implements Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: SourceRange;
  resource: FindingResource;
  catalog: string[];
  fingerprint: string;
  /** What `locationFingerprint` is the hash of (fingerprint.ts, locationText). */
  readonly #locationText: string;
  #locationFingerprint: string | undefined;

  constructor(
    ruleId: string,
    severity: Severity,
    message: string,
    location: SourceRange,
    resource: FindingResource,
    catalog: string[],
    fingerprint: string,
    locationText: string,
  ) {
    this.ruleId = ruleId;
    this.severity = severity;
    this.message = message;
    this.location = location;
    this.resource = resource;
    this.catalog = catalog;
    this.fingerprint = fingerprint;
    this.#locationText = locationText;
  }

  get locationFingerprint(): string {
    return (this.#locationFingerprint ??= digest(this.#locationText));
  }
}
