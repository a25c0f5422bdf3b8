/**
 * What a raw policy file is attached to, as `.trailguard.yaml` says
 * (`policies: - path: … attachedTo: […]`): a file holds only the document, so
 * where it is attached comes from configuration.
 *
 * - Organization policies (SCPs, RCPs): the root (`r-…`), organizational
 *   units (`ou-…`) or accounts (12 digits).
 * - Identity policies: the users, groups and roles they are given, as
 *   `user/alice`, `group/CloudTrailAdmins`, `role/Developer`, or an IAM ARN
 *   (`arn:aws:iam::111122223333:role/ops/Developer`; the name is the last
 *   segment of the path, as IAM's ARNs give it).
 */

export type PrincipalKind = 'user' | 'group' | 'role';

const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['user', 'group', 'role'];

/** Where an identity policy keeps the principals of each kind it is given, before analysis resolves them. */
export const ATTACHED_RAW: Readonly<Record<PrincipalKind, string>> = { user: 'attachedUsersRaw', group: 'attachedGroupsRaw', role: 'attachedRolesRaw' };

/** The graph kind of each principal kind. */
export const PRINCIPAL_RESOURCE_KIND = { user: 'iam_user', group: 'iam_group', role: 'role' } as const;

export function isOrganizationTarget(entry: string): boolean {
  return /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|\d{12})$/.test(entry);
}

export function principalTarget(entry: string): { kind: PrincipalKind; name: string } | undefined {
  let resource = entry;
  if (entry.startsWith('arn:')) {
    // arn:<partition>:iam::<account>:<kind>/<path/>name
    const fields = entry.split(':');
    if (fields.length !== 6 || fields[2] !== 'iam' || fields[3] !== '') return undefined;
    resource = fields[5]!;
  }
  const slash = resource.indexOf('/');
  if (slash < 0) return undefined;
  const kind = resource.slice(0, slash) as PrincipalKind;
  if (!PRINCIPAL_KINDS.includes(kind)) return undefined;
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return name === '' ? undefined : { kind, name };
}
