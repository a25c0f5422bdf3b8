import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CFN_RESOURCE_ADAPTERS } from '../../engine/adapters/cloudformation/resources.js';
import { builtinRules } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';

/** A resource trailguard fails to read is a finding on it (it went unchecked), never only a warning. */

const mapping = CFN_RESOURCE_ADAPTERS['AWS::S3::Bucket']!;
const original = mapping.adapt;
afterEach(() => {
  mapping.adapt = original;
});

it('reports a resource the adapter cannot read as a parse-error finding on it, and checks the others', () => {
  mapping.adapt = () => {
    throw new Error('simulated adapter bug');
  };
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-adapter-'));
  writeFileSync(
    join(dir, 'template.yaml'),
    `Resources:
  Logs:
    Type: AWS::S3::Bucket
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: false
      S3BucketName: logs
`,
  );
  const result = scan({ paths: [dir], rules: builtinRules(), root: dir, toolVersion: 'test' });
  const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
  expect(errors.map((f) => [f.severity, f.location.start.line, f.message])).toEqual([
    ['high', 2, 'could not read AWS::S3::Bucket Logs (internal error: simulated adapter bug): this resource was not checked.'],
  ]);
  expect(result.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled').map((f) => f.location.start.line)).toEqual([7]);
});
