import type { Finding, FindingResource, Severity } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { digest, locationText } from '../report/fingerprint.js';

/**
 * A finding of a rule. Its first-recipe fingerprint (`locationFingerprint`, SARIF `trailguard/v1`) is
 * hashed when first read: only the SARIF report reads it, and a large plan's scan makes 80,000 findings,
 * each of whose two SHA-256 hashes cost as much as its message. What it hashes is kept as its parts (the
 * rule, the finding's resource, the property), not as the joined text, which would hold 10 MB more of a
 * large scan's memory at its peak. The rules compare that text where they compared the hash (one finding
 * per place, evaluate.ts): the same text, the same hash.
 *
 * The getter is on the prototype: reading `finding.locationFingerprint` gives the value as before; a
 * copy made by spreading or `Object.entries` leaves it out (an escaped copy for the text and Markdown
 * reports, which do not show it).
 */
export class RuleFinding implements Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: SourceRange;
  resource: FindingResource;
  catalog: string[];
  fingerprint: string;
  /** The property the finding is about, if any: with the rule and the resource, what the first recipe hashes. */
  readonly #property: string | undefined;
  #locationFingerprint: string | undefined;

  constructor(
    ruleId: string,
    severity: Severity,
    message: string,
    location: SourceRange,
    resource: FindingResource,
    catalog: string[],
    fingerprint: string,
    property: string | undefined,
  ) {
    this.ruleId = ruleId;
    this.severity = severity;
    this.message = message;
    this.location = location;
    this.resource = resource;
    this.catalog = catalog;
    this.fingerprint = fingerprint;
    this.#property = property;
  }

  get locationFingerprint(): string {
    // The text evaluate.ts compared this finding's place by (the resource's file and address, the property).
    this.#locationFingerprint ??= digest(locationText({ ruleId: this.ruleId, file: this.resource.file, address: this.resource.address, property: this.#property }));
    return this.#locationFingerprint;
  }
}
