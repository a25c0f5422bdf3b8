// StackSets: an organization's CloudTrail baseline is usually deployed to member accounts by an
// AWS::CloudFormation::StackSet whose template is inline (TemplateBody). Its resources must be judged,
// on the lines of the file where they are written, in a scope of their own (the StackSet's target
// accounts); a StackSet whose template is elsewhere (TemplateURL) must leave checks undetermined.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

const dir = join(import.meta.dirname, 'fixtures/stack-sets');
const rules = builtinRules();
const lineOf = (file: string, needle: string, from = 0) => {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  return lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
};

describe('StackSets', () => {
  const yaml = scan({ paths: [join(dir, 'org-baseline.yaml')], rules, root: dir, toolVersion: 'test' });
  const inline = (ruleId: string) => yaml.findings.filter((f) => f.ruleId === ruleId && f.resource?.address.startsWith('BaselineStackSet/'));
  const bodyStart = lineOf('org-baseline.yaml', 'TemplateBody: |');

  it('judges the resources of an inline YAML template on their own lines, named after the StackSet', () => {
    // The StackSet passes MultiRegion=false: the inline trail's !If resolves to false.
    expect(inline('cloudtrail-multi-region').map((f) => [f.location.start.line, f.resource?.address])).toEqual([
      [lineOf('org-baseline.yaml', 'IsMultiRegionTrail: !If', bodyStart), 'BaselineStackSet/Trail'],
    ]);
    expect(inline('cloudtrail-key-rotation').map((f) => f.location.start.line)).toEqual([lineOf('org-baseline.yaml', 'EnableKeyRotation: false')]);
    // The inline trail's !GetAtt Key.Arn links to the inline key, not to anything outside.
    expect(inline('cloudtrail-kms-encryption')).toEqual([]);
  });

  it('keeps the inline trail and the outer trail of the same logical ID apart', () => {
    const org = yaml.findings.filter((f) => f.ruleId === 'cloudtrail-organization-trail').map((f) => f.resource?.address);
    expect(org).toEqual(['BaselineStackSet/Trail']);
    const dataEvents = yaml.findings.filter((f) => f.ruleId === 'cloudtrail-data-events-s3').map((f) => f.resource?.address).sort();
    expect(dataEvents).toEqual(['BaselineStackSet/Trail', 'Trail']);
    expect(new Set(yaml.findings.map((f) => f.fingerprint)).size).toBe(yaml.findings.length);
  });

  it("judges account-level checks in the StackSet's own scope, where only an organization trail answers from outside", () => {
    // The management account's organization trail exists in every member account (CloudTrail creates it
    // there), so the target accounts have their multi-region trail.
    const active = (r: ReturnType<typeof scan>) => r.findings.filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail').map((f) => f.resource?.address);
    expect(active(yaml)).toEqual([]);
    // An ordinary trail of the management account does not: the StackSet's single-region trail is all its accounts have.
    const text = readFileSync(join(dir, 'org-baseline.yaml'), 'utf8');
    expect(text).toContain('IsOrganizationTrail: true');
    const copy = mkdtempSync(join(tmpdir(), 'trailguard-stacksets-'));
    writeFileSync(join(copy, 'org-baseline.yaml'), text.replace('IsOrganizationTrail: true', 'IsOrganizationTrail: false'));
    const plain = scan({ paths: [join(copy, 'org-baseline.yaml')], rules, root: copy, toolVersion: 'test' });
    expect(active(plain)).toEqual(['BaselineStackSet/Trail']);
  });

  it('leaves every check undetermined at a StackSet whose template is at a TemplateURL', () => {
    const line = lineOf('org-baseline.yaml', 'TemplateURL:');
    expect(yaml.diagnostics.find((d) => d.code === 'cloudformation-unseen')?.message).toMatch(/^RemoteStackSet: the StackSet's template is at its TemplateURL/);
    const there = yaml.undetermined.filter((u) => u.location.start.line === line);
    expect(there.length).toBeGreaterThan(40);
    expect(there.every((u) => u.reason.includes('TemplateURL'))).toBe(true);
  });

  it('judges an inline template written as a JSON string, at its TemplateBody line', () => {
    const json = scan({ paths: [join(dir, 'org-baseline.json')], rules, root: dir, toolVersion: 'test' });
    const logging = json.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled');
    expect(logging.map((f) => [f.location.file, f.location.start.line, f.resource?.address])).toEqual([['org-baseline.json', lineOf('org-baseline.json', '"TemplateBody"'), 'BaselineStackSet/Trail']]);
    expect(json.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });

  it('says why an inline template cannot be read, and leaves its checks undetermined', () => {
    const broken = scan({ paths: [join(dir, 'broken-body.yaml')], rules, root: dir, toolVersion: 'test' });
    const note = broken.diagnostics.find((d) => d.code === 'cloudformation-unseen');
    expect(note?.message).toMatch(/Broken: the StackSet's TemplateBody cannot be read/);
    expect(broken.undetermined.some((u) => u.ruleId === 'cloudtrail-logging-enabled' && u.location.start.line === lineOf('broken-body.yaml', 'TemplateBody'))).toBe(true);
  });

  it('skips a StackSet or nested stack whose Condition is false: it is not created', () => {
    const root = mkdtempSync(join(tmpdir(), 'trailguard-stackset-condition-'));
    writeFileSync(
      join(root, 'template.yaml'),
      `Conditions:
  Never: !Equals [a, b]
Resources:
  Disabled:
    Type: AWS::CloudFormation::StackSet
    Condition: Never
    Properties:
      StackSetName: disabled
      PermissionModel: SERVICE_MANAGED
      TemplateBody: |
        Resources:
          Trail:
            Type: AWS::CloudTrail::Trail
            Properties:
              IsLogging: false
              S3BucketName: logs
  Remote:
    Type: AWS::CloudFormation::Stack
    Condition: Never
    Properties:
      TemplateURL: https://s3.amazonaws.com/example/nested.yaml
`,
    );
    const r = scan({ paths: [root], rules, root, toolVersion: 'test' });
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'cloudformation-unseen')).toEqual([]);
    expect(r.undetermined).toEqual([]);
  });

  it("does not let a StackSet whose template cannot be seen hide the management account's own account checks", () => {
    // The unseen template deploys to the StackSet's target accounts: the checks there are undetermined,
    // while this account's single-region trail is still reported (it was undetermined too, and so hidden).
    const root = mkdtempSync(join(tmpdir(), 'trailguard-stacksets-'));
    writeFileSync(
      join(root, 'management.yaml'),
      `Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
  Baseline:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackSetName: baseline
      PermissionModel: SERVICE_MANAGED
      TemplateURL: https://s3.amazonaws.com/example/baseline.yaml
`,
    );
    const r = scan({ paths: [root], rules, root, toolVersion: 'test' });
    const active = r.findings.filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail');
    expect(active.map((f) => f.resource?.address)).toEqual(['Trail']);
    expect(active[0]!.message).toContain('the default account');
    const there = r.undetermined.filter((u) => u.ruleId === 'cloudtrail-active-multi-region-trail');
    expect(there.map((u) => [u.resource?.address, u.location.start.line])).toEqual([['Baseline', 12]]);
    expect(there[0]!.reason).toMatch(/TemplateURL.*\(judged for the target accounts of StackSet Baseline\)$/);
  });

  describe('from Terraform (aws_cloudformation_stack_set, aws_cloudformation_stack)', () => {
    const tf = scan({ paths: [join(dir, 'terraform')], rules, root: dir, toolVersion: 'test' });
    const line = (needle: string) => lineOf('terraform/main.tf', needle);

    it('judges a heredoc template_body on its own lines, a jsonencode one at the template_body line, with the parameters Terraform passes', () => {
      const at = (ruleId: string) => tf.findings.filter((f) => f.ruleId === ruleId && f.location.file === 'terraform/main.tf').map((f) => [f.location.start.line, f.resource?.address]);
      expect(at('cloudtrail-logging-enabled')).toEqual([[line('IsLogging: false'), 'aws_cloudformation_stack_set.baseline/Trail']]);
      // parameters = { MultiRegion = "false" } reaches the template's !If; file() reads trail.yaml (inside the root).
      expect(at('cloudtrail-multi-region')).toEqual([
        [line('IsMultiRegionTrail: !If'), 'aws_cloudformation_stack_set.baseline/Trail'],
        [line('template_body = file('), 'aws_cloudformation_stack_set.from_file/FileTrail'],
        // Resources a macro may change are still judged as written (and every check is undetermined there too).
        [line('name          = "with-macro"') + 4, 'aws_cloudformation_stack.with_macro/Trail'],
      ]);
      expect(at('cloudtrail-organization-trail')).toContainEqual([line('template_body = jsonencode'), 'aws_cloudformation_stack.json_body/Trail']);
    });

    it('leaves every check undetermined at a template_url; a body read with file() is judged, and so is the file itself', () => {
      for (const [needle, words] of [['template_url =', 'template_url']] as const) {
        const there = tf.undetermined.filter((u) => u.location.file === 'terraform/main.tf' && u.location.start.line === line(needle));
        expect(there.length, needle).toBeGreaterThan(40);
        expect(there.every((u) => u.reason.includes(words)), needle).toBe(true);
      }
      expect(tf.findings.some((f) => f.location.file === 'terraform/trail.yaml' && f.ruleId === 'cloudtrail-multi-region')).toBe(true);
    });

    it("reads a Terraform-deployed template as any template: a macro it names leaves every check undetermined there", () => {
      const at = line('Transform: MyOrgMacro');
      const there = tf.undetermined.filter((u) => u.location.file === 'terraform/main.tf' && u.location.start.line === at);
      expect(there.length).toBeGreaterThan(40);
      expect(there.some((u) => u.reason.includes('MyOrgMacro'))).toBe(true);
    });

    it("asks an unseen stack set's checks in its target accounts and an unseen stack's in its provider's account, not in the default account", () => {
      const root = mkdtempSync(join(tmpdir(), 'trailguard-stacksets-'));
      writeFileSync(
        join(root, 'main.tf'),
        `provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias = "audit"
  assume_role { role_arn = "arn:aws:iam::222233334444:role/Deploy" }
}
resource "aws_cloudtrail" "workload" {
  name           = "workload"
  s3_bucket_name = "workload-logs"
}
resource "aws_cloudformation_stack_set" "baseline" {
  name         = "baseline"
  template_url = "https://s3.amazonaws.com/example/baseline.yaml"
}
resource "aws_cloudformation_stack" "audit" {
  provider     = aws.audit
  name         = "audit"
  template_url = "https://s3.amazonaws.com/example/audit.yaml"
}
`,
      );
      const r = scan({ paths: [root], rules, root, toolVersion: 'test' });
      expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail').map((f) => f.resource?.address)).toEqual(['aws_cloudtrail.workload']);
      const there = r.undetermined.filter((u) => u.ruleId === 'cloudtrail-active-multi-region-trail').map((u) => u.resource?.address).sort();
      expect(there).toEqual(['aws_cloudformation_stack.audit', 'aws_cloudformation_stack_set.baseline']);
    });

    it("names a stack set's target accounts in its scope findings", () => {
      const lake = tf.findings.filter((f) => f.ruleId === 'cloudtrail-lake-event-data-store').map((f) => f.message);
      expect(lake.some((m) => m.includes('(aws_cloudformation_stack_set.baseline/Trail; the target accounts of StackSet aws_cloudformation_stack_set.baseline)'))).toBe(true);
    });
  });

  it("says a scope finding is about a StackSet's target accounts, with the fingerprint it had before it did", () => {
    const lake = yaml.findings.filter((f) => f.ruleId === 'cloudtrail-lake-event-data-store' && f.resource?.address.startsWith('BaselineStackSet/'));
    expect(lake.map((f) => [f.resource?.address, f.message, f.fingerprint, f.locationFingerprint])).toEqual([
      [
        'BaselineStackSet/Trail',
        'The scan has trails (BaselineStackSet/Trail; the target accounts of StackSet BaselineStackSet) but no CloudTrail Lake event data store: there is no immutable, queryable long-term copy of the events.',
        'f094ca6688281d9d3b04fbd3ee18d600',
        '37f213ab00b380aaf0997ad6169d848d',
      ],
    ]);
  });
});

