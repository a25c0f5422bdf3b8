#!/usr/bin/env node
// Regenerates engine/adapters/cloudformation/cfn-properties.ts from the CloudFormation resource
// registry schemas as the AWS CDK team publishes them (@aws-cdk/aws-service-spec on npm, Apache-2.0:
// its db.json.gz holds every resource type's properties): the property names of each resource type
// trailguard reads, the members of their property types (`EventSelectors[0].ReadWriteType`), and the
// type names of the services those belong to, so that a misspelt property (`KmsKeyId`, `ReadWriteTyp`)
// or type (`AWS::CloudTrail::Trial`), which CloudFormation rejects, is said at its line.
//
//   node test/tools/cloudformation-properties.mjs                       # the types already in the table
//   node test/tools/cloudformation-properties.mjs AWS::SQS::Queue       # and these
//   SPEC_VERSION=0.1.216 node test/tools/cloudformation-properties.mjs  # a given package version
//
// Needs the npm registry (npm pack). Tests use the committed table and never need it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const target = join(repo, 'engine/adapters/cloudformation/cfn-properties.ts');
const PACKAGE = '@aws-cdk/aws-service-spec';

const previous = existsSync(target) ? [...readFileSync(target, 'utf8').matchAll(/^ {2}'([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)': \[/gm)].map((m) => m[1]) : [];
const types = [...new Set([...previous, ...process.argv.slice(2)])].sort();
if (types.length === 0) throw new Error('no resource types: name them on the command line');

const work = mkdtempSync(join(tmpdir(), 'trailguard-cfn-spec-'));
try {
  const spec = `${PACKAGE}@${process.env.SPEC_VERSION ?? 'latest'}`;
  execFileSync('npm', ['pack', spec, '--pack-destination', work, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['xzf', tarball], { cwd: work });
  const version = JSON.parse(readFileSync(join(work, 'package/package.json'), 'utf8')).version;
  const db = JSON.parse(gunzipSync(readFileSync(join(work, 'package/db.json.gz'))).toString('utf8'));
  const byType = new Map(Object.values(db.schema.resource.entities).map((r) => [r.cloudFormationType, r]));
  const serviceOf = (type) => type.slice(0, type.lastIndexOf('::'));
  const definitions = new Map(Object.values(db.schema.typeDefinition.entities).map((d) => [d.$id, d]));
  const lines = [];
  const structTable = {};
  for (const type of types) {
    const resource = byType.get(type);
    if (!resource) throw new Error(`${type}: not a resource type of ${PACKAGE} ${version}`);
    const names = Object.keys(resource.properties ?? {}).sort();
    lines.push(`  '${type}': [${names.map((n) => `'${n}'`).join(', ')}],`);
    // The property types (structs) reachable from the resource's properties, named `${type}.${name}` as
    // CloudFormation names them; each member names its own struct, or '' for a value not checked further.
    const structs = new Map();
    const visit = (members) => {
      const shape = {};
      for (const [member, property] of Object.entries(members ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        shape[member] = structOf(property.type);
      }
      return shape;
    };
    const structOf = (t) => {
      if (t.type === 'array') return structOf(t.element);
      if (t.type === 'tag') return 'Tag';
      if (t.type === 'union') {
        // Checked only when exactly one alternative is a struct (an object value can only mean that one).
        const inner = [...new Set(t.types.map(structOf).filter((n) => n !== ''))];
        return inner.length === 1 ? inner[0] : '';
      }
      if (t.type !== 'ref') return '';
      const definition = definitions.get(t.reference.$ref);
      if (!definition) throw new Error(`${type}: no type definition ${t.reference.$ref}`);
      const name = definition.name;
      if (!structs.has(name)) {
        structs.set(name, null);
        structs.set(name, visit(definition.properties));
      }
      return name;
    };
    const top = visit(resource.properties);
    const withStructs = Object.entries(top).filter(([, struct]) => struct !== '');
    if (withStructs.length === 0) continue;
    structs.set('Tag', { Key: '', Value: '' });
    const usesTag = (shape) => Object.values(shape).includes('Tag');
    if (!usesTag(top) && ![...structs.values()].some((shape) => shape && usesTag(shape))) structs.delete('Tag');
    for (const shape of [Object.fromEntries(withStructs), ...structs.values()]) {
      // __proto__ would be an own member of JSON.parse's object, but has no business here: look at it first.
      if (Object.keys(shape).includes('__proto__')) throw new Error(`${type}: a member named __proto__`);
    }
    structTable[type] = Object.fromEntries(withStructs);
    for (const name of [...structs.keys()].sort()) structTable[`${type}.${name}`] = structs.get(name);
  }
  const structJson = JSON.stringify(structTable);
  // Written inside a template literal: nothing there may end it or interpolate.
  if (/[`\\]|\$\{/.test(structJson)) throw new Error('a property type name holds a backquote, a backslash or ${');
  const services = new Set(types.map(serviceOf));
  const serviceTypes = [...byType.keys()].filter((t) => services.has(serviceOf(t))).sort();
  writeFileSync(
    target,
    `// Generated by test/tools/cloudformation-properties.mjs from ${PACKAGE} ${version} (Apache-2.0: the
// CloudFormation resource registry schemas as the AWS CDK publishes them): the property names of the
// resource types trailguard reads, and every type name of their services. Regenerate after adding a
// type to the CloudFormation mappings; do not edit by hand.

/** Where the names come from, for messages. */
export const CFN_SPEC_SOURCE = '${PACKAGE} ${version}';

/** Property names, by resource type. */
export const CFN_RESOURCE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
${lines.join('\n')}
};

/**
 * The members of the property types (structs) of the resource types above, as JSON read on first use
 * (unknown-properties.ts): under the resource type, its properties whose values are structs (or lists of
 * them); under \`type.Struct\`, every member of that struct. A member names the struct its value is, or
 * '' for a value not checked further (a string, a number, a map, a JSON document, or a choice of several
 * structs). Text rather than object literals: every start of the CLI evaluates the bundle, and only a
 * scan of CloudFormation reads these.
 */
export const CFN_PROPERTY_STRUCTS_JSON = \`${structJson}\`;

/** Every resource type of the services above (AWS::CloudTrail, AWS::S3, ...), one per line. */
export const CFN_SERVICE_TYPE_NAMES = \`
${serviceTypes.join('\n')}
\`;
`,
  );
  console.log(`cloudformation-properties: ${types.length} resource types and ${serviceTypes.length} type names of their services from ${PACKAGE} ${version}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
