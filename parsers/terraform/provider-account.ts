// Which AWS account a Terraform provider configuration deploys into, as far as
// the configuration says, for the account-level checks ("at least one logging
// multi-region trail", P1.1; an event data store, P10.1). Those are judged per
// account scope: a trail created through `provider = aws.audit`, whose
// configuration assumes a role in the audit account, must not answer for the
// account the default provider deploys into.
//
// Both Terraform inputs give the same settings: `.tf` provider blocks
// evaluated (config/module-instance.ts) and a plan's
// `configuration.provider_config` (plan/configuration.ts), whose values are
// constants or, for references, unknown.

import { createHash } from 'node:crypto';
import { own } from '../../core/own.js';
import { Unknown } from '../../core/unknown.js';
import { oneLine } from '../quote.js';

/**
 * The account a provider configuration deploys into: the scope key account-level checks group by
 * (TerraformResource.accountScope) and how their messages name it (TerraformResource.accountLabel).
 */
export interface ProviderAccount {
  accountScope: string;
  accountLabel: string;
}

/**
 * Arguments of the AWS (and AWS Cloud Control) provider that choose the
 * credentials, and so possibly the account. A configuration that sets none of
 * them uses the ambient credentials, like every other configuration that sets
 * none: `region`-only aliases are the same account.
 */
export const CREDENTIAL_SETTINGS = [
  'assume_role',
  'assume_role_with_web_identity',
  'profile',
  'access_key',
  'secret_key',
  'token',
  'shared_credentials_file',
  'shared_credentials_files',
  'shared_config_files',
  'allowed_account_ids',
] as const;

/** The providers whose configurations choose an AWS account (others have no bearing on these checks). */
export const AWS_PROVIDERS: ReadonlySet<string> = new Set(['aws', 'awscc']);

const ACCOUNT_ID = /^\d{12}$/;
/** `arn:<partition>:iam::<account>:role/<path/name>`; the account is the fifth field. */
function accountOfRoleArn(arn: string): string | undefined {
  const fields = arn.split(':');
  if (fields.length < 6 || fields[0] !== 'arn' || fields[2] !== 'iam') return undefined;
  return ACCOUNT_ID.test(fields[4]!) ? fields[4] : undefined;
}

/** A block argument as both forms give it: a list of blocks (role chaining: the last one acts), or one object (awscc). */
function lastBlock(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? value[value.length - 1] : undefined;
  return value;
}

/** An evaluated block's `role_arn`; undefined when the block itself is not known. */
function roleArnOf(block: unknown): unknown {
  return block !== null && typeof block === 'object' && !(block instanceof Unknown) ? own(block as Record<string, unknown>, 'role_arn') : undefined;
}

function containsUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The account scope of a provider configuration's resources, from its
 * evaluated arguments (`settings`: argument or block type → value, blocks as
 * lists of objects, unknown values as `Unknown`), with the label messages name
 * it by. `name` is the configuration's name as a plan's `provider_config`
 * keys give it (`aws`, `aws.audit`, `module.baseline:aws`):
 *
 * - `aws://<account>` when the account is written: the last `assume_role`'s
 *   (or `assume_role_with_web_identity`'s) `role_arn`, else a single
 *   `allowed_account_ids` entry. The same scope as a CDK stack of that account.
 *   Label: `account 222233334444, through provider aws.audit`.
 * - undefined when no credential setting is written: the ambient credentials,
 *   judged with everything else that names no account.
 * - otherwise a scope of its own: the same for every configuration with the
 *   same known credential settings (two aliases of one profile are one
 *   account; label `the account of provider aws.audit's credentials`), or
 *   `fallback` (the configuration's own address) when a setting is known only
 *   at apply time (label `the account of provider aws.audit, known only when
 *   Terraform runs`).
 */
export function providerAccountScope(settings: ReadonlyMap<string, unknown>, name: string, fallback: string): ProviderAccount | undefined {
  const written = CREDENTIAL_SETTINGS.filter((setting) => {
    const value = settings.get(setting);
    return value !== undefined && value !== null;
  });
  if (written.length === 0) return undefined;
  const shown = oneLine(name);
  const known = (account: string): ProviderAccount => ({ accountScope: `aws://${account}`, accountLabel: `account ${account}, through provider ${shown}` });
  for (const blockType of ['assume_role', 'assume_role_with_web_identity']) {
    const arn = roleArnOf(lastBlock(settings.get(blockType)));
    if (typeof arn === 'string') {
      const account = accountOfRoleArn(arn);
      if (account) return known(account);
    }
  }
  const allowed = settings.get('allowed_account_ids');
  if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string' && ACCOUNT_ID.test(allowed[0])) return known(allowed[0]);
  const values = written.map((setting) => [setting, settings.get(setting)] as const);
  if (values.some(([, v]) => containsUnknown(v))) return { accountScope: fallback, accountLabel: `the account of provider ${shown}, known only when Terraform runs` };
  // Hashed: the settings may hold an access key, and scope keys should never carry one.
  return {
    accountScope: `terraform-credentials:${createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 16)}`,
    accountLabel: `the account of provider ${shown}'s credentials`,
  };
}
