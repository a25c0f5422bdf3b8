import { counted } from '../engine/report/comparison.js';
import { appendFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { SEVERITIES, type ScanResult } from '../engine/findings.js';
import { escapeLine } from '../engine/report/escape.js';
import { render } from '../engine/report/index.js';
import { countBySeverity } from '../engine/report/severity.js';

/**
 * What `scan` does for GitHub Actions beyond the `github` report format:
 * the job summary, step outputs for the action, and the SARIF category.
 */

export interface GithubCliOptions {
  category?: string;
  githubOutput?: string;
}

/**
 * A SARIF `automationDetails.id` names the run as `category/instance`: the
 * part before the last `/` is the category code scanning keeps apart (one per
 * matrix leg). `--category terraform` becomes `terraform/`, as
 * github/codeql-action's upload does, so that every run of the leg replaces
 * the previous one. A plain character set keeps the value out of trouble in
 * URLs and logs.
 */
const CATEGORY = /^[A-Za-z0-9._:=@+/-]{1,200}$/;

export class CategoryError extends Error {}

export function sarifCategory(value: string): string {
  if (!CATEGORY.test(value) || value.includes('//')) {
    throw new CategoryError(
      `--category takes letters, digits and . _ : = @ + - / (at most 200, no '//'), such as 'terraform' or 'infra/prod' (got ${JSON.stringify(escapeLine(value.slice(0, 60)))})`,
    );
  }
  return value.endsWith('/') ? value : `${value}/`;
}

export function addGithubOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--category <id>', 'SARIF automationDetails.id category, to keep matrix builds apart in code scanning (e.g. terraform)'))
    .addOption(new Option('--github-output <file>', 'append finding counts (critical, high, medium, low, total) as step outputs, e.g. "$GITHUB_OUTPUT"'));
}

/** Counts of the findings that count (not suppressed, not already in a baseline or at --new-since's revision), as `name=value` lines for `$GITHUB_OUTPUT`. */
export function githubOutputLines(result: ScanResult): string {
  const counts = countBySeverity(result.findings.filter(counted));
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  return `${SEVERITIES.map((s) => `${s}=${counts[s]}`).join('\n')}\ntotal=${total}\n`;
}

/**
 * After the reports are written: step outputs when asked for, and, when the
 * `github` format ran inside Actions (GITHUB_STEP_SUMMARY set), the Markdown
 * report appended to the job summary. A summary that cannot be written is a
 * warning, not a failed scan: the annotations and reports are already out.
 */
export function writeGithubExtras(
  result: ScanResult,
  formats: readonly string[],
  opts: GithubCliOptions,
  env: NodeJS.ProcessEnv,
  writeError: (message: string) => void,
): void {
  if (opts.githubOutput) appendOrThrow(opts.githubOutput, githubOutputLines(result), 'step outputs');
  const summary = env['GITHUB_STEP_SUMMARY'];
  if (summary && formats.includes('github')) {
    try {
      appendFileSync(summary, render('markdown', result, { color: false, root: result.root }));
    } catch (e) {
      writeError(`warning: cannot append the job summary to ${escapeLine(summary)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
}

export class GithubOutputError extends Error {}

function appendOrThrow(file: string, body: string, what: string): void {
  try {
    appendFileSync(file, body);
  } catch (e) {
    throw new GithubOutputError(`cannot write the ${what} to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
