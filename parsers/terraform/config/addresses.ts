// Terraform addresses as `terraform plan` prints them, so that findings on
// sources and on plans name resources identically:
//   module.audit["eu"].module.logs.aws_s3_bucket.this[0]
//   data.aws_iam_policy_document.key

/** A count index or a for_each key. */
export type InstanceKey = number | string;

/** `[0]`, `["main"]`, or '' for a resource without count/for_each. */
export function keySuffix(key: InstanceKey | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

export function moduleInstanceAddress(parent: string, call: string, key: InstanceKey | undefined): string {
  return `${parent === '' ? '' : `${parent}.`}module.${call}${keySuffix(key)}`;
}

export type ResourceMode = 'managed' | 'data';

/** The address of a resource (all instances) within a module instance: `module.a.data.aws_region.current`. */
export function resourceAddress(moduleAddress: string, mode: ResourceMode, type: string, name: string): string {
  return `${moduleAddress === '' ? '' : `${moduleAddress}.`}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
}
