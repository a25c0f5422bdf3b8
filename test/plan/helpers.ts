import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { isUnknown, type ResourceRef, type Unknown } from '../../core/unknown.js';
import { parsePlan, type PlanParseResult, type PlanResource } from '../../parsers/terraform/plan/index.js';
import { decodeText } from '../../parsers/text.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/terraform/plan/', import.meta.url));

/** A fixture's bytes decoded as the scanner decodes files. */
export function fixtureText(name: string): string {
  return decodeText(readFileSync(FIXTURES + name));
}

/** Parses a fixture, with its path as the scanner would give it. */
export function parseFixture(name: string): { result: PlanParseResult; text: string; file: string } {
  const file = `test/fixtures/terraform/plan/${name}`;
  const text = fixtureText(name);
  return { result: parsePlan(file, text), text, file };
}

export function resource(result: PlanParseResult, address: string): PlanResource {
  const found = result.resources.find((r) => r.address === address);
  if (!found) throw new Error(`no resource ${address}; have ${result.resources.map((r) => r.address).join(', ')}`);
  return found;
}

/** Asserts `value` is an Unknown and returns it. */
export function unknown(value: unknown): Unknown {
  expect(isUnknown(value), `expected an Unknown, got ${JSON.stringify(value)}`).toBe(true);
  return value as Unknown;
}

/** `address#attribute` strings, the compact form the assertions compare. */
export function refs(value: unknown): string[] {
  return unknown(value).refs.map((r: ResourceRef) => (r.attribute ? `${r.address}#${r.attribute}` : r.address));
}

/** The value at `path` inside a resource's values. */
export function at(values: unknown, ...path: (string | number)[]): unknown {
  let node = values;
  for (const step of path) node = (node as Record<string | number, unknown>)[step];
  return node;
}
