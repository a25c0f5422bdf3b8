import type { Finding, FindingResource, Undetermined } from '../findings.js';
import type { SourceRange } from '../../core/location.js';
import { quotedOnce, valueAt } from './json-chunks.js';
import type { JsonFinding, JsonLocation, JsonResource, JsonUndetermined } from './json.js';

/** Spaces before a finding of the JSON report (`findings` is a key of the top-level object). */
const ITEM = 4;
/** Spaces before a finding's keys. */
const KEY = ITEM + 2;

export interface FindingTextParts {
  /** The finding as the report's object: what JSON.stringify writes. */
  toJson: (f: Finding) => JsonFinding;
  location: (range: SourceRange) => JsonLocation;
  resource: (r: FindingResource) => JsonResource;
  /** An undetermined check as the report's object. */
  undeterminedToJson: (u: Undetermined) => JsonUndetermined;
}

/** Writers of the JSON report's findings and undetermined checks as text (below), sharing the texts of locations and resources. */
export interface ItemTextWriters {
  finding: (f: Finding, out: string[]) => void;
  undetermined: (u: Undetermined, out: string[]) => void;
}

/**
 * A location as JSON.stringify(…, null, 2) writes it as a value at KEY spaces (its first line without them),
 * written from its shape: every finding's place is one (a thousand distinct ones in a large `.tf` scan), and
 * the general serialiser over a nested value costs several times this. Undefined when a position is not
 * exactly `{ line, column }` with finite numbers (then JSON.stringify writes it).
 */
export function plainLocationText(location: JsonLocation): string | undefined {
  const keys = Object.keys(location);
  if (keys.length !== 3 || keys[0] !== 'file' || keys[1] !== 'start' || keys[2] !== 'end' || typeof location.file !== 'string') return undefined;
  const { start, end } = location;
  if (!isPlainPosition(start) || !isPlainPosition(end)) return undefined;
  return `{\n        "file": ${JSON.stringify(location.file)},\n        "start": {\n          "line": ${start.line},\n          "column": ${start.column}\n        },\n        "end": {\n          "line": ${end.line},\n          "column": ${end.column}\n        }\n      }`;
}

function isPlainPosition(p: unknown): p is { line: number; column: number } {
  if (p === null || typeof p !== 'object') return false;
  const keys = Object.keys(p);
  const { line, column } = p as { line: unknown; column: unknown };
  return keys.length === 2 && keys[0] === 'line' && keys[1] === 'column' && typeof line === 'number' && Number.isFinite(line) && typeof column === 'number' && Number.isFinite(column);
}

/**
 * Writers of the JSON report's findings (and, alike, its undetermined checks) as text, byte for byte what JSON.stringify(parts.toJson(f), null, 2)
 * writes for each at four spaces in, without making that object: in a large plan's scan (80,000 findings)
 * the objects made only to be serialised, and the serialiser's indentation, were most of the report's time.
 *
 * The parts findings share are written once each, by JSON.stringify itself, and kept by identity: a
 * finding's location (a resource's range, shared by every finding there), its resource (one object per
 * resource, engine/rules/evaluate.ts) and its rule's catalog list. Only the message and the fingerprint
 * are the finding's own. A finding with a suppression or an expired one (rare, and shaped by what the
 * user wrote) is written by JSON.stringify whole.
 */
export function itemTextWriters(parts: FindingTextParts): ItemTextWriters {
  const locations = new WeakMap<SourceRange, string>();
  const resources = new WeakMap<FindingResource, string>();
  const catalogs = new WeakMap<readonly string[], string>();
  /** Rule ids and severities: a few dozen strings, quoted once each. */
  const quote = quotedOnce();
  const locationText = (range: SourceRange): string => {
    let location = locations.get(range);
    if (location === undefined) {
      const json = parts.location(range);
      locations.set(range, (location = plainLocationText(json) ?? valueAt(json, KEY)));
    }
    return location;
  };
  const resourceText = (r: FindingResource): string => {
    let resource = resources.get(r);
    if (resource === undefined) resources.set(r, (resource = valueAt(parts.resource(r), KEY)));
    return resource;
  };
  /**
   * An undetermined check, byte for byte what JSON.stringify(parts.undeterminedToJson(u), null, 2) writes at four
   * spaces in: its location and resource are mostly those of findings (the same objects), written once.
   */
  const undetermined = (u: Undetermined, out: string[]): void => {
    if (typeof u.reason !== 'string' || !u.resource) {
      out.push(valueAt(parts.undeterminedToJson(u), ITEM));
      return;
    }
    out.push(
      '{\n      "ruleId": ',
      quote(u.ruleId),
      ',\n      "location": ',
      locationText(u.location),
      ',\n      "resource": ',
      resourceText(u.resource),
      ',\n      "reason": ',
      JSON.stringify(u.reason),
      '\n    }',
    );
  };
  const finding = (f: Finding, out: string[]): void => {
    if (f.suppressed || (f.expiredSuppressions !== undefined && f.expiredSuppressions.length > 0)) {
      out.push(valueAt(parts.toJson(f), ITEM));
      return;
    }
    const location = locationText(f.location);
    const resource = f.resource ? resourceText(f.resource) : 'null';
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
  return { finding, undetermined };
}
