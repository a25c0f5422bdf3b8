import { describe, expect, it } from 'vitest';
import { schemaPath } from '../../engine/builtin-rules.js';
import { newResource, ResourceGraph, type Resource } from '../../engine/graph.js';
import { parsePolicy } from '../../engine/iam/index.js';
import { evaluateCondition, type EvalContext } from '../../engine/rules/condition.js';
import { validateRuleData } from '../../engine/rules/load.js';
import { renderMessage } from '../../engine/rules/template.js';
import type { Condition, PolicyQuery } from '../../engine/rules/types.js';
import { Unknown } from '../../core/unknown.js';

/**
 * Policy queries as the SCP rules use them: several actions at once, the policies of every
 * resource of a kind evaluated together (AWS Organizations applies every SCP attached above an
 * account: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html),
 * and a `*` in the request's ARN judged for every value it may take.
 */

const range = { file: 'x.yaml', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

function resource(kind: 'trail' | 'org_policy', address: string, props: Record<string, unknown> = {}): Resource {
  const r = newResource({ address, kind, nativeType: kind, source: 'cloudformation', file: 'x.yaml', range });
  r.props = props;
  return r;
}

function scp(address: string, statements: object[], attached: boolean | Unknown = true): Resource {
  const r = resource('org_policy', address, { attachedToRootOrOu: attached });
  r.parsedPolicy = { policy: parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'scp', name: address }).policy, account: '111122223333' };
  return r;
}

const deny = (actions: string[], res: string): object => ({ Effect: 'Deny', Action: actions, Resource: res });

const TAMPERING = ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail'];

function query(extra: Partial<PolicyQuery> = {}): Condition {
  return {
    policyQuery: {
      policies: { kind: 'org_policy', where: { property: 'attachedToRootOrOu', equals: true } },
      as: 'scp',
      actions: TAMPERING,
      resource: 'arn:{{partition}}:cloudtrail:{{region}}:{{accountId}}:trail/{{props.name}}',
      principal: 'role/Developer',
      expect: 'explicitDeny',
      ...extra,
    },
  };
}

function judge(c: Condition, policies: Resource[], trailProps: Record<string, unknown> = { name: 'org-trail' }): { verdict: boolean | null; ctx: EvalContext } {
  const graph = new ResourceGraph();
  for (const p of policies) graph.add(p);
  const trail = resource('trail', 'Trail', trailProps);
  graph.add(trail);
  const ctx: EvalContext = { graph, params: {}, reasons: [], failedActions: [], subject: trail };
  return { verdict: evaluateCondition(c, trail, ctx), ctx };
}

describe('a policy query over several actions', () => {
  it('holds when each action is explicitly denied, by one SCP or several together', () => {
    expect(judge(query(), [scp('A', [deny(TAMPERING, '*')])]).verdict).toBe(true);
    const split = [scp('A', [deny(['cloudtrail:StopLogging'], '*')]), scp('B', [deny(['cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail'], '*')])];
    expect(judge(query(), split).verdict).toBe(true);
  });

  it('fails naming the actions no SCP denies, and the message lists them', () => {
    const { verdict, ctx } = judge(query(), [scp('A', [deny(['cloudtrail:StopLogging'], '*')])]);
    expect(verdict).toBe(false);
    expect(ctx.failedActions).toEqual(['cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail']);
    const msg = renderMessage('No SCP denies {{failedActions}} on {{trail}}.', resource('trail', 'T', { name: 'org-trail' }), {}, undefined, ctx.failedActions ? { failedActions: ctx.failedActions } : {});
    expect(msg).toBe('No SCP denies cloudtrail:DeleteTrail, cloudtrail:UpdateTrail on trail org-trail.');
  });

  it('an SCP attached nowhere counts for nothing; one whose attachment is not known leaves a failure undetermined', () => {
    expect(judge(query(), [scp('A', [deny(TAMPERING, '*')], false)]).verdict).toBe(false);
    expect(judge(query(), [scp('A', [deny(TAMPERING, '*')], new Unknown('target known at deployment'))]).verdict).toBe(null);
    // An attached SCP that already denies everything settles it whatever the other one is.
    expect(judge(query(), [scp('A', [deny(TAMPERING, '*')]), scp('B', [], new Unknown('x'))]).verdict).toBe(true);
  });

  it('combine: any holds when one action is allowed', () => {
    const graph = new ResourceGraph();
    const p = resource('org_policy', 'identity');
    p.parsedPolicy = { policy: parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:UpdateTrail', Resource: '*' }] }, { kind: 'identity' }).policy, account: '111122223333' };
    const c: Condition = { policyQuery: { as: 'identity', actions: TAMPERING, combine: 'any', resource: 'arn:aws:cloudtrail:*:*:trail/*', expect: 'mayAllow' } };
    expect(evaluateCondition(c, p, { graph, params: {}, reasons: [] })).toBe(true);
    const all: Condition = { policyQuery: { ...(c as { policyQuery: PolicyQuery }).policyQuery, combine: 'all' } };
    expect(evaluateCondition(all, p, { graph, params: {}, reasons: [] })).toBe(false);
  });
});

describe("the trail's ARN: its own parts where known, every value where not", () => {
  const regional = [scp('A', [deny(TAMPERING, 'arn:aws:cloudtrail:us-east-1:*:trail/org-trail')])];

  it('a trail of unknown region: an SCP limited to us-east-1 is undetermined, not a pass (the old rule assumed us-east-1)', () => {
    const { verdict, ctx } = judge(query(), regional);
    expect(verdict).toBe(null);
    expect(ctx.reasons.join(' ')).toContain('region');
  });

  it("a trail whose ARN the configuration shows is judged in its own region", () => {
    expect(judge(query(), regional, { name: 'org-trail', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail' }).verdict).toBe(true);
    expect(judge(query(), regional, { name: 'org-trail', arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail' }).verdict).toBe(false);
  });

  it('any trail (no trail in the scan): every trail denied passes, some trails is undetermined, none fails', () => {
    const any = { name: '*' };
    expect(judge(query(), [scp('A', [deny(TAMPERING, 'arn:aws:cloudtrail:*:*:trail/*')])], any).verdict).toBe(true);
    expect(judge(query(), [scp('A', [deny(TAMPERING, 'arn:aws:cloudtrail:*:*:trail/org-security-trail')])], any).verdict).toBe(null);
    expect(judge(query(), [scp('A', [deny(['organizations:LeaveOrganization'], '*')])], any).verdict).toBe(false);
  });

  it('mayDeny: some request of those left open is denied', () => {
    const exempt = scp('A', [{ ...deny(TAMPERING, '*'), Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/*' } } }]);
    const mayDeny = (principal: string): Condition => query({ actions: undefined, action: 'cloudtrail:StopLogging', principal, otherKeys: 'open', expect: 'mayDeny' });
    expect(judge(mayDeny('user/AnyMemberUser'), [exempt]).verdict).toBe(true);
    expect(judge(mayDeny('role/AnyMemberRole'), [exempt]).verdict).toBe(false);
  });
});

describe('rule files: the policy query is validated', () => {
  const base = {
    id: 'x-rule',
    title: 'An SCP denies tampering with the trail',
    description: 'A test rule for the policy query validation.',
    severity: 'high',
    catalog: ['P9.1'],
    resource: 'trail',
    message: 'No SCP denies {{failedActions}}.',
    help: 'A test rule for the policy query validation.',
    remediation: { terraform: 'resource "x" "y" {}', cloudformation: 'Resources: {}' },
  };
  const withQuery = (q: object): unknown => ({ ...base, assert: { policyQuery: { resource: 'arn', expect: 'explicitDeny', ...q } } });

  it('accepts a list of actions and a kind whose policies are read together', () => {
    expect(validateRuleData(withQuery({ action: 's3:DeleteBucket' }), schemaPath())).toEqual([]);
    expect(validateRuleData(withQuery({ actions: ['s3:DeleteBucket', 's3:PutBucketPolicy'], policies: { kind: 'org_policy' } }), schemaPath())).toEqual([]);
  });

  it.each([
    ['both action and actions', { action: 's3:DeleteBucket', actions: ['s3:PutBucketPolicy'] }],
    ['neither', {}],
    ['combine without actions', { action: 's3:DeleteBucket', combine: 'any' }],
    ['an action twice', { actions: ['s3:DeleteBucket', 's3:deletebucket'] }],
    ['an unknown kind', { action: 's3:DeleteBucket', policies: { kind: 'org_polcy' } }],
    ['an unknown property of that kind', { action: 's3:DeleteBucket', policies: { kind: 'org_policy', where: { property: 'attached', equals: true } } }],
  ])('rejects %s', (_name, q) => {
    const problems = validateRuleData(withQuery(q), schemaPath());
    expect(problems.length).toBeGreaterThan(0);
  });

  it("rejects evident: on a rule that does not judge trails", () => {
    expect(validateRuleData({ ...base, evident: 'bucket', assert: { property: 'multiRegion', equals: true } }, schemaPath())).toEqual([]);
    expect(validateRuleData({ ...base, resource: 'bucket', evident: 'bucket', assert: { property: 'versioning', equals: true } }, schemaPath()).length).toBeGreaterThan(0);
  });
});
