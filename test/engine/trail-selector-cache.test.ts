import { describe, expect, it } from 'vitest';
import { Unknown } from '../../core/unknown.js';
import { deriveTrail } from '../../engine/adapters/derive.js';
import { newResource } from '../../engine/graph.js';
import { PartialString, UnknownJsonDocument } from '../../parsers/terraform/hcl/structured-unknown.js';

// deriveTrail keeps what a trail's selectors record by their JSON text (engine/adapters/derive.ts), so
// thousands of trails made by one module evaluate it once; selectors holding an Unknown are never
// cached. The key is made first and the Unknown walk runs only when it shows an `unknown` member.
function trail(advanced: unknown) {
  const r = newResource({ address: 'aws_cloudtrail.t', kind: 'trail', nativeType: 'aws_cloudtrail', source: 'terraform-plan', file: 'plan.json', range: { file: 'plan.json', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } });
  r.props['advancedEventSelectors'] = advanced;
  deriveTrail(r, undefined);
  return r;
}

const selectors = (values: unknown[]) => [
  { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
  { name: 'S3', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: values }] },
];

describe('the trail selector cache', () => {
  it('shares what known selectors record between trails', () => {
    const a = trail(selectors(['AWS::S3::Object']));
    const b = trail(selectors(['AWS::S3::Object']));
    expect(b.props['recording']).toBe(a.props['recording']);
  });

  it('works out selectors holding an Unknown (or a subclass) for each trail', () => {
    for (const make of [
      () => new Unknown('known after apply'),
      () => new PartialString(['AWS::S3::', new Unknown('x')], 'partly known', [], true),
      () => new UnknownJsonDocument({}, []),
    ]) {
      const a = trail(selectors([make()]));
      const b = trail(selectors([make()]));
      expect(b.props['recording']).not.toBe(a.props['recording']);
      expect(b.props['recording']).toEqual(a.props['recording']);
    }
  });

  it('does not take a known member named `unknown` for an Unknown', () => {
    const odd = [{ name: 'x', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }], unknown: 'y' }];
    const a = trail(odd);
    const b = trail(JSON.parse(JSON.stringify(odd)));
    expect(b.props['recording']).toBe(a.props['recording']);
  });
});
