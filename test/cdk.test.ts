import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';
import { render } from '../engine/report/index.js';
import { sarifProblems } from './report/sarif-validator.js';

/**
 * A real `cdk synth` output (test/fixtures/cdk/NOTE.md): four stacks, two of
 * them in account 111111111111, one in 222222222222, one environment-agnostic.
 */
const repo = join(rulesDir(), '..');
const assembly = join(repo, 'test/fixtures/cdk/cdk.out');
const rules = builtinRules();
const result = scan({ paths: [assembly], rules, root: repo, toolVersion: '0.1.0' });
const active = result.findings.filter((f) => !f.suppressed);
const stackOf = (file: string) => /([A-Za-z]+)\.template\.json$/.exec(file)?.[1];
const firing = (ruleId: string) => [...new Set(active.filter((f) => f.ruleId === ruleId).map((f) => stackOf(f.location.file)))].sort();

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempCopy(files: string[], edit?: (name: string, text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-cdk-'));
  temps.push(dir);
  for (const f of files) {
    const text = readFileSync(join(assembly, f), 'utf8');
    writeFileSync(join(dir, f), edit ? edit(f, text) : text);
  }
  return dir;
}
const TEMPLATES = ['Agnostic.template.json', 'Audit.template.json', 'AuditLake.template.json', 'Workload.template.json'];

describe('scanning cdk.out', () => {
  it('reads every stack without errors', () => {
    expect(result.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(result.files.filter((f) => f.endsWith('.template.json')).length).toBe(4);
  });

  it('judges account-level checks per account: stacks of one account together, an agnostic stack alone', () => {
    // Audit's multi-region trail does not count for account 222222222222 (Workload's regional trail).
    expect(firing('cloudtrail-active-multi-region-trail')).toEqual(['Workload']);
    // AuditLake's event data store serves Audit (same account), not Workload nor the agnostic stack.
    expect(firing('cloudtrail-lake-event-data-store')).toEqual(['Agnostic', 'Workload']);
  });

  it('without the manifest, the same templates are one scope', () => {
    const dir = tempCopy(TEMPLATES);
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-active-multi-region-trail')).toBe(false);
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-lake-event-data-store')).toBe(false);
    // Without the environment, "arn:${AWS::Partition}:iam::111111111111:role/SecurityBreakGlass" still names its account.
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-bucket-delete-protection')).toEqual([]);
  });

  it("does not report the Block Public Access of the bucket new Trail() creates (S3's default for new buckets)", () => {
    expect(firing('cloudtrail-bucket-public-access-block')).toEqual([]);
    expect(firing('cloudtrail-bucket-acl-not-public')).toEqual([]);
  });

  it('judges break-glass ARNs built with Fn::Join over AWS::Partition like the literal ARNs (no false P4.8)', () => {
    expect(firing('cloudtrail-bucket-delete-protection')).toEqual([]);
    expect(result.undetermined.filter((u) => u.ruleId === 'cloudtrail-bucket-delete-protection')).toEqual([]);
  });

  it('still fails P4.8 when the break-glass exemption names another account', () => {
    const dir = tempCopy(['manifest.json', 'Audit.template.json'], (name, text) =>
      name === 'Audit.template.json' ? text.replace(':iam::111111111111:role/SecurityBreakGlass', ':iam::*:role/*') : text,
    );
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-bucket-delete-protection' && !f.suppressed).length).toBe(1);
  });

  it('honours cdk-nag acknowledgements with a reason, for the rules that list the cdk-nag rule as an alias', () => {
    const logging = result.findings.filter((f) => f.ruleId === 'cloudtrail-bucket-access-logging');
    const audit = logging.find((f) => stackOf(f.location.file) === 'Audit');
    expect(audit?.suppressed).toMatchObject({ kind: 'inSource', justification: 'Server access logs of the trail bucket are collected by the log-archive account.' });
    // Where the acknowledgement is written: the Metadata entry in the Audit stack's template.
    expect(stackOf(audit!.suppressed!.at!.file)).toBe('Audit');
    // Workload's bucket has no acknowledgement.
    expect(logging.find((f) => stackOf(f.location.file) === 'Workload')?.suppressed).toBeUndefined();
  });

  it('ignores a cdk-nag acknowledgement without a reason', () => {
    const dir = tempCopy(['manifest.json', 'Audit.template.json'], (name, text) =>
      name === 'Audit.template.json' ? text.replace(/"reason": "Server access logs[^"]*"/g, '"reason": ""') : text,
    );
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    const f = r.findings.find((x) => x.ruleId === 'cloudtrail-bucket-access-logging');
    expect(f).toBeDefined();
    expect(f?.suppressed).toBeUndefined();
  });

  it('shows the construct path in text, Markdown, JSON and SARIF', () => {
    const f = active.find((x) => x.ruleId === 'cloudtrail-bucket-versioning' && stackOf(x.location.file) === 'Audit')!;
    expect(f.resource).toMatchObject({ address: 'TrailS30071F172', constructPath: 'Audit/Trail/S3/Resource' });
    const options = { color: false, root: repo };
    expect(render('text', result, options)).toContain('resource: TrailS30071F172 (AWS::S3::Bucket), construct Audit/Trail/S3/Resource');
    expect(render('markdown', result, options)).toContain('`TrailS30071F172` (construct `Audit/Trail/S3/Resource`)');
    const json = JSON.parse(render('json', result, options)) as { findings: { ruleId: string; resource: { constructPath?: string } }[] };
    expect(json.findings.some((x) => x.ruleId === 'cloudtrail-bucket-versioning' && x.resource.constructPath === 'Audit/Trail/S3/Resource')).toBe(true);
    const sarif = JSON.parse(render('sarif', result, options)) as { runs: { results: { ruleId: string; locations: { logicalLocations: unknown[] }[] }[] }[] };
    const results = sarif.runs.flatMap((run) => run.results).filter((x) => x.ruleId === 'cloudtrail-bucket-versioning');
    expect(results.map((x) => x.locations[0]!.logicalLocations)).toContainEqual([
      { fullyQualifiedName: 'TrailS30071F172', kind: 'resource' },
      { fullyQualifiedName: 'Audit/Trail/S3/Resource', kind: 'namespace' },
    ]);
    // The SARIF multitool, with GitHub's ingestion rules, accepts the two logical locations.
    expect(sarifProblems(render('sarif', result, options))).toEqual([]);
  }, 60_000);

  it("records each stack's account scope from the manifest", () => {
    const trail = result.graph.resources.find((r) => r.address === 'Trail022F0CF2')!;
    expect(trail.accountScope).toBe('aws://111111111111');
    const agnostic = result.graph.resources.find((r) => r.address === 'AnywhereTrail2EBC784E')!;
    expect(agnostic.accountScope).toBe('cdk-agnostic:test/fixtures/cdk/cdk.out/Agnostic.template.json');
    expect(trail.accountLabel).toBe('account 111111111111');
    expect(agnostic.accountLabel).toBe('the environment-agnostic stack Agnostic');
  });

  it('says which account a scope finding is about, with the fingerprints it had before it did', () => {
    const scope = active
      .filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail' || f.ruleId === 'cloudtrail-lake-event-data-store')
      .map((f) => [f.ruleId, stackOf(f.location.file), f.message, f.fingerprint, f.locationFingerprint]);
    expect(scope).toEqual([
      [
        'cloudtrail-active-multi-region-trail',
        'Workload',
        'None of the trails in this scan (RegionalTrailBEE78C22; account 222222222222) is logging, multi-region and recording both read and write management events; API calls in other regions or of one kind go unrecorded.',
        '9cf59a5c2a9feb9bd33ff98f7fc81ecb',
        'fb325841b8e6e5775cb1335f2e14af8b',
      ],
      [
        'cloudtrail-lake-event-data-store',
        'Workload',
        'The scan has trails (RegionalTrailBEE78C22; account 222222222222) but no CloudTrail Lake event data store: there is no immutable, queryable long-term copy of the events.',
        '9eb575cbe1be56161bfba6ef73c2e015',
        '097b49f0a1123d509728ef5334a3e3d4',
      ],
      [
        'cloudtrail-lake-event-data-store',
        'Agnostic',
        'The scan has trails (AnywhereTrail2EBC784E; the environment-agnostic stack Agnostic) but no CloudTrail Lake event data store: there is no immutable, queryable long-term copy of the events.',
        '1eea4413354cbad33d5f8377b23b1baa',
        'a6cf716a2502c7d9c088b2daad8a0e59',
      ],
    ]);
  });

  it("shows an environment-agnostic stack's name from the manifest on one line, and nothing of accounts for one stack", () => {
    const dir = tempCopy(['manifest.json', 'Agnostic.template.json', 'Workload.template.json'], (name, text) =>
      name === 'manifest.json' ? text.replaceAll('"Agnostic"', '"Agn\\nostic"') : text,
    );
    const r = scan({ paths: [dir], rules, root: dir, toolVersion: 'test' });
    const lake = r.findings.filter((f) => f.ruleId === 'cloudtrail-lake-event-data-store').map((f) => f.message);
    expect(lake.some((m) => m.includes('(AnywhereTrail2EBC784E; the environment-agnostic stack Agn?ostic)'))).toBe(true);
    // One stack, one account: the message is as it always was.
    const alone = tempCopy(['manifest.json', 'Workload.template.json']);
    const one = scan({ paths: [alone], rules, root: alone, toolVersion: 'test' });
    expect(one.findings.filter((f) => f.ruleId === 'cloudtrail-lake-event-data-store').map((f) => f.message)).toEqual([
      'The scan has trails (RegionalTrailBEE78C22) but no CloudTrail Lake event data store: there is no immutable, queryable long-term copy of the events.',
    ]);
  });
});
