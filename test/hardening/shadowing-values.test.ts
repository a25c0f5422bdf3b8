import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { builtinRules } from '../../engine/builtin-rules.js';
import { scan } from '../../engine/scan.js';

type ScanResult = ReturnType<typeof scan>;

/**
 * A map whose members are named `toString` and `valueOf` (`IsLogging: { toString: 1 }`, in Terraform
 * `enable_logging = { toString = 1 }`) makes `String(value)` and a template literal of it throw. Before,
 * the adapters' type conversions, `Fn::Join`, `Fn::Equals`, `Fn::Sub` and the event-selector reader did
 * that: about 2,000 resources of the rule cases below could be made unreadable (a `parse-error` finding,
 * "Cannot convert object to primitive value", and nothing else of the resource checked), and a template
 * whose condition compared such a map was not read at all. Every value of the wrong type is now an
 * undetermined value of that property, said as such, and the rest of the resource is checked.
 *
 * The sweep: every JSON and YAML rule case and example with the values below a depth replaced by such a
 * map (and, in a second pass, whole subtrees), and every `.tf` case with every other attribute's value
 * replaced, each set scanned at once; nothing may be reported as trailguard's own failure.
 */

const repo = join(import.meta.dirname, '../..');
const SHADOW = { toString: 1, valueOf: 1 };
/** What names a resource or a statement's shape is left as written, so that the resources stay resources. */
const KEEP = new Set(['Type', 'type', 'address', 'mode', 'name', 'format_version', 'Version', 'Effect', 'Action', 'Resource', 'Principal', 'toString', 'valueOf']);

function caseFiles(exts: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (exts.includes(extname(name)) && !name.startsWith('.trailguard') && name !== 'expected-lines.json') out.push(path);
    }
  };
  for (const rule of readdirSync(join(repo, 'rules')).sort()) {
    const cases = join(repo, 'rules', rule, 'cases');
    if (statSync(join(repo, 'rules', rule)).isDirectory() && readdirSync(join(repo, 'rules', rule)).includes('cases')) walk(cases);
  }
  walk(join(repo, 'examples'));
  return out;
}

/** Values deeper than `depth` become SHADOW: scalars only (`leaves`), or whole subtrees too (`subtrees`). */
function shadowJson(v: unknown, depth: number, from: number, subtrees: boolean, key?: string): unknown {
  if (key !== undefined && KEEP.has(key) && depth < 6) return v;
  if (v === null) return v;
  if (typeof v !== 'object') return depth > from ? { ...SHADOW } : v;
  if (subtrees && depth > from) return { ...SHADOW };
  if (Array.isArray(v)) return v.map((x) => shadowJson(x, depth + 1, from, subtrees));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: shadowJson((v as Record<string, unknown>)[k], depth + 1, from, subtrees, k), enumerable: true, writable: true, configurable: true });
  return out;
}

function shadowYaml(text: string, from: number): string | undefined {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  YAML.visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || node.tag) return undefined;
      const depth = path.filter((p) => YAML.isCollection(p)).length;
      const pair = path[path.length - 1];
      const name = YAML.isPair(pair) && YAML.isScalar(pair.key) ? String(pair.key.value) : undefined;
      return depth > from && (name === undefined || !KEEP.has(name)) ? doc.createNode({ ...SHADOW }) : undefined;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Every other attribute of a `.tf` file (by line) set to `{ toString = 1, valueOf = 1 }`. */
function shadowTf(text: string, parity: number): string {
  const attribute = /^\s*[a-z_][a-z0-9_]*\s*=\s*[^\s{[]/;
  const structural = /^\s*(?:source|version|type|for_each|count|provider|depends_on)\s*=/;
  return text
    .split('\n')
    .map((line, i) => (i % 2 === parity && attribute.test(line) && !structural.test(line) ? line.replace(/=.*/, '= { toString = 1, valueOf = 1 }') : line))
    .join('\n');
}

function scanAll(files: [name: string, text: string][]): ScanResult {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-shadow-'));
  files.forEach(([name, text], i) => {
    mkdirSync(join(dir, String(i)));
    writeFileSync(join(dir, String(i), name), text);
  });
  return scan({ paths: [dir], rules: builtinRules(), root: dir, toolVersion: 'test' });
}

/** What trailguard reports as its own failure: a resource or a file left unread, or a block not evaluated. */
function ownFailures(result: ScanResult): string[] {
  return result.diagnostics
    .filter((d) => d.code === 'internal-error' || d.code === 'adapter-error' || /internal error/.test(d.message))
    .map((d) => `${d.file}: ${d.message}`);
}

describe('maps whose members shadow toString and valueOf', () => {
  const documents = caseFiles(['.json', '.yaml', '.yml']).map((path) => [basename(path), readFileSync(path, 'utf8')] as [string, string]);

  function mutated(from: number, subtrees: boolean): [string, string][] {
    const out: [string, string][] = [];
    for (const [name, text] of documents) {
      let changed: string | undefined;
      try {
        changed = name.endsWith('.json') || text.trimStart().startsWith('{') ? JSON.stringify(shadowJson(JSON.parse(text), 0, from, subtrees), null, 1) : shadowYaml(text, from);
      } catch {
        changed = undefined;
      }
      if (changed !== undefined && changed.includes('toString')) out.push([name, changed]);
    }
    return out;
  }

  it.each([
    ['leaves below depth 3', 3, false],
    ['subtrees below depth 2', 2, true],
  ])('in every JSON and YAML rule case (%s) leave every resource read', (_, from, subtrees) => {
    const files = mutated(from as number, subtrees as boolean);
    expect(files.length).toBeGreaterThan(500);
    expect(ownFailures(scanAll(files))).toEqual([]);
  });

  it.each([0, 1])('in every .tf rule case (attributes on lines of parity %i) leave every resource read', (parity) => {
    const files = caseFiles(['.tf']).map((path) => [basename(path), shadowTf(readFileSync(path, 'utf8'), parity)] as [string, string]);
    expect(files.filter(([, text]) => text.includes('toString = 1')).length).toBeGreaterThan(300);
    expect(ownFailures(scanAll(files))).toEqual([]);
  });

  // A parameter's Type among them: a map there made the template unreadable (its default was coerced by
  // Type.startsWith), found by replacing each node of every rule case in turn.
  it('make the property undetermined, said as a map, and the rest of the trail is checked', () => {
    const result = scanAll([
      [
        'template.yaml',
        `Parameters:
  Buckets:
    Type: { toString: 1 }
    Default: logs
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: !Ref Buckets
      IsLogging: { toString: 1 }
      IsMultiRegionTrail: false
      EventSelectors:
        - DataResources: [{ Type: AWS::S3::Object, Values: [{ toString: 1 }] }]
      Tags: [{ Key: { toString: 1 }, Value: !Join ['', [{ valueOf: 1 }]] }]
`,
      ],
    ]);
    expect(ownFailures(result)).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(result.undetermined.filter((u) => u.ruleId === 'cloudtrail-logging-enabled').map((u) => u.reason)).toEqual(['logging: a map is not a boolean']);
    expect(result.findings.filter((f) => f.ruleId === 'cloudtrail-multi-region')).toHaveLength(1);
  });
});
