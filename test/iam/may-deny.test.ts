// mayDenyExplicitly: the bucket analysis skips its explicit-deny questions for policies it calls Deny-free,
// so the shortcut must never call a policy Deny-free when some request could be explicitly denied by it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Unknown } from '../../core/unknown.js';
import {
  evaluateRequest,
  mayDenyExplicitly,
  parsePolicy,
  principalFromArn,
  servicePrincipal,
  type Policy,
} from '../../engine/iam/index.js';
import { one } from './helpers.js';

const allow = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' };

describe('mayDenyExplicitly', () => {
  it('is false only when every statement is a known Allow', () => {
    expect(mayDenyExplicitly([one(allow, 'resource')])).toBe(false);
    expect(mayDenyExplicitly([one(allow, 'resource'), one({ ...allow, Action: 's3:GetBucketAcl' }, 'resource')])).toBe(false);
    expect(mayDenyExplicitly([])).toBe(false);
  });

  it('is true for a Deny, a missing or unknown Effect, or a statement not known', () => {
    expect(mayDenyExplicitly([one(allow, 'resource'), one({ ...allow, Effect: 'Deny' }, 'resource')])).toBe(true);
    const { Effect: _, ...noEffect } = allow;
    expect(mayDenyExplicitly([one(noEffect, 'resource')])).toBe(true);
    expect(mayDenyExplicitly([one({ ...allow, Effect: new Unknown('known after apply') }, 'resource')])).toBe(true);
    const unknownStatement = parsePolicy({ Version: '2012-10-17', Statement: [new Unknown('known after apply')] }, { kind: 'resource' }).policy;
    expect(unknownStatement.statements.length).toBeGreaterThan(0);
    expect(mayDenyExplicitly([unknownStatement])).toBe(true);
  });

  // Tied to the evaluator: over the 3,000 recorded oracle cases (random identity, resource and SCP
  // policies), whenever every policy of a case is Deny-free the engine finds no explicit deny, for the
  // case's request and for the same request with the context left open.
  it('agrees with evaluateRequest over the oracle cases', () => {
    const data = JSON.parse(readFileSync(join(import.meta.dirname, 'oracle/cases.json'), 'utf8')) as {
      cases: { action: string; resource: string; resourceAccount: string; principal: string; context: Record<string, string | string[]>; identity: unknown[]; resourcePolicy?: unknown; scps?: unknown[][] }[];
    };
    let denyFree = 0;
    let mayDeny = 0;
    for (const c of data.cases) {
      const parse = (d: unknown, kind: 'identity' | 'resource' | 'scp'): Policy => parsePolicy(d, { kind }).policy;
      const identity = c.identity.map((d) => parse(d, 'identity'));
      const resource = c.resourcePolicy ? [parse(c.resourcePolicy, 'resource')] : [];
      const scps = (c.scps ?? []).map((level) => level.map((d) => parse(d, 'scp')));
      const all = [...identity, ...resource, ...scps.flat()];
      const principal = c.principal.startsWith('arn:') ? principalFromArn(c.principal) : servicePrincipal(c.principal);
      for (const unspecifiedKeys of ['missing', 'open'] as const) {
        const result = evaluateRequest(
          { action: c.action, resource: c.resource, resourceAccount: c.resourceAccount, principal, context: c.context, unspecifiedKeys },
          { identity, resource, ...(c.scps ? { scps } : {}) },
        );
        if (!mayDenyExplicitly(all)) {
          denyFree++;
          expect(result.explicitDeny, `case with Deny-free policies: ${JSON.stringify(c)}`).toBe(false);
        } else if (result.explicitDeny !== false) mayDeny++;
      }
    }
    // Both sides are exercised: Deny-free cases, and cases whose Deny does apply.
    expect(denyFree).toBeGreaterThan(100);
    expect(mayDeny).toBeGreaterThan(100);
  });
});
