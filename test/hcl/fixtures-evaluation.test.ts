// Evaluates the realistic fixtures the way the Terraform adapter will:
// variables from their defaults, locals on demand, everything else unresolved.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUnknown, Unknown } from '../../core/unknown.js';
import type { Block, Body, Expression, HclFile, TraversalExpr } from '../../parsers/terraform/hcl/ast.js';
import { evaluate, traverse, type EvalContext } from '../../parsers/terraform/hcl/evaluate.js';
import { parseHcl } from '../../parsers/terraform/hcl/parser.js';
import { jsonDocument, PartialString } from '../../parsers/terraform/hcl/structured-unknown.js';

const names = ['variables.tf', 'locals-and-outputs.tf', 'cloudtrail-module.tf', 'kms-key-policy.tf', 's3-bucket-heredoc.tf', 'cloudwatch-alarms.tf'];
const files: HclFile[] = names.map((n) => parseHcl(readFileSync(new URL(`../fixtures/terraform/hcl/${n}`, import.meta.url), 'utf8'), n));
const topBlocks = files.flatMap((f) => f.body.blocks);

const variables: Record<string, unknown> = {};
const localExprs = new Map<string, Expression>();
for (const b of topBlocks) {
  if (b.type === 'variable') {
    const d = b.body.attributes.find((a) => a.name === 'default');
    if (d) variables[b.labels[0]!] = evaluate(d.expr, { lookup: () => undefined });
  }
  if (b.type === 'locals') for (const a of b.body.attributes) localExprs.set(a.name, a.expr);
}

const locals = new Map<string, unknown>();
const ctx: EvalContext = {
  lookup(t: TraversalExpr): unknown {
    const first = t.steps[0];
    if (!first || first.kind !== 'attr') return undefined;
    if (t.root === 'var' && Object.hasOwn(variables, first.name)) return traverse(variables[first.name], t.steps.slice(1));
    if (t.root === 'local') {
      const e = localExprs.get(first.name);
      if (!e) return undefined;
      if (!locals.has(first.name)) locals.set(first.name, evaluate(e, ctx));
      return traverse(locals.get(first.name), t.steps.slice(1));
    }
    return undefined;
  },
};

function resource(type: string, name: string): Block {
  const b = topBlocks.find((x) => x.type === 'resource' && x.labels[0] === type && x.labels[1] === name);
  if (!b) throw new Error(`no resource ${type}.${name}`);
  return b;
}

function attr(body: Body, name: string): unknown {
  const a = body.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return evaluate(a.expr, ctx);
}

const local = (name: string): unknown => evaluate(localExprs.get(name)!, ctx);

describe('evaluating the realistic fixtures', () => {
  it('reads variable defaults', () => {
    expect(variables.enabled).toBe(true);
    expect(variables.s3_bucket_name).toBeNull();
    expect(variables.insight_types).toEqual(['ApiCallRateInsight', 'ApiErrorRateInsight']);
    expect((variables.event_selectors as Array<Record<string, unknown>>)[1]).toEqual({
      read_write_type: 'WriteOnly',
      include_management_events: false,
      data_resources: [{ type: 'AWS::DynamoDB::Table', values: ['arn:aws:dynamodb'] }],
    });
    expect(variables.escape_examples).toEqual({
      quote: 'say "hello"',
      backslash: 'C:\\logs\\trail',
      tab: 'a\tb',
      unicode: 'café 😀',
      template: 'literal ${not_interpolated} and %{not_a_directive}',
      dollar: 'cost: $5 and 100%',
    });
    expect(variables.kms_key_arn).toBeNull();
  });

  it('evaluates the trail the way a policy check will read it', () => {
    const trail = resource('aws_cloudtrail', 'this').body;
    expect(attr(trail, 'count')).toBe(1);
    expect(attr(trail, 'is_multi_region_trail')).toBe(true);
    expect(attr(trail, 'enable_logging')).toBe(true);
    expect(attr(trail, 'kms_key_id')).toEqual(new Unknown('known after apply', [{ address: 'aws_kms_key.trail[0]', attribute: 'arn' }], true));
    expect(attr(trail, 's3_bucket_name')).toEqual(new Unknown('known after apply', [{ address: 'aws_s3_bucket.trail[0]', attribute: 'id' }], true));
    const logGroup = attr(trail, 'cloud_watch_logs_group_arn') as PartialString;
    expect(logGroup.parts).toEqual([new Unknown('known after apply', [{ address: 'aws_cloudwatch_log_group.trail', attribute: 'arn' }], true), ':*']);
    const name = attr(trail, 'name') as PartialString;
    expect(name.knownPrefix).toBe('organization-trail-');
    const tags = attr(trail, 'tags') as Record<string, unknown>;
    expect(tags).toMatchObject({ Owner: 'security-team', Module: 'cloudtrail', Compliance: 'CIS-3.1', 'cost:team': 'security' });
    const dynamic = resource('aws_cloudtrail', 'this').body.blocks.find((b) => b.type === 'dynamic' && b.labels[0] === 'event_selector')!;
    expect((attr(dynamic.body, 'for_each') as unknown[]).length).toBe(2);
  });

  it('recovers the key policy document around its unknown ARNs', () => {
    const doc = jsonDocument(attr(resource('aws_kms_key', 'trail').body, 'policy')) as { Statement: Array<Record<string, any>> };
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'Allow CloudTrail to encrypt logs',
      'Allow CloudTrail to describe key',
      'Allow principals in the account to decrypt log files',
    ]);
    expect(doc.Statement[1]!.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    const sourceArn = doc.Statement[1]!.Condition.StringEquals['aws:SourceArn'] as PartialString;
    expect(sourceArn).toBeInstanceOf(PartialString);
    expect(sourceArn.refs.map((r) => `${r.address}.${r.attribute}`)).toEqual([
      'data.aws_partition.current.partition',
      'data.aws_region.current.name',
      'data.aws_caller_identity.current.account_id',
    ]);
    expect(doc.Statement[3]!.Principal).toEqual({ AWS: '*' });
    expect(isUnknown(doc.Statement[3]!.Condition.StringEquals['kms:CallerAccount'])).toBe(true);
  });

  it('recovers the heredoc bucket policy document', () => {
    const doc = jsonDocument(attr(resource('aws_s3_bucket_policy', 'trail').body, 'policy')) as { Statement: Array<Record<string, any>> };
    expect(doc.Statement.map((s) => s.Sid)).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'DenyInsecureTransport']);
    expect(doc.Statement[2]!.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    const write = doc.Statement[1]!.Resource as PartialString;
    expect(write.parts.filter((p) => typeof p === 'string')).toEqual(['/cloudtrail/AWSLogs/', '/*']);
    expect(jsonDocument(attr(resource('aws_s3_bucket_policy', 'flush_heredoc').body, 'policy'))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::example-indented-policy/*' }],
    });
  });

  it('computes locals with for expressions, grouping, operators and directives', () => {
    expect(local('secondary_regions')).toEqual(['EU-WEST-1', 'AP-SOUTHEAST-2']);
    expect(local('region_index')).toEqual({ 'us-east-1': 0, 'eu-west-1': 1, 'ap-southeast-2': 2 });
    expect(Object.keys(local('selectors_by_type') as object).sort()).toEqual(['All', 'WriteOnly']);
    expect(local('data_resource_types')).toEqual(['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table']);
    expect(local('retention')).toBe(2557);
    expect(local('percentage')).toBe(25);
    expect(local('negative')).toBe(1);
    expect(local('precedence')).toBe(true);
    expect(local('legacy_index')).toBe('us-east-1');
    expect(local('nested')).toEqual({
      level1: { level2: { level3: [1, 2.5, 300, true, null, 'four'] } },
      'quoted key': 'value',
      colon_key: 'colon separated',
    });
    const userData = local('user_data') as PartialString;
    expect(userData).toBeInstanceOf(PartialString); // local.trail_name depends on terraform.workspace
    const text = userData.parts.map((p) => (typeof p === 'string' ? p : '<?>')).join('');
    // The lines after a `~}` keep their indentation under <<- (HCL's rule, see templates.test.ts).
    expect(text).toBe(
      '#!/bin/bash\necho "trail: organization-trail-<?>"\n    echo "region us-east-1"\n    echo "region eu-west-1"\n    echo "region ap-southeast-2"\n    enabled\n',
    );
  });

  it('reads the CIS metric filter patterns with their escapes', () => {
    const filters = local('cis_filters') as Record<string, string>;
    expect(filters.unauthorized_api_calls).toBe('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }');
    expect(filters.root_usage).toBe('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }');
  });
});
