import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { looksLikeCloudFormation, parseCloudFormation } from '../parsers/cloudformation/index.js';
import { parseJsonWithPositions } from '../parsers/json-positions.js';
import { looksLikePolicyDocument, mayBePolicyText } from '../parsers/policy/detect.js';
import { adaptPolicyFile, type PolicyFileSetting } from './adapters/policy/adapter.js';
import { adaptTerraform } from './adapters/terraform/adapter.js';
import { mayBePlanText, parsePlan, type PlanResource } from '../parsers/terraform/plan/index.js';
import { loadTerraform } from '../parsers/terraform/config/index.js';
import type { TerraformResource } from '../parsers/terraform/types.js';
import { decodeText, looksBinary } from '../parsers/text.js';
import { adaptCloudFormation } from './adapters/cloudformation/adapter.js';
import { InputError, type Diagnostic } from './diagnostics.js';
import { collectFiles, MAX_FILE_BYTES } from './files.js';
import type { Finding, RuleMeta, ScanResult } from './findings.js';
import { ResourceGraph } from './graph.js';
import { analyze } from './analysis/index.js';
import { expandConformancePacks } from './analysis/governance.js';
import { fingerprint } from './report/fingerprint.js';
import { runRules } from './rules/evaluate.js';
import type { Rule } from './rules/types.js';
import { PARSE_ERROR_RULE, POLICY_INVALID_RULE, ruleMeta } from './rules/meta.js';

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
  const started = performance.now();
  const root = resolve(options.root ?? process.cwd());
  const collected = collectFiles(options.paths);
  const diagnostics: Diagnostic[] = [...collected.diagnostics];
  const graph = new ResourceGraph();
  const scanned: string[] = [];
  const terraform: TerraformInputs = { sources: [], varFiles: [], extraVarFiles: [], plans: [] };

  for (const path of collected.files) {
    const shown = displayPath(root, path);
    const isTf = shown.endsWith('.tf');
    const isTfvars = shown.endsWith('.tfvars');
    const parsed = readInput(path, shown, diagnostics);
    if (parsed === undefined) continue;
    scanned.push(shown);
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
          diagnostics.push(...plan.diagnostics);
          terraform.plans.push({ file: shown, resources: plan.resources });
          continue;
        }
      }
      readDocument(shown, parsed, graph, diagnostics, options);
    } catch (e) {
      diagnostics.push(toDiagnostic(e, shown));
    }
  }
  for (const f of options.varFiles ?? []) {
    const text = readInput(f, displayPath(root, f), diagnostics);
    if (text !== undefined) terraform.extraVarFiles.push({ path: displayPath(root, f), text });
  }
  const tRead = performance.now();
  addTerraform(terraform, graph, diagnostics);
  const tTerraform = performance.now();
  expandConformancePacks(graph, diagnostics);
  graph.link();
  analyze(graph, diagnostics);
  const tAnalyze = performance.now();
  const { findings, undetermined } = runRules(graph, options.rules);
  const tRules = performance.now();
  const parseFindings = diagnostics.filter((d) => d.level === 'error').map((d) => builtinFinding(PARSE_ERROR_RULE, d));
  // Policy documents that IAM would reject (unknown field, operator, action; malformed ARN) are findings too.
  const policyFindings = diagnostics.filter(isPolicyProblem).map((d) => builtinFinding(POLICY_INVALID_RULE, d));
  const rules: RuleMeta[] = options.rules.map((r) => ruleMeta(r));
  if (parseFindings.length > 0) rules.push(PARSE_ERROR_RULE);
  if (policyFindings.length > 0) rules.push(POLICY_INVALID_RULE);
  return {
    root,
    files: scanned,
    rules,
    findings: [...parseFindings, ...policyFindings, ...findings],
    undetermined,
    diagnostics,
    toolVersion: options.toolVersion,
    elapsedMs: performance.now() - started,
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

interface TerraformInputs {
  sources: { path: string; text: string }[];
  varFiles: { path: string; text: string }[];
  extraVarFiles: { path: string; text: string }[];
  plans: { file: string; resources: PlanResource[] }[];
}

/**
 * `.tf` sources and plans into the graph. A plan knows more than its sources
 * (variables given on the command line, values from state), so where a plan
 * covers a resource the plan's values are judged, and the finding is placed
 * on the `.tf` line that declares the resource (code scanning can annotate
 * only files in the repository), with attribute lines from the sources.
 */
function addTerraform(tf: TerraformInputs, graph: ResourceGraph, diagnostics: Diagnostic[]): void {
  const sources: TerraformResource[] = [];
  if (tf.sources.length > 0) {
    // terraform.tfvars and *.auto.tfvars apply to their own directory (the loader picks them out of
    // the file list); other .tfvars apply only when named with --var-file, as with Terraform.
    const loaded = loadTerraform([...tf.sources, ...tf.varFiles], { varFiles: tf.extraVarFiles });
    diagnostics.push(...loaded.diagnostics);
    sources.push(...loaded.resources);
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
    for (const p of plan.resources) {
      const candidates = declared.get(withoutInstanceKeys(p.address)) ?? [];
      // Prefer the configuration next to the plan file; otherwise a unique match anywhere.
      const match = candidates.find((c) => c.file.startsWith(planDir === '' ? '' : `${planDir}/`)) ?? (candidates.length === 1 ? candidates[0] : undefined);
      if (!match) continue;
      for (const c of candidates) if (c.address === p.address || candidates.length === 1) covered.add(c);
      p.declaredAt = match.range;
      p.locate = (path) => match.locate(path);
      if (match.suppressions?.length) p.suppressions = [...(p.suppressions ?? []), ...match.suppressions];
    }
    adaptTerraform(plan.resources, 'terraform-plan', plan.file, graph, diagnostics);
  }
  const byRoot = new Map<string, TerraformResource[]>();
  for (const r of sources) {
    if (covered.has(r)) continue;
    const rootDir = (r as TerraformResource & { rootDirectory?: string }).rootDirectory ?? dirOf(r.file);
    const list = byRoot.get(rootDir);
    if (list) list.push(r);
    else byRoot.set(rootDir, [r]);
  }
  for (const [rootDir, list] of byRoot) adaptTerraform(list, 'terraform', `tf:${rootDir}`, graph, diagnostics);
}

function withoutInstanceKeys(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/**
 * One file's content into the graph. JSON is parsed once (with positions)
 * and then recognised: a CloudFormation template or a policy document. YAML
 * can only be a template. Anything else is skipped quietly.
 */
function readDocument(shown: string, text: string, graph: ResourceGraph, diagnostics: Diagnostic[], options: ScanOptions): void {
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
        diagnostics.push(...template.warnings);
        adaptCloudFormation(template, graph, diagnostics);
        return;
      }
      if (e instanceof InputError && mayBePolicyText(text)) throw e;
      return;
    }
    if (looksLikeCloudFormation(json.value)) {
      diagnostics.push(...json.warnings);
      adaptCloudFormation({ file: shown, format: 'json', body: json.value as Record<string, unknown>, positions: json.positions, warnings: json.warnings }, graph, diagnostics);
    } else if (looksLikePolicyDocument(json.value)) {
      diagnostics.push(...json.warnings);
      adaptPolicyFile(shown, json.value as Record<string, unknown>, json.positions, options.policySetting?.(shown), graph, diagnostics);
    }
    return;
  }
  const template = parseCloudFormation(shown, text);
  if (!template) return;
  diagnostics.push(...template.warnings);
  adaptCloudFormation(template, graph, diagnostics);
}

/** Reads and decodes a file; undefined for binary, empty or unreadable files (the latter with a diagnostic). */
function readInput(path: string, shown: string, diagnostics: Diagnostic[]): string | undefined {
  let buf: Buffer;
  try {
    const st = statSync(path);
    if (st.size > MAX_FILE_BYTES) {
      diagnostics.push({ level: 'warning', code: 'file-too-large', file: shown, message: `skipped, larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` });
      return undefined;
    }
    if (st.size === 0) return undefined;
    buf = readFileSync(path);
  } catch (e) {
    diagnostics.push({ level: 'warning', code: 'unreadable-file', file: shown, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return undefined;
  }
  if (looksBinary(buf)) return undefined;
  return decodeText(buf);
}

function toDiagnostic(e: unknown, file: string): Diagnostic {
  if (e instanceof InputError) {
    return { level: 'error', code: e.code, file, message: e.message, ...(e.range ? { range: { ...e.range, file } } : {}) };
  }
  // Anything else is our bug, not the user's: say so without a stack trace, keep scanning.
  return { level: 'error', code: 'internal-error', file, message: `trailguard could not process this file (internal error: ${(e as Error).message})` };
}

function isPolicyProblem(d: Diagnostic): boolean {
  return d.level === 'warning' && d.code.startsWith('policy-') && d.code !== 'policy-classified';
}

function builtinFinding(rule: RuleMeta, d: Diagnostic): Finding {
  const location = d.range ?? { file: d.file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const message = rule === PARSE_ERROR_RULE ? `${d.message.replace(/\.$/, '')}: none of this file's resources were checked.` : d.message;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message,
    location,
    catalog: rule.catalog,
    fingerprint: fingerprint({ ruleId: rule.id, file: d.file, address: `${location.start.line}`, property: d.code }),
  };
}

/** Repository-relative with forward slashes when inside root; absolute otherwise. */
export function displayPath(root: string, p: string): string {
  const abs = resolve(p);
  const rel = relative(root, abs);
  if (rel === '' ) return p;
  if (rel.startsWith('..') || isAbsolute(rel)) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}
