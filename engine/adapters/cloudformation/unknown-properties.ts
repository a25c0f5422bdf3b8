// Property names CloudFormation does not accept, at every level of a resource's properties.
//
// A misspelt property is read as not set, which can hide what the author meant: `KmsKeyId` for
// `KMSKeyId` reads as "not encrypted", and `ReadWriteTyp: WriteOnly` inside an event selector reads as
// the default, All. CloudFormation rejects both when the stack is deployed ("Encountered unsupported
// property"), long after the scan passed or failed the template for the wrong reason. So each name the
// registry schema of the type does not have is said at its line, with the name most likely meant. The
// names come from cfn-properties.ts (the CloudFormation registry schemas, as @aws-cdk/aws-service-spec
// publishes them), for the resource types trailguard reads.

import type { Diagnostic } from '../../../core/diagnostics.js';
import type { CfnTemplate } from '../../../parsers/cloudformation/index.js';
import { hasOwn, own } from '../../../core/own.js';
import { likelyName } from '../../../core/likely-name.js';
import { CappedWarnings } from './capped-warnings.js';
import { isIntrinsicKey } from './intrinsics.js';
import { CFN_PROPERTY_STRUCTS_JSON, CFN_RESOURCE_PROPERTIES } from './cfn-properties.js';

/** Names said one by one per template; past it, one more warning counts the rest. */
const MAX_UNKNOWN_WARNINGS = 50;
/** Structs nested deeper than this are not looked into (no registry schema nests anywhere near it). */
const MAX_DEPTH = 32;

type Structs = Readonly<Record<string, Readonly<Record<string, string>>>>;
let structs: Structs | undefined;

/** The members of the property types of the types read (cfn-properties.ts), parsed on first use. */
export function cfnPropertyStructs(): Structs {
  return (structs ??= JSON.parse(CFN_PROPERTY_STRUCTS_JSON) as Structs);
}

/** Collects the unknown property names of one template, resource after resource (flush at its end). */
export class UnknownProperties {
  private readonly warnings: CappedWarnings;

  constructor(t: CfnTemplate, diagnostics: Diagnostic[]) {
    this.warnings = new CappedWarnings(
      t,
      diagnostics,
      'unknown-property',
      MAX_UNKNOWN_WARNINGS,
      (more) => `${more} more property names in this template that CloudFormation does not accept; trailguard ignores each of them`,
    );
  }

  /** Warns of every property name of resource `logicalId` (of `type`) that its schema does not have. */
  check(logicalId: string, type: string, props: Record<string, unknown>): void {
    const known = own(CFN_RESOURCE_PROPERTIES, type);
    if (!known) return;
    const ofType = own(cfnPropertyStructs(), type);
    for (const name of Object.keys(props)) {
      // An include or a conditional in place of properties is read where intrinsics are.
      if (name.startsWith('Fn::')) continue;
      if (!known.includes(name)) {
        const near = likelyName(name, known);
        this.found(logicalId, [name], `${logicalId}: ${type} has no property '${name}'${near ? ` (did you mean '${near}'?)` : ''}`);
        continue;
      }
      const struct = ofType ? own(ofType, name) : undefined;
      if (struct) this.struct(logicalId, type, struct, props[name], [name], 0);
    }
  }

  /** The warning that counts the names not said one by one, if any. */
  flush(): void {
    this.warnings.flush();
  }

  /**
   * `value`, at `path` under the resource's Properties, is a `struct` of `type` (or a list of them): each
   * of its members must be one the struct has. A value written with an intrinsic function (`!If`,
   * `!Ref`, `Fn::Transform`) is not looked into: what it becomes is known only at deployment.
   */
  private struct(logicalId: string, type: string, struct: string, value: unknown, path: (string | number)[], depth: number): void {
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.struct(logicalId, type, struct, value[i], [...path, i], depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && isIntrinsicKey(keys[0]!)) return;
    const members = own(cfnPropertyStructs(), `${type}.${struct}`);
    if (!members) return;
    for (const key of keys) {
      if (key.startsWith('Fn::')) continue;
      if (!hasOwn(members, key)) {
        const near = likelyName(key, Object.keys(members));
        this.found(
          logicalId,
          [...path, key],
          `${logicalId}: ${path.join('.')} (${type}.${struct}) has no property '${key}'${near ? ` (did you mean '${near}'?)` : ''}`,
        );
        continue;
      }
      const inner = members[key];
      if (inner) this.struct(logicalId, type, inner, record[key], [...path, key], depth + 1);
    }
  }

  private found(logicalId: string, path: readonly (string | number)[], what: string): void {
    this.warnings.warn(logicalId, path, `${what}; CloudFormation rejects it and trailguard ignores it`);
  }
}
