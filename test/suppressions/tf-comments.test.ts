// The expiry in `.tf` suppression comments: trailguard's `expires=` right after the rule ids,
// and tfsec's/trivy's own `:exp:` qualifier.

import { describe, expect, it } from 'vitest';
import type { Comment } from '../../parsers/terraform/hcl/ast.js';
import { parseSuppressions } from '../../parsers/terraform/config/index.js';

function comment(text: string): Comment {
  return { style: '#', text, content: text.slice(1), range: { file: 'main.tf', start: { line: 3, column: 1 }, end: { line: 3, column: text.length + 1 } } };
}

const read = (text: string) => parseSuppressions(comment(text)).map((s) => ({ id: s.ruleId, reason: s.reason, expires: s.expires, tool: s.tool }));

describe('expiry in .tf suppression comments', () => {
  it('reads expires= as the first word after the rule ids; the rest is the reason', () => {
    expect(read('# trailguard:ignore cloudtrail-multi-region expires=2027-03-31 regional sandbox')).toEqual([
      { id: 'cloudtrail-multi-region', reason: 'regional sandbox', expires: '2027-03-31', tool: 'trailguard' },
    ]);
    expect(read('# trailguard:ignore cloudtrail-multi-region, cloudtrail-insights expires=2027-03-31 -- regional sandbox')).toEqual([
      { id: 'cloudtrail-multi-region', reason: 'regional sandbox', expires: '2027-03-31', tool: 'trailguard' },
      { id: 'cloudtrail-insights', reason: 'regional sandbox', expires: '2027-03-31', tool: 'trailguard' },
    ]);
    expect(read('# trailguard:ignore:cloudtrail-insights expires=2027-01-01')).toEqual([{ id: 'cloudtrail-insights', reason: undefined, expires: '2027-01-01', tool: 'trailguard' }]);
  });

  it('leaves a reason that merely mentions expiry alone', () => {
    expect(read('# trailguard:ignore cloudtrail-insights the exception expires=never, says the owner')).toEqual([
      { id: 'cloudtrail-insights', reason: 'the exception expires=never, says the owner', expires: undefined, tool: 'trailguard' },
    ]);
  });

  it('keeps a first word that tries to be an expiry in another spelling, so that it is reported, not read as the reason', () => {
    expect(read('# trailguard:ignore cloudtrail-insights expires: 2027-03-31 sandbox')[0]).toMatchObject({ expires: 'expires:', reason: '2027-03-31 sandbox' });
    expect(read('# trailguard:ignore cloudtrail-insights Expires=tomorrow sandbox')[0]).toMatchObject({ expires: 'tomorrow', reason: 'sandbox' });
  });

  it("honours tfsec's and trivy's :exp: qualifier, and names the tool", () => {
    expect(read('#tfsec:ignore:aws-cloudtrail-enable-at-rest-encryption:exp:2026-10-01 logging bucket')).toEqual([
      { id: 'aws-cloudtrail-enable-at-rest-encryption', reason: 'logging bucket', expires: '2026-10-01', tool: 'tfsec' },
    ]);
    expect(read('#trivy:ignore:AVD-AWS-0015:exp:2027-01-31[ws:dev]')).toEqual([{ id: 'AVD-AWS-0015', reason: undefined, expires: '2027-01-31', tool: 'trivy' }]);
    expect(read('#checkov:skip=CKV_AWS_67:regional by design')).toEqual([{ id: 'CKV_AWS_67', reason: 'regional by design', expires: undefined, tool: 'checkov' }]);
  });
});
