// Runs Microsoft's SARIF multitool, the validator GitHub's own docs point to,
// with GitHub Advanced Security's ingestion rules (GHxxxx) next to the SARIF
// spec rules. Its exit status is 0 even when it finds errors, so the verdict
// is read from the SARIF log it writes.
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from 'sarif';

const MULTITOOL = fileURLToPath(
  new URL('../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool', import.meta.url),
);

export interface ValidatorFinding {
  level: string;
  ruleId: string;
  /** The validator's message arguments: the JSON path it complains about first. */
  detail: string;
}

/** npm installs the self-contained binary without its execute bit. */
function ensureExecutable(): void {
  try {
    accessSync(MULTITOOL, constants.X_OK);
  } catch {
    chmodSync(MULTITOOL, 0o755);
  }
}

export function validateSarif(sarif: string): ValidatorFinding[] {
  ensureExecutable();
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-sarif-'));
  try {
    const input = join(dir, 'report.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, sarif);
    execFileSync(
      MULTITOOL,
      ['validate', '--rule-kind', 'Sarif;Ghas', '--level', 'Error;Warning;Note', '--output', output, input],
      { stdio: 'pipe', timeout: 60_000 },
    );
    const log = JSON.parse(readFileSync(output, 'utf8')) as Log;
    const run = log.runs[0]!;
    return (run.results ?? []).map((r) => ({
      level: r.level ?? run.tool.driver.rules?.[r.ruleIndex ?? -1]?.defaultConfiguration?.level ?? 'warning',
      ruleId: r.ruleId ?? '?',
      detail: (r.message.arguments ?? []).join(' | '),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Errors and warnings that matter. SARIF2005 asks the driver for an
 * `informationUri`, which trailguard leaves out on purpose until the project
 * has a public home (a placeholder link would send readers to someone else's
 * site): that one warning, on the driver, is allowed.
 */
export function sarifProblems(sarif: string): ValidatorFinding[] {
  return validateSarif(sarif).filter(
    (f) => (f.level === 'error' || f.level === 'warning') && !(f.ruleId === 'SARIF2005' && f.detail === 'runs[0].tool.driver | trailguard'),
  );
}
