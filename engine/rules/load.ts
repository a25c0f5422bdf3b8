import { emptyTable } from '../../core/own.js';
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { ConfigError, readSettingsFile } from '../config.js';
import { isInside } from '../files.js';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { parseDocument, isNode, type Document } from 'yaml';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../../core/diagnostics.js';
import { checkRuleSemantics } from './check-semantics.js';
import { readControlEvents } from '../semantics/control-events.js';
import { LineIndex } from '../../core/location.js';
import type { Condition, FilterCoverageSpec, Rule, RuleSpec } from './types.js';
import { maxOf } from '../../parsers/arrays.js';

/**
 * Loads rule files. Built-in rules are validated here at build time and shipped
 * as one JSON bundle (see build.mjs), so a normal scan never loads Ajv; user rule
 * directories (`--rules DIR`) go through the same validation at run time.
 * Rule files are untrusted input: they are parsed as data and never evaluated.
 */

let validator: ValidateFunction | undefined;

function schemaValidator(schemaPath: string): ValidateFunction {
  if (validator) return validator;
  // Ajv is CommonJS; createRequire keeps it out of the start-up path until needed.
  const require = createRequire(import.meta.url);
  const AjvMod = require('ajv') as { default: new (o: object) => { compile(s: object): ValidateFunction } };
  const ajv = new AjvMod.default({ allErrors: true, strict: false });
  validator = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  return validator;
}

export interface LoadedRules {
  rules: Rule[];
  diagnostics: Diagnostic[];
}

/**
 * Every `rule.yaml` (or `*.rule.yaml`) below `dir`: regular files only, and
 * symbolic links only when their target stays inside `dir` (or `root`).
 */
export function findRuleFiles(dir: string, root?: string): string[] {
  const out: string[] = [];
  const realDir = realpathSync(dir);
  const realRoot = root === undefined ? undefined : realOrUndefined(root);
  const walk = (d: string, depth: number): void => {
    if (depth > 6) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      let real: string;
      let st;
      try {
        real = realpathSync(p);
        st = statSync(real);
      } catch {
        continue; // dangling link
      }
      if (!isInside(realDir, real) && !(realRoot !== undefined && isInside(realRoot, real))) continue;
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.isFile() && (name === 'rule.yaml' || name === 'rule.yml' || name.endsWith('.rule.yaml') || name.endsWith('.rule.yml'))) out.push(p);
    }
  };
  walk(dir, 0);
  return out;
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Parse and validate rule files; an invalid file is a diagnostic naming the file, line and field. */
export function loadRuleFiles(files: string[], schemaPath: string, cwd = process.cwd()): LoadedRules {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    let doc: Document;
    let text: string;
    try {
      // Named on the command line (--rules DIR) and found inside DIR by findRuleFiles: a regular file.
      text = readSettingsFile(file, 'rule file', undefined, true);
      doc = parseDocument(text, { prettyErrors: false });
    } catch (e) {
      const reason = e instanceof ConfigError ? e.message.slice(e.message.indexOf(': ') + 2) : `cannot read rule file: ${(e as Error).message}`;
      diagnostics.push({ level: 'error', code: 'invalid-rule', file: shown, message: `${shown}: ${reason}` });
      continue;
    }
    const lineOf = lineFinder(doc, text);
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0];
      diagnostics.push({
        level: 'error',
        code: 'invalid-rule',
        file: shown,
        message: `${shown}${line ? `:${line.line}:${line.col}` : ''}: rule file is not valid YAML: ${err.message.split('\n')[0]}`,
        ...(line ? { range: { file: shown, start: { line: line.line, column: line.col }, end: { line: line.line, column: line.col } } } : {}),
      });
      continue;
    }
    const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    const problems = validateRuleData(data, schemaPath);
    if (problems.length > 0) {
      for (const p of problems) {
        const line = lineOf(p.path);
        diagnostics.push({
          level: 'error',
          code: 'invalid-rule',
          file: shown,
          message: `${shown}${line ? `:${line}` : ''}: ${p.path.length ? `field '${p.path.join('.')}': ` : ''}${p.message}`,
          ...(line ? { range: { file: shown, start: { line, column: 1 }, end: { line, column: 1 } } } : {}),
        });
      }
      continue;
    }
    const spec = data as RuleSpec;
    const eventProblems = loadCoverageEvents(spec, dirname(file), cwd);
    if (eventProblems.length > 0) {
      for (const message of eventProblems) diagnostics.push({ level: 'error', code: 'invalid-rule', file: shown, message: `${shown}: ${message}` });
      continue;
    }
    const dup = seen.get(spec.id);
    if (dup) {
      diagnostics.push({ level: 'error', code: 'invalid-rule', file: shown, message: `${shown}: rule id '${spec.id}' is already defined in ${dup}` });
      continue;
    }
    seen.set(spec.id, shown);
    rules.push(makeRule(spec, shown));
  }
  return { rules, diagnostics };
}

export function makeRule(spec: RuleSpec, file: string, overrides: Record<string, unknown> = {}): Rule {
  const params: Record<string, unknown> = emptyTable();
  for (const [k, p] of Object.entries(spec.parameters ?? {})) params[k] = Object.hasOwn(overrides, k) ? overrides[k] : p.default;
  return { spec, file, params };
}

/**
 * How deep a rule file may nest (conditions within conditions). Real rules
 * use a handful of levels; the schema validator and the evaluator recurse,
 * so a deeper (hostile) file is rejected here instead of exhausting the stack.
 */
export const MAX_RULE_NESTING = 64;

/** Schema errors first (they explain shape problems), then semantic ones. */
export function validateRuleData(data: unknown, schemaPath: string): { path: (string | number)[]; message: string }[] {
  const deep = pathDeeperThan(data, MAX_RULE_NESTING);
  if (deep) return [{ path: deep, message: `nests more than ${MAX_RULE_NESTING} levels deep` }];
  const validate = schemaValidator(schemaPath);
  if (!validate(data)) return simplifyAjvErrors(validate.errors ?? []);
  return checkRuleSemantics(data as RuleSpec);
}

/** The path of the first value nested deeper than `limit`, found without recursion. */
function pathDeeperThan(data: unknown, limit: number): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length > limit) return path.slice(0, limit);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return undefined;
}

/**
 * Ajv reports every branch of a oneOf; users want the one that explains the
 * mistake. Keep the deepest errors and drop the generic "must match exactly one
 * schema" lines when something more specific exists.
 */
function simplifyAjvErrors(errors: ErrorObject[]): { path: (string | number)[]; message: string }[] {
  const toPath = (p: string): (string | number)[] =>
    p
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'not');
  const pool = specific.length ? specific : errors;
  const maxDepth = maxOf(pool, (e) => toPath(e.instancePath).length);
  const deepest = pool.filter((e) => toPath(e.instancePath).length === maxDepth);
  const seen = new Set<string>();
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const e of deepest) {
    let msg = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') msg = `unknown field '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    if (e.keyword === 'enum') msg = `${msg}: ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
    const key = `${e.instancePath} ${msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: toPath(e.instancePath), message: msg });
    if (out.length >= 5) break;
  }
  return out;
}

function lineFinder(doc: Document, text: string): (path: (string | number)[]) => number | undefined {
  const lines = new LineIndex(text);
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.position(node.range[0]).line;
    }
    return undefined;
  };
}

/**
 * Reads the events file each `filterCoverage` condition names, from the rule's
 * own directory (the schema allows a bare file name only), into the spec.
 */
function loadCoverageEvents(spec: RuleSpec, dir: string, cwd: string): string[] {
  const problems: string[] = [];
  const visit = (c: Condition | undefined): void => {
    if (!c) return;
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else if ('related' in c) visit(c.where);
    else if ('anyResource' in c) visit(c.anyResource.where);
    else if ('filterCoverage' in c) {
      const fc: FilterCoverageSpec = c.filterCoverage;
      const file = join(dir, fc.events);
      const shown = relative(cwd, file) || file;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        problems.push(`cannot read the events file ${shown}: ${(e as Error).message}`);
        return;
      }
      const doc = parseDocument(text, { prettyErrors: false });
      if (doc.errors.length > 0) {
        problems.push(`${shown}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
        return;
      }
      const lineOf = lineFinder(doc, text);
      const { events, problems: found } = readControlEvents(doc.toJS({ maxAliasCount: 100 }) as unknown);
      for (const p of found) {
        const line = lineOf(p.path);
        problems.push(`${shown}${line ? `:${line}` : ''}: ${p.path.length ? `field '${p.path.join('.')}': ` : ''}${p.message}`);
      }
      if (events) fc.definition = events;
    }
  };
  visit(spec.where);
  visit(spec.assert);
  return problems;
}
