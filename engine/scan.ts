import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { looksLikeCloudFormation, parseCloudFormation, type CfnTemplate } from '../parsers/cloudformation/index.js';
import { parseJsonWithPositions } from '../parsers/json-positions.js';
import { looksLikePolicyDocument, mayBePolicyText, meantAsPolicyDocument } from '../parsers/policy/detect.js';
import { adaptPolicyFile, type PolicyFileSetting } from './adapters/policy/adapter.js';
import { adaptTerraform } from './adapters/terraform/adapter.js';
import { isNotConfigured, mayBePlanText, parsePlan, withoutInstanceKeys, type PlanParseResult, type PlanResource } from '../parsers/terraform/plan/index.js';
import { Unknown } from '../core/unknown.js';
import { isConfigurationFile, loadTerraform, type UnreadModule } from '../parsers/terraform/config/index.js';
import type { TerraformResource } from '../parsers/terraform/types.js';
import { decodeText, looksBinary } from '../parsers/text.js';
import { terraformStackTemplates } from './adapters/cloudformation/terraform-stacks.js';
import { adaptCloudFormationTemplates, type ScannedTemplate } from './adapters/cloudformation/nested-stacks.js';
import { UnmodelledTypes } from './adapters/unmodelled.js';
import { isCdkManifestPath, readCdkManifest, type CdkStackEnvironment } from './cdk-manifest.js';
import { InputError, type Diagnostic } from '../core/diagnostics.js';
import { collectFiles, hasKnownExtension, MAX_FILE_BYTES } from './files.js';
import { moduleFilesUnder } from './terraform-modules.js';
import { isTerragruntFile, mayBeTerragrunt, readTerragrunt } from './terragrunt.js';
import { isCdkAppConfig, readCdkApp } from './cdk-app.js';
import { isServerlessConfig, readServerless } from './serverless.js';
import { nothingJudged } from './nothing-judged.js';
import { nowMs } from '../core/clock.js';
import type { Finding, RuleMeta, ScanResult } from './findings.js';
import { placeInAccount, ResourceGraph, unreadStandIn, type Resource, type Suppression } from './graph.js';
import { rangeIn, type SourceRange } from '../core/location.js';
import { applySuppressions, type SuppressionOutcome } from './suppressions/apply.js';
import type { ConfigSuppression } from './suppressions/config.js';
import { todayUtc } from './suppressions/date.js';
import { analyze } from './analysis/index.js';
import { expandConformancePacks } from './analysis/governance.js';
import { disambiguate, fingerprint } from './report/fingerprint.js';
import { runRules } from './rules/evaluate.js';
import type { Rule } from './rules/types.js';
import { PARSE_ERROR_RULE, POLICY_INVALID_RULE, ruleMeta } from './rules/meta.js';
import { pushAll } from '../parsers/arrays.js';

export interface ScanOptions {
  paths: string[];
  rules: Rule[];
  /** Terraform variable files applied to every root configuration (like -var-file). */
  varFiles?: string[];
  /** What configuration says about a raw policy file (by repository-relative path). */
  policySetting?: (shownPath: string) => PolicyFileSetting | undefined;
  /** Reported paths are relative to this directory (the repository root). */
  root?: string;
  toolVersion: string;
  /** Expiry and reporting of suppressions (engine/suppressions/apply.ts). */
  suppressions?: ScanSuppressionOptions;
}

export interface ScanSuppressionOptions {
  /** `YYYY-MM-DD` (UTC) that expiry dates are judged against; default: the real today. */
  today?: string;
  /** `.trailguard.yaml` suppressions. */
  config?: readonly ConfigSuppression[];
  /** `--report-unused-suppressions`. */
  reportUnused?: boolean;
}

export interface ScanOutput extends ScanResult {
  graph: ResourceGraph;
  /** Milliseconds per stage, for `--timing`. */
  timings: Record<string, number>;
}

/**
 * The whole pipeline for one run: collect files, parse each (a file that
 * fails is a diagnostic, the others go on), build and link the graph, run
 * the rules. Throws only `PathError` for paths that do not exist.
 */
export function scan(options: ScanOptions): ScanOutput {
  const started = nowMs();
  const root = resolve(options.root ?? process.cwd());
  const collected = collectFiles(options.paths, root);
  const diagnostics: Diagnostic[] = collected.diagnostics.map((d) => ({ ...d, file: displayPath(root, d.file) }));
  const graph = new ResourceGraph();
  const scanned: string[] = [];
  const terraform: TerraformInputs = { sources: [], varFiles: [], extraVarFiles: [], plans: [] };
  const cdkStacks = readCdkManifests(collected.files, root, diagnostics);
  // Templates are adapted together after every file is read: nested stacks and AWS::Include name other files.
  const templates: ScannedTemplate[] = [];
  const scannedPaths = new Map<string, string>();
  // Types of judged services that no adapter reads: noted, never skipped silently (adapters/unmodelled.ts).
  const unmodelled = new UnmodelledTypes();

  let shownFiles: Set<string> | undefined;
  for (const path of collected.files) {
    const shown = displayPath(root, path);
    // Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) is Terraform too, never a template or a plan;
    // so are OpenTofu's `.tofu` and `.tofu.json`.
    const isTf = isConfigurationFile(shown);
    const isTfvars = shown.endsWith('.tfvars') || shown.endsWith('.tfvars.json');
    if (shown.endsWith('.hcl')) {
      // Terragrunt (engine/terragrunt.ts); any other HCL (Packer, Nomad, the lock file) is not ours: left quietly.
      if (!mayBeTerragrunt(shown)) continue;
      const text = readInput(path, shown, isTerragruntFile(shown), diagnostics);
      if (text === undefined) continue;
      const read = readTerragrunt(shown, text);
      if (!read.isTerragrunt) continue;
      scanned.push(shown);
      pushAll(diagnostics, read.diagnostics);
      for (const r of read.standIns) graph.add(r);
      continue;
    }
    const parsed = readInput(path, shown, collected.explicit.has(path) || hasKnownExtension(path), diagnostics);
    if (parsed === undefined) continue;
    scanned.push(shown);
    scannedPaths.set(shown, path);
    if (isCdkAppConfig(shown)) {
      // A CDK app's code is not run: without its synthesized output in the scan, it is not judged (cdk-app.ts).
      shownFiles ??= new Set(collected.files.map((f) => displayPath(root, f)));
      const app = readCdkApp(shown, parsed, (out) => shownFiles!.has(`${out}/manifest.json`));
      pushAll(diagnostics, app.diagnostics);
      for (const r of app.standIns) graph.add(r);
      continue;
    }
    if (isTf) {
      terraform.sources.push({ path: shown, text: parsed });
      continue;
    }
    if (isTfvars) {
      terraform.varFiles.push({ path: shown, text: parsed });
      continue;
    }
    try {
      if (mayBePlanText(parsed.slice(0, 2048), shown)) {
        const plan = parsePlan(shown, parsed);
        if (plan.isPlan) {
          pushAll(diagnostics, plan.diagnostics);
          terraform.plans.push({ file: shown, resources: plan.resources, ...(plan.incomplete ? { incomplete: plan.incomplete } : {}) });
          continue;
        }
      }
      const sls = isServerlessConfig(shown) ? readServerless(shown, parsed) : undefined;
      if (sls) {
        // The Serverless Framework's `resources` are CloudFormation (engine/serverless.ts).
        pushAll(diagnostics, sls.diagnostics);
        for (const r of sls.standIns) graph.add(r);
        if (sls.template) templates.push({ template: sls.template });
        continue;
      }
      const template = readDocument(shown, parsed, graph, diagnostics, options);
      if (template) templates.push({ template, ...(cdkStacks.has(shown) ? { cdk: cdkStacks.get(shown)! } : {}) });
    } catch (e) {
      diagnostics.push(toDiagnostic(e, shown));
    }
  }
  for (const f of options.varFiles ?? []) {
    const text = readInput(f, displayPath(root, f), true, diagnostics);
    if (text !== undefined) terraform.extraVarFiles.push({ path: displayPath(root, f), text });
  }
  const readScanned = (shownPath: string): string | undefined => {
    const path = scannedPaths.get(shownPath);
    return path === undefined ? undefined : readInput(path, shownPath, false, []);
  };
  adaptCloudFormationTemplates(
    templates,
    graph,
    diagnostics,
    readScanned,
    // Each template as adapted (loops expanded, includes inlined): its unmodelled types are noted.
    (t) => unmodelled.cloudFormation(t),
  );
  const tRead = nowMs();
  const stackTemplates = addTerraform(terraform, graph, diagnostics, root, unmodelled);
  if (stackTemplates.length > 0) adaptCloudFormationTemplates(stackTemplates, graph, diagnostics, readScanned);
  const tTerraform = nowMs();
  expandConformancePacks(graph, diagnostics);
  graph.link();
  analyze(graph, diagnostics);
  pushAll(diagnostics, unmodelled.diagnostics(graph));
  const tAnalyze = nowMs();
  const { findings, undetermined } = runRules(graph, options.rules);
  const empty = nothingJudged(options.paths.map((p) => displayPath(root, p)), scanned.length, graph, undetermined.length, diagnostics);
  if (empty) diagnostics.push(empty);
  const suppressionReport = applyWrittenSuppressions(findings, graph, options, root);
  pushAll(diagnostics, suppressionReport.diagnostics);
  const tRules = nowMs();
  const parseFindings = diagnostics.filter((d) => d.level === 'error').map((d) => builtinFinding(PARSE_ERROR_RULE, d));
  // Policy documents that IAM would reject (unknown field, operator, action; malformed ARN) are findings too.
  const policyFindings = diagnostics.filter(isPolicyProblem).map((d) => builtinFinding(POLICY_INVALID_RULE, d));
  const rules: RuleMeta[] = options.rules.map((r) => ruleMeta(r));
  if (parseFindings.length > 0) rules.push(PARSE_ERROR_RULE);
  if (policyFindings.length > 0) rules.push(POLICY_INVALID_RULE);
  pushAll(rules, suppressionReport.rules);
  return {
    root,
    files: scanned,
    rules,
    findings: distinctFingerprints([...parseFindings, ...policyFindings, ...findings, ...suppressionReport.findings]),
    undetermined,
    diagnostics,
    toolVersion: options.toolVersion,
    elapsedMs: nowMs() - started,
    timings: {
      'read and parse (CloudFormation, policies, plans)': tRead - started,
      'Terraform sources and plans into the graph': tTerraform - tRead,
      'link and analyse': tAnalyze - tTerraform,
      rules: tRules - tAnalyze,
      resources: graph.resources.length,
    },
    graph,
  };
}

/** Expired and invalid suppressions stop applying; suppressions are themselves reported (engine/suppressions). */
function applyWrittenSuppressions(findings: Finding[], graph: ResourceGraph, options: ScanOptions, root: string): SuppressionOutcome {
  const settings = options.suppressions ?? {};
  // `.trailguard.yaml` is reported by its repository-relative path, like every other file.
  const config = (settings.config ?? []).map((c) => ({ ...c, suppression: { ...c.suppression, ...relocated(c.suppression, root) } }));
  return applySuppressions(findings, graph.resources, {
    today: settings.today ?? todayUtc(),
    config,
    reportUnused: settings.reportUnused ?? false,
    honouredAliases: new Set(options.rules.flatMap((r) => r.spec.aliases ?? [])),
  });
}

function relocated(s: Suppression, root: string): Pick<Suppression, 'range' | 'expiresRange'> {
  const move = (r: SourceRange | undefined) => (r ? { ...r, file: displayPath(root, r.file) } : undefined);
  const range = move(s.range);
  const expiresRange = move(s.expiresRange);
  return { ...(range ? { range } : {}), ...(expiresRange ? { expiresRange } : {}) };
}

type PlanIncompleteness = NonNullable<PlanParseResult['incomplete']>;

interface TerraformInputs {
  sources: { path: string; text: string }[];
  varFiles: { path: string; text: string }[];
  extraVarFiles: { path: string; text: string }[];
  plans: { file: string; resources: PlanResource[]; incomplete?: PlanIncompleteness }[];
}

/**
 * `.tf` sources and plans into the graph. A plan knows more than its sources
 * (variables given on the command line, values from state), so where a plan
 * covers a resource the plan's values are judged, and the finding is placed
 * on the `.tf` line that declares the resource (code scanning can annotate
 * only files in the repository), with attribute lines from the sources.
 * Returns the CloudFormation templates the configuration deploys (stack sets
 * and stacks), which the caller adapts as templates.
 */
function addTerraform(tf: TerraformInputs, graph: ResourceGraph, diagnostics: Diagnostic[], root: string, unmodelled: UnmodelledTypes): ScannedTemplate[] {
  const stackTemplates: ScannedTemplate[] = [];
  // The text of a .tf file of the scan, for templates written as heredocs (their lines map back).
  const texts = new Map(tf.sources.map((s) => [s.path, s.text]));
  const sourceText = (path: string): string | undefined => texts.get(path);
  const sources: TerraformResource[] = [];
  const unreadModules: UnreadModule[] = [];
  if (tf.sources.length > 0) {
    // terraform.tfvars and *.auto.tfvars apply to their own directory (the loader picks them out of
    // the file list); other .tfvars apply only when named with --var-file, as with Terraform.
    // Modules are followed as `terraform init` installed them, and local ones beyond the scanned
    // paths within the repository root.
    const loaded = loadTerraform([...tf.sources, ...tf.varFiles], { varFiles: tf.extraVarFiles, moduleFiles: moduleFilesUnder(root) });
    pushAll(diagnostics, loaded.diagnostics);
    pushAll(sources, loaded.resources);
    pushAll(unreadModules, loaded.unreadModules);
  }
  const declared = new Map<string, TerraformResource[]>();
  for (const r of sources) {
    const key = withoutInstanceKeys(r.address);
    const list = declared.get(key);
    if (list) list.push(r);
    else declared.set(key, [r]);
  }
  const covered = new Set<TerraformResource>();
  for (const plan of tf.plans) {
    const planDir = dirOf(plan.file);
    // Without .tf sources no plan resource has a declaration to match: no address taken apart per resource.
    if (declared.size > 0) for (const p of plan.resources) {
      const candidates = declared.get(withoutInstanceKeys(p.address)) ?? [];
      // Prefer the configuration next to the plan file; otherwise a unique match anywhere.
      const match = candidates.find((c) => c.file.startsWith(planDir === '' ? '' : `${planDir}/`)) ?? (candidates.length === 1 ? candidates[0] : undefined);
      if (!match) continue;
      for (const c of candidates) if (c.address === p.address || candidates.length === 1) covered.add(c);
      p.declaredAt = match.range;
      p.locate = (path) => match.locate(path);
      keepSourceLinks(p, match);
      if (match.suppressions?.length) p.suppressions = [...(p.suppressions ?? []), ...match.suppressions];
    }
    adaptTerraform(plan.resources, 'terraform-plan', plan.file, graph, diagnostics);
    pushAll(stackTemplates, terraformStackTemplates(plan.resources, graph, diagnostics, sourceText));
    for (const p of plan.resources) unmodelled.terraform(p);
    // What an incomplete plan leaves out is undetermined, unless the scan's .tf sources declare all of it
    // (they are then judged from the sources, below).
    if (plan.incomplete && (plan.incomplete.errored || !plan.incomplete.missing.every((a) => declared.has(a)))) {
      graph.add(incompletePlanResource(plan.file, plan.incomplete));
    }
  }
  const byRoot = new Map<string, TerraformResource[]>();
  for (const r of sources) {
    if (covered.has(r)) continue;
    const rootDir = (r as TerraformResource & { rootDirectory?: string }).rootDirectory ?? dirOf(r.file);
    const list = byRoot.get(rootDir);
    if (list) list.push(r);
    else byRoot.set(rootDir, [r]);
  }
  for (const [rootDir, list] of byRoot) {
    adaptTerraform(list, 'terraform', `tf:${rootDir}`, graph, diagnostics);
    pushAll(stackTemplates, terraformStackTemplates(list, graph, diagnostics, sourceText));
  }
  for (const r of sources) unmodelled.terraform(r);
  // A module the sources could not read is known to a plan of the same configuration, if one is scanned.
  const planned = tf.plans.flatMap((p) => p.resources.map((r) => r.address));
  for (const m of unreadModules) {
    if (planned.some((a) => a.startsWith(`${m.address}.`) || a.startsWith(`${m.address}[`))) continue;
    graph.add(unreadModuleResource(m));
  }
  return stackTemplates;
}

/**
 * The graph's stand-in for what an errored or incomplete plan (-target, deferred changes) leaves out:
 * like a module not read, every check is undetermined there, on the plan's `"complete"` line.
 */
function incompletePlanResource(file: string, incomplete: PlanIncompleteness): Resource {
  const range = incomplete.range ?? { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const r = unreadStandIn({ address: `${file} (incomplete plan)`, nativeType: 'terraform-plan', source: 'terraform', range, id: `${file}#incomplete-plan`, reason: incomplete.reason });
  r.scope = file;
  return r;
}

/** The graph's stand-in for a module call whose source was not read. */
function unreadModuleResource(m: UnreadModule): Resource {
  const r = unreadStandIn({ address: m.address, nativeType: 'module', source: 'terraform', range: m.range, id: `${m.range.file}#${m.address}@${m.rootDirectory}`, unread: m.source, reason: m.reason });
  r.scope = `tf:${m.rootDirectory}`;
  placeInAccount(r, m);
  return r;
}

/**
 * A plan loses what links a value to a resource when the value is unknown and
 * its expression goes through a local or a data source (the plan's
 * configuration names `local.bucket`, not what the local holds). The sources
 * still know: where the plan's value is unknown and the sources' value carries
 * references, the plan's unknown gains them. Known plan values are kept as
 * they are: the plan knows more than the sources.
 */
function keepSourceLinks(plan: TerraformResource, source: TerraformResource): void {
  for (const [name, planned] of Object.entries(plan.values)) {
    if (!(planned instanceof Unknown) || isNotConfigured(planned)) continue;
    const written = Object.prototype.hasOwnProperty.call(source.values, name) ? source.values[name] : undefined;
    if (!(written instanceof Unknown) || written.refs.length === 0) continue;
    const merged = new Unknown(planned.reason, [...planned.refs, ...written.refs], planned.present || written.present);
    const template = planned.template ?? written.template;
    plan.values[name] = template === undefined ? merged : merged.withTemplate(template);
  }
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/**
 * One file's content: JSON is parsed once (with positions) and then
 * recognised: a CloudFormation template (returned, adapted later with the
 * others) or a policy document (into the graph), one IAM would reject
 * included (meantAsPolicyDocument). YAML can only be a template. Anything
 * else is skipped quietly, unless configuration says it is a policy.
 */
function readDocument(shown: string, text: string, graph: ResourceGraph, diagnostics: Diagnostic[], options: ScanOptions): CfnTemplate | undefined {
  // Configured as a policy (`policies:` in .trailguard.yaml, --policy-type): never passed over quietly.
  const setting = options.policySetting?.(shown);
  const notAPolicy = (why: string, range?: SourceRange): undefined => {
    if (setting) {
      diagnostics.push({
        level: 'warning',
        code: 'not-a-policy-document',
        file: shown,
        range: range ?? { file: shown, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        message: `configured as a policy document, but ${why}; trailguard does not judge it`,
      });
    }
    return undefined;
  };
  const first = text.trimStart()[0];
  if (first === '{') {
    let json: ReturnType<typeof parseJsonWithPositions> | undefined;
    try {
      json = parseJsonWithPositions(text, shown);
    } catch (e) {
      // Not valid JSON: the CloudFormation reader decides (YAML-tolerant, or a broken template);
      // a broken policy document is reported as such.
      const template = parseCloudFormation(shown, text);
      if (template) {
        pushAll(diagnostics, template.warnings);
        return template;
      }
      if (e instanceof InputError && (mayBePolicyText(text) || setting)) throw e;
      return undefined;
    }
    if (looksLikeCloudFormation(json.value)) {
      pushAll(diagnostics, json.warnings);
      return { file: shown, format: 'json', body: json.value as Record<string, unknown>, positions: json.positions, warnings: json.warnings };
    }
    if (looksLikePolicyDocument(json.value) || meantAsPolicyDocument(json.value)) {
      pushAll(diagnostics, json.warnings);
      adaptPolicyFile(shown, json.value as Record<string, unknown>, json.positions, setting, graph, diagnostics);
      return undefined;
    }
    return notAPolicy('it holds no Statement', json.positions.get([]));
  }
  const template = parseCloudFormation(shown, text);
  if (!template) return notAPolicy('policy documents are read from JSON, and this is not JSON');
  pushAll(diagnostics, template.warnings);
  return template;
}

/**
 * The stacks of every CDK cloud assembly in the scan (`cdk.out/manifest.json`),
 * read before the templates so that each template knows its environment.
 */
function readCdkManifests(files: readonly string[], root: string, diagnostics: Diagnostic[]): Map<string, CdkStackEnvironment> {
  const stacks = new Map<string, CdkStackEnvironment>();
  for (const path of files) {
    const shown = displayPath(root, path);
    if (!isCdkManifestPath(shown)) continue;
    const text = readInput(path, shown, false, []);
    if (text === undefined) continue;
    for (const [template, env] of readCdkManifest(shown, text, diagnostics) ?? []) stacks.set(template, env);
  }
  return stacks;
}

/**
 * Reads and decodes a file. A file with a known extension (.tf, .json,
 * .yaml…) or named on the command line that cannot be read (not a regular
 * file, too large, binary, unreadable) is an error with the reason, so a
 * parse-error finding: it is never skipped silently. Binary sniffing only
 * decides what to skip quietly among other files found by walking.
 */
function readInput(path: string, shown: string, mustRead: boolean, diagnostics: Diagnostic[]): string | undefined {
  const refuse = (code: string, reason: string): undefined => {
    diagnostics.push({ level: mustRead ? 'error' : 'warning', code, file: shown, message: `cannot read this file: ${reason}` });
    return undefined;
  };
  let buf: Buffer;
  try {
    const st = statSync(path);
    // Never open a device, FIFO or socket: reading /dev/zero or a pipe never ends.
    if (!st.isFile()) return refuse('not-a-regular-file', 'not a regular file (a device, FIFO or socket)');
    if (st.size > MAX_FILE_BYTES) return refuse('file-too-large', `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    if (st.size === 0) return undefined;
    buf = readFileSync(path);
  } catch (e) {
    return refuse('unreadable-file', `${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!looksBinary(buf)) return decodeText(buf);
  // A .tf or .tfvars file with a stray NUL or Latin-1 byte (in a comment, say) is still parsed: the
  // parser reports what it cannot read at its line, and every other resource in the file is checked.
  if (/\.(tf|tofu|tfvars)$/.test(shown)) return decodeText(buf);
  if (mustRead) return refuse('binary-file', describeBinary(buf));
  return undefined;
}

function describeBinary(buf: Buffer): string {
  const sample = buf.subarray(0, 8192);
  return sample.includes(0) ? 'binary content (NUL bytes), not text' : 'not text (invalid UTF-8 or control characters)';
}

function toDiagnostic(e: unknown, file: string): Diagnostic {
  if (e instanceof InputError) {
    return { level: 'error', code: e.code, file, message: e.message, ...(e.range ? { range: rangeIn(e.range, file) } : {}) };
  }
  // Anything else is our bug, not the user's: say so without a stack trace, keep scanning.
  return { level: 'error', code: 'internal-error', file, message: `trailguard could not process this file (internal error: ${(e as Error).message})` };
}

function isPolicyProblem(d: Diagnostic): boolean {
  return d.level === 'warning' && d.code.startsWith('policy-') && d.code !== 'policy-classified';
}

function builtinFinding(rule: RuleMeta, d: Diagnostic): Finding {
  const location = d.range ?? { file: d.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const message =
    rule !== PARSE_ERROR_RULE ? d.message
    : d.code === 'adapter-error' ? `${d.message.replace(/\.$/, '')}: this resource was not checked.`
    : d.code === 'evaluation-failed' ? `${d.message.replace(/\.$/, '')}: the resources it declares were not checked.`
    : d.code === 'duplicate-logical-id' ? `${d.message.replace(/\.$/, '')}.`
    : `${d.message.replace(/\.$/, '')}: none of this file's resources were checked.`;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message,
    location,
    catalog: rule.catalog,
    // No line in the identity (it moves); the message, without its positions, tells two problems apart.
    fingerprint: fingerprint({ ruleId: rule.id, file: d.file, address: '', property: d.code, cause: message }),
    locationFingerprint: fingerprint({ ruleId: rule.id, file: d.file, address: `${location.start.line}`, property: d.code }),
  };
}

/** See disambiguate: every finding of a scan has its own fingerprint. */
function distinctFingerprints(findings: Finding[]): Finding[] {
  const fps = disambiguate(findings.map((f) => f.fingerprint));
  findings.forEach((f, i) => {
    f.fingerprint = fps[i]!;
  });
  return findings;
}

/** Repository-relative with forward slashes when inside root; absolute otherwise. */
export function displayPath(root: string, p: string): string {
  const abs = resolve(p);
  const rel = relative(root, abs);
  if (rel === '' ) return p;
  if (rel.startsWith('..') || isAbsolute(rel)) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}
