import type { Finding, FindingResource } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { quotedOnce, valueAt } from './json-chunks.js';
import type { JsonFinding, JsonLocation, JsonResource } from './json.js';

/** Spaces before a finding of the JSON report (`findings` is a key of the top-level object). */
const ITEM = 4;
/** Spaces before a finding's keys. */
const KEY = ITEM + 2;

export interface FindingTextParts {
  /** The finding as the report's object: what JSON.stringify writes. */
  toJson: (f: Finding) => JsonFinding;
  location: (range: SourceRange) => JsonLocation;
  resource: (r: FindingResource) => JsonResource;
}

/**
 * A writer of the JSON report's findings as text, byte for byte what JSON.stringify(parts.toJson(f), null, 2)
 * writes for each at four spaces in, without making that object: in a large plan's scan (80,000 findings)
 * the objects made only to be serialised, and the serialiser's indentation, were most of the report's time.
 *
 * The parts findings share are written once each, by JSON.stringify itself, and kept by identity: a
 * finding's location (a resource's range, shared by every finding there), its resource (one object per
 * resource, engine/rules/evaluate.ts) and its rule's catalog list. Only the message and the fingerprint
 * are the finding's own. A finding with a suppression or an expired one (rare, and shaped by what the
 * user wrote) is written by JSON.stringify whole.
 */
export function findingTextWriter(parts: FindingTextParts): (f: Finding, out: string[]) => void {
  const locations = new WeakMap<SourceRange, string>();
  const resources = new WeakMap<FindingResource, string>();
  const catalogs = new WeakMap<readonly string[], string>();
  /** Rule ids and severities: a few dozen strings, quoted once each. */
  const quote = quotedOnce();
  return (f, out) => {
    if (f.suppressed || (f.expiredSuppressions !== undefined && f.expiredSuppressions.length > 0)) {
      out.push(valueAt(parts.toJson(f), ITEM));
      return;
    }
    let location = locations.get(f.location);
    if (location === undefined) locations.set(f.location, (location = valueAt(parts.location(f.location), KEY)));
    let resource = 'null';
    if (f.resource) {
      const known = resources.get(f.resource);
      if (known === undefined) resources.set(f.resource, (resource = valueAt(parts.resource(f.resource), KEY)));
      else resource = known;
    }
    let catalog = catalogs.get(f.catalog);
    if (catalog === undefined) catalogs.set(f.catalog, (catalog = valueAt([...f.catalog], KEY)));
    // The keys in the order toJson makes them (json.ts); `suppressed` is null and `expiredSuppressions`
    // empty here (above).
    out.push(
      '{\n      "ruleId": ',
      quote(f.ruleId),
      ',\n      "severity": ',
      quote(f.severity),
      ',\n      "message": ',
      JSON.stringify(f.message),
      ',\n      "location": ',
      location,
      ',\n      "resource": ',
      resource,
      ',\n      "catalog": ',
      catalog,
      ',\n      "fingerprint": ',
      JSON.stringify(f.fingerprint),
      ',\n      "suppressed": null,\n      "baselineState": ',
      f.baselineState ? quote(f.baselineState) : 'null',
      ',\n      "expiredSuppressions": []\n    }',
    );
  };
}
