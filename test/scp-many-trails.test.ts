// Every trail's SCP checks evaluate the scan's SCPs together. What does not depend on the trail (which
// SCPs are selected, their deny statements per action, the ARNs their Resource patterns stand for) is
// worked out once per scan and reused for each trail (engine/rules/policy-query.ts): these tests hold
// that each trail still gets its own verdict, the reasons of an undecided SCP reach every trail, and a
// second scan in the same process does not see the first one's SCPs.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan } from '../engine/scan.js';

const rules = builtinRules();
const RULE = 'cloudtrail-scp-denies-trail-tampering';
const ACTIONS = '[cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors, cloudtrail:PutInsightSelectors]';

/** An SCP attached to the root that denies tampering with the trails named, created only when `condition` holds if given. */
function scp(logicalId: string, trails: number[], condition?: string): string[] {
  return [
    `  ${logicalId}:`,
    '    Type: AWS::Organizations::Policy',
    ...(condition ? [`    Condition: ${condition}`] : []),
    '    Properties:',
    `      Name: ${logicalId}`,
    '      Type: SERVICE_CONTROL_POLICY',
    '      TargetIds: [r-ab12]',
    '      Content:',
    '        Statement:',
    '          - Effect: Deny',
    `            Action: ${ACTIONS}`,
    `            Resource: [${trails.map((i) => `arn:aws:cloudtrail:*:*:trail/trail-${i}`).join(', ')}]`,
  ];
}

function trail(i: number): string {
  return `  T${i}: { Type: AWS::CloudTrail::Trail, Properties: { TrailName: trail-${i}, IsLogging: true, S3BucketName: logs } }`;
}

/** Five trails; Protect names `protectedTrails`, ProtectInProd (created only in production) names `inProd`. */
function template(protectedTrails: number[], inProd: number): string {
  return `${[
    'Parameters:',
    '  Env:',
    '    Type: String',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    ...[0, 1, 2, 3, 4].map(trail),
    ...scp('Protect', protectedTrails),
    ...scp('ProtectInProd', [inProd], 'IsProd'),
  ].join('\n')}\n`;
}

function verdicts(text: string): { failing: string[]; undetermined: [string, string][] } {
  const root = mkdtempSync(join(tmpdir(), 'trailguard-scp-trails-'));
  writeFileSync(join(root, 'stack.yaml'), text);
  const result = scan({ paths: [root], rules, root, toolVersion: 'test' });
  return {
    failing: result.findings.filter((f) => f.ruleId === RULE).map((f) => f.resource?.address ?? '').sort(),
    undetermined: result.undetermined.filter((u) => u.ruleId === RULE).map((u) => [u.resource?.address ?? '', u.reason] as [string, string]),
  };
}

describe('SCP checks across many trails', () => {
  it('judges each trail against the SCPs that name it, and gives each the reason an SCP may not be created', () => {
    expect(verdicts(template([0, 1, 2], 3))).toEqual({
      failing: ['T4'],
      undetermined: [['T3', 'ProtectInProd is created only when its Condition IsProd holds, which is known only at deployment']],
    });
  });

  it('does not carry one scan’s SCPs into the next scan in the same process', () => {
    expect(verdicts(template([2, 3, 4], 0))).toEqual({
      failing: ['T1'],
      undetermined: [['T0', 'ProtectInProd is created only when its Condition IsProd holds, which is known only at deployment']],
    });
  });

  it('judges 300 trails against 100 SCPs, each naming three trails, as the pairs one by one would', () => {
    const lines = ['Resources:'];
    for (let i = 0; i < 300; i++) lines.push(trail(i));
    // SCP j protects trails 3j, 3j+1 and 3j+2, except that the last ten leave out their third trail.
    for (let j = 0; j < 100; j++) lines.push(...scp(`S${j}`, j < 90 ? [3 * j, 3 * j + 1, 3 * j + 2] : [3 * j, 3 * j + 1]));
    const { failing, undetermined } = verdicts(`${lines.join('\n')}\n`);
    expect(failing).toEqual(Array.from({ length: 10 }, (_, k) => `T${3 * (90 + k) + 2}`).sort());
    expect(undetermined).toEqual([]);
  });
});
