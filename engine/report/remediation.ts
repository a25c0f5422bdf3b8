import type { RuleMeta } from '../findings.js';
import { trimTrailing } from '../../core/trim.js';
import { maxOf } from '../../parsers/arrays.js';

const SNIPPETS: ReadonlyArray<{ key: keyof RuleMeta['remediation']; label: string; language: string }> = [
  { key: 'terraform', label: 'Terraform', language: 'hcl' },
  { key: 'cloudformation', label: 'CloudFormation', language: 'yaml' },
];

/**
 * A fenced code block whose fence is longer than any backtick run inside the
 * code, so a snippet containing ``` cannot end the block early.
 */
export function fencedCode(code: string, language: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  return `${fence}${language}\n${trimTrailing(code, '\n')}\n${fence}`;
}

/** The length of the longest run of backticks in `text` (0 for none): a fence or code span must be longer. */
export function longestBacktickRun(text: string): number {
  return maxOf(text.match(/`+/g) ?? [], (run) => run.length);
}

/** The rule's help followed by its Terraform and CloudFormation fixes as fenced code (SARIF help.markdown, PR comment). */
export function helpMarkdown(rule: RuleMeta): string {
  const parts = [rule.help.trim()];
  for (const { key, label, language } of SNIPPETS) {
    const code = rule.remediation[key];
    if (code?.trim()) parts.push(`**Fix in ${label}:**\n\n${fencedCode(code, language)}`);
  }
  return parts.filter(Boolean).join('\n\n');
}

/** The same as plain text, snippets indented (SARIF help.text, shown where markdown is not rendered). */
export function helpText(rule: RuleMeta): string {
  const parts = [rule.help.trim()];
  for (const { key, label } of SNIPPETS) {
    const code = rule.remediation[key];
    if (!code?.trim()) continue;
    const indented = trimTrailing(code, '\n')
      .split('\n')
      .map((line) => (line ? `    ${line}` : line))
      .join('\n');
    parts.push(`Fix in ${label}:\n\n${indented}`);
  }
  return parts.filter(Boolean).join('\n\n');
}
