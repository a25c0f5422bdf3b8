import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, schemaPath } from '../../engine/builtin-rules.js';
import { applyConfig, ConfigError, loadConfig } from '../../engine/config.js';
import { loadRuleFiles } from '../../engine/rules/load.js';
import { scan } from '../../engine/scan.js';

/**
 * Names that a plain JavaScript object answers without holding them
 * (`obj.constructor`, `obj.__proto__`…). Input uses them as logical IDs,
 * parameters, conditions, mapping keys, resource types, properties,
 * condition operators and rule properties; each must be an ordinary name:
 * nothing lost (the trail's logging finding in the same files still
 * appears) and nothing crashes.
 */
const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'constructor', 'prototype'])];
const repo = join(import.meta.dirname, '../..');
const rules = builtinRules();
const planBase = readFileSync(join(repo, 'rules/cloudtrail-logging-enabled/cases/fail.plan.json'), 'utf8');

function cloudFormation(n: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ${n}:
    Type: String
    Default: x
Conditions:
  ${n}: !Equals [a, a]
Mappings:
  ${n}:
    ${n}:
      ${n}: logs
Resources:
  ${n}:
    Type: ${n}
    Condition: ${n}
    Properties:
      ${n}: ${n}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      ${n}: !FindInMap [${n}, ${n}, ${n}]
      BucketName: !Sub "\${${n}}-logs"
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: '*'
            Condition:
              ${n}:
                ${n}: x
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource: !Sub '\${Bucket.Arn}/*'
            Condition:
              ${n}:
                ${n}: x
  Trail:
    Type: AWS::CloudTrail::Trail
    Condition: ${n}
    Properties:
      TrailName: !Ref ${n}
      IsLogging: false
      S3BucketName: !FindInMap [${n}, ${n}, ${n}]
      ${n}: 1
Outputs:
  ${n}:
    Value: !Ref ${n}
`;
}

function terraform(n: string): string {
  return `variable "${n}" { default = "x" }
locals { ${n} = "y" }
resource "${n}" "${n}" { ${n} = var.${n} }
resource "aws_cloudtrail" "${n}" {
  name           = local.${n}
  s3_bucket_name = var.${n}
  enable_logging = false
  ${n}           = 1
  tags           = { a = ${n}.${n}.bucket, b = data.${n}.${n}.${n} }
}
data "${n}" "${n}" {}
output "${n}" { value = aws_cloudtrail.${n}.name }
`;
}

/** The same configuration in Terraform's JSON syntax, names as labels, keys and attribute names. */
function terraformJson(n: string): string {
  return JSON.stringify(
    {
      variable: { [n]: { default: 'x' } },
      locals: { [n]: 'y' },
      resource: {
        [n]: { [n]: { [n]: `\${var.${n}}` } },
        aws_cloudtrail: { [n]: { name: `\${local.${n}}`, s3_bucket_name: `\${var.${n}}`, enable_logging: false, [n]: 1 } },
      },
      output: { [n]: { value: `\${aws_cloudtrail.${n}.name}` } },
    },
    null,
    2,
  );
}

function plan(n: string): string {
  const p = JSON.parse(planBase) as { planned_values: { root_module: { resources: Record<string, unknown>[] } } };
  const resources = p.planned_values.root_module.resources;
  (resources[0]!['values'] as Record<string, unknown>)[n] = 1;
  resources.push(JSON.parse(`{"address":"${n}.${n}","mode":"managed","type":"${n}","name":"${n}","values":{"${n}":"${n}"}}`) as Record<string, unknown>);
  return JSON.stringify(p, null, 2);
}

function scp(n: string): string {
  return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"],
      "Resource": "*",
      "Condition": { "${n}": { "${n}": "x" } }
    }
  ]
}
`;
}

describe.each(NAMES)('the name %s', (n) => {
  it('is an ordinary name in templates, sources, plans and policies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-names-'));
    writeFileSync(join(dir, 'template.yaml'), cloudFormation(n));
    mkdirSync(join(dir, 'tf'));
    writeFileSync(join(dir, 'tf', 'main.tf'), terraform(n));
    mkdirSync(join(dir, 'tfjson'));
    const tfJson = terraformJson(n);
    writeFileSync(join(dir, 'tfjson', 'main.tf.json'), tfJson);
    const tfJsonLoggingLine = tfJson.split('\n').findIndex((l) => l.includes('"enable_logging"')) + 1;
    mkdirSync(join(dir, 'plan'));
    writeFileSync(join(dir, 'plan', 'plan.json'), plan(n));
    writeFileSync(join(dir, 'scp.json'), scp(n));
    const result = scan({ paths: [dir], rules, root: dir, toolVersion: 'test', policySetting: (shown) => (shown === 'scp.json' ? { path: shown, type: 'scp', attachedTo: ['r-ab12'] } : undefined) });

    expect(result.diagnostics.filter((d) => d.code === 'internal-error' || d.code === 'adapter-error' || d.code === 'evaluation-failed')).toEqual([]);
    const logging = result.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled').map((f) => `${f.location.file}:${f.location.start.line}`);
    expect(logging.sort()).toEqual([expect.stringMatching(/^plan\/plan\.json:\d+$/), 'template.yaml:54', 'tf/main.tf:7', `tfjson/main.tf.json:${tfJsonLoggingLine}`]);
    // An operator IAM does not define is a finding, in a raw file and in a template alike…
    const invalid = result.findings.filter((f) => f.ruleId === 'iam-policy-invalid');
    expect(invalid.map((f) => f.location.file).sort()).toEqual(['scp.json', 'template.yaml', 'template.yaml']);
    expect(invalid.every((f) => f.message.includes(`"${n}"`))).toBe(true);
    // …and the SCP holding it never counts as protection: the evaluator cannot say what it denies.
    const tampering = result.undetermined.filter((u) => u.ruleId === 'cloudtrail-scp-denies-trail-tampering');
    expect(tampering.length).toBeGreaterThan(0);
    expect(tampering.every((u) => u.reason.includes(`unknown condition operator ${n}`))).toBe(true);
    expect(result.findings.filter((f) => f.ruleId === 'cloudtrail-scp-denies-trail-tampering')).toEqual([]);
  });

  it('is a clean error as a rule property, relation or parameter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-rule-names-'));
    const cases: [string, string][] = [
      ['property', `assert: { property: ${JSON.stringify(n)}, equals: true }`],
      ['relation', `assert: { related: ${JSON.stringify(n)}, exists: true }`],
      ['location', `location: ${JSON.stringify(n)}\nassert: { property: logging, equals: true }`],
      ['parameter', `assert: { property: logging, equals: { param: ${JSON.stringify(n)} } }`],
    ];
    for (const [what, body] of cases) {
      const file = join(dir, what, 'rule.yaml');
      mkdirSync(join(dir, what));
      writeFileSync(
        file,
        `id: custom-${what}\ntitle: A custom rule naming ${what}\nseverity: high\ncatalog: [P1.1]\nresource: trail\n${body}\nmessage: Trail {{name}} fails.\n` +
          `description: A custom rule that names an inherited member.\nhelp: A custom rule that names an inherited member.\nremediation: { terraform: x, cloudformation: x }\n`,
      );
      const loaded = loadRuleFiles([file], schemaPath());
      expect(loaded.rules, `${what} ${n}`).toEqual([]);
      expect(loaded.diagnostics.map((d) => d.message).join('\n')).toMatch(/rule\.yaml:\d+: field '[^']+': .*(no property|no relation|no property or relation|unknown parameter)/);
    }
  });

  it('is an unknown rule id in the configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-config-names-'));
    const file = join(dir, '.trailguard.yaml');
    writeFileSync(file, `rules:\n  ${JSON.stringify(n)}: off\n`);
    expect(() => applyConfig(rules, loadConfig(file))).toThrow(ConfigError);
    expect(() => applyConfig(rules, loadConfig(file))).toThrow(`unknown rule '${n}'`);
  });
});
