import type { RuleMeta } from '../findings.js';
import type { Rule } from './types.js';

/** What reporters show about a rule, derived from its file. */
export function ruleMeta(rule: Rule): RuleMeta {
  const s = rule.spec;
  return {
    id: s.id,
    name: pascalCase(s.id),
    title: s.title,
    description: s.description.trim(),
    severity: s.severity,
    catalog: s.catalog,
    securityHub: s.securityHub ?? [],
    cis: s.cis ?? [],
    tags: s.tags ?? [],
    precision: s.precision ?? 'high',
    help: s.help.trim(),
    remediation: { terraform: s.remediation.terraform.trim(), cloudformation: s.remediation.cloudformation.trim() },
  };
}

export function pascalCase(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * Built-in rule for input that could not be read. It is a finding (not only
 * a notification) so that a broken template fails the run at the default
 * threshold instead of silently passing unchecked.
 */
export const PARSE_ERROR_RULE: RuleMeta = {
  id: 'parse-error',
  name: 'ParseError',
  title: 'Input file could not be parsed',
  description:
    'The file looks like infrastructure code (a CloudFormation template, Terraform source or plan, or a policy document) but could not be parsed, so none of its resources were checked.',
  severity: 'high',
  catalog: [],
  securityHub: [],
  cis: [],
  tags: ['correctness'],
  precision: 'very-high',
  help: 'Fix the syntax error at the reported line and column. Until the file parses, trailguard cannot check any resource in it.',
  remediation: {},
};

/**
 * Built-in rule for policy documents IAM would reject or that do not mean
 * what they say: an unknown field, condition operator, service or action, a
 * malformed ARN. Such a policy is never judged "protected".
 */
export const POLICY_INVALID_RULE: RuleMeta = {
  id: 'iam-policy-invalid',
  name: 'IamPolicyInvalid',
  title: 'Policy document is invalid or does not mean what it says',
  description:
    'A policy document (bucket, key, service control or identity policy) has an unknown field or condition operator, an unknown service or action in a Deny, NotAction or NotResource, or a malformed ARN: AWS rejects it, or it silently protects less than it seems to.',
  severity: 'medium',
  catalog: [],
  securityHub: [],
  cis: [],
  tags: ['iam-policy', 'correctness'],
  precision: 'high',
  help: 'Fix the statement at the reported line. A misspelt action such as `cloudtrail:StopLoging` denies nothing; an unknown condition operator makes IAM reject the policy; a wildcard in an ARN\'s resource type (`trail*/x`) is an ARN IAM Access Analyzer rejects. An unknown action in an Allow grants nothing more and is reported as a note, not as this finding.',
  remediation: {},
};
