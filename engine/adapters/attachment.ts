import type { Resource } from '../graph.js';
import { Unknown } from '../../core/unknown.js';
import { parseResourceAddress } from '../../parsers/terraform/plan/address.js';

/**
 * Roots are `r-…`, organizational units `ou-…`. A target known only at
 * deployment is a root or an OU when what it references is one:
 * `!GetAtt Org.RootId` of an `AWS::Organizations::Organization`, `!Ref` of an
 * `AWS::Organizations::Root` or `OrganizationalUnit` (their types from `typeOf`, the
 * template's), Terraform's `aws_organizations_organization.x.roots[0].id`
 * (resource or data source), an `aws_organizations_organizational_unit`'s
 * `id` (resource or data source), a data source's
 * `aws_organizations_organizational_units.x.children[0].id`, and their
 * awscc twins; a reference to an account is an account. Anything else stays unknown.
 */
export function setAttachment(r: Resource, typeOf?: (address: string) => string | undefined): void {
  const targets = r.props['targets'];
  if (targets === undefined) {
    r.props['attachedToRootOrOu'] = false;
    r.defaulted.add('attachedToRootOrOu');
    return;
  }
  if (targets instanceof Unknown) {
    r.props['attachedToRootOrOu'] = referencedTarget(targets, typeOf) === 'root or OU' ? true : targets;
    return;
  }
  const list = targets as (string | Unknown)[];
  // Each target once: a root or OU, something else (an account), or not known.
  const what = list.map((t) => (t instanceof Unknown ? referencedTarget(t, typeOf) : typeof t === 'string' && /^(r|ou)-[0-9a-z]/.test(t) ? 'root or OU' : 'account'));
  const firstUnknown = what.indexOf(undefined);
  if (what.includes('root or OU')) r.props['attachedToRootOrOu'] = true;
  else if (firstUnknown >= 0) r.props['attachedToRootOrOu'] = list[firstUnknown];
  else r.props['attachedToRootOrOu'] = false;
  if (r.locs['targets']) r.locs['attachedToRootOrOu'] = r.locs['targets'];
}

/**
 * What an unknown target references: the organization's root or an organizational unit, an account
 * (an `AWS::Organizations::Account`, an `aws_organizations_account`: a target, but neither), or
 * undefined when that cannot be told.
 */
function referencedTarget(target: Unknown, typeOf: ((address: string) => string | undefined) | undefined): 'root or OU' | 'account' | undefined {
  const ref = target.refs[0];
  if (!ref) return undefined;
  const type = typeOf?.(ref.address) ?? terraformTypeOf(ref.address);
  if (type === undefined) return undefined;
  if (type === 'AWS::Organizations::Account') return ref.attribute === undefined || ref.attribute === 'AccountId' ? 'account' : undefined;
  if (type === 'aws_organizations_account' || type === 'awscc_organizations_account') return ref.attribute === 'id' || ref.attribute === 'account_id' ? 'account' : undefined;
  return rootOrOu(type, ref.attribute) ? 'root or OU' : undefined;
}

function rootOrOu(type: string, attribute: string | undefined): boolean {
  switch (type) {
    case 'AWS::Organizations::Organization':
      return attribute === 'RootId';
    case 'AWS::Organizations::Root':
      return attribute === undefined || attribute === 'Id';
    case 'awscc_organizations_root':
      return attribute === 'id' || attribute === 'root_id';
    case 'AWS::Organizations::OrganizationalUnit':
      return attribute === undefined || attribute === 'Id';
    case 'aws_organizations_organization':
    case 'data.aws_organizations_organization':
      return attribute === 'roots';
    case 'awscc_organizations_organization':
      return attribute === 'root_id';
    case 'aws_organizations_organizational_unit':
    case 'data.aws_organizations_organizational_unit':
      return attribute === 'id';
    case 'awscc_organizations_organizational_unit':
      return attribute === 'id' || attribute === 'organizational_unit_id';
    case 'data.aws_organizations_organizational_units':
      return attribute === 'children';
    default:
      return false;
  }
}

/**
 * The type of a Terraform reference's address (`module.org["eu"].data.aws_organizations_organization.org[0]`
 * → `data.aws_organizations_organization`), parsed as plans print addresses (an instance key may hold dots
 * and brackets); undefined for anything else (a CloudFormation logical ID).
 */
function terraformTypeOf(address: string): string | undefined {
  const parsed = parseResourceAddress(address);
  if (!parsed || !/^aws(cc)?_/.test(parsed.type)) return undefined;
  return parsed.mode === 'data' ? `data.${parsed.type}` : parsed.type;
}
