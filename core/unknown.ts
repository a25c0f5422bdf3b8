/**
 * A value that cannot be known before deployment: a CloudFormation parameter
 * without default, `!GetAtt Key.Arn`, a Terraform value "known after apply".
 *
 * It keeps what *is* known, so that rules can still reason about it:
 * - `refs`: the resources it points at (trail → `aws_kms_key.trail`), which is
 *   how the linker draws edges even when the literal ARN is unknown;
 * - `present`: whether some non-empty value will certainly be there (a
 *   reference to a created resource's attribute) or it may be absent/empty
 *   (a parameter without default, a condition we cannot decide).
 *
 * Rules never report a violation that rests on an Unknown: comparisons with it
 * evaluate to "undetermined".
 */
export interface ResourceRef {
  /** Logical ID (CloudFormation) or address (Terraform) of the referenced resource. */
  address: string;
  /** Attribute referenced, if any (`Arn`, `arn`, `id`). */
  attribute?: string;
}

export class Unknown {
  /**
   * When the value is a string built around unknown parts (`!Sub
   * "${Bucket.Arn}/*"`, `"${aws_s3_bucket.logs.arn}/*"`), the string with each
   * unknown part written as `${address.attribute}` (or `${address}`). Policy
   * analysis substitutes what it knows (the bucket's own ARN) to judge the
   * statement; everything else stays unknown.
   */
  template?: string;

  constructor(
    readonly reason: string,
    readonly refs: readonly ResourceRef[] = [],
    readonly present: boolean = false,
  ) {}

  withTemplate(template: string): this {
    this.template = template;
    return this;
  }

  toString(): string {
    return `(unknown: ${this.reason})`;
  }

  toJSON(): unknown {
    return { unknown: this.reason, refs: this.refs.length ? this.refs : undefined };
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** True when `v` or anything inside it is unknown. */
export function containsUnknown(v: unknown): boolean {
  if (v instanceof Unknown) return true;
  // Members that are not objects (most: strings) are passed over without a call.
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null && containsUnknown(x)) return true;
    }
    return false;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const x = (v as Record<string, unknown>)[keys[i]!];
      if (typeof x === 'object' && x !== null && containsUnknown(x)) return true;
    }
  }
  return false;
}
