import { defineMember } from '../../parsers/define-member.js';
import { Unknown } from '../../core/unknown.js';
import { replacePlaceholders } from '../../core/placeholders.js';

/**
 * Policies are judged with concrete ARNs. A bucket policy written as
 * `Resource: !Sub "${LogsBucket.Arn}/*"` or `"${aws_s3_bucket.logs.arn}/*"`
 * refers to its own bucket, whose ARN is not known before deployment; the
 * analysis substitutes a stand-in for the values it can vouch for (the
 * bucket's ARN, the stack's account) so that statement matching is exact,
 * and leaves every other unknown part unknown.
 */

/** Stand-ins for deployment-time values; reserved so they cannot collide with real ones. */
export const PLACEHOLDER_ACCOUNT = '000000000000';
export const FOREIGN_ACCOUNT = '999999999999';
export const PLACEHOLDER_REGION = 'us-east-1';

export type Substitute = (key: string) => string | undefined;

export function concretize(v: unknown, subst: Substitute, depth = 0): unknown {
  if (depth > 64) return v;
  if (v instanceof Unknown) return concretizeUnknown(v, subst);
  if (Array.isArray(v)) return v.map((x) => concretize(x, subst, depth + 1));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // Own keys and their values, as Object.entries gives them, without an entry pair and its
    // destructuring per member (policy documents are walked mostly by interpreted code).
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) defineMember(out, keys[i]!, concretize(record[keys[i]!], subst, depth + 1));
    return out;
  }
  return v;
}

function concretizeUnknown(u: Unknown, subst: Substitute): unknown {
  // A Terraform template with unknown parts ("${aws_s3_bucket.logs.arn}/*") keeps its parts.
  const parts = (u as { parts?: unknown }).parts;
  if (Array.isArray(parts)) {
    const resolved = parts.map((p) => (p instanceof Unknown ? concretizeUnknown(p, subst) : p));
    return resolved.every((p) => typeof p === 'string') ? resolved.join('') : u;
  }
  if (u.template !== undefined) {
    let missing = false;
    const s = replacePlaceholders(
      u.template,
      (key, whole) => {
        const r = subst(key);
        if (r === undefined) missing = true;
        return r ?? whole;
      },
      true,
    );
    return missing ? u : s;
  }
  if (u.refs.length === 1) {
    const ref = u.refs[0]!;
    const r = subst(ref.attribute ? `${ref.address}.${ref.attribute}` : ref.address);
    if (r !== undefined) return r;
  }
  return u;
}

/** Substitutions every analysis can make: pseudo parameters and Terraform's caller identity. */
export function commonSubstitutions(key: string): string | undefined {
  switch (key) {
    case 'AWS::AccountId':
    case 'data.aws_caller_identity.current.account_id':
      return PLACEHOLDER_ACCOUNT;
    case 'AWS::Region':
    case 'data.aws_region.current.name':
    case 'data.aws_region.current.region':
      return PLACEHOLDER_REGION;
    case 'AWS::Partition':
    case 'data.aws_partition.current.partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      return undefined;
  }
}
