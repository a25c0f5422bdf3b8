// The value of `aws_s3_bucket.logs` (without an attribute) as other
// expressions see it: an object whose attributes are evaluated on demand.
//
// Terraform gives such an expression the resource's full object, every
// attribute of the provider schema included. Without the schema, the object
// answers any attribute name: written ones with their value, the others with
// an Unknown "known after apply" pointing at the resource. That keeps
// `aws_kms_key.trail[*].arn`, `one(aws_cloudtrail.this[*].home_region)` and
// `for_each = aws_s3_bucket.logs` working, and evaluates only the attributes
// an expression actually reads.

import type { HclObject } from '../hcl/values.js';

export interface AttributeSource {
  /** Names the object lists (written ones and always-present computed ones). */
  names(): string[];
  /** The value of an attribute. */
  get(name: string): unknown;
}

/** Attribute names as the provider schemas spell them; anything else (`then`, `toJSON`, symbols) is not an attribute. */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]*$/;
const NOT_ATTRIBUTES = new Set(['constructor', 'then']);

function isAttributeName(key: string | symbol): key is string {
  return typeof key === 'string' && ATTRIBUTE_NAME.test(key) && !NOT_ATTRIBUTES.has(key);
}

export function referenceObject(source: AttributeSource): HclObject {
  const target: HclObject = {};
  return new Proxy(target, {
    get: (_t, key) => (isAttributeName(key) ? source.get(key) : undefined),
    has: (_t, key) => isAttributeName(key),
    getOwnPropertyDescriptor: (_t, key) =>
      isAttributeName(key) ? { value: source.get(key), writable: false, enumerable: true, configurable: true } : undefined,
    ownKeys: () => source.names(),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
