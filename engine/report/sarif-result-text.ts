import type { LogicalLocation, PhysicalLocation, Result } from 'sarif';
import type { Finding, FindingResource } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { quotedOnce, valueAt } from './json-chunks.js';
import { SARIF_LEVEL } from './severity.js';

/** Spaces before a result (`results` is a key of the run, in `runs`, in the log). */
const ITEM = 8;
/** Spaces before a result's keys. */
const KEY = ITEM + 2;
/** Spaces before the keys of a result's one location (inside `locations`). */
const LOCATION_KEY = KEY + 4;
/** Spaces before the keys of `properties`. */
const PROPERTY_KEY = KEY + 2;

export interface ResultTextParts {
  /** The result as the log's object: what JSON.stringify writes (sarif.ts). */
  toSarif: (finding: Finding) => Result;
  physicalLocation: (file: string, range: SourceRange) => PhysicalLocation;
  /** The logical locations sarif.ts gives a finding's resource. */
  logicalLocations: (resource: FindingResource) => LogicalLocation[];
  ruleIndex: (ruleId: string) => number;
  /** The keys of partialFingerprints: the first recipe's and the second's (sarif.ts). */
  fingerprintKeys: [v1: string, v2: string];
}

/**
 * A writer of the SARIF log's results as text, byte for byte what JSON.stringify(parts.toSarif(f), null, 2)
 * writes for each at eight spaces in, without making that object (as json-finding-text.ts does for the
 * JSON report): the parts findings share are written once each, by JSON.stringify itself, and kept by
 * identity (a finding's physical location by its range, its logical locations by its resource, its
 * catalog list). A finding that is suppressed or carries an expired suppression (its message then names
 * it) is written by JSON.stringify whole.
 */
export function resultTextWriter(parts: ResultTextParts): (f: Finding, out: string[]) => void {
  const physical = new WeakMap<SourceRange, string>();
  const logical = new WeakMap<FindingResource, string>();
  const catalogs = new WeakMap<readonly string[], string>();
  /** Rule ids, levels and baseline states: a few dozen strings, quoted once each. */
  const quote = quotedOnce();
  const v1 = `\n            ${JSON.stringify(parts.fingerprintKeys[0])}: `;
  const v2 = `\n            ${JSON.stringify(parts.fingerprintKeys[1])}: `;
  return (f, out) => {
    if (f.suppressed || (f.expiredSuppressions !== undefined && f.expiredSuppressions.length > 0)) {
      out.push(valueAt(parts.toSarif(f), ITEM));
      return;
    }
    let physicalLocation = physical.get(f.location);
    if (physicalLocation === undefined) {
      physical.set(f.location, (physicalLocation = valueAt(parts.physicalLocation(f.location.file, f.location), LOCATION_KEY)));
    }
    let logicalLocations: string | undefined;
    if (f.resource) {
      logicalLocations = logical.get(f.resource);
      if (logicalLocations === undefined) logical.set(f.resource, (logicalLocations = valueAt(parts.logicalLocations(f.resource), LOCATION_KEY)));
    }
    let catalog = catalogs.get(f.catalog);
    if (catalog === undefined) catalogs.set(f.catalog, (catalog = valueAt([...f.catalog], PROPERTY_KEY)));
    // The keys in the order sarifResult makes them (sarif.ts); no suppressions here (above), and the
    // message is the finding's own (no expired suppression to name).
    out.push(
      '{\n          "ruleId": ',
      quote(f.ruleId),
      ',\n          "ruleIndex": ',
      JSON.stringify(parts.ruleIndex(f.ruleId)),
      ',\n          "level": ',
      quote(SARIF_LEVEL[f.severity]),
      ',\n          "message": {\n            "text": ',
      JSON.stringify(f.message),
      '\n          },\n          "locations": [\n            {\n              "physicalLocation": ',
      physicalLocation,
    );
    if (logicalLocations !== undefined) out.push(',\n              "logicalLocations": ', logicalLocations);
    out.push('\n            }\n          ],\n          "partialFingerprints": {');
    if (f.locationFingerprint) out.push(v1, JSON.stringify(f.locationFingerprint), ',');
    out.push(v2, JSON.stringify(f.fingerprint), '\n          },\n          "properties": {\n            "catalog": ', catalog, '\n          }');
    if (f.baselineState) out.push(',\n          "baselineState": ', quote(f.baselineState));
    out.push('\n        }');
  };
}
