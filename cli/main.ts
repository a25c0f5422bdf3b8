import { closeSync, openSync, writeSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { builtinRules, schemaPath } from '../engine/builtin-rules.js';
import { basename, resolve } from 'node:path';
import { applyConfig, ConfigError, findConfig, loadConfig, policySettingFor, type Config, type PolicyFileRule } from '../engine/config.js';
import { PathError } from '../engine/files.js';
import { SEVERITIES, severityRank, type ScanResult, type Severity } from '../engine/findings.js';
import { escapeLine } from '../engine/report/escape.js';
import { FORMATS, renderChunks } from '../engine/report/index.js';
import { LinkBaseError, parseLinkBase } from '../engine/report/links.js';
import { moreProblemsText, problemsForPeople } from '../engine/report/input-problems.js';
import { findRuleFiles, loadRuleFiles } from '../engine/rules/load.js';
import { ruleMeta } from '../engine/rules/meta.js';
import { withRulePages } from '../engine/rules/pages.js';
import type { Rule } from '../engine/rules/types.js';
import { displayPath, scan } from '../engine/scan.js';
import { isPolicyFileKind, POLICY_FILE_KINDS, type PolicyFileKind } from '../parsers/policy/detect.js';
import { addGettingStartedCommands, GettingStartedError, isDirectory } from './getting-started.js';
import { addGithubOptions, CategoryError, GithubOutputError, sarifCategory, writeGithubExtras, type GithubCliOptions } from './github.js';
import { VERSION } from './version.js';
import { addComparisonOptions, applyComparison, baselineWrittenLine, CompareUsageError, writeBaselineFile, type ScanAt } from './compare.js';
import { counts } from '../engine/baseline.js';
import { SUPPRESSION_HELP, SuppressionDateError, suppressionToday } from './suppression-help.js';
import { nowMs } from '../core/clock.js';

/**
 * The command line: thin. Parses arguments, runs the engine, writes reports,
 * sets the exit status: 0 nothing at or above --fail-on, 1 findings at or
 * above it, 2 the run itself failed (bad arguments, unreadable path, invalid
 * configuration or rule file).
 */

type Format = (typeof FORMATS)[number];

interface Output {
  format: Format;
  file?: string;
}

class UsageError extends Error {}

/** The report could not be written (a full disk, an unwritable path): the run failed, exit status 2. */
class OutputError extends Error {}

/** Writes the report's pieces to the file as they are made (a large report is never one string). */
function writeReportFile(file: string, chunks: Iterable<string>): void {
  const failed = (e: unknown) => new OutputError(`cannot write the report to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (e) {
    throw failed(e);
  }
  try {
    // Only the writes are output errors: a failure making the report is the run's own (internal error).
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      try {
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (e) {
        throw failed(e);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the pieces to standard output, each once the previous one is taken; a failed write (ENOSPC on
 * /dev/full…) rejects, and a reader that left (`trailguard scan | head`, EPIPE) ends the report quietly.
 */
async function writeStdout(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    const taken = await new Promise<boolean>((resolve, reject) => {
      process.stdout.write(chunk, (err) => {
        if (!err) resolve(true);
        else if ((err as NodeJS.ErrnoException).code === 'EPIPE') resolve(false);
        else reject(new OutputError(`cannot write the report to standard output: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
      });
    });
    if (!taken) return;
  }
}

/** Every report ends with a newline (json and sarif pieces already do). */
function* endingWithNewline(chunks: Iterable<string>): Generator<string> {
  let last = '';
  for (const chunk of chunks) {
    if (chunk) last = chunk;
    yield chunk;
  }
  if (!last.endsWith('\n')) yield '\n';
}

/** A repeatable option's values, in the order given. */
const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** What to scan and how to read it: the same for `scan` and `baseline`, so a baseline matches the scans it serves. */
function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'configuration file (default: .trailguard.yaml in the current directory)')
    .option('--rules <dir...>', 'additional rule directories (rule.yaml files)')
    .addOption(new Option('--var-file <file>', 'Terraform variable file applied to every configuration (repeatable)').argParser(collect))
    .addOption(new Option('--policy-type <file=type>', 'what a raw policy file is: scp, rcp, bucket, key, identity or trust (repeatable)').argParser(collect))
    .option('--root <dir>', 'repository root that reported paths are relative to (default: the current directory)');
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  let exitCode = 0;
  program
    .name('trailguard')
    .description('Checks CloudFormation, Terraform and AWS policy documents against CloudTrail security practices before deployment.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run trailguard --help for usage)');

  const scanCommand = program
    .command('scan')
    .description('scan files or directories (recursively); formats are detected by content')
    .argument('[paths...]', 'files or directories to scan', ['.'])
    .addOption(new Option('-f, --format <format>', `report format: ${FORMATS.join(', ')}; repeat as FORMAT=FILE to write several`).argParser(collect))
    .option('-o, --output <file>', 'write the report to FILE instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'none']).default('low'));
  addInputOptions(scanCommand)
    .option('--no-color', 'no colours in text output (default: colours only on a terminal)')
    .option('--timing', 'print where the time went, per stage, on standard error')
    .option('--show-undetermined', 'list checks that could not be judged because values are known only after deployment')
    .option('--link-base <url>', 'markdown: link every location to URL/path#L12-L14 (e.g. https://github.com/OWNER/REPO/blob/SHA)')
    .option('--report-unused-suppressions', 'report suppressions that match no finding (rule suppression-unused)')
    .addHelpText('after', SUPPRESSION_HELP);
  addComparisonOptions(scanCommand).action(async (paths: string[], opts: ScanCliOptions) => {
    exitCode = await runScan(paths, { ...opts, root: opts.root ?? process.cwd() });
  });
  addGithubOptions(scanCommand);
  addGettingStartedCommands(program, (code) => {
    exitCode = code;
  });

  const baselineCommand = program
    .command('baseline')
    .description('accept the current findings: write their fingerprints to .trailguard-baseline.json, which scan then leaves out')
    .argument('[paths...]', 'files or directories to scan, as for scan', ['.'])
    .option('-o, --output <file>', 'write the baseline to FILE (default: .trailguard-baseline.json in the root)');
  addInputOptions(baselineCommand).action((paths: string[], opts: Omit<ScanCliOptions, 'root' | 'failOn' | 'color'> & { root?: string }) => {
    exitCode = runBaseline(paths, { ...opts, root: opts.root ?? process.cwd(), failOn: 'none', color: false });
  });

  program
    .command('rules')
    .description('list every rule with its catalog checks, severity and controls')
    .addOption(new Option('-f, --format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action((opts: { format: 'text' | 'json' }) => {
      exitCode = listRules(opts.format);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    return reportFatal(e);
  }
  return exitCode;
}

interface ScanCliOptions extends GithubCliOptions {
  timing?: boolean;
  format?: string[];
  varFile?: string[];
  policyType?: string[];
  output?: string;
  failOn: Severity | 'none';
  config?: string;
  rules?: string[];
  root: string;
  color: boolean;
  showUndetermined?: boolean;
  linkBase?: string;
  /** A file, false for --no-baseline, undefined: .trailguard-baseline.json when present. */
  baseline?: string | false;
  newSince?: string;
  reportUnusedSuppressions?: boolean;
}

/** The engine with this command's rules, configuration and options; the root and paths vary (see --new-since). */
function scanner(opts: ScanCliOptions): ScanAt {
  const { rules, config } = loadSetup(opts);
  const cliTypes = parsePolicyTypes(opts.policyType ?? [], opts.root);
  return (at) => {
    // Which settings applied to a file read, so that one that applied to none is said (a mistyped path
    // would otherwise leave a policy classified by its content, or unattached, without a word).
    const usedCli = new Set<string>();
    const usedConfig = new Set<PolicyFileRule>();
    const result = scan({
      paths: at.paths,
      rules,
      root: at.root,
      toolVersion: VERSION,
      varFiles: at.varFiles,
      suppressions: { today: suppressionToday(), config: config.suppressions ?? [], reportUnused: opts.reportUnusedSuppressions ?? false },
      policySetting: (shown) => {
        const fromCli = cliTypes.get(shown);
        const fromConfig = policySettingFor(config, shown);
        if (fromCli) usedCli.add(shown);
        if (fromConfig) usedConfig.add(fromConfig);
        return fromCli ? { ...fromConfig, type: fromCli } : fromConfig;
      },
    });
    for (const shown of cliTypes.keys()) {
      if (usedCli.has(shown)) continue;
      result.diagnostics.push({ level: 'warning', code: 'policy-setting-unused', file: shown, message: `--policy-type names ${shown}, which this scan did not read as JSON or YAML; its type applies to nothing` });
    }
    const configShown = config.file ? (config.outsideRoot ? basename(config.file) : displayPath(resolve(at.root), config.file)) : '.trailguard.yaml';
    // A scan of a few files named on the command line (a hook on the changed files) reads a part of what
    // the configuration describes: an entry that matched none of them says nothing.
    const walked = at.paths.length === 0 || at.paths.some(isDirectory);
    for (const entry of walked ? config.policies : []) {
      if (usedConfig.has(entry)) continue;
      result.diagnostics.push({
        level: 'warning',
        code: 'policy-setting-unused',
        file: configShown,
        message: `policies: the entry for '${entry.path}' applied to no file this scan read as JSON or YAML (none matched it, or an earlier entry matched first); its settings apply to nothing`,
      });
    }
    return result;
  };
}

function runBaseline(paths: string[], opts: ScanCliOptions): number {
  try {
    const result = scanner(opts)({ paths, root: opts.root, varFiles: opts.varFile ?? [] });
    const { file, count } = writeBaselineFile(result, opts.output, VERSION);
    process.stderr.write(baselineWrittenLine(escapeLine(file), count, result.findings.filter((f) => f.suppressed).length));
    return 0;
  } catch (e) {
    return reportFatal(e);
  }
}

async function runScan(paths: string[], opts: ScanCliOptions): Promise<number> {
  try {
    const outputs = parseOutputs(opts.format ?? ['text'], opts.output);
    const linkBase = opts.linkBase === undefined ? undefined : checkedLinkBase(opts.linkBase);
    const category = opts.category === undefined ? undefined : sarifCategory(opts.category);
    const scanAt = scanner(opts);
    const result = scanAt({ paths, root: opts.root, varFiles: opts.varFile ?? [] });
    applyComparison(result, opts, paths, scanAt);
    const tReport = nowMs();
    let withPages: ScanResult | undefined;
    for (const out of outputs) {
      const color = out.format === 'text' && !out.file && opts.color && process.stdout.isTTY === true && !process.env['NO_COLOR'];
      // SARIF help carries each rule's page (read from rules/<id>/README.md, only when SARIF is asked for).
      const input = out.format === 'sarif' ? (withPages ??= withRulePages(result)) : result;
      const body = endingWithNewline(
        renderChunks(out.format, input, {
          color,
          root: result.root,
          showUndetermined: opts.showUndetermined ?? false,
          ...(linkBase ? { linkBase } : {}),
          ...(category ? { category } : {}),
        }),
      );
      if (out.file) writeReportFile(out.file, body);
      else await writeStdout(body);
    }
    writeGithubExtras(result, outputs.map((o) => o.format), opts, process.env, (m) => process.stderr.write(`trailguard: ${m}\n`));
    if (opts.timing) {
      const lines = Object.entries(result.timings).map(([k, v]) => `  ${k}: ${k === 'resources' ? v : `${v.toFixed(1)} ms`}`);
      lines.push(`  reports: ${(nowMs() - tReport).toFixed(1)} ms`);
      process.stderr.write(`trailguard: timing\n${lines.join('\n')}\n`);
    }
    // The text report lists warnings itself; with machine formats on stdout, people still see them on stderr.
    if (!outputs.some((o) => o.format === 'text' && !o.file)) {
      const { shown, more } = problemsForPeople(result.diagnostics.filter((d) => d.level !== 'error'));
      for (const d of shown) {
        const where = d.range ? `${d.file}:${d.range.start.line}:${d.range.start.column}` : d.file;
        process.stderr.write(`trailguard: ${d.level}: ${escapeLine(where)}: ${escapeLine(d.message)}\n`);
      }
      for (const m of more) process.stderr.write(`trailguard: ${m.level}: ${escapeLine(m.file)}: ${moreProblemsText(m)}\n`);
    }
    if (opts.failOn === 'none') return 0;
    const threshold = severityRank(opts.failOn);
    // Findings already in the baseline, or already at --new-since's revision, do not count.
    return result.findings.some((f) => counts(f) && severityRank(f.severity) >= threshold) ? 1 : 0;
  } catch (e) {
    return reportFatal(e);
  }
}

function parseOutputs(formats: string[], output: string | undefined): Output[] {
  const outs: Output[] = formats.map((f) => {
    const eq = f.indexOf('=');
    const name = (eq < 0 ? f : f.slice(0, eq)).toLowerCase();
    if (!(FORMATS as readonly string[]).includes(name)) throw new UsageError(`unknown format '${name}' (choose from ${FORMATS.join(', ')})`);
    return eq < 0 ? { format: name as Format } : { format: name as Format, file: f.slice(eq + 1) };
  });
  if (output) {
    const open = outs.filter((o) => !o.file);
    if (open.length !== 1) throw new UsageError('--output goes with exactly one --format without =FILE; write several reports as --format sarif=out.sarif --format text');
    open[0]!.file = output;
  }
  if (outs.filter((o) => !o.file).length > 1) throw new UsageError('only one report can go to standard output; give the others a file: --format sarif=results.sarif');
  return outs;
}

function checkedLinkBase(text: string): string {
  try {
    return parseLinkBase(text);
  } catch (e) {
    if (e instanceof LinkBaseError) throw new UsageError(e.message);
    throw e;
  }
}

function parsePolicyTypes(specs: string[], root: string): Map<string, PolicyFileKind> {
  const out = new Map<string, PolicyFileKind>();
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    const type = spec.slice(eq + 1);
    if (eq < 1 || !isPolicyFileKind(type)) {
      throw new UsageError(`--policy-type takes FILE=TYPE with TYPE one of ${POLICY_FILE_KINDS.join(', ')} (got '${spec}')`);
    }
    out.set(displayPath(resolve(root), spec.slice(0, eq)), type);
  }
  return out;
}

function loadSetup(opts: ScanCliOptions): { rules: Rule[]; config: Config } {
  let rules = builtinRules();
  for (const dir of opts.rules ?? []) {
    let files: string[];
    try {
      files = findRuleFiles(dir, opts.root);
    } catch (e) {
      throw new UsageError(`${dir}: cannot read rule directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const loaded = loadRuleFiles(files, schemaPath());
    if (loaded.diagnostics.length) throw new UsageError(loaded.diagnostics.map((d) => d.message).join('\n'));
    const known = new Set(rules.map((r) => r.spec.id));
    for (const r of loaded.rules) {
      if (known.has(r.spec.id)) throw new UsageError(`${r.file}: rule id '${r.spec.id}' is already a built-in rule`);
    }
    rules = [...rules, ...loaded.rules];
  }
  const configFile = opts.config ?? findConfig(opts.root);
  const config = loadConfig(configFile, opts.root, opts.config !== undefined);
  return { rules: applyConfig(rules, config), config };
}

function listRules(format: 'text' | 'json'): number {
  const metas = builtinRules().map(ruleMeta);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(metas.map(({ help: _h, ...m }) => m), null, 2)}\n`);
    return 0;
  }
  const lines = metas.map((m) => `${m.id.padEnd(44)} ${m.severity.padEnd(8)} ${m.catalog.join(' ').padEnd(18)} ${m.title}`);
  process.stdout.write(`${'RULE'.padEnd(44)} ${'SEVERITY'.padEnd(8)} ${'CHECKS'.padEnd(18)} TITLE\n${lines.join('\n')}\n`);
  return 0;
}

/** Each line escaped: messages name files and keys from input (see engine/report/escape.ts). */
function escapeLines(text: string): string {
  return text.split('\n').map(escapeLine).join('\n');
}

/** Errors of the run itself: one line, no stack trace, exit status 2. */
function reportFatal(e: unknown): number {
  const refusals = [UsageError, SuppressionDateError, ConfigError, PathError, OutputError, CategoryError, GithubOutputError, GettingStartedError, CompareUsageError];
  if (refusals.some((kind) => e instanceof kind)) {
    process.stderr.write(`trailguard: ${escapeLines((e as Error).message)}\n`);
  } else {
    process.stderr.write(`trailguard: internal error: ${escapeLines((e as Error)?.message ?? String(e))}\n`);
    if (process.env['TRAILGUARD_DEBUG']) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
  }
  return 2;
}
