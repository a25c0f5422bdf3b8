import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules, rulesDir } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';
import { MAX_FOREACH_INSTANCES, MAX_FOREACH_NESTING } from '../../parsers/cloudformation/language-extensions.js';

// Templates whose resources come from Fn::ForEach loops, AWS::Include, macros and nested
// stacks (test/fixtures/cfn-expansion): what can be known is checked on the line it is
// written, what cannot is undetermined at the line that hides it, never silently passed.

const repo = join(rulesDir(), '..');
const rules = builtinRules();
const fixture = (name: string) => join(repo, 'test/fixtures/cfn-expansion', name);
const run = (path: string, root = repo) => scan({ paths: [path], rules, root, toolVersion: 'test' });
const at = (f: { location: { file: string; start: { line: number } } }) => `${f.location.file}:${f.location.start.line}`;

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-cfnx-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('Fn::ForEach', () => {
  const result = run(fixture('foreach'));
  const trails = result.graph.ofKind('trail');

  it('creates the resources CloudFormation would, with its logical IDs (${} and &{}, nested loops, parameter defaults)', () => {
    expect(trails.map((t) => `${t.file}#${t.address}`).sort()).toEqual([
      'test/fixtures/cfn-expansion/foreach/loops.json#TrailA',
      'test/fixtures/cfn-expansion/foreach/loops.json#TrailB',
      'test/fixtures/cfn-expansion/foreach/loops.yaml#TrailProd1000016',
      'test/fixtures/cfn-expansion/foreach/loops.yaml#TrailProd1010016',
      'test/fixtures/cfn-expansion/foreach/loops.yaml#TrailTest1000016',
      'test/fixtures/cfn-expansion/foreach/loops.yaml#TrailTest1010016',
    ]);
  });

  it('judges each instance on the line of the loop body, identifiers substituted in values', () => {
    const off = result.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled');
    // IsLogging comes from a loop inside the properties (yaml line 22); in JSON it is written in the body (line 12).
    expect(off.map(at).sort()).toEqual([
      'test/fixtures/cfn-expansion/foreach/loops.json:12',
      'test/fixtures/cfn-expansion/foreach/loops.json:12',
      'test/fixtures/cfn-expansion/foreach/loops.yaml:22',
      'test/fixtures/cfn-expansion/foreach/loops.yaml:22',
      'test/fixtures/cfn-expansion/foreach/loops.yaml:22',
      'test/fixtures/cfn-expansion/foreach/loops.yaml:22',
    ]);
    expect(trails.find((t) => t.address === 'TrailB')?.props['bucketName']).toBe('logs-B');
    expect(trails.find((t) => t.address === 'TrailTest1010016')?.range.start.line).toBe(14);
  });

  it('a collection known only at deployment: undetermined on the loop line with the reason, not "no trail"', () => {
    const r = run(join(fixture('foreach'), 'unknown.yaml'));
    expect(r.graph.ofKind('trail')).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail')).toEqual([]);
    const u = r.undetermined.filter((x) => x.ruleId === 'cloudtrail-active-multi-region-trail');
    expect(u.map((x) => `${x.location.file}:${x.location.start.line}`)).toEqual(['test/fixtures/cfn-expansion/foreach/unknown.yaml:7']);
    expect(u[0]!.reason).toContain('parameter Names, which has no default');
    expect(r.diagnostics.some((d) => d.code === 'cloudformation-unseen' && d.range?.start.line === 7)).toBe(true);
  });
});

describe('transforms and macros', () => {
  it.each(['template.yaml', 'template.json'])('AWS::Include from S3 (%s): the scope check is undetermined at the include, not "no trail"', (name) => {
    const r = run(join(fixture('include-remote'), name));
    expect(r.findings).toEqual([]);
    const u = r.undetermined.filter((x) => x.ruleId === 'cloudtrail-active-multi-region-trail');
    expect(u).toHaveLength(1);
    expect(u[0]!.location.start.line).toBe(name.endsWith('yaml') ? 2 : 3);
    expect(u[0]!.reason).toContain('AWS::Include of s3://bucket/trail.yaml: the included file is not a file of the scan');
  });

  it('AWS::Include of a local file in the scan is inlined; findings land in the included file', () => {
    const r = run(fixture('include-local'));
    expect(r.diagnostics.filter((d) => d.code === 'cloudformation-unseen')).toEqual([]);
    const off = r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled');
    expect(off.map(at)).toEqual(['test/fixtures/cfn-expansion/include-local/snippets/trail.json:6']);
  });

  it('AWS::Include of a local file that is not in the scan is undetermined', () => {
    const r = run(join(fixture('include-local'), 'template.yaml'));
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled')).toEqual([]);
    expect(r.undetermined.find((x) => x.ruleId === 'cloudtrail-active-multi-region-trail')?.reason).toContain('snippets/trail.json is not in the scan');
  });

  it('a template-level macro and a Fn::Transform macro in properties: a note and undetermined checks at their lines', () => {
    const r = run(fixture('macro'));
    const notes = r.diagnostics.filter((d) => d.code === 'cloudformation-unseen').map((d) => `${d.file}:${d.range?.start.line}`);
    expect(notes.sort()).toEqual(['test/fixtures/cfn-expansion/macro/template.json:7', 'test/fixtures/cfn-expansion/macro/template.yaml:2']);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-active-multi-region-trail')).toEqual([]);
    const u = r.undetermined.filter((x) => x.ruleId === 'cloudtrail-active-multi-region-trail').map((x) => x.reason);
    expect(u.some((reason) => reason.includes('OrgTrailMacro'))).toBe(true);
    expect(u.some((reason) => reason.includes('AddTrailSettings'))).toBe(true);
  });

  it('SAM and language extensions are judged: no note for them', () => {
    const dir = tempRepo({
      't.yaml': 'Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\nResources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties: { IsLogging: false, S3BucketName: b }\n',
    });
    const r = run(dir, dir);
    expect(r.diagnostics).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled').map(at)).toEqual(['t.yaml:5']);
  });
});

describe('nested stacks', () => {
  it('a local child template gets the values its parent passes (JSON)', () => {
    const r = run(fixture('nested-local'));
    expect(r.diagnostics.filter((d) => d.level !== 'note')).toEqual([]);
    // The parent's LoggingOn default "false" wins over the child's own default "true".
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled').map(at)).toEqual(['test/fixtures/cfn-expansion/nested-local/child.json:10']);
    // A value known only at deployment stays unknown, without pointing at a parent's resource in the child.
    const trail = r.graph.ofKind('trail')[0]!;
    expect(String(trail.props['bucketName'])).toContain('passed by Audit');
  });

  it("a child's loop runs over the list its parent passes", () => {
    const r = run(fixture('nested-loop'));
    expect(r.graph.ofKind('trail').map((t) => t.address).sort()).toEqual(['TrailAudit', 'TrailBackup']);
    const off = r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled');
    expect(off.map(at)).toEqual(['test/fixtures/cfn-expansion/nested-loop/stacks/trails.yaml:13', 'test/fixtures/cfn-expansion/nested-loop/stacks/trails.yaml:13']);
    // Scanned alone, the child uses its own default.
    expect(run(join(fixture('nested-loop'), 'stacks/trails.yaml')).graph.ofKind('trail').map((t) => t.address)).toEqual(['TrailOnly']);
  });

  it.each(['template.yaml', 'template.json'])('a nested stack whose template is not in the scan (%s): undetermined, as an unread module', (name) => {
    const r = run(join(fixture('nested-remote'), name));
    expect(r.findings).toEqual([]);
    const u = r.undetermined.filter((x) => x.ruleId === 'cloudtrail-active-multi-region-trail');
    expect(u).toHaveLength(1);
    expect(u[0]!.reason).toMatch(name.endsWith('yaml') ? /audit\.yaml is not a file of the scan/ : /Serverless Application Repository/);
  });

  it('CDK nested stacks (aws:asset:path in cdk.out) are linked, judged once and not reported as unseen', () => {
    const r = run(join(fixture('cdk-nested'), 'cdk.out'));
    expect(r.diagnostics).toEqual([]);
    const off = r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled');
    expect(off.map(at)).toEqual(['test/fixtures/cfn-expansion/cdk-nested/cdk.out/ParentAuditABCD1234.nested.template.json:6']);
    expect(r.graph.ofKind('unread_module')).toEqual([]);
  });
});

describe('hostile loops', () => {
  const loopOver = (collection: string, body = 'Trail${X}') =>
    `Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L:\n    - X\n    - ${collection}\n    - ${body}:\n        Type: AWS::CloudTrail::Trail\n        Properties: { IsLogging: true, S3BucketName: b }\n`;

  it('a huge collection stops at the instance budget with a note and undetermined checks', () => {
    const items = Array.from({ length: MAX_FOREACH_INSTANCES + 5000 }, (_, i) => `i${i}`).join(',');
    const dir = tempRepo({ 't.yaml': `Parameters:\n  Many: { Type: CommaDelimitedList, Default: "${items}" }\n${loopOver('!Ref Many')}` });
    const r = run(dir, dir);
    expect(r.graph.ofKind('trail')).toHaveLength(MAX_FOREACH_INSTANCES);
    expect(r.diagnostics.find((d) => d.code === 'cloudformation-unseen')?.message).toContain(`more than ${MAX_FOREACH_INSTANCES} instances`);
    expect(r.undetermined.some((u) => u.ruleId === 'cloudtrail-active-multi-region-trail' && u.location.start.line === 5)).toBe(true);
  });

  it('__proto__ as identifier and as generated logical ID is an ordinary name', () => {
    const dir = tempRepo({ 't.yaml': loopOver('[__proto__, constructor]', '${__proto__}').replace('- X\n', '- __proto__\n') });
    const r = run(dir, dir);
    expect(r.graph.ofKind('trail').map((t) => t.address).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['IsLogging']).toBeUndefined();
  });

  it(`loops nested 100 deep are expanded to ${MAX_FOREACH_NESTING} levels, then undetermined with a note`, () => {
    let body = 'Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties: { IsLogging: true, S3BucketName: b }\n';
    for (let i = 99; i >= 0; i--) {
      body = `Fn::ForEach::L${i}:\n  - I${i}\n  - [a]\n  - ${body.split('\n').join('\n    ').trimEnd()}\n`;
      // The innermost key must make unique IDs; one item per level keeps it to one resource.
    }
    const dir = tempRepo({ 't.yaml': `Resources:\n  ${body.split('\n').join('\n  ')}` });
    const r = run(dir, dir);
    expect(r.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'cloudformation-unseen')?.message).toContain(`nested more than ${MAX_FOREACH_NESTING} deep`);
    expect(r.graph.ofKind('trail')).toEqual([]);
  });

  it('an ID generated by ${} that collides with an existing resource is reported (CloudFormation rejects it); the first stays checked', () => {
    const dir = tempRepo({
      't.yaml': `Transform: AWS::LanguageExtensions\nResources:\n  TrailMain:\n    Type: AWS::CloudTrail::Trail\n    Properties: { IsLogging: false, S3BucketName: b }\n  Fn::ForEach::L:\n    - X\n    - [Main]\n    - Trail\${X}:\n        Type: AWS::CloudTrail::Trail\n        Properties: { IsLogging: true, S3BucketName: b }\n`,
    });
    const r = run(dir, dir);
    const dup = r.diagnostics.filter((d) => d.code === 'duplicate-logical-id');
    expect(dup.map((d) => d.range?.start.line)).toEqual([9]);
    expect(dup[0]!.message).toContain('TrailMain is defined twice');
    expect(r.findings.some((f) => f.ruleId === 'parse-error' && f.location.start.line === 9)).toBe(true);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled').map(at)).toEqual(['t.yaml:5']);
  });
});
