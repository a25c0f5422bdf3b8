import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

/**
 * A whole scan of configurations in Terraform's JSON syntax: read as
 * Terraform (never as a CloudFormation template, a policy or a plan), and a
 * plan scanned with them is placed on their lines.
 */
const repo = join(import.meta.dirname, '..');
const rules = builtinRules();

const trailJson = JSON.stringify(
  { resource: { aws_cloudtrail: { main: { name: 'org-trail', s3_bucket_name: 'org-trail-logs', is_multi_region_trail: false, enable_logging: false } } } },
  null,
  2,
);

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-tfjson-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('scanning .tf.json', () => {
  it('judges the resources of a .tf.json file: no silent "No findings"', () => {
    const dir = dirWith({ 'main.tf.json': trailJson });
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    expect(r.files).toEqual(['main.tf.json']);
    expect(r.diagnostics).toEqual([]);
    const at = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.file}:${f.location.start.line} ${f.resource?.address}`);
    expect(at('cloudtrail-multi-region')).toEqual(['main.tf.json:7 aws_cloudtrail.main']);
    expect(at('cloudtrail-logging-enabled')).toEqual(['main.tf.json:8 aws_cloudtrail.main']);
  });

  it('places the findings of a plan on the .tf.json lines of its sources', () => {
    const dir = dirWith({ 'main.tf.json': trailJson });
    copyFileSync(join(repo, 'rules/cloudtrail-multi-region/cases/fail.plan.json'), join(dir, 'plan.json'));
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    const multi = r.findings.filter((f) => f.ruleId === 'cloudtrail-multi-region');
    // One check, on the plan's values (the plan covers the source declaration), at the .tf.json line.
    expect(multi.map((f) => `${f.location.file}:${f.location.start.line}`)).toEqual(['main.tf.json:7']);
    expect(r.graph.resources.filter((x) => x.address === 'aws_cloudtrail.main').map((x) => x.source)).toEqual(['terraform-plan']);
  });

  it('reads terraform.tfvars.json for the module and a .tf.json whose text looks like a template as Terraform', () => {
    const dir = dirWith({
      'variables.tf.json': JSON.stringify({ variable: { multi: { type: 'bool' } }, Resources: {} }),
      'main.tf.json': JSON.stringify({ resource: { aws_cloudtrail: { main: { name: 't', s3_bucket_name: 'b', is_multi_region_trail: '${var.multi}' } } } }),
      'terraform.tfvars.json': JSON.stringify({ multi: true }),
    });
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    expect(r.diagnostics.map((d) => `${d.level} ${d.code} ${d.file}`)).toEqual(['warning unsupported-block-type variables.tf.json']);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-multi-region')).toEqual([]);
    expect(r.undetermined.filter((u) => u.ruleId === 'cloudtrail-multi-region')).toEqual([]);
  });
});
