import { Unknown } from '../../core/unknown.js';

/**
 * Which Security Hub standard an ARN names. The ARNs are those of
 * DescribeStandards (Security Hub CSPM API reference, "Standard"; the
 * Terraform provider's aws_securityhub_standards_subscription page lists them):
 *
 *   arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0
 *   arn:aws:securityhub:<region>::standards/cis-aws-foundations-benchmark/v/1.4.0   (also 3.0.0, 5.0.0)
 *   arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0
 *
 * Any partition (aws, aws-cn, aws-us-gov) and any region: only the resource
 * part says which standard it is. An ARN built with `!Sub`, `format()` or
 * `${data.aws_region.current.name}` is judged by its written parts: a region
 * or partition known only at deployment does not change the standard, an
 * unknown resource part does.
 */
export type StandardFamily = 'fsbp' | 'cis' | 'other';

export interface StandardId {
  standard: StandardFamily;
  version?: string;
}

const FAMILIES: ReadonlyMap<string, StandardFamily> = new Map([
  ['aws-foundational-security-best-practices', 'fsbp'],
  ['cis-aws-foundations-benchmark', 'cis'],
]);

export function classifyStandardsArn(v: unknown): StandardId | Unknown | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const text = typeof v === 'string' ? v : v instanceof Unknown ? v.template : undefined;
  if (text === undefined) return v instanceof Unknown ? v : new Unknown('the standards ARN is not a string');
  // arn:partition:service:region:account:resource — the resource part has no colon
  // (a placeholder such as `${AWS::Partition}` may: each becomes `${}`).
  const parts = blankPlaceholders(text).split(':');
  if (parts.length !== 6 || parts[0] !== 'arn') return { standard: 'other' };
  const [, , service, , , resource] = parts as [string, string, string, string, string, string];
  if (service !== 'securityhub') return service.includes('${') ? unknownPart(v) : { standard: 'other' };
  if (resource.includes('${')) return unknownPart(v);
  const seg = resource.split('/');
  // ruleset/<name>/v/<version> or standards/<name>/v/<version>
  if (seg.length !== 4 || (seg[0] !== 'ruleset' && seg[0] !== 'standards') || seg[2] !== 'v') return { standard: 'other' };
  return { standard: FAMILIES.get(seg[1]!) ?? 'other', version: seg[3]! };
}

function unknownPart(v: unknown): Unknown {
  return v instanceof Unknown ? v : new Unknown('the standard in the ARN is known only at deployment');
}

/** `${AWS::Partition}` → `${}`, in one pass (no regular expression on input text). */
function blankPlaceholders(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf('${', i);
    const close = open < 0 ? -1 : text.indexOf('}', open + 2);
    if (open < 0 || close < 0) return out + text.slice(i);
    out += `${text.slice(i, open)}\${}`;
    i = close + 1;
  }
}
