// The linker's resolution order (engine/graph.ts, ResourceGraph.link), which its indexes must keep:
// a reference resolves by address within its own scope only; a literal name resolves to the first
// resource of an accepted kind in the referring resource's scope, else to the first of an accepted kind
// anywhere in the scan, in graph order.
import { describe, expect, it } from 'vitest';
import { newResource, ResourceGraph, type Resource } from '../../engine/graph.js';
import type { Kind } from '../../engine/kinds.js';
import { Unknown } from '../../core/unknown.js';

function resource(graph: ResourceGraph, file: string, address: string, kind: Kind, names: string[] = []): Resource {
  const r = newResource({ address, kind, nativeType: kind, source: 'cloudformation', file, range: { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } });
  r.names.push(...names);
  graph.add(r);
  return r;
}

function trailNaming(graph: ResourceGraph, file: string, value: unknown): Resource {
  const trail = resource(graph, file, 'Trail', 'trail');
  trail.links['bucket'] = { value, kinds: ['bucket'] };
  return trail;
}

const reference = (address: string): Unknown => new Unknown(`Ref ${address}`, [{ address }]);

describe('linking names and references', () => {
  it('prefers a name in the same scope over an earlier one elsewhere, and skips kinds not accepted', () => {
    const graph = new ResourceGraph();
    resource(graph, 'a.yaml', 'LogsTopic', 'sns_topic', ['logs']);
    const elsewhere = resource(graph, 'a.yaml', 'Logs', 'bucket', ['logs']);
    resource(graph, 'b.yaml', 'LogsKey', 'key', ['logs']);
    const own = resource(graph, 'b.yaml', 'Logs', 'bucket', ['logs']);
    const trailB = trailNaming(graph, 'b.yaml', 'logs');
    const trailC = trailNaming(graph, 'c.yaml', 'logs');
    graph.link();
    expect(trailB.edges['bucket']).toEqual({ status: 'resolved', target: own });
    // No bucket named so in c.yaml: the first bucket of that name in the scan, not the topic before it.
    expect(trailC.edges['bucket']).toEqual({ status: 'resolved', target: elsewhere });
  });

  it('resolves a name variant (a log group ARN) and leaves an unknown name outside', () => {
    const graph = new ResourceGraph();
    const group = resource(graph, 'a.yaml', 'Group', 'log_group', ['trail-logs']);
    const trail = resource(graph, 'a.yaml', 'Trail', 'trail');
    trail.links['logGroup'] = { value: 'arn:aws:logs:eu-west-1:111111111111:log-group:trail-logs:*', kinds: ['log_group'] };
    trail.links['bucket'] = { value: 'no-such-bucket', kinds: ['bucket'] };
    graph.link();
    expect(trail.edges['logGroup']).toEqual({ status: 'resolved', target: group });
    expect(trail.edges['bucket']).toEqual({ status: 'outside', name: 'no-such-bucket' });
  });

  it('resolves a reference within its own scope only', () => {
    const graph = new ResourceGraph();
    resource(graph, 'a.yaml', 'Logs', 'bucket');
    const trailA = trailNaming(graph, 'a.yaml', reference('Logs'));
    const trailB = trailNaming(graph, 'b.yaml', reference('Logs'));
    graph.link();
    expect(trailA.edges['bucket']).toMatchObject({ status: 'resolved', target: { file: 'a.yaml', address: 'Logs' } });
    expect(trailB.edges['bucket']).toEqual({ status: 'unknown', reason: 'Ref Logs' });
  });

  it('keeps every copy of a stack linked to its own resources when thousands share names', () => {
    const graph = new ResourceGraph();
    const copies = 3_000;
    for (let i = 0; i < copies; i++) {
      const file = `stack-${i}.yaml`;
      resource(graph, file, 'Logs', 'bucket', ['org-trail-logs']);
      trailNaming(graph, file, reference('Logs'));
      const byName = resource(graph, file, 'NamedTrail', 'trail');
      byName.links['bucket'] = { value: 'org-trail-logs', kinds: ['bucket'] };
    }
    graph.link();
    for (const r of graph.ofKind('trail')) {
      expect(r.edges['bucket']).toMatchObject({ status: 'resolved', target: { file: r.file, address: 'Logs' } });
    }
    expect(graph.ofKind('trail')).toHaveLength(2 * copies);
  });
});
