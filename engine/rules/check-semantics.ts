import { own } from '../../core/own.js';
import { KINDS, isKind, type Kind, type KindSpec } from '../kinds.js';
import { PROPERTY_OPERATORS, type Condition, type RuleSpec } from './types.js';

/** A problem in a rule file, with the JSON-pointer-like path of the offending field. */
export interface RuleProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Checks what a JSON Schema cannot: that kinds, properties, relations and
 * parameters a rule names exist. A misspelt property would otherwise make a
 * check silently pass forever.
 */
export function checkRuleSemantics(spec: RuleSpec): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const params = new Set(Object.keys(spec.parameters ?? {}));

  const kindAt = (k: string, path: (string | number)[]): Kind | undefined => {
    if (isKind(k)) return k;
    problems.push({ path, message: `unknown kind '${k}' (known: ${Object.keys(KINDS).join(', ')})` });
    return undefined;
  };

  const walk = (c: Condition, kind: Kind | undefined, path: (string | number)[]): void => {
    if ('all' in c) c.all.forEach((x, i) => walk(x, kind, [...path, 'all', i]));
    else if ('any' in c) c.any.forEach((x, i) => walk(x, kind, [...path, 'any', i]));
    else if ('not' in c) walk(c.not, kind, [...path, 'not']);
    else if ('property' in c) {
      if (kind && !propertyExists(KINDS[kind], c.property)) {
        problems.push({
          path: [...path, 'property'],
          message: `kind '${kind}' has no property '${c.property}' (known: ${Object.keys(KINDS[kind].properties).join(', ')})`,
        });
      }
      for (const op of PROPERTY_OPERATORS) {
        const v = (c as Record<string, unknown>)[op];
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, 'param')) {
          const name = (v as { param: string }).param;
          if (!params.has(name)) problems.push({ path: [...path, op, 'param'], message: `unknown parameter '${name}'` });
        }
      }
    } else if ('related' in c) {
      const rel = kind ? own((KINDS[kind] as KindSpec).relations, c.related) : undefined;
      if (kind && !rel) {
        const known = Object.keys((KINDS[kind] as KindSpec).relations ?? {});
        problems.push({
          path: [...path, 'related'],
          message: `kind '${kind}' has no relation '${c.related}'${known.length ? ` (known: ${known.join(', ')})` : ''}`,
        });
      }
      if (c.where) {
        // A relation may reach several kinds (key or alias): the property must exist on the first.
        const target = rel?.kinds[0];
        walk(c.where, target && isKind(target) ? target : undefined, [...path, 'where']);
      }
    } else if ('policyQuery' in c) {
      const q = c.policyQuery;
      if (typeof q.principal === 'object' && !params.has(q.principal.param)) {
        problems.push({ path: [...path, 'policyQuery', 'principal', 'param'], message: `unknown parameter '${q.principal.param}'` });
      }
      if ((q.action === undefined) === (q.actions === undefined)) {
        problems.push({ path: [...path, 'policyQuery'], message: "give either 'action' (one) or 'actions' (a list), not both or neither" });
      }
      if (q.combine !== undefined && q.actions === undefined) {
        problems.push({ path: [...path, 'policyQuery', 'combine'], message: "'combine' needs a list of 'actions'" });
      }
      if (q.actions) {
        const seen = new Set<string>();
        q.actions.forEach((a, i) => {
          if (seen.has(a.toLowerCase())) problems.push({ path: [...path, 'policyQuery', 'actions', i], message: `action '${a}' is listed twice` });
          seen.add(a.toLowerCase());
        });
      }
      if (q.policies) {
        const k = kindAt(q.policies.kind, [...path, 'policyQuery', 'policies', 'kind']);
        if (q.policies.where) walk(q.policies.where, k, [...path, 'policyQuery', 'policies', 'where']);
      }
    } else if ('filterCoverage' in c) {
      if (kind && kind !== 'trail') problems.push({ path: [...path, 'filterCoverage'], message: `filterCoverage applies to a trail, not to '${kind}'` });
    } else if ('anyResource' in c) {
      const k = kindAt(c.anyResource.kind, [...path, 'anyResource', 'kind']);
      if (c.anyResource.where) walk(c.anyResource.where, k, [...path, 'anyResource', 'where']);
    }
  };

  if (spec.resource !== undefined) {
    const k = kindAt(spec.resource, ['resource']);
    if (spec.where) walk(spec.where, k, ['where']);
    if (spec.assert) walk(spec.assert, k, ['assert']);
    if (k && spec.location && !locationExists(k, spec.location)) {
      problems.push({ path: ['location'], message: `kind '${k}' has no property or relation '${spec.location}'` });
    }
  }
  if (spec.evident !== undefined && spec.resource !== 'trail') {
    problems.push({ path: ['evident'], message: "'evident' applies to rules on the trail kind (resource: trail)" });
  }
  if (spec.scope) {
    kindAt(spec.scope.when, ['scope', 'when']);
    const k = kindAt(spec.scope.require.kind, ['scope', 'require', 'kind']);
    const each = spec.scope.forEach;
    if (each && typeof each === 'object' && !Array.isArray(each) && 'param' in each && !params.has(each.param)) {
      problems.push({ path: ['scope', 'forEach', 'param'], message: `unknown parameter '${each.param}'` });
    }
    if (spec.scope.require.where) walk(spec.scope.require.where, k, ['scope', 'require', 'where']);
  }
  for (const m of spec.message.matchAll(/\{\{\s*inScan\.([A-Za-z0-9_]+)\s*\}\}/g)) {
    if (!isKind(m[1]!)) problems.push({ path: ['message'], message: `message names unknown kind '${m[1]}'` });
  }
  for (const m of spec.message.matchAll(/\{\{\s*params\.([A-Za-z0-9_]+)\s*\}\}/g)) {
    if (!params.has(m[1]!)) problems.push({ path: ['message'], message: `message names unknown parameter '${m[1]}'` });
  }
  return problems;
}

/** A property of the kind, a relation, or `relation.property` of the related kind. */
function locationExists(k: Kind, location: string): boolean {
  const spec = KINDS[k] as KindSpec;
  if (propertyExists(spec, location) || own(spec.relations, location)) return true;
  const dot = location.indexOf('.');
  if (dot < 0) return false;
  const rel = own(spec.relations, location.slice(0, dot));
  const target = rel?.kinds[0];
  return target !== undefined && isKind(target) && propertyExists(KINDS[target] as KindSpec, location.slice(dot + 1));
}

/** `recording.s3Data` is declared as such; a prefix like `recording` names the group. */
function propertyExists(spec: KindSpec, name: string): boolean {
  if (Object.hasOwn(spec.properties, name)) return true;
  const prefix = `${name}.`;
  return Object.keys(spec.properties).some((p) => p.startsWith(prefix));
}
