// Whom an identity policy reaches decides B1.2 (trail administration only for the admin group or role,
// iam-trail-admin-policies-restricted) and B1.1 (AWSCloudTrail_FullAccess never directly on a user).
// Each case here passed silently before: an attachment resource not read (aws_iam_policy_attachment), an
// inline policy not read (aws_iam_role inline_policy blocks), or a policy whose attachment the scan does
// not show (a managed policy attached elsewhere, a raw policy file) judged as attached to nobody.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { scan } from '../engine/scan.js';
import { scanFiles } from './scan-files.js';
import { ConfigError, loadConfig } from '../engine/config.js';

const RULE = 'iam-trail-admin-policies-restricted';


const mine = (result: ReturnType<typeof scan>) => ({
  findings: result.findings.filter((f) => f.ruleId === RULE).map((f) => f.resource?.address ?? f.location.file),
  undetermined: result.undetermined.filter((u) => u.ruleId === RULE),
});

const TRAIL_ADMIN_DOC = '{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "cloudtrail:*", Resource = "*" }] }';
const TRAIL_ADMIN_JSON = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:StopLogging', Resource: '*' }] }, null, 2);

describe('identity policies whose attachment the scan does not show', () => {
  it('leaves a Terraform managed policy attached to nobody in the scan undetermined, with the reason', () => {
    const result = scanFiles({ 'main.tf': `resource "aws_iam_policy" "trail_admin" {\n  name   = "trail-admin"\n  policy = jsonencode(${TRAIL_ADMIN_DOC})\n}\n` });
    const { findings, undetermined } = mine(result);
    expect(findings).toEqual([]);
    expect(undetermined).toHaveLength(1);
    expect(undetermined[0]!.reason).toBe(
      'attachedUsers, attachedGroups, attachedRoles: it is attached to no user, group or role in the scan, and may be attached outside it',
    );
  });

  it('leaves a CloudFormation managed policy with no Users, Groups or Roles undetermined', () => {
    const template = `Resources:
  TrailAdmin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: cloudtrail:*
            Resource: "*"
Outputs:
  TrailAdminArn:
    Value: !Ref TrailAdmin
    Export: { Name: trail-admin-policy }
`;
    const { findings, undetermined } = mine(scanFiles({ 'template.yaml': template }));
    expect(findings).toEqual([]);
    expect(undetermined.map((u) => u.resource?.address)).toEqual(['TrailAdmin']);
  });

  it('does not ask where a managed policy that grants no trail administration is attached', () => {
    const result = scanFiles({
      'main.tf': `resource "aws_iam_policy" "read" {\n  name   = "read"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "cloudtrail:Describe*", Resource = "*" }] })\n}\n`,
    });
    expect(mine(result)).toEqual({ findings: [], undetermined: [] });
  });

  it('leaves a raw identity policy file undetermined until configuration says whom it is given', () => {
    const { findings, undetermined } = mine(scanFiles({ 'iam/trail-admin.json': TRAIL_ADMIN_JSON }));
    expect(findings).toEqual([]);
    expect(undetermined).toHaveLength(1);
    expect(undetermined[0]!.reason).toContain('name its users, groups or roles in .trailguard.yaml (policies: attachedTo');
  });

  it('judges a raw identity policy file by the users, groups and roles configuration gives it', () => {
    const config = (targets: string) => `policies:\n  - path: "iam/*.json"\n    type: identity\n    attachedTo: ${targets}\n`;
    const user = scanFiles({ 'iam/trail-admin.json': TRAIL_ADMIN_JSON, '.trailguard.yaml': config('[user/alice]') });
    expect(mine(user)).toEqual({ findings: ['iam/trail-admin.json'], undetermined: [] });
    const roleArn = scanFiles({ 'iam/trail-admin.json': TRAIL_ADMIN_JSON, '.trailguard.yaml': config('["arn:aws:iam::111122223333:role/eng/Developer"]') });
    expect(mine(roleArn).findings).toEqual(['iam/trail-admin.json']);
    expect(roleArn.findings.find((f) => f.ruleId === RULE)!.message).toContain('roles: Developer');
    const admins = scanFiles({ 'iam/trail-admin.json': TRAIL_ADMIN_JSON, '.trailguard.yaml': config('[group/CloudTrailAdmins, "arn:aws:iam::111122223333:role/OrganizationSecurityAdmin"]') });
    expect(mine(admins)).toEqual({ findings: [], undetermined: [] });
    // Only organization targets (meant for an SCP) say nothing of users, groups or roles.
    const orgOnly = scanFiles({ 'iam/trail-admin.json': TRAIL_ADMIN_JSON, '.trailguard.yaml': config('[r-ab12]') });
    expect(mine(orgOnly).undetermined[0]!.reason).toContain('names no user, group or role');
  });

  it('refuses an attachedTo entry that is neither an organization target nor a principal, naming it', () => {
    const root = mkdtempSync(join(tmpdir(), 'trailguard-attachments-'));
    writeFileSync(join(root, '.trailguard.yaml'), 'policies:\n  - path: "iam/*.json"\n    attachedTo: [Developers]\n');
    expect(() => loadConfig(join(root, '.trailguard.yaml'))).toThrow(ConfigError);
    expect(() => loadConfig(join(root, '.trailguard.yaml'))).toThrow(/attachedTo: 'Developers' is neither a root/);
  });
});

describe('IAM types trailguard does not read', () => {
  it('notes an IAM type no adapter reads (a type newer than trailguard, say), and not those that grant nothing', () => {
    const result = scanFiles({
      'main.tf': `resource "aws_iam_role_policy_grant_v2" "future" {\n  role = "Developer"\n}\nresource "aws_iam_access_key" "k" {\n  user = "alice"\n}\nresource "aws_iam_instance_profile" "p" {\n  role = "Developer"\n}\n`,
    });
    const notes = result.diagnostics.filter((d) => d.code === 'unmodelled-type');
    expect(notes.map((d) => [d.message, d.range?.start.line])).toEqual([
      ['aws_iam_role_policy_grant_v2 is not modelled by trailguard: its effect on who may administer trails (identity policies and what they are attached to) is not judged', 1],
    ]);
  });
});

describe('Terraform attachments and inline policies', () => {
  it('reads aws_iam_policy_attachment lists; a list known only at apply is undetermined, not empty', () => {
    const policy = `resource "aws_iam_policy" "trail_admin" {\n  name   = "trail-admin"\n  policy = jsonencode(${TRAIL_ADMIN_DOC})\n}\n`;
    const attach = (lists: string) => `resource "aws_iam_policy_attachment" "a" {\n  name       = "a"\n  ${lists}\n  policy_arn = aws_iam_policy.trail_admin.arn\n}\n`;
    expect(mine(scanFiles({ 'main.tf': policy + attach('users = ["alice"]') })).findings).toEqual(['aws_iam_policy.trail_admin']);
    expect(mine(scanFiles({ 'main.tf': policy + attach('groups = ["CloudTrailAdmins"]') }))).toEqual({ findings: [], undetermined: [] });
    const unknown = mine(scanFiles({ 'main.tf': `variable "users" { type = list(string) }\n${policy}${attach('users = var.users')}` }));
    expect(unknown.findings).toEqual([]);
    expect(unknown.undetermined).toHaveLength(1);
  });

  it('reads aws_iam_*_policy_attachments_exclusive: every ARN of the list is attached to the principal', () => {
    const result = scanFiles({
      'main.tf': `resource "aws_iam_policy" "trail_admin" {\n  name   = "trail-admin"\n  policy = jsonencode(${TRAIL_ADMIN_DOC})\n}\nresource "aws_iam_user" "alice" {\n  name = "alice"\n}\nresource "aws_iam_user_policy_attachments_exclusive" "alice" {\n  user_name   = aws_iam_user.alice.name\n  policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", aws_iam_policy.trail_admin.arn, "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"]\n}\n`,
    });
    // B1.2 on the policy, B1.1 on the user (AWSCloudTrail_FullAccess directly on a user).
    expect(mine(result).findings).toEqual(['aws_iam_policy.trail_admin']);
    expect(result.findings.filter((f) => f.ruleId === 'iam-cloudtrail-full-access-not-on-users').map((f) => f.resource?.address)).toEqual(['aws_iam_user.alice']);
    const admins = scanFiles({
      'main.tf': `resource "aws_iam_policy" "trail_admin" {\n  name   = "trail-admin"\n  policy = jsonencode(${TRAIL_ADMIN_DOC})\n}\nresource "aws_iam_group_policy_attachments_exclusive" "admins" {\n  group_name  = "CloudTrailAdmins"\n  policy_arns = [aws_iam_policy.trail_admin.arn]\n}\n`,
    });
    expect(mine(admins)).toEqual({ findings: [], undetermined: [] });
  });

  it('reads each inline_policy block of aws_iam_role as a policy of that role, found on its document', () => {
    const role = (name: string) => `resource "aws_iam_role" "r" {
  name               = "${name}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
  inline_policy {
    name   = "read"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "cloudtrail:Describe*", Resource = "*" }] })
  }
  inline_policy {
    name   = "admin"
    policy = jsonencode(${TRAIL_ADMIN_DOC})
  }
}
`;
    const developer = scanFiles({ 'main.tf': role('Developer') });
    const found = developer.findings.filter((f) => f.ruleId === RULE);
    expect(found.map((f) => [f.resource?.address, f.location.start.line])).toEqual([['aws_iam_role.r.inline_policy[1]', 10]]);
    expect(found[0]!.message).toContain('roles: Developer');
    expect(mine(scanFiles({ 'main.tf': role('CloudTrailAdmins') }))).toEqual({ findings: [], undetermined: [] });
  });

  it('reads the Cloud Control twins of CloudFormation\'s inline policy resources (awscc_iam_role_policy)', () => {
    const result = scanFiles({
      'main.tf': `resource "awscc_iam_role_policy" "stop" {\n  role_name       = "Developer"\n  policy_name     = "stop-trails"\n  policy_document = jsonencode(${TRAIL_ADMIN_DOC})\n}\n`,
    });
    const found = result.findings.filter((f) => f.ruleId === RULE);
    expect(found.map((f) => [f.resource?.address, f.location.start.line])).toEqual([['awscc_iam_role_policy.stop', 4]]);
    expect(found[0]!.message).toContain('roles: Developer');
  });

  it('reads inline policies and attachment lists named after Object.prototype members like any other', () => {
    const result = scanFiles({
      'main.tf': `resource "aws_iam_policy" "constructor" {\n  name   = "__proto__"\n  policy = jsonencode(${TRAIL_ADMIN_DOC})\n}\nresource "aws_iam_policy_attachment" "toString" {\n  name       = "hasOwnProperty"\n  users      = ["__proto__", "constructor"]\n  policy_arn = aws_iam_policy.constructor.arn\n}\n`,
    });
    expect(mine(result).findings).toEqual(['aws_iam_policy.constructor']);
    expect(result.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });
});
