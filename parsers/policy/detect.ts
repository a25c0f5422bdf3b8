/**
 * Raw IAM-style policy documents (identity policies, SCPs, S3 bucket and KMS
 * key policies) stored as JSON files, found by content: an object with a
 * `Statement` (a statement object or a list of them) whose statements carry
 * an `Effect`. `Version` is optional in IAM, so it is not required here.
 */

export const POLICY_FILE_KINDS = ['scp', 'rcp', 'bucket', 'key', 'identity', 'trust'] as const;

export type PolicyFileKind = (typeof POLICY_FILE_KINDS)[number];

export function isPolicyFileKind(v: string): v is PolicyFileKind {
  return (POLICY_FILE_KINDS as readonly string[]).includes(v);
}

export function looksLikePolicyDocument(value: unknown): boolean {
  const list = statementsOf(value);
  if (list.length === 0) return false;
  return list.every((s) => s !== null && typeof s === 'object' && 'Effect' in (s as object));
}

/** A document's `Statement`: the list, or the lone statement object as a list of one; empty for anything else. */
function statementsOf(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const statement = (value as Record<string, unknown>)['Statement'];
  return Array.isArray(statement) ? statement : statement !== null && typeof statement === 'object' ? [statement] : [];
}

/** The fields of a policy statement, lower-cased: a misspelt or mis-cased one still shows what the file is. */
const STATEMENT_FIELDS = new Set(['sid', 'effect', 'principal', 'notprincipal', 'action', 'notaction', 'resource', 'notresource', 'condition']);

/**
 * A policy document that does not pass `looksLikePolicyDocument` but is plainly meant as one: a
 * `Statement` (an object, or a list holding one) with an IAM `Version`, or with a statement field even
 * misspelt (`effect`, `Actions`). IAM rejects it; read as a policy, each problem is reported at its
 * line (iam-policy-invalid) instead of the file being passed over as some other JSON.
 */
export function meantAsPolicyDocument(value: unknown): boolean {
  const list = statementsOf(value);
  if (list.length === 0) return false;
  const version = (value as Record<string, unknown>)['Version'];
  if (version === '2012-10-17' || version === '2008-10-17') return true;
  return list.some(
    (s) =>
      s !== null &&
      typeof s === 'object' &&
      !Array.isArray(s) &&
      Object.keys(s).some((k) => {
        const key = k.toLowerCase();
        // A plural (`Actions`, `Resources`) is the commonest slip.
        return STATEMENT_FIELDS.has(key) || (key.endsWith('s') && STATEMENT_FIELDS.has(key.slice(0, -1)));
      }),
  );
}

/** Cheap text test: a file that fails to parse but is meant to be a policy gets an error, not silence. */
export function mayBePolicyText(text: string): boolean {
  return /"Statement"\s*:/.test(text.slice(0, 4096)) && /"Effect"\s*:/.test(text.slice(0, 65536));
}

/**
 * Which kind of policy a document is, when configuration does not say: by
 * path first (`scp`, `bucket-policy`, `key-policy`… in the file or folder name), then by content.
 * Content rules: a Principal on some statement makes it a resource policy
 * (a resource control policy when every statement is about `Principal: "*"`
 * on `Resource: "*"` and only denies, or is the RCPFullAWSAccess allow: a
 * bucket policy must name its bucket, and a key policy that denies everyone
 * everything would lock the key; else a key policy when its actions are KMS
 * actions on "*", a bucket policy when it names S3 resources); without principals, a policy that only denies (or is
 * the FullAWSAccess allow) reads as an SCP, anything else as an identity
 * policy. A role's trust policy (every statement lets a Principal call
 * sts:AssumeRole or its kin, on no Resource) is recognised, by name
 * (`trust-policy`, `assume-role-policy`) or content, so that it is not judged
 * as the key policy it would otherwise resemble. The result is a best guess,
 * and the report says which was chosen.
 */
export function classifyPolicy(file: string, doc: Record<string, unknown>): { kind: PolicyFileKind; by: 'name' | 'content' } {
  // The file's name or its folder's (`scps/deny-trail.json`).
  const base = file.toLowerCase();
  if (/(^|[^a-z])(scp|service[-_]?control)/.test(base)) return { kind: 'scp', by: 'name' };
  if (/(^|[^a-z])(rcp|resource[-_]?control)/.test(base)) return { kind: 'rcp', by: 'name' };
  if (/(trust[-_]?(policy|relationship)|assume[-_]?role[-_]?policy)/.test(base)) return { kind: 'trust', by: 'name' };
  if (/bucket[-_]?policy/.test(base)) return { kind: 'bucket', by: 'name' };
  if (/(key[-_]?policy|kms)/.test(base)) return { kind: 'key', by: 'name' };
  if (/(identity|iam|role|user|group)[-_]?policy/.test(base)) return { kind: 'identity', by: 'name' };

  const statements = asList(doc['Statement']);
  // A role's trust policy: who may assume it (sts:AssumeRole…), with a Principal and no Resource.
  if (statements.length > 0 && statements.every(isTrustStatement)) return { kind: 'trust', by: 'content' };
  const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const hasPrincipal = statements.some((s) => 'Principal' in s || 'NotPrincipal' in s);
  if (hasPrincipal) {
    const actions = statements.flatMap((s) => [...strings(s['Action']), ...strings(s['NotAction'])]);
    const resources = statements.flatMap((s) => strings(s['Resource']));
    const onEveryone = statements.every((s) => isEveryone(s['Principal']) && strings(s['Resource']).every((r) => r === '*'));
    const rcpFullAccess = statements.length === 1 && statements[0]!['Effect'] === 'Allow' && actions.includes('*');
    if (onEveryone && (statements.every((s) => s['Effect'] === 'Deny') || rcpFullAccess)) return { kind: 'rcp', by: 'content' };
    if (resources.some((r) => r.startsWith('arn:aws:s3:::'))) return { kind: 'bucket', by: 'content' };
    if (actions.length > 0 && actions.every((a) => a.toLowerCase().startsWith('kms:') || a === '*')) return { kind: 'key', by: 'content' };
    if (actions.some((a) => a.toLowerCase().startsWith('s3:'))) return { kind: 'bucket', by: 'content' };
    return { kind: 'key', by: 'content' };
  }
  const onlyDenies = statements.every((s) => s['Effect'] === 'Deny');
  const fullAccess = statements.length === 1 && statements[0]!['Effect'] === 'Allow' && strings(statements[0]!['Action']).includes('*') && strings(statements[0]!['Resource']).includes('*');
  return { kind: onlyDenies || fullAccess ? 'scp' : 'identity', by: 'content' };
}

const TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']);

function isTrustStatement(s: Record<string, unknown>): boolean {
  if (!('Principal' in s) || 'Resource' in s || 'NotResource' in s || 'NotAction' in s) return false;
  const action = s['Action'];
  const actions = typeof action === 'string' ? [action] : Array.isArray(action) ? action : [];
  return actions.length > 0 && actions.every((a) => typeof a === 'string' && TRUST_ACTIONS.has(a.toLowerCase()));
}

/** `Principal: "*"` or `{"AWS": "*"}`: a statement about every principal. */
function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return false;
  const keys = Object.keys(principal);
  return keys.length === 1 && keys[0] === 'AWS' && (principal as Record<string, unknown>)['AWS'] === '*';
}

function asList(v: unknown): Record<string, unknown>[] {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : [];
  return list.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x));
}
