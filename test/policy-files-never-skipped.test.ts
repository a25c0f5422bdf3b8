// A policy document that IAM would reject, or a file configured as a policy that is not one, is said: it
// was passed over as "some other JSON" before (a raw SCP with `Actions` for `Action` gave "Nothing was
// judged", and next to a template nothing at all), and a `--policy-type` or `policies:` entry naming a
// file the scan did not read changed nothing without a word.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', 'bin/trailguard.js');

interface Report {
  findings: { ruleId: string; location: { file: string; start: { line: number } }; message: string }[];
  diagnostics: { level: string; code: string; file: string; range?: { start: { line: number } }; message: string }[];
}

function scan(files: Record<string, string>, ...args: string[]): Report {
  return scanPaths(files, ['.'], ...args);
}

function scanPaths(files: Record<string, string>, paths: string[], ...args: string[]): Report {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-policy-files-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const r = spawnSync(process.execPath, [cli, 'scan', ...paths, '--format', 'json', '--fail-on', 'none', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const misspelt = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Deny", "Actions": ["cloudtrail:StopLogging"], "Resource": "*" },
    { "effect": "Deny", "Action": ["cloudtrail:DeleteTrail"], "Resource": "*" }
  ]
}
`;

describe('raw policy files', () => {
  it('reads a policy document with misspelt statement fields as a policy, and reports each problem at its line', () => {
    const r = scan({ 'scps/deny-tampering.json': misspelt });
    expect(r.findings.filter((f) => f.ruleId === 'iam-policy-invalid').map((f) => [f.location.start.line, f.message.slice(f.message.indexOf(': ') + 2)])).toEqual([
      [4, 'The statement has neither Action nor NotAction.'],
      [4, 'Unknown statement field "Actions".'],
      [5, 'The statement has no Effect.'],
      [5, 'Unknown statement field "effect".'],
    ]);
  });

  it('still passes over JSON that is no policy (a package manifest) quietly', () => {
    const r = scan({ 'package.json': '{ "name": "x", "version": "1.0.0", "Statement": "not a policy" }\n', 'other.json': '{ "Statement": [{ "Text": "a lease" }] }\n' });
    expect(r.findings).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['nothing-judged']);
  });

  it('says when a file configured as a policy is not one, in JSON or in YAML', () => {
    const r = scan(
      { 'policies/deny.json': '{ "name": "x" }\n', 'policies/deny.yaml': 'Version: "2012-10-17"\nStatement: []\n' },
      '--policy-type',
      'policies/deny.json=scp',
      '--policy-type',
      'policies/deny.yaml=scp',
    );
    expect(r.diagnostics.filter((d) => d.code === 'not-a-policy-document').map((d) => [d.level, d.file, d.message])).toEqual([
      ['warning', 'policies/deny.json', 'configured as a policy document, but it holds no Statement; trailguard does not judge it'],
      ['warning', 'policies/deny.yaml', 'configured as a policy document, but policy documents are read from JSON, and this is not JSON; trailguard does not judge it'],
    ]);
  });

  it('says when a --policy-type or policies: entry applied to no file the scan read', () => {
    const r = scan(
      {
        'scps/deny-tampering.json': misspelt,
        '.trailguard.yaml': 'policies:\n  - path: "scps/*.json"\n    type: scp\n  - path: "org/scps/*.json"\n    type: scp\n    attachedTo: [r-ab12]\n',
      },
      '--policy-type',
      'scps/deny-tamperng.json=scp',
    );
    expect(r.diagnostics.filter((d) => d.code === 'policy-setting-unused').map((d) => [d.file, d.message])).toEqual([
      ['scps/deny-tamperng.json', '--policy-type names scps/deny-tamperng.json, which this scan did not read as JSON or YAML; its type applies to nothing'],
      [
        '.trailguard.yaml',
        "policies: the entry for 'org/scps/*.json' applied to no file this scan read as JSON or YAML (none matched it, or an earlier entry matched first); its settings apply to nothing",
      ],
    ]);
  });

  it('does not say so of a policies: entry when only some files are named on the command line', () => {
    const r = scanPaths(
      {
        'scps/deny-tampering.json': misspelt,
        'stack.yaml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n',
        '.trailguard.yaml': 'policies:\n  - path: "scps/*.json"\n    type: scp\n',
      },
      ['stack.yaml'],
    );
    expect(r.diagnostics.filter((d) => d.code === 'policy-setting-unused')).toEqual([]);
  });
});
