import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The cases of issue 11 that a user meets on the command line: a file that
 * cannot be read is a finding, never a silent skip; links out of the tree are
 * not followed and their targets never printed; a terminal never receives raw
 * control characters from input; a lost report is exit status 2. Runs the
 * built bundle (npm test builds first) in a fresh process.
 */

const repo = join(import.meta.dirname, '../..');
const cli = join(repo, 'bin/trailguard.js');

function run(args: string[], cwd: string, stdout?: number): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
    ...(stdout === undefined ? {} : { stdio: ['ignore', stdout, 'pipe'] }),
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-untrusted-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const TRAIL = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: false\n      S3BucketName: logs\n';

interface Report {
  findings: { ruleId: string; message: string; location: { file: string; start: { line: number } } }[];
}
const findings = (stdout: string) => (JSON.parse(stdout) as Report).findings;
/** A report the scan wrote to a file in `dir` (large reports: a pipe would cut them at spawnSync's buffer). */
const reportIn = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('a file that cannot be read is a finding, never skipped silently', () => {
  it('reports binary content in a file with a known extension, and scans the rest', () => {
    const dir = project({ 'trail.yaml': TRAIL, 'blob.json': Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]), 'stack.template': Buffer.from('Resources:\0\0\0\x01\x02 x\n') });
    const r = run(['scan', '.', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const parse = findings(r.stdout).filter((f) => f.ruleId === 'parse-error');
    expect(parse.map((f) => [f.location.file, f.message])).toEqual([
      ['blob.json', "cannot read this file: binary content (NUL bytes), not text: none of this file's resources were checked."],
      ['stack.template', "cannot read this file: binary content (NUL bytes), not text: none of this file's resources were checked."],
    ]);
    expect(findings(r.stdout).some((f) => f.ruleId === 'cloudtrail-logging-enabled' && f.location.file === 'trail.yaml')).toBe(true);
  });

  it('reports a file named explicitly, whatever its name, instead of "No findings. Scanned 0 files"', () => {
    const dir = project({ noise: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]) });
    const r = run(['scan', 'noise'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('parse-error');
    expect(r.stdout).toContain('binary content (NUL bytes)');
    expect(r.stdout).not.toMatch(/No findings/);
  });

  it('still checks the resources of a .tf file with a NUL byte in a comment', () => {
    const dir = project({
      'main.tf': 'resource "aws_cloudtrail" "a" {\n  # a comment \0 with a NUL\n  name           = "a"\n  s3_bucket_name = "b"\n  enable_logging = false\n}\n',
    });
    const r = run(['scan', 'main.tf', '--format', 'json'], dir);
    expect(findings(r.stdout).filter((f) => f.ruleId === 'cloudtrail-logging-enabled').map((f) => `${f.location.file}:${f.location.start.line}`)).toEqual(['main.tf:5']);
  });

  it('never opens a FIFO: named explicitly it is a finding, found by walking a note', () => {
    const dir = project({ 'trail.yaml': TRAIL });
    expect(spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status).toBe(0);
    const walked = run(['scan', '.'], dir);
    expect(walked.code).toBe(1);
    expect(walked.stdout).toMatch(/pipe\.yaml\s+note\s+not-a-regular-file/);
    const named = run(['scan', 'pipe.yaml', '--format', 'json'], dir);
    expect(findings(named.stdout).map((f) => [f.ruleId, f.location.file])).toEqual([['parse-error', 'pipe.yaml']]);
  });
});

describe('a plan without its configuration section', () => {
  it('reports its findings at their lines in every format, not an internal error', () => {
    // Ranges of such a plan's findings are copied by spreading on their way to the report; with the lazy
    // range's accessors on its prototype the copy had no position and the text report crashed (exit 2).
    const plan = JSON.parse(readFileSync(join(repo, 'rules/cloudtrail-lake-customer-managed-key/cases/fail-aws-managed.plan.json'), 'utf8')) as Record<string, unknown>;
    delete plan['configuration'];
    const dir = project({ 'plan.json': JSON.stringify(plan, null, 2) });
    for (const format of ['text', 'json', 'sarif', 'markdown', 'github']) {
      const r = run(['scan', '.', '--format', format], dir);
      expect(r.code, `${format}: ${r.stderr}`).toBe(1);
      expect(r.stderr, format).not.toContain('internal error');
    }
    const r = run(['scan', '.', '--format', 'json'], dir);
    const f = findings(r.stdout).find((x) => x.ruleId === 'cloudtrail-lake-customer-managed-key');
    expect(f?.location.start.line).toBeGreaterThan(1);
  });
});

describe('files stay inside the tree', () => {
  const secret = 'ghp_0123456789abcdefSECRETtoken';

  it('does not follow a .tf link to a file outside the root, and never prints its content', () => {
    const outside = project({ 'token.txt': `resource "x" {\n ${secret}\n` });
    const dir = project({ 'trail.yaml': TRAIL });
    symlinkSync(join(outside, 'token.txt'), join(dir, 'leak.tf'));
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = run(['scan', '.', '--format', format], dir);
      expect(r.stdout + r.stderr, format).not.toContain('ghp_');
      expect(r.stdout, format).toContain('leak.tf');
    }
    const r = run(['scan', '.', '--format', 'json'], dir);
    expect(findings(r.stdout).filter((f) => f.ruleId === 'parse-error').map((f) => [f.location.file, f.message])).toEqual([
      ['leak.tf', "symbolic link to a file outside the scanned tree: not read: none of this file's resources were checked."],
    ]);
  });

  it('does not walk directory links to / or /proc', () => {
    const dir = project({ 'trail.yaml': TRAIL });
    symlinkSync('/', join(dir, 'root'));
    symlinkSync('/proc', join(dir, 'proc'));
    const r = run(['scan', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/proc\s+note\s+link-outside-root/);
    expect(r.stdout).toMatch(/root\s+note\s+link-outside-root/);
    expect(r.stdout).toContain('Scanned 1 file');
  });

  it('refuses a configuration that is a device or a link out of the tree, naming it and not its content', () => {
    const dir = project({ 'trail.yaml': TRAIL });
    symlinkSync('/dev/zero', join(dir, '.trailguard.yaml'));
    const zero = run(['scan', '.'], dir);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/\.trailguard\.yaml: cannot read configuration: not a regular file/);

    const outside = project({ 'shadow': `root:${secret}:19000:0:99999:7:::\n` });
    const dir2 = project({ 'trail.yaml': TRAIL });
    symlinkSync(join(outside, 'shadow'), join(dir2, '.trailguard.yaml'));
    const shadow = run(['scan', '.'], dir2);
    expect(shadow.code).toBe(2);
    expect(shadow.stderr).toMatch(/a symbolic link to a file outside the repository root/);
    expect(shadow.stderr + shadow.stdout).not.toContain(secret);
    expect(shadow.stderr + shadow.stdout).not.toContain('root:');
    // Named on the command line, the same file is the user's choice: read, and its content not echoed at length.
    const named = run(['scan', '.', '--config', join(outside, 'shadow')], dir2);
    expect(named.code).toBe(2);
    expect(named.stderr).not.toContain(secret);
  });

  it('reads rule files only inside the rule directory', () => {
    const outside = project({ 'rule.yaml': 'id: x\n' });
    const dir = project({ 'trail.yaml': TRAIL });
    mkdirSync(join(dir, 'rules'));
    symlinkSync(join(outside, 'rule.yaml'), join(dir, 'rules', 'rule.yaml'));
    const r = run(['scan', 'trail.yaml', '--rules', 'rules'], dir);
    expect(r.code).toBe(1); // the link is not a rule: the scan runs with the built-in rules
    expect(r.stdout).toContain('cloudtrail-logging-enabled');
  });
});

describe('a custom rule naming an inherited member', () => {
  it('is a rule-validation error with file and line, not an internal error', () => {
    const dir = project({
      'trail.yaml': TRAIL,
      'rules/proto/rule.yaml':
        'id: custom-proto\ntitle: A custom prototype rule\nseverity: high\ncatalog: [P1.1]\nresource: trail\nassert: { property: __proto__, equals: true }\n' +
        'message: Trail {{name}} fails.\ndescription: A custom rule that names an inherited member.\nhelp: A custom rule that names an inherited member.\n' +
        'remediation: { terraform: x, cloudformation: x }\n',
    });
    const r = run(['scan', 'trail.yaml', '--rules', 'rules'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trailguard: rules\/proto\/rule\.yaml:6: field 'assert\.property': kind 'trail' has no property '__proto__'/);
    expect(r.stderr).not.toContain('internal error');
  });
});

describe('output a terminal can trust', () => {
  const spoof = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: "\\e[2J\\e[HNo findings.\\r\\u202e\\x9b"\n      IsLogging: false\n      S3BucketName: logs\n';

  it('shows control characters from input escaped in text and Markdown', () => {
    const dir = project({ 'trail.yaml': spoof });
    for (const format of ['text', 'markdown']) {
      const r = run(['scan', '.', '--format', format], dir);
      expect(r.code, format).toBe(1);
      expect(r.stdout, format).not.toMatch(/[\u001b\r\u202e\u009b]/);
      expect(r.stdout, format).toContain('x1b');
      expect(r.stdout, format).toContain('u202e');
    }
    const text = run(['scan', '.'], dir).stdout;
    expect(text).toContain('Trail \\x1b[2J\\x1b[HNo findings.\\r\\u202e\\x9b is deployed with logging turned off');
  });

  it('shows ten notes of one kind per file on standard error, then how many more', () => {
    // A policy of 200,000 unmatched actions printed 200,000 lines; the JSON report keeps every one.
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: Array.from({ length: 30 }, (_, i) => `s3:Get${i}x`), Resource: 'arn:aws:s3:::logs/*' }] };
    const dir = project({ 'bucket-policy.json': JSON.stringify(policy) });
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none', '--output', 'report.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    // Besides the note that no check applies to this bucket policy (nothing shows it is a trail's bucket).
    const lines = r.stderr.split('\n').filter((l) => l.includes('bucket-policy.json') && !l.includes('no check applies to it'));
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('trailguard: note: bucket-policy.json: 20 more notes like these (policy-unknown-action) in this file: the JSON and SARIF reports list every one');
    const report = reportIn(dir, 'report.json') as { diagnostics: { code: string }[] };
    expect(report.diagnostics.filter((d) => d.code === 'policy-unknown-action')).toHaveLength(30);
  });

  it('escapes file names on standard error', () => {
    const dir = project({ 'trail.yaml': TRAIL });
    symlinkSync('/', join(dir, 'evil\u001b[2Jname'));
    const r = run(['scan', '.', '--format', 'json'], dir);
    expect(r.stderr).toContain('evil\\x1b[2Jname');
    expect(r.stderr).not.toContain('\u001b');
  });

  it('exits 2 with the reason when the report cannot be written', async () => {
    const dir = project({ 'trail.yaml': TRAIL });
    const { openSync, closeSync } = await import('node:fs');
    const full = openSync('/dev/full', 'w');
    try {
      for (const format of ['text', 'sarif']) {
        const r = run(['scan', '.', '--format', format], dir, full);
        expect(r.code, format).toBe(2);
        expect(r.stderr, format).toContain('trailguard: cannot write the report to standard output: ENOSPC');
      }
    } finally {
      closeSync(full);
    }
    const r = run(['scan', '.', '--output', join(dir, 'missing', 'report.sarif'), '--format', 'sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write the report to .*report\.sarif: ENOENT/);
  });
});

describe('no input makes the scan slow', () => {
  // `${` repeated with no `}` after it: the patterns once used for Fn::Sub, policy variables and deployment
  // templates tried every `${` to the end of the text, quadratic: 80 KB took 24 s, and the 240 KB here
  // minutes, past run()'s 60 s limit, which is this test's hang check (the scans now take well under a
  // second). Each file is judged, and the trail beside it still reported.
  const hostile = '${'.repeat(120_000);
  const subTemplate = `Resources:
  SubTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref Bucket
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource: !Sub "arn:aws:s3:::\${Bucket}/${hostile}"
`;
  const rawPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::logs/${hostile}` }] });
  const heredoc = `resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = <<-POLICY
    {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"\${aws_s3_bucket.logs.arn}/${'$${'.repeat(120_000)}"}]}
  POLICY
}
`;

  it.each([
    ['a CloudFormation Fn::Sub', 'sub.yaml', subTemplate],
    ['a raw bucket policy', 'bucket-policy.json', rawPolicy],
    ['a Terraform heredoc policy', 'main.tf', heredoc],
  ])('reads "${" repeated 120,000 times in %s', (_, name, text) => {
    const dir = project({ [name]: text, 'trail.yaml': TRAIL });
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none'], dir);
    expect(r.code, r.stderr).toBe(0);
    const all = findings(r.stdout);
    expect(all.some((f) => f.ruleId === 'cloudtrail-logging-enabled' && f.location.file === 'trail.yaml')).toBe(true);
    expect(all.some((f) => f.location.file === name), `a finding on ${name}`).toBe(true);
  });

  it('fingerprints a finding whose message quotes 100,000 digits and then "x1:2"', () => {
    // The fingerprint's cause text drops line:column pairs; its pattern was quadratic on a digit run with
    // no colon after it, and the message quotes the trail's name: this scan took over five minutes.
    const dir = project({ 'main.tf': `resource "aws_cloudtrail" "t" {\n  name = "${'0'.repeat(100_000)}x1:2"\n  s3_bucket_name = "logs"\n  enable_logging = false\n}\n`, 'trail.yaml': TRAIL });
    // The report quotes the name in every message: megabytes, written to a file rather than a pipe.
    const r = run(['scan', '.', '--format', 'sarif', '--fail-on', 'none', '--output', 'report.sarif'], dir);
    expect(r.code, r.stderr).toBe(0);
    const results = (reportIn(dir, 'report.sarif') as { runs: { results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results;
    const onTf = results.filter((x) => x.locations[0]?.physicalLocation.artifactLocation.uri === 'main.tf');
    expect(onTf.some((x) => x.ruleId === 'cloudtrail-logging-enabled')).toBe(true);
    expect(onTf.every((x) => Object.keys(x.partialFingerprints).length > 0)).toBe(true);
    expect(results.some((x) => x.ruleId === 'cloudtrail-logging-enabled' && x.locations[0]?.physicalLocation.artifactLocation.uri === 'trail.yaml')).toBe(true);
  });

  it('judges a trail whose event selectors hold 200,000 data resource values', () => {
    // The values were compared with one another (minutes), and with 1,500,000 of them a spread of the
    // validation's issues threw "Maximum call stack size exceeded": the trail went unchecked. Now the
    // selectors are reported over CloudTrail's quota, and the trail's other checks stand.
    const values = Array.from({ length: 200_000 }, (_, i) => `arn:aws:s3:::bucket-${i}/`);
    const template = { Resources: { Big: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: false, S3BucketName: 'logs', EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: values }] }] } } } };
    const dir = project({ 'big.json': JSON.stringify(template), 'trail.yaml': TRAIL });
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none', '--output', 'report.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const all = (reportIn(dir, 'report.json') as Report).findings;
    const onBig = all.filter((f) => f.location.file === 'big.json');
    expect(onBig.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['cloudtrail-logging-enabled', 'cloudtrail-event-selectors-valid']));
    expect(onBig.find((f) => f.ruleId === 'cloudtrail-event-selectors-valid')?.message).toMatch(/at most 250 data resource values .*found 200000/);
    expect(onBig.some((f) => f.ruleId === 'parse-error')).toBe(false);
    expect(all.some((f) => f.ruleId === 'cloudtrail-logging-enabled' && f.location.file === 'trail.yaml')).toBe(true);
  });

  it('leaves a bucket policy of 8,000 statements undetermined, with the reason, instead of taking minutes', () => {
    // No policy AWS accepts comes near 1,000 statements (a bucket policy is at most 20 KB); 8,000 took 14 s
    // and 100,000 minutes to judge.
    const statements = Array.from({ length: 8_000 }, (_, i) => ({ Effect: i % 2 ? 'Allow' : 'Deny', Principal: { AWS: `arn:aws:iam::12345678901${i % 10}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::logs/p${i}/*` }));
    const dir = project({ 'bucket-policy.json': JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'trail.yaml': TRAIL });
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none', '--show-undetermined', '--output', 'report.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = reportIn(dir, 'report.json') as Report & { undetermined: { ruleId: string; reason: string; location: { file: string } }[] };
    const onPolicy = report.undetermined.filter((u) => u.location.file === 'bucket-policy.json');
    // What the policy decides is undetermined with the reason (the rest: the bucket itself is not in the scan).
    for (const rule of ['cloudtrail-bucket-tls-only', 'cloudtrail-bucket-policy-not-public', 'cloudtrail-bucket-cloudtrail-grant-scoped']) {
      expect(onPolicy.find((u) => u.ruleId === rule)?.reason, rule).toContain('the policy has 8000 statements, more than the 1000 trailguard evaluates');
    }
    expect(report.findings.some((f) => f.ruleId === 'cloudtrail-logging-enabled' && f.location.file === 'trail.yaml')).toBe(true);
  });

  it('does not call a bucket policy scoped when a key prefix past the ones tried may let any trail write', () => {
    // 70 prefixes: the first 69 let CloudTrail write only for this account's trail, the last for any
    // trail. Only the first 65 are tried; the answer was "scoped", it is now undetermined.
    const statements = Array.from({ length: 70 }, (_, i) => ({
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::logs/p${i}/*`,
      ...(i < 69 ? { Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/main' } } } : {}),
    }));
    const dir = project({ 'bucket-policy.json': JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none', '--show-undetermined', '--output', 'report.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = reportIn(dir, 'report.json') as Report & { undetermined: { ruleId: string; reason: string }[] };
    const scoped = report.undetermined.find((u) => u.ruleId === 'cloudtrail-bucket-cloudtrail-grant-scoped');
    expect(scoped?.reason).toMatch(/more than 65 key prefixes in the bucket/);
  });

  const chain = (n: number): string => {
    const locals = Array.from({ length: n }, (_, i) => `  l${i + 1} = "\${local.l${i}}y"\n`).join('');
    return `locals {\n  l0 = "x"\n${locals}}\nresource "aws_cloudtrail" "t" {\n  name           = substr(local.l${n}, 0, 10)\n  s3_bucket_name = "logs"\n  enable_logging = false\n}\n`;
  };

  it('stops a chain of 2,000 locals at 200 references with a warning at its place, and still checks the trail that uses it', () => {
    // The chain ran until V8's stack did (about 500 locals) and the warning quoted V8 ("Maximum call stack
    // size exceeded"); near the stack's end a regular expression's compilation fails, and V8 can abort
    // the process. The chain now stops at MAX_REFERENCE_DEPTH (parsers/terraform/config/memo.ts).
    const dir = project({ 'main.tf': chain(2_000) });
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('main.tf:1803:3: References chained more than 200 deep (aws_cloudtrail.t.name → local.l2000 → … → local.l1803 → local.l1802 → local.l1801); the value at the end is treated as unknown');
    expect(r.stderr).not.toContain('call stack');
    expect(r.stderr).not.toContain('too large to evaluate');
    expect(findings(r.stdout).some((f) => f.ruleId === 'cloudtrail-logging-enabled' && f.location.file === 'main.tf')).toBe(true);
  });

  it('follows a chain of 150 locals to its value', () => {
    const dir = project({ 'main.tf': chain(150) });
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('chained more than');
    expect(findings(r.stdout).find((f) => f.ruleId === 'cloudtrail-logging-enabled')?.message).toContain('xyyyyyyyyy');
  });
});
