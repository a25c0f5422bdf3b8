import { describe, expect, it } from 'vitest';
import { newResource, ResourceGraph, type Resource } from '../../engine/graph.js';
import { evaluateCondition, globMatch, type EvalContext } from '../../engine/rules/condition.js';
import type { Condition } from '../../engine/rules/types.js';
import { Unknown } from '../../core/unknown.js';

function trail(props: Record<string, unknown>, address = 'T'): Resource {
  const r = newResource({
    address,
    kind: 'trail',
    nativeType: 'AWS::CloudTrail::Trail',
    source: 'cloudformation',
    file: 't.yaml',
    range: { file: 't.yaml', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  });
  r.props = props;
  return r;
}

function ctx(graph = new ResourceGraph(), params: Record<string, unknown> = {}): EvalContext {
  return { graph, params, reasons: [] };
}

const known = new Unknown('known after apply', [{ address: 'aws_kms_key.k', attribute: 'arn' }], true);
const maybe = new Unknown('parameter without default');

describe('three-valued conditions: a violation only when the configuration shows it', () => {
  const cases: [string, Condition, Record<string, unknown>, boolean | null][] = [
    ['equals true', { property: 'multiRegion', equals: true }, { multiRegion: true }, true],
    ['equals false value', { property: 'multiRegion', equals: true }, { multiRegion: false }, false],
    ['equals on unknown is undetermined', { property: 'multiRegion', equals: true }, { multiRegion: maybe }, null],
    ['missing property is not equal', { property: 'multiRegion', equals: true }, {}, false],
    ['exists: set', { property: 'kmsKeyId', exists: true }, { kmsKeyId: 'alias/x' }, true],
    ['exists: empty string is unset', { property: 'kmsKeyId', exists: true }, { kmsKeyId: '' }, false],
    ['exists: reference known after apply is present', { property: 'kmsKeyId', exists: true }, { kmsKeyId: known }, true],
    ['exists: maybe-empty unknown is undetermined', { property: 'kmsKeyId', exists: true }, { kmsKeyId: maybe }, null],
    ['exists false', { property: 'kmsKeyId', exists: false }, {}, true],
    ['nested property through an unknown', { property: 'recording.s3Data', equals: true }, { recording: maybe }, null],
    ['nested property', { property: 'recording.s3Data', equals: true }, { recording: { s3Data: true } }, true],
    ['numbers compare with numeric strings', { property: 'retentionDays', greaterOrEqual: 2557 }, { retentionDays: '3000' }, true],
    ['number below', { property: 'retentionDays', greaterOrEqual: 2557 }, { retentionDays: 90 }, false],
    ['number unknown', { property: 'retentionDays', greaterOrEqual: 2557 }, { retentionDays: maybe }, null],
    ['in', { property: 'name', in: ['a', 'b'] }, { name: 'b' }, true],
    ['notIn', { property: 'name', notIn: ['a', 'b'] }, { name: 'c' }, true],
    ['like', { property: 'name', like: 'org-*' }, { name: 'org-trail' }, true],
    ['notLike', { property: 'name', notLike: 'org-*' }, { name: 'org-trail' }, false],
    ['startsWith', { property: 'name', startsWith: 'org' }, { name: 'org-trail' }, true],
    ['contains in list', { property: 'insightTypes', contains: 'ApiCallRateInsight' }, { insightTypes: ['ApiCallRateInsight'] }, true],
    ['contains with an unknown element', { property: 'insightTypes', contains: 'X' }, { insightTypes: ['Y', maybe] }, null],
    ['containsAll', { property: 'insightTypes', containsAll: ['A', 'B'] }, { insightTypes: ['B', 'A'] }, true],
    ['containsAll missing one', { property: 'insightTypes', containsAll: ['A', 'B'] }, { insightTypes: ['A'] }, false],
    ['all: false wins over unknown', { all: [{ property: 'a', equals: 1 }, { property: 'b', equals: 1 }] }, { a: maybe, b: 2 }, false],
    ['all: unknown when nothing false', { all: [{ property: 'a', equals: 1 }, { property: 'b', equals: 1 }] }, { a: maybe, b: 1 }, null],
    ['any: true wins over unknown', { any: [{ property: 'a', equals: 1 }, { property: 'b', equals: 1 }] }, { a: maybe, b: 1 }, true],
    ['not unknown is unknown', { not: { property: 'a', equals: 1 } }, { a: maybe }, null],
    ['not', { not: { property: 'a', equals: 1 } }, { a: 2 }, true],
  ];
  it.each(cases)('%s', (_name, cond, props, want) => {
    expect(evaluateCondition(cond, trail(props), ctx())).toBe(want);
  });

  it('parameters are resolved from the rule', () => {
    const c: Condition = { property: 'retentionDays', greaterOrEqual: { param: 'min' } };
    expect(evaluateCondition(c, trail({ retentionDays: 400 }), ctx(undefined, { min: 366 }))).toBe(true);
    expect(evaluateCondition(c, trail({ retentionDays: 400 }), ctx(undefined, { min: 2557 }))).toBe(false);
  });

  it('records why a check could not be decided', () => {
    const c = ctx();
    evaluateCondition({ property: 'multiRegion', equals: true }, trail({ multiRegion: maybe }), c);
    expect(c.reasons).toEqual(['multiRegion: parameter without default']);
  });

  it('follows relations: resolved, outside the scan (undetermined), unset (false)', () => {
    const g = new ResourceGraph();
    const key = newResource({ ...trail({}), kind: 'key', address: 'K', nativeType: 'AWS::KMS::Key', source: 'cloudformation', file: 't.yaml', range: trail({}).range });
    key.props = { rotation: true };
    const t = trail({});
    t.edges = { key: { status: 'resolved', target: key } };
    const where: Condition = { related: 'key', where: { property: 'rotation', equals: true } };
    expect(evaluateCondition(where, t, ctx(g))).toBe(true);
    t.edges = { key: { status: 'outside', name: 'alias/other' } };
    const c = ctx(g);
    expect(evaluateCondition(where, t, c)).toBe(null);
    expect(c.reasons[0]).toContain('not part of the scan');
    t.edges = { key: { status: 'unset' } };
    expect(evaluateCondition(where, t, ctx(g))).toBe(false);
    expect(evaluateCondition({ related: 'key', exists: true }, t, ctx(g))).toBe(false);
  });

  it('anyResource looks across the scan', () => {
    const g = new ResourceGraph();
    g.add(trail({ organization: false }, 'A'));
    const c: Condition = { anyResource: { kind: 'trail', where: { property: 'organization', equals: true } } };
    expect(evaluateCondition(c, trail({}), ctx(g))).toBe(false);
    g.add(trail({ organization: maybe }, 'B'));
    expect(evaluateCondition(c, trail({}), ctx(g))).toBe(null);
    g.add(trail({ organization: true }, 'C'));
    expect(evaluateCondition(c, trail({}), ctx(g))).toBe(true);
  });
});

describe('glob patterns from rule files', () => {
  it.each([
    ['org-*', 'org-trail', true],
    ['org-*', 'trail', false],
    ['a?c', 'abc', true],
    ['*', '', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
  ])('%s ~ %s', (p, s, want) => expect(globMatch(p, s)).toBe(want));

  it('answers hostile patterns (no regular expression is built from rule text, so no catastrophic backtracking)', () => {
    // A backtracking regex for this pattern would not finish within the test timeout.
    expect(globMatch(`${'a*'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
  });
});
