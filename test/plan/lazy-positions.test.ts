// Plan positions are found lazily (parsers/terraform/plan/positions.ts: one pass over the text on the
// first request, nothing while parsing) and graph resources ask for them only when a finding needs
// one. This compares them, over every committed plan fixture, with the eager positions of the
// position-recording JSON parser the CloudFormation reader uses: every resource's range (and what
// `locate` gives for its attributes) must be its entry's range there, and the graph resource built from
// it must report the same.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adaptTerraform } from '../../engine/adapters/terraform/adapter.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { ResourceGraph } from '../../engine/graph.js';
import type { PathSegment, SourceRange } from '../../core/location.js';
import { parseJsonWithPositions } from '../../parsers/json-positions.js';
import { mayBePlanText, parsePlan } from '../../parsers/terraform/plan/index.js';
import { decodeText } from '../../parsers/text.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every committed JSON file that the scanner would read as a plan. */
function planFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === '.git' || name === '.out' || name === 'dist') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) found.push(path);
    }
  };
  for (const top of ['rules', 'test/fixtures', 'examples']) walk(join(ROOT, top));
  return found.filter((path) => {
    const text = decodeText(readFileSync(path));
    return mayBePlanText(text.slice(0, 2048), relative(ROOT, path));
  });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Entries in the order the reader takes them, each with its JSON path and printed address. */
function entries(plan: Json): { path: PathSegment[]; address: unknown }[] {
  const out: { path: PathSegment[]; address: unknown }[] = [];
  const changes = plan['resource_changes'];
  if (Array.isArray(changes)) {
    changes.forEach((entry, i) => {
      if (isObject(entry) && entry['deposed'] === undefined) out.push({ path: ['resource_changes', i], address: entry['address'] });
    });
  }
  const module = (m: unknown, path: PathSegment[]): void => {
    if (!isObject(m)) return;
    const resources = m['resources'];
    if (Array.isArray(resources)) resources.forEach((entry, i) => isObject(entry) && out.push({ path: [...path, 'resources', i], address: entry['address'] }));
    const children = m['child_modules'];
    if (Array.isArray(children)) children.forEach((child, j) => module(child, [...path, 'child_modules', j]));
  };
  const values = (v: unknown, path: PathSegment[]): void => {
    if (isObject(v)) module(v['root_module'], [...path, 'root_module']);
  };
  values(plan['planned_values'], ['planned_values']);
  if (isObject(plan['prior_state'])) values(plan['prior_state']['values'], ['prior_state', 'values']);
  values(plan['values'], ['values']);
  return out;
}

/**
 * A lazy range as its consumers see it: `start` and `end` read through its accessors (the reports), what
 * JSON makes of it, and a copy made by spreading (`{ ...range, file }`, as findings' locations are
 * moved): all must be the entry's range. A plan without `configuration` took the spread path, and a range
 * whose accessors were on its prototype lost its position there (fuzz seed 120706).
 */
function asRead(range: SourceRange | undefined): unknown {
  if (!range) return range;
  const read = { file: range.file, start: range.start, end: range.end };
  expect(JSON.parse(JSON.stringify(range))).toEqual(read);
  expect({ ...range }).toEqual(read);
  return read;
}

describe('lazy plan positions against the eager JSON positions', () => {
  const files = planFiles();

  it('finds the committed plan fixtures', () => {
    // Rule cases alone hold well over a hundred plans; a walk that finds few has gone wrong.
    expect(files.length).toBeGreaterThan(100);
  });

  it('gives every resource of every plan fixture its entry range, in the reader and in the graph', () => {
    let compared = 0;
    for (const path of files) {
      const file = relative(ROOT, path);
      const text = decodeText(readFileSync(path));
      let eager: ReturnType<typeof parseJsonWithPositions>;
      try {
        eager = parseJsonWithPositions(text, file);
      } catch {
        // A deliberately broken plan: parsePlan must refuse it too.
        expect(() => parsePlan(file, text), file).toThrow();
        continue;
      }
      const result = parsePlan(file, text);
      if (!result.isPlan) continue;
      const candidates = entries(eager.value as Json);
      const used = new Set<number>();
      const graph = new ResourceGraph();
      const diagnostics: Diagnostic[] = [];
      adaptTerraform(result.resources, 'terraform-plan', file, graph, diagnostics);
      const inGraph = new Map(graph.resources.map((r) => [r.address, r]));
      for (const resource of result.resources) {
        const index = candidates.findIndex((c, i) => !used.has(i) && c.address === resource.address);
        expect(index, `${file}: no entry for ${resource.address}`).toBeGreaterThanOrEqual(0);
        used.add(index);
        const expected = eager.positions.get(candidates[index]!.path);
        expect(expected, `${file}: ${resource.address}`).toBeDefined();
        expect(asRead(resource.range), `${file}: ${resource.address}`).toEqual(expected);
        // Attribute paths point at the entry too: a plan's attribute positions help nobody.
        const attribute = Object.keys(resource.values)[0];
        if (attribute !== undefined) expect(asRead(resource.locate([attribute])), `${file}: ${resource.address}.${attribute}`).toEqual(expected);
        const node = inGraph.get(resource.address);
        if (node) expect(asRead(node.range), `${file}: graph ${resource.address}`).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
