import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { renderText } from '../engine/report/text.js';
import { scan, type ScanOutput } from '../engine/scan.js';
import { moduleFilesUnder } from '../engine/terraform-modules.js';
import { parseManifest } from '../parsers/terraform/config/index.js';

/**
 * Terraform as a new user scans it: an example folder alone, after `terraform
 * init` (registry, git and local modules from .terraform/modules/modules.json,
 * `source = "../../"` outside the scanned folder), before it, and sources
 * beside their plan. Fixtures: test/fixtures/terraform/{init-layout,
 * remote-only,data-sources,plan-merge} (see their SOURCE.md); the plans are
 * real `terraform show -json` output (test/tools/regenerate-plans.mjs).
 */
const repo = join(import.meta.dirname, '..');
const fixtures = join(repo, 'test/fixtures/terraform');
const layout = join(fixtures, 'init-layout');
const rules = builtinRules();

function scanAt(root: string, ...paths: string[]): ScanOutput {
  return scan({ paths: paths.map((p) => join(root, p)), rules, root, toolVersion: 'test' });
}

/** The catalog check IDs the active findings draw. */
function checkIds(r: ScanOutput): string[] {
  return [...new Set(r.findings.filter((f) => !f.suppressed).flatMap((f) => f.catalog))].sort();
}

const addressesOf = (r: ScanOutput, kinds: string[]): string[] =>
  r.graph.resources
    .filter((x) => kinds.includes(x.kind))
    .map((x) => x.address)
    .sort();

describe('an example folder scanned alone after terraform init', () => {
  const simple = scanAt(layout, 'examples/simple');

  it('reads the modules terraform init installed, but not .terraform as a configuration of its own', () => {
    expect(simple.files).toEqual(['examples/simple/main.tf']);
    expect(simple.diagnostics.filter((d) => d.level !== 'note')).toEqual([]);
    expect(addressesOf(simple, ['trail', 'bucket', 'key', 'key_alias', 'bucket_policy'])).toEqual([
      'module.trail.aws_cloudtrail.this[0]',
      'module.trail.module.bucket.aws_s3_bucket.this[0]',
      'module.trail.module.bucket.module.policy[0].aws_s3_bucket_policy.this',
      'module.trail.module.key.aws_kms_alias.this',
      'module.trail.module.key.aws_kms_key.this',
    ]);
  });

  it('names resources with the addresses the plan of the same example uses', () => {
    const plan = scanAt(layout, 'plans/simple.plan.json');
    const kinds = ['trail', 'bucket', 'key', 'key_alias', 'bucket_policy'];
    expect(addressesOf(simple, kinds)).toEqual(addressesOf(plan, kinds));
  });

  it('links the trail to the bucket of a registry module and the key of a git module', () => {
    const trail = simple.graph.resources.find((x) => x.address === 'module.trail.aws_cloudtrail.this[0]')!;
    expect(trail.edges['bucket']).toMatchObject({ status: 'resolved', target: { address: 'module.trail.module.bucket.aws_s3_bucket.this[0]' } });
    expect(trail.edges['key']).toMatchObject({ status: 'resolved', target: { address: 'module.trail.module.key.aws_kms_key.this' } });
    // mfa_delete = var.mfa_delete ? "Enabled" : null with the variable false: unset, a finding,
    // reported at the module block in the repository (the installed copy is not committed).
    const mfa = simple.findings.find((f) => f.ruleId === 'cloudtrail-bucket-mfa-delete');
    expect(mfa?.resource?.address).toBe('module.trail.module.bucket.aws_s3_bucket.this[0]');
    expect(mfa?.location).toMatchObject({ file: 'main.tf', start: { line: 4 } });
    expect(simple.findings.every((f) => !f.location.file.includes('.terraform/'))).toBe(true);
  });

  it.each(['simple', 'complete'])('examples/%s: the sources draw the same check IDs as the plan', (example) => {
    const sources = scanAt(layout, `examples/${example}`);
    const plan = scanAt(layout, `plans/${example}.plan.json`);
    expect(checkIds(plan).length).toBeGreaterThan(10);
    expect(checkIds(sources)).toEqual(checkIds(plan));
  });

  it('follows inputs into the modules: complete turns MFA delete on and log file validation off', () => {
    const complete = scanAt(layout, 'examples/complete');
    const rulesHit = new Set(complete.findings.map((f) => f.ruleId));
    expect(rulesHit.has('cloudtrail-bucket-mfa-delete')).toBe(false);
    expect(rulesHit.has('cloudtrail-log-file-validation')).toBe(true);
    expect(new Set(simple.findings.map((f) => f.ruleId)).has('cloudtrail-log-file-validation')).toBe(false);
  });

  it('never follows a source out of the repository root: a note, and its checks undetermined', () => {
    // With the root at examples/, `../../` leaves it.
    const r = scanAt(join(layout, 'examples'), 'simple');
    const notes = r.diagnostics.filter((d) => d.code === 'module-outside-root');
    expect(notes.map((d) => `${d.file}:${d.range?.start.line}`)).toEqual(['simple/main.tf:5']);
    expect(r.graph.resources.filter((x) => x.kind !== 'unread_module')).toEqual([]);
    const atCall = r.undetermined.filter((u) => u.location.file === 'simple/main.tf' && u.location.start.line === 5);
    expect(atCall.map((u) => u.ruleId)).toContain('cloudtrail-active-multi-region-trail');
    expect(atCall.map((u) => u.ruleId)).toContain('cloudtrail-log-file-validation');
    expect(r.findings).toEqual([]);
  });
});

describe('before terraform init', () => {
  it('notes each remote module call once and judges nothing its resources would answer', () => {
    const r = scanAt(layout, 'examples/not-initialized');
    const notes = r.diagnostics.filter((d) => d.code === 'remote-module');
    expect(notes.map((d) => [d.level, d.file, d.range?.start.line])).toEqual([
      ['note', 'main.tf', 4],
      ['note', 'main.tf', 13],
    ]);
    expect(notes[0]!.message).toContain('run terraform init to check what module bucket creates');
    // The trail's bucket comes from the module not read: every bucket check is undetermined, none silent.
    const bucketChecks = rules.filter((rule) => rule.spec.id.startsWith('cloudtrail-bucket-')).map((rule) => rule.spec.id);
    const undetermined = new Set(r.undetermined.map((u) => u.ruleId));
    for (const id of bucketChecks) expect(undetermined.has(id), id).toBe(true);
    expect(r.findings.some((f) => f.ruleId.startsWith('cloudtrail-bucket-'))).toBe(false);
    // What the trail itself says is still judged.
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-organization-trail')).toBe(true);
  });

  it('a folder whose only trail comes from a remote module does not say "No findings" silently', () => {
    const r = scanAt(join(fixtures, 'remote-only'), '.');
    expect(r.findings).toEqual([]);
    const atCall = r.undetermined.filter((u) => u.location.file === 'main.tf' && u.location.start.line === 4);
    // Scope checks ("a trail exists"...) treat the module as unknown, not absent.
    for (const id of ['cloudtrail-active-multi-region-trail', 'cloudtrail-lake-event-data-store', 'cloudtrail-log-file-validation']) {
      expect(atCall.map((u) => u.ruleId), id).toContain(id);
    }
    expect(atCall[0]!.reason).toContain('run terraform init to check what module cloudtrail creates');
    const text = renderText(r, { color: false, root: r.root });
    expect(text).toContain(`No findings, but ${r.undetermined.length} checks could not be judged.`);
    expect(text).not.toContain('No findings.');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      `${r.undetermined.length} checks could not be judged before deployment (values known only after deployment, links or modules not in the scan); --show-undetermined lists them.`,
    );
  });
});

describe('data sources that name resources of the scan', () => {
  const r = scanAt(join(fixtures, 'data-sources'), '.');
  const trail = (name: string) => r.graph.resources.find((x) => x.address === `aws_cloudtrail.${name}`)!;

  it('link to the bucket by name and to the key through its alias', () => {
    expect(trail('linked').edges['bucket']).toMatchObject({ status: 'resolved', target: { address: 'aws_s3_bucket.logs' } });
    expect(trail('linked').edges['key']).toMatchObject({ status: 'resolved', target: { address: 'aws_kms_key.trail' } });
    const onBucket = r.findings.filter((f) => f.resource?.address === 'aws_s3_bucket.logs').map((f) => f.ruleId);
    expect(onBucket).toContain('cloudtrail-bucket-versioning');
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-key-rotation')).toBe(true);
    // What a lookup data source finds exists: the trail does name a key (P2.1 judged, and passed).
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-kms-encryption' && f.resource?.address === 'aws_cloudtrail.linked')).toBe(false);
    expect(r.undetermined.some((u) => u.ruleId === 'cloudtrail-kms-encryption' && u.resource.address === 'aws_cloudtrail.linked')).toBe(false);
  });

  it('otherwise leave every check that needs the link undetermined, with the reason', () => {
    const mine = r.undetermined.filter((u) => u.resource.address === 'aws_cloudtrail.unlinked');
    expect(mine.map((u) => u.ruleId)).toContain('cloudtrail-bucket-versioning');
    expect(mine.find((u) => u.ruleId === 'cloudtrail-bucket-versioning')?.reason).toBe(
      'bucket: comes from data.aws_s3_bucket.elsewhere, which names no bucket of the scan (central-logging-bucket)',
    );
  });
});

describe('a plan scanned with its sources', () => {
  const dir = join(fixtures, 'plan-merge');
  const bucketFindings = (r: ScanOutput) => r.findings.filter((f) => f.ruleId === 'cloudtrail-bucket-versioning');

  it('alone cannot link the trail to a bucket named through a local: undetermined, not silent', () => {
    const r = scanAt(dir, 'plan.json');
    expect(bucketFindings(r)).toEqual([]);
    expect(r.undetermined.find((u) => u.ruleId === 'cloudtrail-bucket-versioning')?.reason).toBe('bucket: known after apply');
  });

  it('keeps the link the sources make, so the bucket findings stay', () => {
    const sources = scanAt(dir, 'main.tf');
    const both = scanAt(dir, 'main.tf', 'plan.json');
    expect(bucketFindings(sources)).toHaveLength(1);
    expect(bucketFindings(both)).toHaveLength(1);
    expect(bucketFindings(both)[0]!.location.file).toBe('main.tf');
    expect(checkIds(both)).toEqual(checkIds(sources));
  });
});

describe('module files beyond the scanned paths', () => {
  it('are read only inside the repository root, even through a symbolic link', () => {
    const base = mkdtempSync(join(tmpdir(), 'trailguard-modules-'));
    try {
      const repoRoot = join(base, 'repo');
      mkdirSync(join(repoRoot, 'live'), { recursive: true });
      mkdirSync(join(base, 'outside'));
      writeFileSync(join(base, 'outside', 'main.tf'), 'resource "aws_cloudtrail" "secret" {\n  name = "secret"\n}\n');
      symlinkSync(join(base, 'outside'), join(repoRoot, 'linked'));
      writeFileSync(join(repoRoot, 'live', 'main.tf'), 'module "linked" {\n  source = "../linked"\n}\n');
      const files = moduleFilesUnder(repoRoot);
      expect(files.files('linked')).toBeUndefined();
      expect(files.files('../outside')).toBeUndefined();
      const r = scanAt(repoRoot, 'live');
      expect(r.graph.resources.map((x) => x.kind)).toEqual(['unread_module']);
      expect(r.diagnostics.map((d) => d.code)).toEqual(['module-not-found']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('include .tf.json files of a module directory outside the scanned paths', () => {
    const base = mkdtempSync(join(tmpdir(), 'trailguard-modules-'));
    try {
      mkdirSync(join(base, 'live'), { recursive: true });
      mkdirSync(join(base, 'shared'));
      writeFileSync(join(base, 'shared', 'variables.tf'), 'variable "multi" {}\n');
      writeFileSync(join(base, 'shared', 'main.tf.json'), JSON.stringify({ resource: { aws_cloudtrail: { t: { name: 't', s3_bucket_name: 'b', is_multi_region_trail: '${var.multi}' } } } }));
      writeFileSync(join(base, 'live', 'main.tf'), 'module "shared" {\n  source = "../shared"\n  multi  = false\n}\n');
      expect(moduleFilesUnder(base).files('shared')?.map((f) => f.path)).toEqual(['shared/main.tf.json', 'shared/variables.tf']);
      const r = scanAt(base, 'live');
      const multi = r.findings.filter((f) => f.ruleId === 'cloudtrail-multi-region');
      expect(multi.map((f) => `${f.resource?.address} ${f.location.file}`)).toEqual(['module.shared.aws_cloudtrail.t shared/main.tf.json']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('a manifest not shaped as Terraform writes it is reported, and keys cannot reach the prototype', () => {
    const problems: string[] = [];
    expect(parseManifest('m.json', '{"Modules": 3}', (d) => problems.push(d.message))).toBeUndefined();
    expect(problems[0]).toContain('no "Modules" list');
    const m = parseManifest('m.json', '{"Modules":[{"Key":"__proto__","Dir":"x"},{"Key":"a","Dir":"y","Source":"s","Version":"1.0.0"}]}', () => {});
    expect(m?.get('__proto__')).toEqual({ key: '__proto__', dir: 'x', source: '' });
    expect(m?.get('constructor')).toBeUndefined();
    expect(m?.get('a')).toEqual({ key: 'a', dir: 'y', source: 's', version: '1.0.0' });
  });
});
