import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sarifProblems } from './report/sarif-validator.js';

/**
 * The SARIF a user uploads to GitHub code scanning, produced by the real CLI
 * on the examples (including a file that does not parse), checked by
 * Microsoft's validator with GitHub's ingestion rules.
 */
const repo = join(import.meta.dirname, '..');

function sarifOf(paths: string[]): { text: string; log: { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[]; tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } } }[] } } {
  const r = spawnSync(process.execPath, [join(repo, 'bin/trailguard.js'), 'scan', ...paths, '--format', 'sarif', '--fail-on', 'none'], { cwd: repo, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return { text: r.stdout, log: JSON.parse(r.stdout) };
}

describe('SARIF from the CLI', () => {
  it('validates without errors or warnings, GitHub rules included', () => {
    const { text } = sarifOf(['examples', 'test/fixtures/broken/unclosed-flow-mapping.yaml']);
    const problems = sarifProblems(text);
    expect(problems).toEqual([]);
  });

  it('carries what code scanning needs: severity, catalog, repository-relative lines, fingerprints', () => {
    const { log } = sarifOf(['examples/cloudformation/insecure-trail.yaml']);
    const run = log.runs[0]!;
    const rule = run.tool.driver.rules.find((x) => x.id === 'cloudtrail-multi-region')!;
    expect(rule.properties).toMatchObject({ 'security-severity': '9.5', catalog: ['P1.2', 'M1'], securityHub: ['CloudTrail.1'], cis: ['3.1'] });
    expect(rule.properties['tags']).toContain('security');
    const result = run.results.find((x) => x.ruleId === 'cloudtrail-multi-region')!;
    expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe('examples/cloudformation/insecure-trail.yaml');
    expect(result.locations[0]!.physicalLocation.region.startLine).toBe(14);
    // v2 (with the cause) is what baselines compare; v1 stays for alerts uploaded before it.
    expect(result.partialFingerprints['trailguard/v2']).toMatch(/^[0-9a-f]{32}$/);
    expect(result.partialFingerprints['trailguard/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(result.partialFingerprints['trailguard/v1']).not.toBe(result.partialFingerprints['trailguard/v2']);
  });
});
