import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { excerpt } from './report/escape.js';
import { isInside } from './files.js';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { SEVERITIES, type Severity } from './findings.js';
import type { Rule } from './rules/types.js';
import { isPolicyFileKind, POLICY_FILE_KINDS, type PolicyFileKind } from '../parsers/policy/detect.js';
import { globMatch } from './iam/wildcard.js';
import { isOrganizationTarget, principalTarget } from './adapters/policy/attachment-targets.js';
import { emptyTable, own } from '../core/own.js';
import { parseConfigSuppressions, type ConfigSuppression } from './suppressions/config.js';
import { parseExpiryDate } from './suppressions/date.js';

/**
 * `.trailguard.yaml` (or `--config FILE`):
 *
 *   rules:
 *     cloudtrail-organization-trail: off          # single-account users
 *     cloudtrail-lake-retention:
 *       severity: high
 *       parameters: { minRetentionDays: 3650 }
 *   scopeChecks: false    # account/organization-wide checks live in another repository
 *   suppressions:         # see engine/suppressions/config.ts
 *     - rule: cloudtrail-multi-region
 *       resource: aws_cloudtrail.sandbox
 *       reason: regional sandbox trail
 *       expires: 2027-03-31
 *
 * Unknown rule ids, fields and parameters are errors: a misspelt rule id
 * must not silently leave a check on (or off).
 */
export interface RuleOverride {
  enabled: boolean;
  severity?: Severity;
  parameters?: Record<string, unknown>;
}

export interface PolicyFileRule {
  /** Glob over repository-relative paths; `*` and `?` match any characters, `/` included. */
  path: string;
  type?: PolicyFileKind;
  attachedTo?: string[];
  bucket?: string;
  key?: string;
}

export interface Config {
  file?: string;
  rules: Record<string, RuleOverride>;
  scopeChecks: boolean;
  /** The file is outside the repository root (named with --config): errors never quote it. */
  outsideRoot?: boolean;
  /** What raw policy files are, where content alone cannot say (`policies:`). */
  policies: PolicyFileRule[];
  /** Findings accepted by configuration, with a reason and an optional expiry (`suppressions:`). */
  suppressions?: ConfigSuppression[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const CONFIG_FILE_NAMES = ['.trailguard.yaml', '.trailguard.yml'];

export function findConfig(dir: string): string | undefined {
  for (const n of CONFIG_FILE_NAMES) {
    const p = join(dir, n);
    // lstat: a dangling or hostile link is still "the configuration" and must be refused, not ignored.
    try {
      lstatSync(p);
      return p;
    } catch {
      /* absent */
    }
  }
  return undefined;
}

/** Configuration and rule files are small; anything larger is refused before it is read. */
export const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

/**
 * Reads a configuration or rule file, refusing what must not be opened: a
 * device, FIFO or socket (`/dev/zero` never ends), a file too large, and,
 * unless the file was named on the command line, a link whose target is
 * outside `root` (a committed `.trailguard.yaml` linked to `/etc/shadow`).
 * Errors name the file, never its content.
 */
export function readSettingsFile(file: string, what: string, root: string | undefined, explicit: boolean): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new ConfigError(`${file}: cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isFile()) throw new ConfigError(`${file}: cannot read ${what}: not a regular file`);
  if (!explicit && root !== undefined) {
    const real = realpathSync(file);
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      realRoot = root;
    }
    if (!isInside(realRoot, real)) throw new ConfigError(`${file}: cannot read ${what}: a symbolic link to a file outside the repository root`);
  }
  if (st.size > MAX_SETTINGS_FILE_BYTES) throw new ConfigError(`${file}: cannot read ${what}: larger than ${MAX_SETTINGS_FILE_BYTES / 1024} KiB`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** `root` and `explicit`: see readSettingsFile (a file found in the root must stay inside it). */
export function loadConfig(file: string | undefined, root?: string, explicit = true): Config {
  const config: Config = { rules: emptyTable(), scopeChecks: true, policies: [], suppressions: [] };
  if (!file) return config;
  config.file = file;
  const text = readSettingsFile(file, 'configuration', root, explicit);
  // Named with --config, a file outside the root is read, but no message may quote what it holds.
  config.outsideRoot = root !== undefined && !isInside(realOrSelf(root), realOrSelf(file));
  try {
    parseConfigText(config, file, text);
    // A suppression's unreadable expiry is reported with the value quoted; from a file outside the root, refuse instead.
    if (config.outsideRoot && (config.suppressions ?? []).some((c) => c.suppression.expires !== undefined && parseExpiryDate(c.suppression.expires) === undefined)) {
      throw withoutContent(file);
    }
  } catch (e) {
    if (e instanceof ConfigError && config.outsideRoot) throw withoutContent(file);
    throw e;
  }
  return config;
}

function withoutContent(file: string): ConfigError {
  return new ConfigError(`${file}: not a valid configuration (the file is outside the repository root, so its content is not shown)`);
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function parseConfigText(config: Config, file: string, text: string): void {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const at = err.linePos?.[0] ? `:${err.linePos[0].line}:${err.linePos[0].col}` : '';
    throw new ConfigError(`${file}${at}: not valid YAML: ${err.message.split('\n')[0]}`);
  }
  const data = (doc.toJS() ?? {}) as unknown;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${file}: expected a mapping at the top level`);
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (k === 'scopeChecks') {
      if (typeof v !== 'boolean') throw new ConfigError(`${file}: 'scopeChecks' must be true or false`);
      config.scopeChecks = v;
    } else if (k === 'rules') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${file}: 'rules' must be a mapping of rule id to settings`);
      for (const [id, setting] of Object.entries(v as Record<string, unknown>)) config.rules[id] = parseOverride(file, id, setting);
    } else if (k === 'policies') {
      if (!Array.isArray(v)) throw new ConfigError(`${file}: 'policies' must be a list of {path, type, attachedTo, bucket, key}`);
      config.policies = v.map((item, i) => parsePolicyRule(file, i, item));
    } else if (k === 'suppressions') {
      config.suppressions = parseConfigSuppressions(file, doc, lines, (m) => new ConfigError(m));
    } else throw new ConfigError(`${file}: unknown setting ${excerpt(k)} (known: rules, scopeChecks, policies, suppressions)`);
  }
}

function parsePolicyRule(file: string, i: number, v: unknown): PolicyFileRule {
  const at = `${file}: policies[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${at} must be a mapping`);
  const rec = v as Record<string, unknown>;
  const out: PolicyFileRule = { path: '' };
  for (const [k, x] of Object.entries(rec)) {
    if (k === 'path' && typeof x === 'string') out.path = x;
    else if (k === 'type' && typeof x === 'string' && isPolicyFileKind(x)) out.type = x;
    else if (k === 'attachedTo' && Array.isArray(x) && x.every((t) => typeof t === 'string')) {
      const wrong = (x as string[]).find((t) => !isOrganizationTarget(t) && !principalTarget(t));
      if (wrong !== undefined) {
        throw new ConfigError(
          `${at}.attachedTo: ${excerpt(wrong)} is neither a root (r-…), an OU (ou-…) or an account ID (for an SCP or RCP), nor user/NAME, group/NAME, role/NAME or an IAM ARN of one (for an identity policy)`,
        );
      }
      out.attachedTo = x as string[];
    }
    else if (k === 'bucket' && typeof x === 'string') out.bucket = x;
    else if (k === 'key' && typeof x === 'string') out.key = x;
    else if (k === 'type') throw new ConfigError(`${at}.type must be one of ${POLICY_FILE_KINDS.join(', ')}`);
    else if (['path', 'attachedTo', 'bucket', 'key'].includes(k)) throw new ConfigError(`${at}.${k} has the wrong type`);
    else throw new ConfigError(`${at}: unknown field ${excerpt(k)} (known: path, type, attachedTo, bucket, key)`);
  }
  if (!out.path) throw new ConfigError(`${at} needs a path (a glob)`);
  return out;
}

/** The settings for a raw policy file: the first `policies:` entry whose glob matches. */
export function policySettingFor(config: Config, shownPath: string): PolicyFileRule | undefined {
  return config.policies.find((p) => globMatch(p.path, shownPath) || globMatch(p.path, shownPath.split('/').pop() ?? ''));
}

function parseOverride(file: string, id: string, v: unknown): RuleOverride {
  if (v === 'off' || v === false) return { enabled: false };
  if (v === 'on' || v === true) return { enabled: true };
  if (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) return { enabled: true, severity: v as Severity };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ConfigError(`${file}: rules.${id} must be off, on, a severity, or a mapping with enabled/severity/parameters`);
  }
  const out: RuleOverride = { enabled: true };
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'enabled') {
      if (typeof x !== 'boolean') throw new ConfigError(`${file}: rules.${id}.enabled must be true or false`);
      out.enabled = x;
    } else if (k === 'severity') {
      if (typeof x !== 'string' || !(SEVERITIES as readonly string[]).includes(x)) throw new ConfigError(`${file}: rules.${id}.severity must be one of ${SEVERITIES.join(', ')}`);
      out.severity = x as Severity;
    } else if (k === 'parameters') {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ConfigError(`${file}: rules.${id}.parameters must be a mapping`);
      out.parameters = x as Record<string, unknown>;
    } else throw new ConfigError(`${file}: unknown field rules.${excerpt(id)}.${excerpt(k)} (known: enabled, severity, parameters)`);
  }
  return out;
}

/** Applies configuration to the loaded rules; unknown ids and parameters are errors. */
export function applyConfig(rules: Rule[], config: Config): Rule[] {
  try {
    return applyConfigChecked(rules, config);
  } catch (e) {
    if (e instanceof ConfigError && config.outsideRoot && config.file) throw withoutContent(config.file);
    throw e;
  }
}

function applyConfigChecked(rules: Rule[], config: Config): Rule[] {
  const byId = new Map(rules.map((r) => [r.spec.id, r]));
  for (const id of Object.keys(config.rules)) {
    if (!byId.has(id)) {
      const near = [...byId.keys()].filter((k) => k.includes(id) || id.includes(k)).slice(0, 3);
      throw new ConfigError(`${config.file}: unknown rule ${excerpt(id)}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
    }
  }
  for (const { suppression: s } of config.suppressions ?? []) {
    if (byId.has(s.ruleId)) continue;
    const near = [...byId.keys()].filter((k) => k.includes(s.ruleId) || s.ruleId.includes(k)).slice(0, 3);
    throw new ConfigError(`${config.file}:${s.range?.start.line ?? 1}: suppressions: unknown rule ${excerpt(s.ruleId)}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  const out: Rule[] = [];
  for (const rule of rules) {
    const o = own(config.rules, rule.spec.id);
    if (o && !o.enabled) continue;
    if (!config.scopeChecks && (rule.spec.scope || rule.spec.scopeCheck)) continue;
    if (!o) {
      out.push(rule);
      continue;
    }
    const params = Object.assign(emptyTable<unknown>(), rule.params);
    for (const [k, val] of Object.entries(o.parameters ?? {})) {
      if (!Object.hasOwn(params, k)) {
        const known = Object.keys(params);
        throw new ConfigError(`${config.file}: rule '${rule.spec.id}' has no parameter '${k}'${known.length ? ` (known: ${known.join(', ')})` : ''}`);
      }
      const def = rule.params[k];
      if (def !== undefined && def !== null && typeof val !== typeof def) {
        throw new ConfigError(`${config.file}: rules.${rule.spec.id}.parameters.${k} must be a ${typeof def}`);
      }
      if (k === 'ordinaryPrincipal' && typeof val === 'string' && isServiceLinkedRolePath(val)) {
        throw new ConfigError(
          `${config.file}: rules.${rule.spec.id}.parameters.ordinaryPrincipal is a service-linked role (${val}): SCPs do not apply to service-linked roles (AWS Organizations, "Service control policies"), so it can never be the ordinary principal an SCP must deny. Name an ordinary role, such as role/Developer.`,
        );
      }
      params[k] = val;
    }
    out.push({ ...rule, spec: o.severity ? { ...rule.spec, severity: o.severity } : rule.spec, params });
  }
  return out;
}

/** `role/aws-service-role/...`, alone or in an IAM role ARN: the path IAM gives every service-linked role. */
function isServiceLinkedRolePath(principal: string): boolean {
  const resource = principal.startsWith('arn:') ? principal.split(':').slice(5).join(':') : principal;
  return resource.startsWith('role/aws-service-role/');
}
