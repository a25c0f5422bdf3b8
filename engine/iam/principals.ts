/**
 * Does a statement's Principal / NotPrincipal cover the requester?
 *
 * Source: IAM User Guide, "AWS JSON policy elements: Principal" and
 * "NotPrincipal"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
 * - `"*"` and `{"AWS": "*"}` cover everyone, anonymous requests included;
 * - an account principal (`123456789012` or `arn:aws:iam::123456789012:root`)
 *   covers the account: its identities then also need their own account's
 *   identity-based policies to allow the request;
 * - a role ARN covers that role's sessions; an assumed-role ARN one session;
 * - service principals are matched by name;
 * - NotPrincipal covers everyone except the listed principals.
 *
 * The two results separate the direct grants (named principal or wildcard)
 * from grants to an account, because evaluation treats them differently.
 */
import { isUnknown } from '../../core/unknown.js';
import { principalAccount, type RequestPrincipal } from './context.js';
import { accountOfArn, parseArn } from './match.js';
import type { PrincipalEntry, PrincipalSpec } from './policy.js';
import { not, or, orOf, type Truth } from './truth.js';

export interface PrincipalMatch {
  /** The requester is named, or covered by a wildcard. */
  direct: Truth;
  /** The requester's account is named (account principal / root ARN). */
  viaAccount: Truth;
}

function isAccountPrincipal(arn: string): boolean {
  const parsed = parseArn(arn);
  return !!parsed && parsed.service === 'iam' && parsed.resource === 'root';
}

function matchEntry(entry: PrincipalEntry, who: RequestPrincipal | undefined): PrincipalMatch {
  const v = entry.value;
  if (isUnknown(v)) return { direct: 'unknown', viaAccount: 'unknown' };
  const wildcard = v === '*';
  if (!who) {
    // Any principal: the wildcard covers them all, a named principal only some.
    if (wildcard) return { direct: true, viaAccount: false };
    return entry.type === 'AWS' && isAccountPrincipal(v)
      ? { direct: false, viaAccount: 'depends' }
      : { direct: 'depends', viaAccount: false };
  }
  const no: PrincipalMatch = { direct: false, viaAccount: false };
  switch (entry.type) {
    case 'AWS': {
      if (wildcard) return { direct: true, viaAccount: false };
      if (who.type === 'service' || who.type === 'anonymous') return no;
      if (isAccountPrincipal(v)) {
        const account = principalAccount(who);
        return { direct: false, viaAccount: account === undefined ? 'unknown' : account === accountOfArn(v) };
      }
      return { direct: v === who.arn || v === who.sessionArn, viaAccount: false };
    }
    case 'Service':
      return { direct: who.type === 'service' && (wildcard || v.toLowerCase() === who.service?.toLowerCase()), viaAccount: false };
    case 'Federated':
      return { direct: who.type === 'federated' && v === who.federated, viaAccount: false };
    case 'CanonicalUser':
      return { direct: who.type === 'canonicalUser' && v === who.canonicalUser, viaAccount: false };
  }
}

export function matchPrincipal(spec: PrincipalSpec, who: RequestPrincipal | undefined): PrincipalMatch {
  // Once per statement of every request, mostly interpreted: one loop, no arrays of answers.
  let direct: Truth = spec.unknown ? 'unknown' : false;
  let viaAccount: Truth = direct;
  const entries = spec.entries;
  for (let i = 0; i < entries.length; i++) {
    const m = matchEntry(entries[i]!, who);
    direct = orOf(direct, m.direct);
    viaAccount = orOf(viaAccount, m.viaAccount);
  }
  return { direct, viaAccount };
}

/** NotPrincipal: everyone the list does not cover, counted as a direct grant. */
export function matchNotPrincipal(spec: PrincipalSpec, who: RequestPrincipal | undefined): PrincipalMatch {
  const m = matchPrincipal(spec, who);
  return { direct: not(or(m.direct, m.viaAccount)), viaAccount: false };
}
