import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource } from '../graph.js';
import { parsePolicy, type Policy, type PolicyIssue, type PolicyKind, type Truth } from '../iam/index.js';
import { Unknown } from '../../core/unknown.js';
import { replacePlaceholders } from '../../core/placeholders.js';
import { jsonDocument } from '../../parsers/terraform/hcl/structured-unknown.js';
import { commonSubstitutions, concretize, PLACEHOLDER_ACCOUNT, type Substitute } from './concretize.js';

/**
 * Parses the document held in `r.props.policy` (after substituting what is
 * known about the resource itself), reports the document's problems with
 * their lines, and returns the parsed policy, or undefined when there is
 * none or it cannot be read at all.
 */
export function readPolicy(r: Resource, kind: PolicyKind, subst: Substitute, diagnostics: Diagnostic[]): Policy | Unknown | undefined {
  let doc = r.props['policy'];
  if (doc === undefined || doc === null) return undefined;
  if (typeof doc === 'string') {
    // Terraform and raw inputs may carry the document as JSON text.
    const parsed = parseText(doc, kind);
    if (parsed === undefined) return new Unknown('the policy is not valid JSON');
    const policy: Policy = { ...parsed.policy, name: r.address };
    sharedParses.set(policy, parsed.policy);
    r.parsedPolicy = { policy, account: parsed.account };
    reportIssues(r, parsed.issues, diagnostics);
    return withinBudget(r, policy);
  }
  // jsonencode({...}) with an unknown ARN inside keeps the document's structure (UnknownJsonDocument);
  // a heredoc policy with ${...} inside is a PartialString that jsonDocument can still decode.
  if (doc instanceof Unknown && 'parts' in doc) {
    const decoded = jsonDocument(doc);
    if (decoded !== undefined) doc = decoded;
  }
  if (doc instanceof Unknown && 'document' in doc && (doc as { document?: unknown }).document !== undefined) {
    doc = (doc as unknown as { document: unknown }).document;
  }
  if (doc instanceof Unknown) {
    r.parsedPolicy = doc;
    return doc;
  }
  const account = inferAccount(doc) ?? PLACEHOLDER_ACCOUNT;
  const concrete = concretize(doc, (k) => subst(k) ?? (k === 'AWS::AccountId' || k === 'data.aws_caller_identity.current.account_id' ? account : commonSubstitutions(k)));
  const { policy, issues } = parsePolicy(concrete, { kind, name: r.address });
  r.parsedPolicy = { policy, account };
  reportIssues(r, issues, diagnostics);
  return withinBudget(r, policy);
}

/**
 * Policies with more statements than this are not evaluated: every question asked of a policy walks its
 * statements for several requests, and a bucket policy of 8,000 statements took 14 s to judge (100,000:
 * minutes). No policy AWS accepts comes near it: a bucket policy is at most 20 KB, a key policy 32 KB,
 * an SCP 5,120 characters, a few hundred short statements at most. Over it, the policy is Unknown with
 * the reason, so what it would decide is undetermined, never guessed; its problems are still reported.
 */
export const MAX_EVALUATED_STATEMENTS = 1_000;

function withinBudget(r: Resource, policy: Policy): Policy | Unknown {
  if (policy.statements.length <= MAX_EVALUATED_STATEMENTS) return policy;
  const tooLarge = new Unknown(
    `the policy has ${policy.statements.length} statements, more than the ${MAX_EVALUATED_STATEMENTS} trailguard evaluates (AWS accepts at most 20 KB for a bucket policy, 32 KB for a key policy)`,
  );
  r.parsedPolicy = tooLarge;
  return tooLarge;
}

function reportIssues(r: Resource, issues: readonly PolicyIssue[], diagnostics: Diagnostic[]): void {
  const problems: string[] = [];
  for (const issue of issues) {
    const range = r.policyLocate?.(issue.path) ?? r.locs['policy'] ?? r.range;
    problems.push(issue.message);
    diagnostics.push({ level: issue.level === 'error' ? 'warning' : 'note', code: `policy-${issue.code}`, file: range.file, range, message: `${r.address}: ${issue.message}` });
  }
  if (problems.length) r.props['policyIssues'] = problems;
}

/** A policy written as JSON text, parsed and checked, without the name of any one resource. */
interface ParsedText {
  policy: Policy;
  account: string;
  issues: readonly PolicyIssue[];
}

/**
 * Policies written as JSON text (Terraform's `policy = jsonencode(…)` in a
 * plan, raw strings) by text and kind. JSON text holds plain values only, so
 * nothing in it depends on the resource that holds it (there is no reference
 * to substitute): a module instantiated for 3,000 accounts has 3,000 copies of
 * one key policy, parsed and checked once. Parsed policies are not modified
 * after parsing; each resource gets its own copy of the top object with its
 * own name. Bounded in entries and characters: past either, texts are parsed each time.
 */
const textParses = new Map<string, ParsedText | null>();
const MAX_TEXT_PARSES = 4_096;
/** Characters of policy text kept as keys, at most (a key policy may be 32 KB). */
const MAX_TEXT_CHARS = 8 * 1024 * 1024;
let textChars = 0;
/** A resource's copy of a text-parsed policy → the shared parse (sharedPolicy). */
const sharedParses = new WeakMap<Policy, Policy>();

function parseText(text: string, kind: PolicyKind): ParsedText | undefined {
  const key = `${kind}\u0000${text}`;
  const known = textParses.get(key);
  if (known !== undefined) return known ?? undefined;
  let doc: unknown;
  let parsed: ParsedText | null = null;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    doc = undefined;
  }
  if (doc !== undefined) {
    const account = inferAccount(doc) ?? PLACEHOLDER_ACCOUNT;
    // No Unknown in parsed JSON, so nothing to substitute; concretize still copies the value with
    // own-member semantics (a `__proto__` key is data), as for every other document.
    const { policy, issues } = parsePolicy(concretize(doc, () => undefined), { kind });
    parsed = { policy, account, issues };
  }
  if (textParses.size < MAX_TEXT_PARSES && textChars + key.length <= MAX_TEXT_CHARS) {
    textParses.set(key, parsed);
    textChars += key.length;
  }
  return parsed ?? undefined;
}

/**
 * The object that stands for `policy`'s content in memo tables: the shared
 * parse when the policy was read from text, else the policy itself. Analyses
 * whose verdicts depend only on the content (not on the resource) key their
 * memos by it.
 */
export function sharedPolicy(policy: Policy): Policy {
  return sharedParses.get(policy) ?? policy;
}

/** Tri-state from the IAM engine's Truth: 'depends' (true for some requests only) is a definite "not always". */
export function always(t: Truth): boolean | Unknown {
  if (t === true) return true;
  if (t === false || t === 'depends') return false;
  return new Unknown('the policy depends on values known only after deployment');
}

export function never(t: Truth): boolean | Unknown {
  if (t === false) return true;
  if (t === true || t === 'depends') return false;
  return new Unknown('the policy depends on values known only after deployment');
}

/** Position of statement `i` of the resource's policy. */
export function statementLoc(r: Resource, index: number): Resource['range'] | undefined {
  return r.policyLocate?.(['Statement', index]) ?? r.locs['policy'];
}

/** An account ID in an ARN (global: used only through matchAll, which works on a copy). */
const ARN_ACCOUNT = /arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/g;

/**
 * The account a policy is written for: the account ID its ARNs name most
 * often. Requests in rules ("role/Developer") are then made from that account,
 * so a policy naming `arn:aws:iam::123456789012:role/SecurityBreakGlass` is
 * judged for that role, not for a namesake elsewhere.
 */
export function inferAccount(doc: unknown): string | undefined {
  const counts = new Map<string, number>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 32) return;
    if (typeof v === 'string') {
      // Every match starts with "arn:aws" and an account ID is twelve characters: most strings of a
      // document (actions, effects, sids) are passed over without a regular expression object made
      // for them (matchAll copies its expression), which in a fresh process was most of this walk.
      if (v.includes('arn:aws')) for (const m of v.matchAll(ARN_ACCOUNT)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
      if (v.length === 12 && /^\d{12}$/.test(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
    } else if (v instanceof Unknown) {
      // An ARN built at deployment (CDK's Fn::Join over AWS::Partition, `!Sub`) still names its
      // account: "arn:${AWS::Partition}:iam::111122223333:role/X" is judged like the literal ARN.
      if (v.template !== undefined) {
        const partitionless = replacePlaceholders(v.template, (inner, whole) => (inner.includes('Partition') || inner.includes('partition') ? 'aws' : whole));
        visit(replacePlaceholders(partitionless, () => 'x'), depth + 1);
      }
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v && typeof v === 'object' && !(v instanceof Unknown)) Object.values(v).forEach((x) => visit(x, depth + 1));
  };
  visit(doc, 0);
  let best: string | undefined;
  for (const [acct, n] of counts) if (!best || n > (counts.get(best) ?? 0)) best = acct;
  return best;
}

/**
 * What a policy resource that may not be created (a bucket or key policy whose condition or count is
 * known only at deployment, `Resource.policyExistence`) provides is not counted: each of `facts`, the
 * protections it alone would give, becomes undetermined where it holds. What it breaks (a public grant)
 * stays as written.
 */
export function withoutMaybeProtection(r: Resource, facts: readonly string[]): void {
  if (!r.policyExistence) return;
  for (const k of facts) if (r.props[k] === true) r.props[k] = r.policyExistence;
}
