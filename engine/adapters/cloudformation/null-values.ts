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

/** Nulls said per template; past it, one more warning counts the rest. */
const MAX_NULL_WARNINGS = 20;
/** Deeper than this, property values are not searched (templates this deep are refused earlier). */
const MAX_DEPTH = 64;

/** Collects the nulls of one template, resource after resource (NullValues.flush at its end). */
export class NullValues {
  private said = 0;
  private more = 0;

  constructor(
    private readonly t: CfnTemplate,
    private readonly diagnostics: Diagnostic[],
  ) {}

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
    if (this.more === 0) return;
    this.diagnostics.push({
      level: 'warning',
      code: 'null-value',
      file: this.t.file,
      message: `${this.more} more null values in this template (CloudFormation rejects every one of them); trailguard reads each as not set`,
    });
  }

  private found(logicalId: string, path: readonly (string | number)[]): void {
    if (this.said >= MAX_NULL_WARNINGS) {
      this.more++;
      return;
    }
    this.said++;
    const full = ['Resources', logicalId, 'Properties', ...path];
    const range = this.t.positions.getKey(full) ?? this.t.positions.nearest(full);
    this.diagnostics.push({
      level: 'warning',
      code: 'null-value',
      file: this.t.file,
      ...(range ? { range } : {}),
      message: `${oneLine(logicalId)}: ${oneLine(path.join('.'))} is null, and CloudFormation rejects a template with a null value ('null' values are not allowed in templates); trailguard reads it as not set (use AWS::NoValue to leave a property unset)`,
    });
  }
}
