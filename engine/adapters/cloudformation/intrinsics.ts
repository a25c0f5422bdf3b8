import { defineMember } from '../../../parsers/define-member.js';
import { hasOwn, own } from '../../../core/own.js';
import { Unknown, type ResourceRef } from '../../../core/unknown.js';
import { replacePlaceholders } from '../../../core/placeholders.js';
import { pushAll } from '../../../parsers/arrays.js';

/**
 * Resolves CloudFormation intrinsic functions statically, the way the
 * template would deploy with its parameter defaults. What depends on the
 * deployment (an attribute of a created resource, a parameter without
 * default, an import) becomes an `Unknown` that keeps the references, so a
 * trail's `KMSKeyId: !GetAtt Key.Arn` still links the trail to `Key`.
 */

/** `!Ref AWS::NoValue`: the property is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface Template {
  Parameters?: Record<string, { Default?: unknown; Type?: unknown } | undefined>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, { Type?: unknown } | undefined>;
}

const PSEUDO = new Map<string, () => unknown>(Object.entries({
  'AWS::NoValue': () => NO_VALUE,
  'AWS::AccountId': () => new Unknown('the account ID is known at deployment', [], true).withTemplate('${AWS::AccountId}'),
  'AWS::Region': () => new Unknown('the region is known at deployment', [], true).withTemplate('${AWS::Region}'),
  'AWS::Partition': () => new Unknown('the partition is known at deployment', [], true).withTemplate('${AWS::Partition}'),
  'AWS::StackName': () => new Unknown('the stack name is known at deployment', [], true),
  'AWS::StackId': () => new Unknown('the stack ID is known at deployment', [], true),
  'AWS::URLSuffix': () => new Unknown('the URL suffix is known at deployment', [], true),
  'AWS::NotificationARNs': () => new Unknown('notification ARNs are known at deployment', [], false),
}));

const MAX_DEPTH = 64;
/**
 * Conditions that refer to conditions: a chain longer than this is not
 * followed (the condition is taken as undecidable, so its resources are
 * checked as written) instead of exhausting the stack. Conditions are
 * evaluated in the order the template defines them first (see
 * `evaluateAllConditions`), so a long chain written in order costs one level
 * per condition and is still decided.
 */
export const MAX_CONDITION_CHAIN = 100;

export class IntrinsicResolver {
  private readonly conditionCache = new Map<string, boolean | null>();
  private readonly resolvingConditions = new Set<string>();
  /** The first condition whose chain was cut at MAX_CONDITION_CHAIN, for a note. */
  chainTooLong: string | undefined;
  private cutWhileResolving = false;

  /**
   * `environment`: the account and region a CDK stack is synthesized for (cdk.out/manifest.json);
   * its pseudo parameters then resolve to what they will be, the partition from the region.
   */
  constructor(
    private readonly template: Template,
    private readonly environment?: { account: string; region: string; partition: string },
  ) {}

  /** Whether a named condition holds: true, false, or null when it depends on the deployment. */
  condition(name: string): boolean | null {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    // A condition that refers to itself (directly or not) is invalid; treat it as undecidable.
    if (this.resolvingConditions.has(name)) return null;
    if (this.resolvingConditions.size >= MAX_CONDITION_CHAIN) {
      this.chainTooLong ??= name;
      this.cutWhileResolving = true;
      return null;
    }
    const outermost = this.resolvingConditions.size === 0;
    this.resolvingConditions.add(name);
    const def = own(this.template.Conditions, name);
    const v = def === undefined ? null : this.truth(this.resolve(def));
    this.resolvingConditions.delete(name);
    // A value decided with a cut chain is not cached for the inner conditions:
    // evaluated from a shorter start, they may still be decided.
    if (!this.cutWhileResolving || outermost) this.conditionCache.set(name, v);
    if (outermost) this.cutWhileResolving = false;
    return v;
  }

  /** Decides every condition in definition order, so chains are followed one level at a time. */
  evaluateAllConditions(): void {
    const conditions = this.template.Conditions;
    if (conditions === null || typeof conditions !== 'object') return;
    for (const name of Object.keys(conditions)) this.condition(name);
  }

  private truth(v: unknown): boolean | null {
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return null;
  }

  resolve(v: unknown, depth = 0): unknown {
    if (depth > MAX_DEPTH) return new Unknown('expression nested too deeply');
    // A value the reader already knows to be unknown (a Serverless variable, a parameter passed at deployment).
    if (v instanceof Unknown) return v;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v) {
        const r = this.resolve(x, depth + 1);
        if (r !== NO_VALUE) out.push(r);
      }
      return out;
    }
    if (v === null || typeof v !== 'object') return v;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const k = keys[0]!;
      if (isIntrinsicKey(k)) {
        const fn = this.intrinsic(k, obj[k], depth);
        if (fn !== NOT_INTRINSIC) return fn;
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const r = this.resolve(obj[k], depth + 1);
      if (r !== NO_VALUE) defineMember(out, k, r);
    }
    return out;
  }

  private ref(name: unknown): unknown {
    if (typeof name !== 'string') return new Unknown('Ref to a non-string');
    if (this.environment) {
      if (name === 'AWS::AccountId') return this.environment.account;
      if (name === 'AWS::Region') return this.environment.region;
      if (name === 'AWS::Partition') return this.environment.partition;
    }
    const pseudo = PSEUDO.get(name);
    if (pseudo) return pseudo();
    const param = own(this.template.Parameters, name);
    if (param && typeof param === 'object') {
      if (hasOwn(param, 'Default') && param.Default !== undefined) return coerceParameter(param.Default, param.Type);
      return new Unknown(`parameter ${name} has no default`, [], false);
    }
    if (own(this.template.Resources, name)) return new Unknown(`Ref ${name} is known at deployment`, [{ address: name }], true);
    return new Unknown(`Ref to undefined name ${name}`);
  }

  private intrinsic(fn: string, arg: unknown, depth: number): unknown {
    const r = (x: unknown): unknown => this.resolve(x, depth + 1);
    switch (fn) {
      case 'Ref':
        return this.ref(arg);
      case 'Condition':
        return typeof arg === 'string' ? (this.condition(arg) ?? new Unknown(`condition ${arg} depends on the deployment`)) : NOT_INTRINSIC;
      case 'Fn::GetAtt': {
        const parts = typeof arg === 'string' ? splitOnce(arg) : Array.isArray(arg) ? arg.map(r) : [];
        const [res, attr] = parts;
        if (typeof res !== 'string') return new Unknown('GetAtt of an unknown resource');
        const attribute = typeof attr === 'string' ? attr : '?';
        return new Unknown(`GetAtt ${res}.${attribute} is known at deployment`, [{ address: res, attribute }], true);
      }
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Join');
        const delim = r(arg[0]);
        const list = r(arg[1]);
        if (typeof delim !== 'string' || !Array.isArray(list)) return unknownFrom('Fn::Join of unknown values', [delim, list]);
        // CloudFormation joins strings (and numbers and booleans written as such); a list or map in the
        // list is a template error, not text (and a map's `toString` may be its own member).
        if (list.some((x) => !(x instanceof Unknown) && scalarText(x) === undefined)) return new Unknown('Fn::Join of a list holding a list or map, which CloudFormation rejects');
        if (list.some((x) => x instanceof Unknown)) {
          const template = list.map((x) => (x instanceof Unknown ? templateOf(x) : scalarText(x)!)).join(delim);
          return unknownFrom('Fn::Join of values known at deployment', list, true).withTemplate(template);
        }
        return list.map((x) => scalarText(x)!).join(delim);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Select');
        const idx = r(arg[0]);
        const list = r(arg[1]);
        const i = typeof idx === 'number' ? idx : typeof idx === 'string' ? Number(idx) : NaN;
        if (!Array.isArray(list) || Number.isNaN(i)) return unknownFrom('Fn::Select of unknown values', [idx, list]);
        return list[i] ?? new Unknown('Fn::Select index out of range');
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Split');
        const delim = r(arg[0]);
        const s = r(arg[1]);
        if (typeof delim !== 'string' || typeof s !== 'string' || delim === '') return unknownFrom('Fn::Split of unknown values', [delim, s]);
        return s.split(delim);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length < 3) return new Unknown('malformed Fn::FindInMap');
        const [m, k1, k2] = arg.slice(0, 3).map(r);
        if (typeof m === 'string' && typeof k1 === 'string' && typeof k2 === 'string') {
          const found = own(own(own(this.template.Mappings, m), k1), k2);
          if (found !== undefined) return r(found);
        }
        const opts = arg[3] as { DefaultValue?: unknown } | undefined;
        if (opts && typeof opts === 'object' && 'DefaultValue' in opts) return r(opts.DefaultValue);
        return unknownFrom('Fn::FindInMap with keys known at deployment', [m, k1, k2]);
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return new Unknown('malformed Fn::If');
        const c = this.condition(arg[0]);
        if (c === true) return r(arg[1]);
        if (c === false) return r(arg[2]);
        const a = r(arg[1]);
        const b = r(arg[2]);
        if (sameValue(a, b)) return a;
        const present = a !== NO_VALUE && b !== NO_VALUE && isPresent(a) && isPresent(b);
        return unknownFrom(`depends on condition ${arg[0]}`, [a, b], present);
      }
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Equals');
        const a = r(arg[0]);
        const b = r(arg[1]);
        if (a instanceof Unknown || b instanceof Unknown) return unknownFrom('Fn::Equals of values known at deployment', [a, b]);
        // Strings, numbers and booleans compare as text ("true" equals true), lists and maps by their
        // content; text against a list or map is not decided here (what CloudFormation makes of it is not
        // documented), rather than guessed from a conversion to text.
        const ta = scalarText(a);
        const tb = scalarText(b);
        if (ta !== undefined && tb !== undefined) return ta === tb;
        if (ta === undefined && tb === undefined) return sameValue(a, b);
        return new Unknown('Fn::Equals of text and a list or map');
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg)) return new Unknown(`malformed ${fn}`);
        const vals = arg.map((x) => this.truth(r(x)));
        const decisive = fn === 'Fn::And' ? false : true;
        if (vals.includes(decisive)) return decisive;
        if (vals.includes(null)) return new Unknown(`${fn} of conditions known at deployment`);
        return !decisive;
      }
      case 'Fn::Not': {
        const inner = Array.isArray(arg) ? arg[0] : arg;
        const t = this.truth(r(inner));
        return t === null ? new Unknown('Fn::Not of a condition known at deployment') : !t;
      }
      case 'Fn::Base64': {
        const s = r(arg);
        return typeof s === 'string' ? Buffer.from(s, 'utf8').toString('base64') : unknownFrom('Fn::Base64 of a value known at deployment', [s], true);
      }
      case 'Fn::ImportValue':
        return new Unknown('Fn::ImportValue is resolved from another stack at deployment', [], true);
      case 'Fn::GetAZs':
        return new Unknown('Fn::GetAZs is known at deployment', [], true);
      case 'Fn::Cidr':
        return new Unknown('Fn::Cidr is computed at deployment', [], true);
      case 'Fn::Transform':
        return new Unknown('Fn::Transform is expanded by a macro at deployment');
      case 'Fn::Length': {
        const list = r(arg);
        return Array.isArray(list) ? list.length : unknownFrom('Fn::Length of an unknown list', [list], true);
      }
      case 'Fn::ToJsonString': {
        const v = r(arg);
        return containsUnknownValue(v) ? unknownFrom('Fn::ToJsonString of values known at deployment', [v], true) : JSON.stringify(v);
      }
      default:
        return NOT_INTRINSIC;
    }
  }

  private sub(arg: unknown, depth: number): unknown {
    let text: unknown;
    let vars: Record<string, unknown> = {};
    if (typeof arg === 'string') text = arg;
    else if (Array.isArray(arg) && typeof arg[0] === 'string') {
      text = arg[0];
      const v = this.resolve(arg[1] ?? {}, depth + 1);
      if (v && typeof v === 'object' && !(v instanceof Unknown)) vars = v as Record<string, unknown>;
    } else return new Unknown('malformed Fn::Sub');
    const unknowns: unknown[] = [];
    const out = replacePlaceholders(text as string, (inner, whole) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      let v: unknown;
      if (hasOwn(vars, name)) v = vars[name];
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const [res, attr] = splitOnce(name);
        v = new Unknown(`GetAtt ${name} is known at deployment`, [{ address: res!, attribute: attr ?? '' }], true);
      } else v = this.ref(name);
      if (v instanceof Unknown) {
        unknowns.push(v);
        return v.template ?? whole;
      }
      const text = scalarText(v);
      if (text !== undefined) return text;
      // A list or map (or null) where Fn::Sub needs text: CloudFormation rejects the template.
      unknowns.push(new Unknown(`Fn::Sub variable ${name} is not a string`));
      return whole;
    });
    if (unknowns.length) return unknownFrom(`Fn::Sub with values known at deployment: ${out}`, unknowns, out.trim() !== '').withTemplate(out);
    return out;
  }
}

const NOT_INTRINSIC: unique symbol = Symbol('not an intrinsic');

/** `${Address.Attr}` for a single reference, the inner template if any, else an opaque marker. */
function templateOf(u: Unknown): string {
  if (u.template !== undefined) return u.template;
  const ref = u.refs.length === 1 ? u.refs[0]! : undefined;
  if (ref) return ref.attribute ? `\${${ref.address}.${ref.attribute}}` : `\${${ref.address}}`;
  return '${?}';
}

function splitOnce(s: string): [string, string | undefined] {
  const i = s.indexOf('.');
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function isPresent(v: unknown): boolean {
  if (v instanceof Unknown) return v.present;
  return v !== undefined && v !== null && v !== '';
}

/** A string, number or boolean as the text CloudFormation makes of it; undefined for anything else. */
function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function containsUnknownValue(v: unknown): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(containsUnknownValue);
  if (v && typeof v === 'object') return Object.values(v).some(containsUnknownValue);
  return false;
}

function collectRefs(v: unknown, out: ResourceRef[]): void {
  if (v instanceof Unknown) pushAll(out, v.refs);
  else if (Array.isArray(v)) v.forEach((x) => collectRefs(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => collectRefs(x, out));
}

/** An Unknown that keeps the references of everything it was computed from. */
function unknownFrom(reason: string, parts: unknown[], present = false): Unknown {
  const refs: ResourceRef[] = [];
  collectRefs(parts, refs);
  const inner = parts.find((p): p is Unknown => p instanceof Unknown);
  return new Unknown(inner && refs.length === 0 ? inner.reason : reason, refs, present);
}

/** CloudFormation passes parameter values as strings; a CommaDelimitedList default is a list. */
/** A parameter's default as its Type makes it; the Type is input (a map written there is no list type). */
function coerceParameter(v: unknown, type: unknown): unknown {
  if (typeof v === 'string' && typeof type === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'))) return v.split(',').map((s) => s.trim());
  return v;
}

/** The key of a one-member object that is an intrinsic function (`Ref`, `Fn::…`) or a condition reference. */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}
