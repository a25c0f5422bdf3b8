import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { describe, expect, it } from 'vitest';
import { GITHUB_MAX_RESULTS, renderSarif, sarifLog } from '../../engine/report/sarif.js';
import {
  ALL_RULES,
  BROKEN_FILE,
  CFN_MULTI_REGION,
  CFN_SUPPRESSED,
  FILES,
  finding,
  LOG_VALIDATION,
  MULTI_REGION,
  OPTIONS,
  PARSE_ERROR,
  TOPIC_ENCRYPTED,
  TRAIL_CHANGE_FILTER,
  cleanScan,
  fullScan,
} from './scan-results.js';
import { sarifProblems, validateSarif } from './sarif-validator.js';

function runOf(log: Log): Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

const parsed = JSON.parse(renderSarif(fullScan(), OPTIONS)) as Log;
const run = runOf(parsed);
const rules = run.tool.driver.rules!;
const results = run.results!;

function ruleById(id: string): ReportingDescriptor {
  const rule = rules.find((r) => r.id === id);
  expect(rule, `rule ${id}`).toBeDefined();
  return rule!;
}

function resultFor(ruleId: string, uri: string): Result {
  const matches = results.filter(
    (r) => r.ruleId === ruleId && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === uri,
  );
  expect(matches, `${ruleId} in ${uri}`).toHaveLength(1);
  return matches[0]!;
}

describe('SARIF report', () => {
  it('is a single SARIF 2.1.0 run with the schema GitHub expects', () => {
    expect(parsed.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(parsed.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({
      name: 'trailguard',
      version: '0.1.0',
      semanticVersion: '0.1.0',
    });
    // The project has no public home yet: no placeholder informationUri.
    expect(run.tool.driver).not.toHaveProperty('informationUri');
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('names the run with automationDetails.id when a category is given, and not otherwise', () => {
    expect(runOf(sarifLog(fullScan(), { ...OPTIONS, category: 'terraform/' })).automationDetails).toEqual({ id: 'terraform/' });
    expect(run).not.toHaveProperty('automationDetails');
  });

  it("uses a rule's page, when attached, as its help text and markdown", () => {
    const page = '# cloudtrail-multi-region\n\n## What it checks\n\nEvery region.\n';
    const scan = fullScan();
    const withPage = { ...scan, rules: scan.rules.map((r) => (r.id === MULTI_REGION.id ? { ...r, page } : r)) };
    const rule = runOf(sarifLog(withPage, OPTIONS)).tool.driver.rules!.find((r) => r.id === MULTI_REGION.id)!;
    expect(rule.help).toEqual({ text: page, markdown: page });
    expect(rule).not.toHaveProperty('helpUri');
  });

  it('leaves out semanticVersion when the tool version is not semver', () => {
    const driver = runOf(sarifLog(fullScan({ toolVersion: 'dev-build' }), OPTIONS)).tool.driver;
    expect(driver.version).toBe('dev-build');
    expect(driver).not.toHaveProperty('semanticVersion');
  });

  it('describes every rule that ran, including rules without findings', () => {
    expect(rules.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
  });

  it('gives each rule its texts, help with Terraform and CloudFormation fixes, and GitHub properties', () => {
    const rule = ruleById(MULTI_REGION.id);
    expect(rule).toMatchObject({
      name: 'CloudTrailMultiRegion',
      shortDescription: { text: MULTI_REGION.title },
      fullDescription: { text: MULTI_REGION.description },
      defaultConfiguration: { level: 'error' },
      properties: {
        'security-severity': '9.5',
        tags: ['security', 'cloudtrail', 'logging'],
        precision: 'very-high',
        'problem.severity': 'error',
        catalog: ['P1.2', 'M1'],
        securityHub: ['CloudTrail.1'],
        cis: ['3.1'],
      },
    });
    expect(rule.help!.text).toContain(MULTI_REGION.help);
    expect(rule.help!.text).toContain('    is_multi_region_trail = true');
    expect(rule.help!.markdown).toContain('```hcl\nresource "aws_cloudtrail" "main" {\n  is_multi_region_trail = true\n}\n```');
    expect(rule.help!.markdown).toContain('```yaml\nTrail:\n  Type: AWS::CloudTrail::Trail');
  });

  it('maps each severity to a GitHub security-severity, level and problem.severity', () => {
    const bySeverity = (id: string) => {
      const r = ruleById(id);
      return [r.properties!['security-severity'], r.defaultConfiguration!.level, r.properties!['problem.severity']];
    };
    expect(bySeverity(MULTI_REGION.id)).toEqual(['9.5', 'error', 'error']);
    expect(bySeverity(LOG_VALIDATION.id)).toEqual(['8.0', 'error', 'error']);
    expect(bySeverity(TRAIL_CHANGE_FILTER.id)).toEqual(['5.5', 'warning', 'warning']);
    expect(bySeverity(TOPIC_ENCRYPTED.id)).toEqual(['3.0', 'note', 'recommendation']);
  });

  it('always tags rules as security, without duplicates and within GitHub’s 20-tag limit', () => {
    const many = { ...MULTI_REGION, tags: ['security', ...Array.from({ length: 30 }, (_, i) => `tag-${i}`)] };
    const tags = runOf(sarifLog(fullScan({ rules: [many] }), OPTIONS)).tool.driver.rules![0]!.properties!.tags!;
    expect(tags[0]).toBe('security');
    expect(tags.filter((t) => t === 'security')).toHaveLength(1);
    expect(tags).toHaveLength(20);
  });

  it('points every result at its own rule by ruleIndex', () => {
    expect(results).toHaveLength(fullScan().findings.length);
    for (const r of results) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
  });

  it('adds a parse-error rule when the engine reported parse errors without describing the rule', () => {
    const scan = fullScan({ rules: ALL_RULES.filter((r) => r.id !== PARSE_ERROR.id) });
    const r = runOf(sarifLog(scan, OPTIONS));
    const index = r.tool.driver.rules!.findIndex((d) => d.id === 'parse-error');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(r.tool.driver.rules![index]!.shortDescription!.text).toBe('Input file could not be parsed');
    const parseResult = r.results!.find((res) => res.ruleId === 'parse-error')!;
    expect(parseResult.ruleIndex).toBe(index);
  });

  it('gives results their level, message, catalog and line-independent fingerprint', () => {
    const r = resultFor(MULTI_REGION.id, 'cfn/trail.yaml');
    expect(r.level).toBe('error');
    expect(r.message.text).toBe('Trail MyTrail records only its home region');
    expect(r.properties).toEqual({ catalog: ['P1.2', 'M1'] });
    expect(r.partialFingerprints).toEqual({ 'trailguard/v2': CFN_MULTI_REGION.fingerprint });
    expect(resultFor(TOPIC_ENCRYPTED.id, 'terraform/main.tf').level).toBe('note');
  });

  it('locates results by repository-relative, percent-encoded URIs under %SRCROOT%', () => {
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo/' } });
    // The scanner was given this file as an absolute path.
    const absoluteInput = resultFor(TRAIL_CHANGE_FILTER.id, 'terraform/main.tf');
    expect(absoluteInput.locations![0]!.physicalLocation!.artifactLocation).toMatchObject({ uriBaseId: '%SRCROOT%' });
    const broken = resultFor('parse-error', 'broken/bad%20template.yaml');
    expect(broken.locations![0]!.physicalLocation!.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
    for (const r of results) {
      const uri = r.locations![0]!.physicalLocation!.artifactLocation!.uri!;
      expect(uri).not.toMatch(/^\/|^file:|\\| /);
    }
  });

  it('uses an absolute file URI for a file outside the repository root', () => {
    const outside = finding({ rule: MULTI_REGION, file: '/srv/shared #1/trail.yaml', line: 2, column: 1, message: 'm', address: 'T' });
    const r = runOf(sarifLog(fullScan({ findings: [outside] }), OPTIONS)).results![0]!;
    expect(r.locations![0]!.physicalLocation!.artifactLocation).toMatchObject({ uri: 'file:///srv/shared%20%231/trail.yaml' });
    expect(r.locations![0]!.physicalLocation!.artifactLocation).not.toHaveProperty('uriBaseId');
  });

  it('gives regions start and end, and leaves endColumn out when only the start is known', () => {
    expect(resultFor(MULTI_REGION.id, 'cfn/trail.yaml').locations![0]!.physicalLocation!.region).toEqual({
      startLine: 12,
      startColumn: 5,
      endLine: 12,
      endColumn: 29,
    });
    expect(resultFor(LOG_VALIDATION.id, 'terraform/modules/audit/main.tf').locations![0]!.physicalLocation!.region).toEqual({
      startLine: 4,
      startColumn: 1,
      endLine: 11,
      endColumn: 2,
    });
    expect(resultFor('parse-error', 'broken/bad%20template.yaml').locations![0]!.physicalLocation!.region).toEqual({
      startLine: 3,
      startColumn: 7,
      endLine: 3,
    });
  });

  it('names the resource address as the logical location: CloudFormation logical ID or Terraform module address', () => {
    expect(resultFor(MULTI_REGION.id, 'cfn/trail.yaml').locations![0]!.logicalLocations).toEqual([
      { fullyQualifiedName: 'MyTrail', kind: 'resource' },
    ]);
    expect(resultFor(LOG_VALIDATION.id, 'terraform/modules/audit/main.tf').locations![0]!.logicalLocations).toEqual([
      { fullyQualifiedName: 'module.audit.aws_cloudtrail.this[0]', kind: 'resource' },
    ]);
    expect(resultFor('parse-error', 'broken/bad%20template.yaml').locations![0]).not.toHaveProperty('logicalLocations');
  });

  it('marks suppressed findings as suppressed, with their kind and justification', () => {
    const suppressed = resultFor(CFN_SUPPRESSED.ruleId, 'cfn/trail.yaml');
    expect(suppressed.suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'Versioning is managed by the central logging account' },
    ]);
    expect(results.filter((r) => r.suppressions)).toHaveLength(1);
  });

  it('lists every scanned file as an artifact, and location indexes point at the right one', () => {
    const artifacts = run.artifacts!;
    expect(artifacts.map((a) => a.location!.uri).sort()).toEqual(
      FILES.map((f) => f.replace(/ /g, '%20')).sort(),
    );
    for (const a of artifacts) expect(a.roles).toEqual(['analysisTarget']);
    for (const r of results) {
      const location = r.locations![0]!.physicalLocation!.artifactLocation!;
      expect(artifacts[location.index!]!.location!.uri).toBe(location.uri);
    }
  });

  it('reports input problems as tool execution notifications with file and line', () => {
    const invocation = run.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(true);
    const notifications = invocation.toolExecutionNotifications!;
    expect(notifications).toHaveLength(2);
    expect(notifications[0]).toMatchObject({
      level: 'error',
      descriptor: { id: 'parse-error' },
      message: { text: 'YAML syntax error: bad indentation of a mapping entry' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'broken/bad%20template.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 7 },
          },
        },
      ],
    });
    expect(notifications[1]).toMatchObject({
      level: 'warning',
      descriptor: { id: 'remote-module' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'terraform/main.tf' }, region: { startLine: 20 } } }],
    });
  });

  it('keeps under GitHub’s result limit by leaving out the least severe findings, and says so', () => {
    const many = Array.from({ length: GITHUB_MAX_RESULTS }, (_, i) =>
      finding({ rule: TOPIC_ENCRYPTED, file: 'terraform/main.tf', line: i + 1, column: 1, message: 'low', address: `t${i}` }),
    );
    const critical = finding({ rule: MULTI_REGION, file: 'cfn/trail.yaml', line: 1, column: 1, message: 'critical', address: 'T' });
    const r = runOf(sarifLog(fullScan({ findings: [...many, critical], diagnostics: [] }), OPTIONS));
    expect(r.results).toHaveLength(GITHUB_MAX_RESULTS);
    expect(r.results!.some((res) => res.message.text === 'critical')).toBe(true);
    const notice = r.invocations![0]!.toolExecutionNotifications!;
    expect(notice).toHaveLength(1);
    expect(notice[0]!.message.text).toBe(
      '1 less severe finding left out: GitHub code scanning accepts at most 25000 results per run.',
    );
  });

  it('still lists the rules and files of a scan with no findings', () => {
    const r = runOf(sarifLog(cleanScan(), OPTIONS));
    expect(r.results).toEqual([]);
    expect(r.tool.driver.rules!.length).toBe(ALL_RULES.length);
    expect(r.artifacts).toHaveLength(2);
  });

  it('renders the same file for the same scan', () => {
    expect(renderSarif(fullScan(), OPTIONS)).toBe(renderSarif(fullScan(), OPTIONS));
  });
});

describe('SARIF validation (Microsoft SARIF multitool, GitHub ingestion rules included)', () => {
  const problems = sarifProblems;

  it('finds no errors or warnings in a report with every kind of finding', () => {
    expect(problems(renderSarif(fullScan(), OPTIONS))).toEqual([]);
  });

  it('finds no errors or warnings in a report with no findings', () => {
    expect(problems(renderSarif(cleanScan(), OPTIONS))).toEqual([]);
  });

  it('does report errors when a log breaks GitHub’s rules (the check can fail)', () => {
    const broken = sarifLog(fullScan(), OPTIONS);
    const result = broken.runs[0]!.results![0]!;
    delete result.locations;
    result.ruleIndex = 99;
    const found = validateSarif(JSON.stringify(broken));
    expect(found.filter((f) => f.level === 'error').map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['GH1015', 'SARIF1009']),
    );
  });
});
