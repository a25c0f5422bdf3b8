// What a Terraform reference means when the caller cannot resolve it.
//
// `aws_kms_key.trail.arn` is "known after apply", but it certainly points at
// the resource aws_kms_key.trail, and a created key certainly has an ARN: the
// Unknown records the ref (so the linker can draw trail → key) and is
// present. `var.x` without a value, by contrast, may well be null or empty.

import type { TraversalExpr, TraversalStep } from './ast.js';
import { traversalText } from './ast.js';
import { Unknown, type ResourceRef } from '../../../core/unknown.js';

/** `[0]` or `["key"]`, as Terraform writes instance keys in addresses. */
function instanceKey(step: TraversalStep | undefined): string {
  if (!step || step.kind !== 'index') return '';
  return typeof step.key === 'number' ? `[${step.key}]` : `[${JSON.stringify(step.key)}]`;
}

/**
 * The address and attribute named by `<prefix>.<type>.<name>[key].<attribute>`
 * where `steps[first]` is the name step. Undefined when the shape is wrong.
 */
function addressed(prefix: string, steps: readonly TraversalStep[], first: number): ResourceRef | undefined {
  const name = steps[first];
  if (!name || name.kind !== 'attr') return undefined;
  const key = instanceKey(steps[first + 1]);
  const next = steps[first + (key ? 2 : 1)];
  const ref: ResourceRef = { address: `${prefix}.${name.name}${key}` };
  if (next && next.kind === 'attr') ref.attribute = next.name;
  return ref;
}

/** The Unknown standing for a reference that EvalContext.lookup did not resolve. */
export function unresolvedReference(t: Pick<TraversalExpr, 'root' | 'steps'>): Unknown {
  const text = traversalText(t.root, t.steps);
  const first = t.steps[0];
  const firstName = first && first.kind === 'attr' ? first.name : undefined;
  switch (t.root) {
    case 'var':
      return new Unknown(`variable ${firstName ?? text} has no known value`, [], false);
    case 'local':
      return new Unknown(`local value ${firstName ?? text} is not known`, [], false);
    case 'each':
    case 'count':
      return new Unknown(`${text} is known only per instance`, [], false);
    case 'path':
    case 'terraform':
      // path.module, path.root, terraform.workspace: always a non-empty string.
      return new Unknown(`${text} is known only when Terraform runs`, [], true);
    case 'self':
      return new Unknown(`${text} is known only after apply`, [], false);
    case 'data': {
      if (!firstName) break;
      const ref = addressed(`data.${firstName}`, t.steps, 1);
      if (!ref) break;
      return new Unknown('known after apply', [ref], true);
    }
    case 'module': {
      if (!firstName) break;
      const key = instanceKey(t.steps[1]);
      const output = t.steps[key ? 2 : 1];
      const ref: ResourceRef = { address: `module.${firstName}${key}` };
      if (output && output.kind === 'attr') ref.attribute = output.name;
      // A module output may be null, so it is not certainly present.
      return new Unknown('module output known after apply', [ref], false);
    }
    default: {
      // <resource type>.<name>...: every managed resource type has a provider prefix.
      if (!firstName || !t.root.includes('_')) break;
      const ref = addressed(t.root, t.steps, 0);
      if (!ref) break;
      return new Unknown('known after apply', [ref], true);
    }
  }
  return new Unknown(`unknown reference ${text}`, [], false);
}
