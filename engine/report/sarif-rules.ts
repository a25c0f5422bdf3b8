import type { ReportingDescriptor } from 'sarif';
import type { Finding, RuleMeta, ScanResult } from '../findings.js';
import { helpMarkdown, helpText } from './remediation.js';
import { PROBLEM_SEVERITY, SARIF_LEVEL, SECURITY_SEVERITY } from './severity.js';

/** GitHub rejects a SARIF file whose rule has more than 20 tags. */
export const GITHUB_MAX_TAGS = 20;

export const PARSE_ERROR_RULE_ID = 'parse-error';

/**
 * The rules of a SARIF run, with the index each result's `ruleIndex` points
 * at. Every finding's rule is in it: one the engine did not describe (it
 * should, see ScanResult.rules) gets a placeholder rather than a dangling
 * reference, which GitHub would reject.
 */
export interface RuleTable {
  rules: RuleMeta[];
  indexOf(ruleId: string): number;
  has(ruleId: string): boolean;
}

export function ruleTable(result: ScanResult): RuleTable {
  const rules: RuleMeta[] = [];
  const index = new Map<string, number>();
  const add = (rule: RuleMeta) => {
    if (index.has(rule.id)) return;
    index.set(rule.id, rules.length);
    rules.push(rule);
  };
  result.rules.forEach(add);
  for (const finding of result.findings) if (!index.has(finding.ruleId)) add(placeholderRule(finding));
  return {
    rules,
    has: (ruleId) => index.has(ruleId),
    indexOf: (ruleId) => {
      const i = index.get(ruleId);
      if (i === undefined) throw new Error(`rule ${ruleId} is not in the SARIF rule table`);
      return i;
    },
  };
}

function placeholderRule(finding: Finding): RuleMeta {
  const isParseError = finding.ruleId === PARSE_ERROR_RULE_ID;
  const title = isParseError ? 'Input file could not be parsed' : `Rule ${finding.ruleId}`;
  const description = isParseError
    ? 'trailguard could not read this file, so none of the resources it declares were checked.'
    : `Findings reported under ${finding.ruleId}.`;
  return {
    id: finding.ruleId,
    name: pascalCase(finding.ruleId),
    title,
    description,
    severity: finding.severity,
    catalog: [],
    securityHub: [],
    cis: [],
    tags: [],
    precision: 'very-high',
    help: isParseError ? `${description} Fix the syntax error the message points at and scan again.` : description,
    remediation: {},
  };
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** `security` first (GitHub treats a rule as a security rule only with it), duplicates dropped, within GitHub's limit. */
export function ruleTags(rule: RuleMeta): string[] {
  return [...new Set(['security', ...rule.tags])].slice(0, GITHUB_MAX_TAGS);
}

export function reportingDescriptor(rule: RuleMeta): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    // The rule's page when it has one (what, why, how judged, fixes); else its help and fixes.
    // SARIF wants non-empty help; a rule without any falls back to its description.
    help: { text: rule.page ?? (helpText(rule) || rule.description), markdown: rule.page ?? (helpMarkdown(rule) || rule.description) },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: ruleTags(rule),
      precision: rule.precision,
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
      catalog: [...rule.catalog],
      securityHub: [...rule.securityHub],
      cis: [...rule.cis],
    },
  };
}
