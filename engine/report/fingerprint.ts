import * as crypto from 'node:crypto';

const { createHash } = crypto;
const oneShot = (crypto as unknown as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export interface FingerprintParts {
  ruleId: string;
  /** Repository-relative path of the file the finding is in. */
  file: string;
  /** Resource address: CloudFormation logical ID or Terraform address. */
  address: string;
  /** The property the finding is about, when it is about one. */
  property?: string;
}

/**
 * Identity of a finding that survives edits which only move lines, so code
 * scanning and baselines keep matching an alert to the same problem. Line
 * numbers are deliberately left out; the path is normalised so a Windows
 * checkout and a Linux CI runner agree.
 */
export function fingerprint(parts: FingerprintParts): string {
  const file = parts.file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  // NUL cannot occur in any part, so distinct part lists never join to the same text.
  const text = [parts.ruleId, file, parts.address, parts.property ?? ''].join('\u0000');
  // crypto.hash (Node 20.12+) is a one-shot digest without a Hash object per finding.
  return (oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex')).slice(0, 32);
}
