import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A repository of raw policy documents and no trail (an organization's SCPs, a log-archive
 * account's bucket and key policies), scanned with the built CLI from the repository's own folder,
 * as its users would run it (CATALOG "What a resource evidently is", "Scope").
 */

const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'bin/trailguard.js');

interface JsonFinding {
  ruleId: string;
  location: { file: string; start: { line: number } };
  message: string;
}

function scan(cwd: string): { code: number | null; findings: JsonFinding[]; undetermined: { ruleId: string; reason: string }[] } {
  const r = spawnSync(process.execPath, [cli, 'scan', '--format', 'json'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  const out = JSON.parse(r.stdout) as { findings: JsonFinding[]; undetermined: { ruleId: string; reason: string }[] };
  return { code: r.status, findings: out.findings, undetermined: out.undetermined };
}

const at = (f: JsonFinding): string => `${f.ruleId} ${f.location.file}:${f.location.start.line}`;

/** The 1-based line of the statement with this Sid in a JSON policy file. */
function sidLine(file: string, sid: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`"Sid": "${sid}"`));
  expect(i, `${sid} in ${file}`).toBeGreaterThan(0);
  // The statement's opening brace is on the line before its Sid.
  return i;
}

describe('a policy repository with no trail', () => {
  const dir = join(repo, 'test/fixtures/policy-repository');
  const bucketPolicy = 'log-archive/cloudtrail-bucket-policy.json';
  const keyPolicy = 'log-archive/cloudtrail-key-policy.json';
  const scp = 'org/scps/deny-leave-organization.json';

  it('judges the bucket and key that CloudTrail writes with, and the root-attached SCPs, on their lines', () => {
    const r = scan(dir);
    expect(r.code).toBe(1);
    const publicStatement = sidLine(join(dir, bucketPolicy), 'AnalystsReadFromAnywhere');
    const everyoneStatement = sidLine(join(dir, keyPolicy), 'EveryAccountMayUseTheKey');
    expect(r.findings.map(at).sort()).toEqual(
      [
        // The bucket policy: public (P4.3) on the public statement; no TLS deny (P4.7), no delete
        // protection (P4.8) and a grant broader than CloudTrail (B2.1) on the document.
        `cloudtrail-bucket-policy-not-public ${bucketPolicy}:${publicStatement}`,
        `cloudtrail-bucket-tls-only ${bucketPolicy}:1`,
        `cloudtrail-bucket-delete-protection ${bucketPolicy}:1`,
        `cloudtrail-bucket-cloudtrail-grant-scoped ${bucketPolicy}:1`,
        // The key policy: kms:* for every AWS principal lets everyone decrypt (P2.3) and any
        // account's trail encrypt (P2.2), on that statement.
        `cloudtrail-key-decrypt-restricted ${keyPolicy}:${everyoneStatement}`,
        `cloudtrail-key-policy-scoped ${keyPolicy}:${everyoneStatement}`,
        // The SCPs never mention CloudTrail: P9.1 for the trail the policies name, P9.2 and P9.3 for
        // its bucket and key, once each, on the first root-attached SCP's document.
        `cloudtrail-scp-denies-trail-tampering ${scp}:1`,
        `cloudtrail-scp-protects-trail-bucket ${scp}:1`,
        `cloudtrail-scp-protects-trail-key ${scp}:1`,
      ].sort(),
    );
    // No SCP denies stopping the trail to anyone but the root user: one P9.1 finding, no P9.4 beside it.
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-scp-exemption-narrow')).toBe(false);
    const p91 = r.findings.find((f) => f.ruleId === 'cloudtrail-scp-denies-trail-tampering')!;
    expect(p91.message).toContain('trail acme-org-trail');
    expect(p91.message).toContain('cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors, cloudtrail:PutInsightSelectors');
    // What only the bucket or key itself could show is undetermined, never a finding.
    expect(r.undetermined.map((u) => u.ruleId)).toEqual(expect.arrayContaining(['cloudtrail-bucket-versioning', 'cloudtrail-key-rotation']));
  });

  it('without attachedTo, judges what no SCP of the scan denies, and leaves what one may deny undetermined', () => {
    // Where a raw SCP file is attached only configuration can say: not known, rather than attached
    // nowhere. SCPs that never mention CloudTrail protect nothing wherever they are attached: the same
    // P9.1-P9.3 findings as when configuration attaches them to the root.
    const copy = mkdtempSync(join(tmpdir(), 'trailguard-policy-repo-'));
    cpSync(dir, copy, { recursive: true });
    writeFileSync(
      join(copy, '.trailguard.yaml'),
      readFileSync(join(dir, '.trailguard.yaml'), 'utf8').replace(/    attachedTo: \[r-ab12\]\n/, ''),
    );
    const r = scan(copy);
    expect(r.findings.filter((f) => f.ruleId.startsWith('cloudtrail-scp-')).map(at).sort()).toEqual(
      [`cloudtrail-scp-denies-trail-tampering ${scp}:1`, `cloudtrail-scp-protects-trail-bucket ${scp}:1`, `cloudtrail-scp-protects-trail-key ${scp}:1`].sort(),
    );
    // The bucket and key checks do not depend on SCPs.
    expect(r.findings.some((f) => f.ruleId === 'cloudtrail-bucket-policy-not-public')).toBe(true);

    // An SCP that denies tampering with every trail: whether it protects the trail depends on where it is
    // attached, which the file does not say. Undetermined, with the way to say it.
    writeFileSync(
      join(copy, 'org/scps/deny-trail-tampering.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'], Resource: '*' }],
      }),
    );
    const after = scan(copy);
    expect(after.findings.some((f) => f.ruleId === 'cloudtrail-scp-denies-trail-tampering')).toBe(false);
    const p91 = after.undetermined.filter((u) => u.ruleId === 'cloudtrail-scp-denies-trail-tampering');
    expect(p91).toHaveLength(1);
    expect(p91[0]!.reason).toContain('a policy file does not say where it is attached: name its root, OU or account IDs in .trailguard.yaml (policies: attachedTo: [r-ab12])');
  });
});

describe('bucket and key policy files that nothing shows are a trail\'s', () => {
  const PUBLIC_BUCKET = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-logs/*' }] };
  const OPEN_KEY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] };

  function repository(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-unclaimed-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('say why no check applies to each, and the scan ends "Nothing was judged", not "Every check could be judged"', () => {
    const dir = repository({ 'bucket-policy.json': JSON.stringify(PUBLIC_BUCKET), 'key-policy.json': JSON.stringify(OPEN_KEY) });
    const r = spawnSync(process.execPath, [cli, 'scan', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    const report = JSON.parse(r.stdout) as { findings: unknown[]; diagnostics: { code: string; file: string; message: string }[] };
    expect(report.findings).toEqual([]);
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['policy-not-judged', 'bucket-policy.json'],
      ['policy-not-judged', 'key-policy.json'],
      ['nothing-judged', '.'],
    ]);
    expect(report.diagnostics[0]!.message).toBe(
      "read as the bucket policy of bucket acme-logs; no check applies to it: nothing in the scan shows it is a trail's bucket (no trail names it, and the policy does not let cloudtrail.amazonaws.com s3:PutObject)",
    );
    const text = spawnSync(process.execPath, [cli, 'scan'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 }).stdout;
    expect(text).toContain('No findings, but nothing was judged.');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Nothing was judged: no check applies to the policy documents found in . (the notes above say why for each).');
  });

  it('are judged, without the note, once a trail of the scan names the bucket', () => {
    const dir = repository({
      'bucket-policy.json': JSON.stringify(PUBLIC_BUCKET),
      'trail.yaml': 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: acme-logs\n',
    });
    const r = scan(dir);
    expect(r.findings.map((f) => f.ruleId)).toContain('cloudtrail-bucket-policy-not-public');
    const out = spawnSync(process.execPath, [cli, 'scan', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 }).stdout;
    expect((JSON.parse(out) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).not.toContain('policy-not-judged');
  });
});

describe('a raw SCP file whose attachment is not configured, beside a trail', () => {
  it('leaves the trail\'s SCP check undetermined with the reason, neither a pass nor "no SCP attached"', () => {
    const dir = join(repo, 'rules/cloudtrail-scp-denies-trail-tampering/cases/pass-raw-scp-unattached');
    const r = scan(dir);
    expect(r.findings.filter((f) => f.ruleId === 'cloudtrail-scp-denies-trail-tampering')).toEqual([]);
    const p91 = r.undetermined.filter((u) => u.ruleId === 'cloudtrail-scp-denies-trail-tampering');
    expect(p91.map((u) => u.reason)).toEqual([expect.stringContaining('a policy file does not say where it is attached')]);
  });
});

describe("the seed's three policies as a policy repository", () => {
  const dir = join(repo, 'test/fixtures/policy-repository-seed');

  it('draw no bucket, key, P9.1, P9.2 or P9.4 finding; P9.3 holds them to the seed\'s own advice', () => {
    const r = scan(dir);
    // The seed's bucket policy grants CloudTrail nothing, so nothing shows it is a trail's bucket; the
    // key policy is a trail's key and is scoped and restricted as P2.2 and P2.3 ask; the SCP protects
    // org-security-trail, the trail the key policy names, with the narrow exemption P9.4 asks for. The
    // seed's SCP does not deny kms:DisableKey or kms:ScheduleKeyDeletion, which the seed itself
    // recommends adding ("Best practice: Also protect the KMS key"): the one finding, as in
    // rules/cloudtrail-scp-protects-trail-key/cases/fail-seed.*.
    expect(r.findings.map(at)).toEqual(['cloudtrail-scp-protects-trail-key cloudtrail-scp.json:1']);
  });

  it('with the CloudTrail write grant a real trail bucket needs, the bucket is judged and passes', () => {
    const copy = mkdtempSync(join(tmpdir(), 'trailguard-policy-repo-seed-'));
    cpSync(dir, copy, { recursive: true });
    cpSync(join(repo, 'rules/cloudtrail-bucket-tls-only/cases/pass-raw-policy/bucket-policy.json'), join(copy, 'bucket-policy.json'));
    const r = scan(copy);
    expect(r.findings.map(at)).toEqual(['cloudtrail-scp-protects-trail-key cloudtrail-scp.json:1']);
    // The bucket checks ran: what the policy alone cannot show is undetermined.
    expect(r.undetermined.map((u) => u.ruleId)).toContain('cloudtrail-bucket-versioning');
  });
});
