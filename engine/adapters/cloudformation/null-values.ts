// Null property values in a CloudFormation template.
//
// CloudFormation refuses a template with a null anywhere in it: "[/Resources/Trail/Properties/IsLogging]
// 'null' values are not allowed in templates" (`IsLogging: ~`, `KMSKeyId:` with nothing after it, JSON
// `null`). trailguard reads such a property as not set, which is what the author most likely meant, but
// its verdict is about a template that cannot be deployed as written, so each null of a resource it reads
// is said, at its line: a finding that reads "not encrypted" for `KMSKeyId:` otherwise looks like a
// false alarm. (`AWS::NoValue` is CloudFormation's way to leave a property unset.)

import type { Diagnostic } from '../../../core/diagnostics.js';
import type { CfnTemplate } from '../../../parsers/cloudformation/index.js';
import { oneLine } from '../../../parsers/quote.js';
import { CappedWarnings } from './capped-warnings.js';

/** Nulls said per template; past it, one more warning counts the rest. */
const MAX_NULL_WARNINGS = 20;
/** Deeper than this, property values are not searched (templates this deep are refused earlier). */
const MAX_DEPTH = 64;

/** Collects the nulls of one template, resource after resource (NullValues.flush at its end). */
export class NullValues {
  private readonly warnings: CappedWarnings;

  constructor(t: CfnTemplate, diagnostics: Diagnostic[]) {
    this.warnings = new CappedWarnings(
      t,
      diagnostics,
      'null-value',
      MAX_NULL_WARNINGS,
      (more) => `${more} more null values in this template (CloudFormation rejects every one of them); trailguard reads each as not set`,
      true,
    );
  }

  /** Warns of every null in the Properties of resource `logicalId`. */
  check(logicalId: string, props: Record<string, unknown>): void {
    const path: (string | number)[] = [];
    const visit = (value: unknown, depth: number): void => {
      if (value === null) {
        this.found(logicalId, path);
        return;
      }
      if (typeof value !== 'object' || depth > MAX_DEPTH) return;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          visit(value[i], depth + 1);
          path.pop();
        }
        return;
      }
      for (const key of Object.keys(value)) {
        path.push(key);
        visit((value as Record<string, unknown>)[key], depth + 1);
        path.pop();
      }
    };
    visit(props, 0);
  }

  /** The warning that counts the nulls not said one by one, if any. */
  flush(): void {
    this.warnings.flush();
  }

  private found(logicalId: string, path: readonly (string | number)[]): void {
    this.warnings.warn(
      logicalId,
      path,
      `${oneLine(logicalId)}: ${oneLine(path.join('.'))} is null, and CloudFormation rejects a template with a null value ('null' values are not allowed in templates); trailguard reads it as not set (use AWS::NoValue to leave a property unset)`,
    );
  }
}
