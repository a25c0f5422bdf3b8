import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource } from '../graph.js';
import { actionMatches, evaluateRequest, grantsToEveryone, servicePrincipal, type Policy, type Truth } from '../iam/index.js';
import { Unknown } from '../../core/unknown.js';
import { FOREIGN_ACCOUNT, PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from './concretize.js';
import { never, readPolicy, sharedPolicy, statementLoc, withoutMaybeProtection } from './policy-facts.js';

/**
 * What a KMS key policy does for the trail: CloudTrail may generate data keys
 * only for this account's trails (P2.2), and decryption is not granted to
 * everyone (P2.3). A key without a policy in the template gets KMS's default
 * policy (the account may use the key through IAM), which grants neither.
 */
export function analyzeKey(k: Resource, diagnostics: Diagnostic[]): void {
  analyzeKeyPolicy(k, diagnostics);
  withoutMaybeProtection(k, ['policyCloudTrailScoped']);
}

function analyzeKeyPolicy(k: Resource, diagnostics: Diagnostic[]): void {
  const self = k.address;
  const keyArn = `arn:aws:kms:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:key/trailguard-key`;
  const policy = readPolicy(
    k,
    'resource',
    (key) => (key === `${self}.Arn` || key === `${self}.arn` ? keyArn : undefined),
    diagnostics,
  );
  const loc = k.locs['policy'];
  if (policy === undefined) {
    // The default key policy: the account root, through IAM; CloudTrail is granted nothing.
    k.props['policyCloudTrailScoped'] = new Unknown('the key has no key policy in the scan (the default policy gives CloudTrail no access)');
    k.props['policyDecryptToEveryone'] = false;
    return;
  }
  if (policy instanceof Unknown) {
    k.props['policyCloudTrailScoped'] = policy;
    k.props['policyDecryptToEveryone'] = policy;
    return;
  }
  if (loc) {
    k.locs['policyCloudTrailScoped'] = loc;
    k.locs['policyDecryptToEveryone'] = loc;
  }

  const verdicts = keyVerdicts(sharedPolicy(policy));
  k.props['policyCloudTrailScoped'] = never(verdicts.foreignGranted);
  if (verdicts.grantIndex !== undefined) {
    const at = statementLoc(k, verdicts.grantIndex);
    if (at) k.locs['policyCloudTrailScoped'] = at;
  }
  if (verdicts.decryptIndex !== undefined) {
    const at = statementLoc(k, verdicts.decryptIndex);
    if (at) k.locs['policyDecryptToEveryone'] = at;
  }
  k.props['policyDecryptToEveryone'] = verdicts.decryptToEveryone;
}

/** What a key policy decides, whichever key holds it (the key's ARN is a stand-in, the same for every key). */
interface KeyVerdicts {
  /** Whether CloudTrail may generate data keys for another account's trail. */
  foreignGranted: Truth;
  /** The statement that grants it, when it may. */
  grantIndex?: number;
  decryptToEveryone: boolean | Unknown;
  /** The statement that lets everyone decrypt, when one does. */
  decryptIndex?: number;
}

/** By policy content (sharedPolicy): the key policies of a module instantiated many times are evaluated once. */
const keyVerdictMemo = new WeakMap<Policy, KeyVerdicts>();

function keyVerdicts(policy: Policy): KeyVerdicts {
  const known = keyVerdictMemo.get(policy);
  if (known) return known;
  const keyArn = `arn:aws:kms:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:key/trailguard-key`;
  // P2.2: a trail of another account cannot have CloudTrail generate data keys with this key.
  const foreignTrail = `arn:aws:cloudtrail:${PLACEHOLDER_REGION}:${FOREIGN_ACCOUNT}:trail/foreign`;
  const foreign = evaluateRequest(
    {
      action: 'kms:GenerateDataKey',
      resource: keyArn,
      principal: servicePrincipal('cloudtrail.amazonaws.com'),
      context: { 'aws:SourceArn': foreignTrail, 'aws:SourceAccount': FOREIGN_ACCOUNT, 'kms:EncryptionContext:aws:cloudtrail:arn': foreignTrail },
      unspecifiedKeys: 'missing',
    },
    { resource: [policy], resourceKind: 'kms-key' },
  );
  const verdicts: KeyVerdicts = { foreignGranted: foreign.granted, decryptToEveryone: false };
  const grant = foreign.statements.find((s) => s.effect === 'Allow');
  if (grant && foreign.granted !== false) verdicts.grantIndex = grant.index;

  // P2.3: no statement lets everyone (`*`) decrypt without a restricting condition.
  let everyone: boolean | Unknown = false;
  for (const st of policy.statements) {
    if (st.effect !== 'Allow' || !coversDecrypt(st.action?.entries.map((e) => e.value))) continue;
    const v = grantsToEveryone(st);
    if (v === true) {
      everyone = true;
      verdicts.decryptIndex = st.index;
      break;
    }
    if (v instanceof Unknown && everyone === false) everyone = v;
  }
  verdicts.decryptToEveryone = everyone;
  keyVerdictMemo.set(policy, verdicts);
  return verdicts;
}

function coversDecrypt(actions: unknown[] | undefined): boolean {
  return (actions ?? []).some((a) => typeof a === 'string' && actionMatches(a, 'kms:Decrypt'));
}
