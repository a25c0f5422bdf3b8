import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ControlEvents } from '../semantics/control-events.js';
import { KINDS } from '../kinds.js';
import { ruleMeta } from './meta.js';
import type { Condition, Rule } from './types.js';
import { pushAll } from '../../parsers/arrays.js';

/**
 * Rule documentation is generated from the rule files, so it cannot drift
 * from what the rule checks: `npm run docs` writes `rules/<id>/README.md`
 * and `docs/rules.md`; a test fails when they are out of date. A hand-written
 * `notes.md` beside a rule file (what AWS documents about an edge of the
 * check) becomes the page's "Notes" section, and a hand-written `real-code.md`
 * (what a real, public baseline scanned at its defaults draws from the rule,
 * and why that is right) becomes "Judged on real code".
 */

export const GENERATED_MARK = '<!-- Generated from rule.yaml by `npm run docs`; edit the rule file, not this page. -->';

export function renderRuleDoc(rule: Rule, cases: string[]): string {
  const m = ruleMeta(rule);
  const s = rule.spec;
  const lines: string[] = [GENERATED_MARK, '', `# ${m.id}`, '', `**${m.title}**`, ''];
  lines.push('| | |', '|---|---|');
  lines.push(`| Severity | ${m.severity} |`);
  lines.push(`| Catalog checks | ${m.catalog.join(', ')} |`);
  if (m.securityHub.length) lines.push(`| Security Hub | ${m.securityHub.join(', ')} |`);
  if (m.cis.length) lines.push(`| CIS AWS Foundations (as the seed cites it) | ${m.cis.join(', ')} |`);
  lines.push(`| Applies to | ${s.scope ? `the whole scan (scope check, judged when the scan holds a \`${s.scope.when}\`)` : `every \`${s.resource}\` (${KINDS[s.resource!].description})`} |`);
  lines.push(`| Precision | ${m.precision} |`);
  if (m.tags.length) lines.push(`| Tags | ${m.tags.join(', ')} |`);
  lines.push('', '## What it checks', '', m.description, '');
  lines.push('## Why it matters', '', m.help, '');
  lines.push('## How it is judged', '');
  if (s.scope) {
    const each = s.scope.forEach;
    if (each !== undefined) {
      const values = each && typeof each === 'object' && !Array.isArray(each) && 'param' in each ? `each value of the \`${each.param}\` parameter` : `each of ${JSON.stringify(each)}`;
      lines.push(`For ${values} (\`item\` below), at least one \`${s.scope.require.kind}\` in the scan must exist${s.scope.require.where ? ' for which this holds:' : '.'}`, '');
    } else lines.push(`At least one \`${s.scope.require.kind}\` in the scan must exist${s.scope.require.where ? ' for which this holds:' : '.'}`, '');
    if (s.scope.require.where) lines.push('```text', describeCondition(s.scope.require.where, 0), '```', '');
  } else {
    if (s.where) lines.push('Applies only when:', '', '```text', describeCondition(s.where, 0), '```', '');
    lines.push('Must hold (a finding when the configuration shows it does not):', '', '```text', describeCondition(s.assert!, 0), '```', '');
  }
  if (s.evident) pushAll(lines, evidentParagraph(s.evident, s.scopeCheck === true)).push('');
  lines.push(
    'A value known only after deployment (a parameter without default, an attribute of a resource created in the same',
    'change) never produces a finding; `--show-undetermined` lists such checks.',
    '',
  );
  for (const d of coverageDefinitions(s.assert)) pushAll(lines, describeEvents(d));
  const params = Object.entries(s.parameters ?? {});
  if (params.length) {
    lines.push('## Parameters', '', '| Parameter | Default | Meaning |', '|---|---|---|');
    for (const [k, p] of params) lines.push(`| \`${k}\` | \`${JSON.stringify(p.default)}\` | ${p.description} |`);
    lines.push('', 'Set them in `.trailguard.yaml`:', '', '```yaml', 'rules:', `  ${s.id}:`, '    parameters:', `      ${params[0]![0]}: ${JSON.stringify(params[0]![1].default)}`, '```', '');
  }
  lines.push('## Fix', '', '### Terraform', '', '```hcl', m.remediation.terraform ?? '', '```', '', '### CloudFormation', '', '```yaml', m.remediation.cloudformation ?? '', '```', '');
  const notes = besideRule(rule, 'notes.md');
  if (notes) lines.push('## Notes', '', notes, '');
  const realCode = besideRule(rule, 'real-code.md');
  if (realCode) lines.push('## Judged on real code', '', realCode, '');
  lines.push('## Suppressing', '', 'In a CloudFormation resource:', '', '```yaml', 'Metadata:', '  trailguard:', '    ignore:', `      - id: ${s.id}`, '        reason: why this resource is an exception', '```', '');
  lines.push(`Or turn the rule off for the repository in \`.trailguard.yaml\`: \`rules: { ${s.id}: off }\`.`, '');
  if (cases.length) {
    lines.push('## Test cases', '', 'Each file in [`cases/`](cases/) is scanned by the test suite: `fail*` files must produce this finding (on the lines marked `# expect-finding`), `pass*` files must not.', '');
    for (const c of cases) lines.push(`- [\`${c}\`](cases/${c})`);
    lines.push('');
  }
  return lines.join('\n');
}

/** What `evident:` adds: CATALOG "What a resource evidently is" and "Scope". */
function evidentParagraph(kind: 'trail' | 'bucket' | 'key', scopeCheck: boolean): string[] {
  const anchor =
    'The finding points at the first SCP attached to the root or an OU (by file and line; else the first SCP with a configured attachment): its resource, or the document of a raw SCP file.';
  if (kind === 'trail') {
    return [
      'With no trail in the scan (a policy repository), SCPs with a configured attachment are still judged, once: against any trail',
      '(`arn:aws:cloudtrail:*:*:trail/*`), or against the one trail that the scan\'s bucket and key policies name in',
      '`aws:SourceArn`. An SCP that protects only some trails is then undetermined, not a finding. ' + anchor,
    ];
  }
  const what =
    kind === 'bucket'
      ? 'every bucket whose policy lets the CloudTrail service write (`s3:PutObject` for `cloudtrail.amazonaws.com`)'
      : 'every key whose policy lets the CloudTrail service encrypt (`kms:GenerateDataKey*` for `cloudtrail.amazonaws.com`)';
  if (scopeCheck) {
    return [`With no trail in the scan (a policy repository), SCPs with a configured attachment are judged for ${what}. ${anchor}`];
  }
  return [
    `Also judged for ${what} that no trail of the scan names: it is a trail's ${kind}, with or without a trail in the scan`,
    `(a log-archive account's repository). Findings are on the ${kind}'s lines (a policy's statement where one is to blame); what`,
    `the scan does not show about the ${kind} (a raw policy file holds only its policy) is undetermined, not a finding.`,
  ];
}

export function renderRuleIndex(rules: Rule[]): string {
  const lines = [GENERATED_MARK, '', '# Rules', '', '| Rule | Severity | Checks | Title |', '|---|---|---|---|'];
  for (const r of rules) {
    const m = ruleMeta(r);
    lines.push(`| [${m.id}](../rules/${m.id}/README.md) | ${m.severity} | ${m.catalog.join(', ')} | ${m.title} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** A readable rendering of a condition for the docs. */
export function describeCondition(c: Condition, depth: number): string {
  const pad = '  '.repeat(depth);
  if ('all' in c) return `${pad}all of:\n${c.all.map((x) => describeCondition(x, depth + 1)).join('\n')}`;
  if ('any' in c) return `${pad}any of:\n${c.any.map((x) => describeCondition(x, depth + 1)).join('\n')}`;
  if ('not' in c) return `${pad}not:\n${describeCondition(c.not, depth + 1)}`;
  if ('property' in c) {
    const ops = Object.entries(c).filter(([k]) => k !== 'property');
    const shown = (v: unknown): string => (v && typeof v === 'object' && !Array.isArray(v) && 'item' in v ? 'item' : JSON.stringify(v));
    return `${pad}${c.property} ${ops.map(([k, v]) => `${k} ${shown(v)}`).join(' ')}`;
  }
  if ('related' in c) {
    if (c.exists !== undefined) return `${pad}related ${c.related} ${c.exists ? 'is set' : 'is not set'}`;
    return `${pad}related ${c.related} where:\n${c.where ? describeCondition(c.where, depth + 1) : ''}`;
  }
  if ('policyQuery' in c) {
    const q = c.policyQuery;
    const who = q.service ? `service ${q.service}` : q.principal ? (typeof q.principal === 'string' ? q.principal : `{param: ${q.principal.param}}`) : 'any principal';
    const ctx = q.context ? ` with ${Object.entries(q.context).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
    const actions = q.actions ? `${q.combine === 'any' ? 'one of' : 'each of'} ${q.actions.join(', ')}` : q.action;
    const whose = q.policies
      ? `the policies of every ${q.policies.kind}${q.policies.where ? ` where (${describeCondition(q.policies.where, 0).trim().replace(/\n\s*/g, '; ')})` : ''}, together,`
      : 'the policy';
    const as = q.as === 'scp' ? (q.policies ? ' (as SCPs)' : ' (as an SCP)') : '';
    return `${pad}${whose}${as} ${q.policies ? 'give' : 'gives'} ${q.expect} for ${actions} on ${q.resource} by ${who}${ctx}${q.otherKeys === 'open' ? ', whatever other keys the request carries' : ''}`;
  }
  if ('filterCoverage' in c) {
    const d = c.filterCoverage.definition;
    return `${pad}the metric filters on the trail's log group, each with an alarm that has an enabled action, match every event of ${d ? `${d.control} (${d.title})` : c.filterCoverage.events} and none of its exclusions`;
  }
  if ('anyResource' in c) {
    return `${pad}some ${c.anyResource.kind} in the scan${c.anyResource.where ? ` where:\n${describeCondition(c.anyResource.where, depth + 1)}` : ''}`;
  }
  return `${pad}?`;
}

/** The rule's hand-written `notes.md`, if any (trimmed). */
function besideRule(rule: Rule, name: string): string | undefined {
  const file = join(dirname(rule.file), name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function coverageDefinitions(c: Condition | undefined): ControlEvents[] {
  if (!c) return [];
  if ('all' in c) return c.all.flatMap(coverageDefinitions);
  if ('any' in c) return c.any.flatMap(coverageDefinitions);
  if ('not' in c) return coverageDefinitions(c.not);
  if ('filterCoverage' in c) return c.filterCoverage.definition ? [c.filterCoverage.definition] : [];
  return [];
}

/** The control's events, exclusions and published patterns, from its events file. */
function describeEvents(d: ControlEvents): string[] {
  const lines = ['## The events', '', `From [\`events.yaml\`](events.yaml); sources: ${d.sources.join('; ')}.`, ''];
  lines.push('Must match (CloudTrail records of):', '');
  for (const e of d.events) lines.push(`- ${e.name} (\`${String(e.record['eventSource'])}\` \`${String(e.record['eventName'])}\`)`);
  lines.push('');
  if (d.exclusions.length) {
    lines.push('Must not match:', '');
    for (const name of [...new Set(d.exclusions.map((e) => e.name))]) lines.push(`- ${name}`);
    lines.push('');
  }
  lines.push('Published patterns, as trailguard judges them:', '');
  for (const p of d.patterns) {
    lines.push(`- ${p.source}: ${p.covers ? 'covers the control' : `does not cover it: ${p.because ?? ''}`}`, '', '  ```text', `  ${p.pattern}`, '  ```', '');
  }
  return lines;
}
