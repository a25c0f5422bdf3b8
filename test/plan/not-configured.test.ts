// Values the provider computes because the configuration does not write them (the plan reader's
// NOT_CONFIGURED) read as unset in the Terraform adapter. The reader marks resources where such a value
// is at most a top-level attribute (shallowNotConfigured), and the adapter then skips its walk of each
// value read: both kinds of resource must read the same as the walk would have them. Also where the
// adapter locates a plan resource's attributes: at its entry, without asking its locate for each path.
import { describe, expect, it } from 'vitest';
import { TfAttributeReader } from '../../engine/adapters/terraform/adapter.js';
import { newResource } from '../../engine/graph.js';
import { isUnknown } from '../../core/unknown.js';
import { parsePlan } from '../../parsers/terraform/plan/index.js';
import { resource } from './helpers.js';

function trailChange(name: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown>): Record<string, unknown> {
  return { address: `aws_cloudtrail.${name}`, mode: 'managed', type: 'aws_cloudtrail', name, change: { actions: ['create'], before: null, after, after_unknown: afterUnknown, after_sensitive: {} } };
}

function planText(): string {
  const config = (name: string) => ({
    address: `aws_cloudtrail.${name}`,
    mode: 'managed',
    type: 'aws_cloudtrail',
    name,
    expressions: { name: { constant_value: name }, event_selector: [{ include_management_events: { constant_value: true } }] },
  });
  return JSON.stringify({
    format_version: '1.2',
    resource_changes: [
      // Only top-level computed attributes: `arn`, and `kms_key_id`, which the configuration does not write.
      trailChange('flat', { name: 'flat', event_selector: [{ include_management_events: true }] }, { arn: true, kms_key_id: true }),
      // The same, and a computed attribute inside a block the configuration writes.
      trailChange('deep', { name: 'deep', event_selector: [{ include_management_events: true }] }, { arn: true, event_selector: [{ read_write_type: true }] }),
    ],
    configuration: { root_module: { resources: [config('flat'), config('deep')] } },
  });
}

function reader(tf: ReturnType<typeof resource>): TfAttributeReader {
  return new TfAttributeReader(tf, newResource({ address: tf.address, kind: 'trail', nativeType: tf.type, source: 'terraform-plan', file: tf.file, range: tf.range }));
}

describe('provider-computed plan values in the Terraform adapter', () => {
  const result = parsePlan('plan.json', planText());
  const flat = resource(result, 'aws_cloudtrail.flat');
  const deep = resource(result, 'aws_cloudtrail.deep');

  it('marks a resource whose computed values are all top-level attributes, and only such a resource', () => {
    expect(flat.shallowNotConfigured).toBe(true);
    expect(deep.shallowNotConfigured).toBeUndefined();
    // The deep one does hold the marker below the top level.
    const selector = (deep.values['event_selector'] as Record<string, unknown>[])[0]!;
    expect(isUnknown(selector['read_write_type'])).toBe(true);
  });

  it('reads top-level computed attributes as unset, and other values as they are, without copying', () => {
    const r = reader(flat);
    expect(isUnknown(flat.values['kms_key_id'])).toBe(true);
    expect(r.get('kms_key_id')).toBeUndefined();
    expect(r.get('arn')).toBeUndefined();
    expect(r.get('name')).toBe('flat');
    expect(r.get('event_selector')).toBe(flat.values['event_selector']);
  });

  it('reads computed values below the top level as unset, in a copy', () => {
    const r = reader(deep);
    expect(r.get('arn')).toBeUndefined();
    expect(r.get('event_selector')).toEqual([{ include_management_events: true }]);
    expect(r.get('event_selector')).not.toBe(deep.values['event_selector']);
  });

  it('reads the same when the mark is missing: the walk finds nothing to remove', () => {
    const unmarked = { ...flat, shallowNotConfigured: undefined };
    delete unmarked.shallowNotConfigured;
    const r = reader(unmarked);
    for (const name of ['kms_key_id', 'arn', 'name', 'event_selector']) expect(r.get(name), name).toEqual(reader(flat).get(name));
  });
});

describe('plan attribute positions in the Terraform adapter', () => {
  const result = parsePlan('plan.json', planText());
  const flat = resource(result, 'aws_cloudtrail.flat');

  it("are the entry's range for a plan resource, whatever the path", () => {
    const r = reader(flat);
    expect(r.loc('name')).toBe(flat.range);
    expect(r.loc(['event_selector', 0, 'include_management_events'])).toBe(flat.range);
    expect(r.loc('never_written')).toBe(flat.range);
  });

  it('come from its locate when the resource has another (its .tf source, matched by the scan)', () => {
    const at = { file: 'main.tf', start: { line: 3, column: 1 }, end: { line: 3, column: 9 } };
    const asked: (string | number)[][] = [];
    const matched = {
      ...flat,
      locate: (path: readonly (string | number)[]) => {
        asked.push([...path]);
        return path[0] === 'name' ? at : undefined;
      },
    };
    const r = reader(matched);
    expect(r.loc('name')).toBe(at);
    // A block type not found at its name is looked for at its first block.
    expect(r.loc('event_selector')).toBeUndefined();
    expect(asked).toEqual([['name'], ['event_selector'], ['event_selector', 0]]);
  });
});
