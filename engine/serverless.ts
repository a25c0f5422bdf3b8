// The Serverless Framework (`serverless.yml`): its `resources` section is CloudFormation that the
// framework adds to the stack it deploys (a trail, its bucket and key are often declared there). It is
// read as a template of its own: `resources.Resources`, `Conditions` and `Outputs`, positions in the file
// as written. Serverless variables (`${self:custom.x}`, `${opt:stage}`, `${env:X}`, `${ssm:…}`,
// `${file(…)}`…) are resolved by the framework at deployment, so any value holding one is unknown, with
// the variable named; a `resources` entry that is itself a variable (a fragment from another file) is a
// note with every check undetermined there. The functions and events the framework generates are not
// CloudTrail's concern and are not read.

import type { Diagnostic } from '../core/diagnostics.js';
import { PositionIndex, type PathSegment, type SourceRange } from '../core/location.js';
import { Unknown } from '../core/unknown.js';
import type { CfnTemplate } from '../parsers/cloudformation/index.js';
import { parseYamlDocuments } from '../parsers/cloudformation/yaml-template.js';
import { defineMember } from '../parsers/define-member.js';
import { unreadStandIn, type Resource } from './graph.js';
import { oneLine } from '../parsers/quote.js';

export const SERVERLESS_UNSEEN_CODE = 'serverless-unseen';

export function isServerlessConfig(shownPath: string): boolean {
  const name = shownPath.slice(shownPath.lastIndexOf('/') + 1);
  return name === 'serverless.yml' || name === 'serverless.yaml';
}

/** A Serverless variable: `${` followed by a source the framework resolves (`self:`, `opt:`, `file(`…). */
const VARIABLE = /\$\{\s*(?:self|opt|env|sls|ssm|s3|cf|file|param|aws|strToBool|sm)[:(]/;

export interface ServerlessRead {
  template?: CfnTemplate;
  diagnostics: Diagnostic[];
  standIns: Resource[];
}

/** Undefined when the file is not a Serverless service (no `service`): it is then read as any YAML. */
export function readServerless(shownPath: string, text: string): ServerlessRead | undefined {
  const doc = parseYamlDocuments(text, shownPath)[0];
  const root = record(doc?.value);
  if (!doc || !root || (typeof root['service'] !== 'string' && !record(root['service']))) return undefined;
  const out: ServerlessRead = { diagnostics: [...doc.warnings], standIns: [] };
  const resources = root['resources'];
  // `resources` is one CloudFormation fragment or a list of them (some from other files).
  const fragments: [unknown, PathSegment[]][] = Array.isArray(resources) ? resources.map((f, i) => [f, ['resources', i]]) : resources === undefined ? [] : [[resources, ['resources']]];
  const body: Record<string, unknown> = {};
  const origin = new Map<string, PathSegment[]>();
  for (const [fragment, at] of fragments) {
    if (typeof fragment === 'string') {
      const range = doc.positions.get(at) ?? doc.positions.nearest(at) ?? fileStart(shownPath);
      const reason = `resources from ${oneLine(fragment, 120)} are resolved by the Serverless Framework at deployment and not read: scan the file it names, or the template \`serverless package\` writes (.serverless/cloudformation-template-update-stack.json)`;
      out.diagnostics.push({ level: 'note', code: SERVERLESS_UNSEEN_CODE, file: shownPath, range, message: reason });
      const id = `${shownPath}#serverless@${range.start.line}:${range.start.column}`;
      out.standIns.push(unreadStandIn({ address: `serverless:${at.join('.')}`, nativeType: 'serverless', source: 'cloudformation', range, id, unread: fragment.slice(0, 200), reason }));
      continue;
    }
    const f = record(fragment);
    if (!f) continue;
    for (const section of ['Resources', 'Conditions', 'Outputs', 'Parameters', 'Mappings'] as const) {
      const entries = record(f[section]);
      if (!entries) continue;
      const target = record(body[section]) ?? {};
      for (const [name, value] of Object.entries(entries)) {
        defineMember(target, name, withVariablesUnknown(value, 0));
        origin.set(PositionIndex.key([section, name]), [...at, section]);
      }
      defineMember(body, section, target);
    }
  }
  if (!record(body['Resources'])) return out;
  out.template = { file: shownPath, format: 'yaml', body, positions: new FragmentPositions(shownPath, doc.positions, origin), warnings: [] };
  return out;
}

/** Any string holding a Serverless variable, anywhere in `v`, as an Unknown naming it. */
function withVariablesUnknown(v: unknown, depth: number): unknown {
  if (typeof v === 'string') {
    const m = VARIABLE.exec(v);
    if (!m) return v;
    const end = v.indexOf('}', m.index);
    return new Unknown(`${oneLine(v.slice(m.index, end < 0 ? m.index + 40 : end + 1), 120)} is a Serverless variable, resolved at deployment`, [], false);
  }
  if (depth > 200 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => withVariablesUnknown(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) defineMember(out, k, withVariablesUnknown(x, depth + 1));
  return out;
}

/** Positions of the merged template, asked of the file's own index under the fragment each entry came from. */
class FragmentPositions extends PositionIndex {
  constructor(
    file: string,
    private readonly inner: PositionIndex,
    private readonly origin: ReadonlyMap<string, PathSegment[]>,
  ) {
    super(file);
  }

  private inFile(path: readonly PathSegment[]): PathSegment[] | undefined {
    if (path.length < 2) return path.length === 1 ? ['resources', ...path] : ['resources'];
    const base = this.origin.get(PositionIndex.key(path.slice(0, 2)));
    return base ? [...base, ...path.slice(1)] : undefined;
  }

  override get(path: readonly PathSegment[]): SourceRange | undefined {
    const p = this.inFile(path);
    return p && this.inner.get(p);
  }

  override getKey(path: readonly PathSegment[]): SourceRange | undefined {
    const p = this.inFile(path);
    return p && this.inner.getKey(p);
  }

  override nearest(path: readonly PathSegment[]): SourceRange | undefined {
    const p = this.inFile(path);
    return (p && this.inner.nearest(p)) ?? this.inner.nearest(['resources']);
  }
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) ? (v as Record<string, unknown>) : undefined;
}

function fileStart(file: string): SourceRange {
  return { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
}
