/**
 * The policy document model: parsing a raw IAM / SCP / bucket / key policy
 * (a plain JS value from JSON.parse or a decoded `jsonencode`, possibly
 * holding `Unknown` values anywhere) into normalized statements, and
 * reporting what is wrong with it.
 *
 * Grammar: IAM User Guide, "IAM JSON policy element reference" and "Grammar of
 * the IAM JSON policy language"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 *
 * Issues carry a JSON path from the document root (["Statement", 2, "Action", 0])
 * so that callers can map them to a source line with a PositionIndex.
 */
import type { PathSegment } from '../../core/location.js';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { defaultActionCatalog, type ActionCatalog } from './catalog.js';
import { checkAction, checkConditionKey, checkConditionValue, checkResource, type Finding } from './checks.js';
import { hasWildcard, parseArn } from './match.js';
import { parseOperator, type ParsedOperator } from './operators.js';
import { hasVariables } from './variables.js';

/** A string in a policy, or a value known only after deployment. */
export type PolicyValue = string | Unknown;

/** Which kind of policy, for the checks that depend on it (Principal required or forbidden). */
export type PolicyKind = 'identity' | 'resource' | 'scp' | 'any';

export const CURRENT_VERSION = '2012-10-17';

export interface ListEntry {
  value: PolicyValue;
  path: PathSegment[];
}

/** Action / NotAction / Resource / NotResource: a list of entries, or wholly unknown. */
export interface ValueList {
  path: PathSegment[];
  entries: ListEntry[];
  /** Set when the whole element is unknown (its length cannot be known). */
  unknown?: Unknown;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalEntry {
  type: PrincipalType;
  /**
   * Normalized: a bare 12-digit account ID becomes that account's root ARN,
   * as IAM documents ("AWS account principals"); `"Principal": "*"` becomes
   * `{ type: 'AWS', value: '*' }`, which IAM documents as equivalent.
   */
  value: PolicyValue;
  path: PathSegment[];
}

export interface PrincipalSpec {
  path: PathSegment[];
  entries: PrincipalEntry[];
  unknown?: Unknown;
}

export interface ConditionClause {
  /** The operator as written. */
  operator: string;
  /** Undefined when the operator is not one AWS defines. */
  parsed?: ParsedOperator;
  key: string;
  /** Booleans and numbers are compared as their string form, as IAM does. */
  values: PolicyValue[];
  /** Set when the key's whole value list is unknown. */
  unknown?: Unknown;
  path: PathSegment[];
}

export type Effect = 'Allow' | 'Deny';

export interface Statement {
  /** Position in the policy's Statement list (0 for a lone statement object). */
  index: number;
  path: PathSegment[];
  sid?: string;
  /** Undefined when missing or invalid (an issue is reported), Unknown when not known yet. */
  effect?: Effect | Unknown;
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  conditions: ConditionClause[];
  /** Set when the Condition block (or an operator's key map) is unknown. */
  conditionUnknown?: Unknown;
  /** Set when the whole statement is unknown. */
  unknown?: Unknown;
}

export interface Policy {
  /** A label for reports: file, resource address, policy name. */
  name?: string;
  kind: PolicyKind;
  version?: PolicyValue;
  id?: PolicyValue;
  statements: Statement[];
}

export type IssueCode =
  | 'invalid-document'
  | 'unknown-field'
  | 'missing-version'
  | 'outdated-version'
  | 'invalid-version'
  | 'missing-statement'
  | 'invalid-statement'
  | 'duplicate-sid'
  | 'missing-effect'
  | 'invalid-effect'
  | 'action-and-not-action'
  | 'missing-action'
  | 'invalid-action'
  | 'unknown-service'
  | 'unknown-action'
  | 'resource-and-not-resource'
  | 'missing-resource'
  | 'malformed-arn'
  | 'wildcard-resource-type'
  | 'principal-and-not-principal'
  | 'missing-principal'
  | 'unexpected-principal'
  | 'invalid-principal'
  | 'invalid-condition'
  | 'unknown-condition-operator'
  | 'unknown-condition-key'
  | 'invalid-condition-value';

export interface PolicyIssue {
  code: IssueCode;
  level: 'error' | 'warning';
  message: string;
  /** JSON path from the document root to the offending value. */
  path: PathSegment[];
}

export interface ParseOptions {
  name?: string;
  kind?: PolicyKind;
  /** The IAM action catalogue used to flag unknown services and actions; `false` skips the check. */
  catalog?: ActionCatalog | false;
}

export interface ParsedPolicy {
  policy: Policy;
  issues: PolicyIssue[];
}

const TOP_LEVEL_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const ACCOUNT_ID = /^\d{12}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);
}

class Parser {
  readonly issues: PolicyIssue[] = [];
  usesVariables = false;

  constructor(
    private readonly kind: PolicyKind,
    private readonly catalog: ActionCatalog | undefined,
  ) {}

  issue(code: IssueCode, level: PolicyIssue['level'], path: PathSegment[], message: string): void {
    this.issues.push({ code, level, path, message });
  }

  report(found: Finding | undefined, path: PathSegment[]): void {
    if (found) this.issues.push({ ...found, path });
  }

  document(doc: unknown, name: string | undefined): Policy {
    const policy: Policy = { name, kind: this.kind, statements: [] };
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc) as unknown;
      } catch {
        this.issue('invalid-document', 'error', [], 'The policy is not valid JSON.');
        return policy;
      }
    }
    if (isUnknown(doc)) {
      policy.statements.push({ index: 0, path: [], conditions: [], unknown: doc });
      return policy;
    }
    if (!isRecord(doc)) {
      this.issue('invalid-document', 'error', [], 'A policy document must be a JSON object.');
      return policy;
    }
    for (const field of Object.keys(doc)) {
      if (!TOP_LEVEL_FIELDS.has(field)) {
        this.issue('unknown-field', 'error', [field], `Unknown policy field "${field}" (expected Version, Id, Statement).`);
      }
    }
    policy.version = this.optionalString(doc.Version, ['Version']);
    policy.id = this.optionalString(doc.Id, ['Id']);

    const raw = doc.Statement;
    if (raw === undefined) {
      this.issue('missing-statement', 'error', [], 'The policy has no Statement.');
    } else if (isUnknown(raw)) {
      policy.statements.push({ index: 0, path: ['Statement'], conditions: [], unknown: raw });
    } else if (Array.isArray(raw)) {
      raw.forEach((s, i) => policy.statements.push(this.statement(s, i, ['Statement', i])));
      if (raw.length === 0) this.issue('missing-statement', 'warning', ['Statement'], 'The policy has no statements.');
    } else {
      policy.statements.push(this.statement(raw, 0, ['Statement']));
    }
    this.checkSids(policy.statements);
    this.checkVersion(policy.version);
    return policy;
  }

  private checkVersion(version: PolicyValue | undefined): void {
    if (isUnknown(version)) return;
    const variablesNote = this.usesVariables
      ? ' Policy variables (${...}) are then literal text, so this policy does not do what it says.'
      : '';
    const level = this.usesVariables ? 'error' : 'warning';
    if (version === undefined) {
      this.issue('missing-version', level, [], `No Version: AWS assumes 2008-10-17.${variablesNote}`);
    } else if (version === '2008-10-17') {
      this.issue('outdated-version', level, ['Version'], `Version 2008-10-17 is outdated; use ${CURRENT_VERSION}.${variablesNote}`);
    } else if (version !== CURRENT_VERSION) {
      this.issue('invalid-version', 'error', ['Version'], `Version "${version}" is not valid; use ${CURRENT_VERSION}.`);
    }
  }

  private checkSids(statements: Statement[]): void {
    const seen = new Set<string>();
    for (const s of statements) {
      if (s.sid === undefined || s.sid === '') continue;
      if (seen.has(s.sid)) this.issue('duplicate-sid', 'warning', [...s.path, 'Sid'], `Sid "${s.sid}" is used twice.`);
      seen.add(s.sid);
    }
  }

  private optionalString(v: unknown, path: PathSegment[]): PolicyValue | undefined {
    if (v === undefined || typeof v === 'string' || isUnknown(v)) return v;
    this.issue('invalid-document', 'error', path, `${String(path[path.length - 1])} must be a string.`);
    return undefined;
  }

  private statement(raw: unknown, index: number, path: PathSegment[]): Statement {
    const st: Statement = { index, path, conditions: [] };
    if (isUnknown(raw)) {
      st.unknown = raw;
      return st;
    }
    if (!isRecord(raw)) {
      this.issue('invalid-statement', 'error', path, 'A statement must be a JSON object.');
      st.unknown = new Unknown('statement is not an object');
      return st;
    }
    for (const field of Object.keys(raw)) {
      if (!STATEMENT_FIELDS.has(field)) {
        this.issue('unknown-field', 'error', [...path, field], `Unknown statement field "${field}".`);
      }
    }
    // A Sid that is not a string (a number, an object) is refused by IAM like a malformed Id.
    const sid = this.optionalString(raw.Sid, [...path, 'Sid']);
    if (typeof sid === 'string') st.sid = sid;

    const effect = raw.Effect;
    if (effect === undefined) {
      this.issue('missing-effect', 'error', path, 'The statement has no Effect.');
    } else if (isUnknown(effect) || effect === 'Allow' || effect === 'Deny') {
      st.effect = effect;
    } else {
      this.issue('invalid-effect', 'error', [...path, 'Effect'], `Effect must be "Allow" or "Deny", not ${JSON.stringify(effect)}.`);
    }

    // Principal / NotPrincipal
    if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) {
      this.issue('principal-and-not-principal', 'error', path, 'A statement cannot have both Principal and NotPrincipal.');
    }
    if (raw.Principal !== undefined) st.principal = this.principal(raw.Principal, [...path, 'Principal']);
    if (raw.NotPrincipal !== undefined) st.notPrincipal = this.principal(raw.NotPrincipal, [...path, 'NotPrincipal']);
    const hasPrincipal = raw.Principal !== undefined || raw.NotPrincipal !== undefined;
    if (hasPrincipal && (this.kind === 'identity' || this.kind === 'scp')) {
      this.issue(
        'unexpected-principal',
        'error',
        [...path, raw.Principal !== undefined ? 'Principal' : 'NotPrincipal'],
        `${this.kind === 'scp' ? 'Service control' : 'Identity-based'} policies cannot name a principal.`,
      );
    }
    if (!hasPrincipal && this.kind === 'resource') {
      this.issue('missing-principal', 'error', path, 'A resource-based policy statement must name a Principal or NotPrincipal.');
    }

    // Action / NotAction
    if (raw.Action !== undefined && raw.NotAction !== undefined) {
      this.issue('action-and-not-action', 'error', path, 'A statement cannot have both Action and NotAction.');
    }
    if (raw.Action === undefined && raw.NotAction === undefined) {
      this.issue('missing-action', 'error', path, 'The statement has neither Action nor NotAction.');
    }
    if (raw.Action !== undefined) {
      const allow = st.effect === 'Allow';
      st.action = this.list(raw.Action, [...path, 'Action'], (v, p) => this.report(allow ? inAllow(checkAction(v, this.catalog)) : checkAction(v, this.catalog), p));
    }
    if (raw.NotAction !== undefined) {
      st.notAction = this.list(raw.NotAction, [...path, 'NotAction'], (v, p) => this.report(checkAction(v, this.catalog), p));
    }

    // Resource / NotResource
    if (raw.Resource !== undefined && raw.NotResource !== undefined) {
      this.issue('resource-and-not-resource', 'error', path, 'A statement cannot have both Resource and NotResource.');
    }
    if (raw.Resource === undefined && raw.NotResource === undefined) {
      this.issue('missing-resource', 'error', path, 'The statement has neither Resource nor NotResource.');
    }
    if (raw.Resource !== undefined) st.resource = this.list(raw.Resource, [...path, 'Resource'], (v, p) => this.report(checkResource(v, this.catalog), p));
    if (raw.NotResource !== undefined) {
      st.notResource = this.list(raw.NotResource, [...path, 'NotResource'], (v, p) => this.report(checkResource(v, this.catalog), p));
    }

    if (raw.Condition !== undefined) this.conditions(raw.Condition, [...path, 'Condition'], st);
    return st;
  }

  private list(raw: unknown, path: PathSegment[], check: (v: string, p: PathSegment[]) => void): ValueList {
    if (isUnknown(raw)) return { path, entries: [], unknown: raw };
    const items = Array.isArray(raw) ? raw : [raw];
    const entries: ListEntry[] = [];
    items.forEach((item, i) => {
      const p = Array.isArray(raw) ? [...path, i] : path;
      if (isUnknown(item)) {
        entries.push({ value: item, path: p });
      } else if (typeof item === 'string') {
        if (hasVariables(item)) this.usesVariables = true;
        check(item, p);
        entries.push({ value: item, path: p });
      } else {
        this.issue('invalid-document', 'error', p, `Expected a string, found ${JSON.stringify(item)}.`);
      }
    });
    return { path, entries };
  }

  private principal(raw: unknown, path: PathSegment[]): PrincipalSpec {
    if (isUnknown(raw)) return { path, entries: [], unknown: raw };
    if (raw === '*') return { path, entries: [{ type: 'AWS', value: '*', path }] };
    if (!isRecord(raw)) {
      this.issue('invalid-principal', 'error', path, 'Principal must be "*" or an object such as {"AWS": [...]}.');
      return { path, entries: [], unknown: new Unknown('invalid principal') };
    }
    const spec: PrincipalSpec = { path, entries: [] };
    // Indexed over the keys (no entry pair and iterator per principal type); the same order as Object.entries.
    const types = Object.keys(raw);
    for (let t = 0; t < types.length; t++) {
      const type = types[t]!;
      const value = raw[type];
      const typePath = [...path, type];
      if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
        this.issue('invalid-principal', 'error', typePath, `Unknown principal type "${type}" (expected AWS, Service, Federated or CanonicalUser).`);
        spec.unknown = new Unknown(`unknown principal type ${type}`);
        continue;
      }
      const list = this.list(value, typePath, () => undefined);
      if (list.unknown) spec.unknown = list.unknown;
      for (const e of list.entries) {
        spec.entries.push({ type: type as PrincipalType, value: this.normalizePrincipal(type as PrincipalType, e.value, e.path), path: e.path });
      }
    }
    return spec;
  }

  private normalizePrincipal(type: PrincipalType, value: PolicyValue, path: PathSegment[]): PolicyValue {
    if (isUnknown(value) || type !== 'AWS') return value;
    if (ACCOUNT_ID.test(value)) return `arn:aws:iam::${value}:root`;
    if (value === '*') return value;
    // "You cannot use a wildcard to match part of a principal name or ARN."
    // (IAM User Guide, "AWS JSON policy elements: Principal")
    if (hasWildcard(value)) {
      this.issue('invalid-principal', 'error', path, `Principal "${value}": a wildcard cannot match part of a principal ARN.`);
      return new Unknown(`principal pattern ${value} is not valid`);
    }
    if (!parseArn(value)) {
      this.issue('invalid-principal', 'warning', path, `Principal "${value}" is neither an ARN, an account ID nor "*".`);
    }
    return value;
  }

  private conditions(raw: unknown, path: PathSegment[], st: Statement): void {
    if (isUnknown(raw)) {
      st.conditionUnknown = raw;
      return;
    }
    if (!isRecord(raw)) {
      this.issue('invalid-condition', 'error', path, 'Condition must be an object of operators.');
      st.conditionUnknown = new Unknown('invalid Condition block');
      return;
    }
    const operators = Object.keys(raw);
    for (let o = 0; o < operators.length; o++) {
      const operator = operators[o]!;
      const keys = raw[operator];
      const opPath = [...path, operator];
      const parsed = parseOperator(operator);
      if (!parsed) {
        this.issue('unknown-condition-operator', 'error', opPath, `Unknown condition operator "${operator}".`);
      }
      if (isUnknown(keys)) {
        st.conditionUnknown = keys;
        continue;
      }
      if (!isRecord(keys)) {
        this.issue('invalid-condition', 'error', opPath, `${operator} must map condition keys to values.`);
        st.conditionUnknown = new Unknown('invalid condition operator block');
        continue;
      }
      const names = Object.keys(keys);
      for (let k = 0; k < names.length; k++) {
        const key = names[k]!;
        st.conditions.push(this.clause(operator, parsed, key, keys[key], [...opPath, key]));
      }
    }
  }

  private clause(operator: string, parsed: ParsedOperator | undefined, key: string, raw: unknown, path: PathSegment[]): ConditionClause {
    const clause: ConditionClause = { operator, parsed, key, values: [], path };
    this.report(checkConditionKey(key), path);
    if (isUnknown(raw)) {
      clause.unknown = raw;
      return clause;
    }
    const items = Array.isArray(raw) ? raw : [raw];
    items.forEach((item, i) => {
      const p = Array.isArray(raw) ? [...path, i] : path;
      if (isUnknown(item)) {
        clause.values.push(item);
      } else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
        const text = String(item);
        if (hasVariables(text)) this.usesVariables = true;
        if (parsed) this.report(checkConditionValue(parsed, key, text), p);
        clause.values.push(text);
      } else {
        this.issue('invalid-condition-value', 'error', p, `Condition values must be strings, numbers or booleans, not ${JSON.stringify(item)}.`);
        clause.values.push(new Unknown('invalid condition value'));
      }
    });
    return clause;
  }


}

/**
 * An action IAM does not know, in an Allow's Action list, grants nothing more
 * than the rest of the statement: a note (a tool notification on its line),
 * not a finding. AWS's own reference templates carry such actions (say
 * `sns:PublishBatch` against an older catalogue). In a Deny, a NotAction or
 * with an Effect not known yet, the same action protects less than it seems
 * (or, under NotAction, allows more), so it stays an error there.
 */
function inAllow(found: Finding | undefined): Finding | undefined {
  if (!found || (found.code !== 'unknown-action' && found.code !== 'unknown-service')) return found;
  return { ...found, level: 'warning', message: `${found.message} In an Allow it grants nothing, so this is a note.` };
}

/** Parses and checks a policy document. Never throws on bad input: problems become issues. */
export function parsePolicy(doc: unknown, options: ParseOptions = {}): ParsedPolicy {
  const catalog = options.catalog === false ? undefined : (options.catalog ?? defaultActionCatalog());
  const parser = new Parser(options.kind ?? 'any', catalog);
  const policy = parser.document(doc, options.name);
  return { policy, issues: parser.issues };
}

/** Whether policy variables are substituted: only under Version 2012-10-17. */
export function variablesEnabled(policy: Policy): boolean | 'unknown' {
  if (isUnknown(policy.version)) return 'unknown';
  return policy.version === CURRENT_VERSION;
}
