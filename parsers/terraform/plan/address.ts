// Terraform addresses and references as the JSON plan prints them.
//
// Resource addresses (`module.audit["eu"].aws_cloudtrail.this[0]`) and the
// strings of a configuration's `references` (`aws_kms_key.trail.arn`,
// `module.logs["a"].key_arn`, `var.kms_key_arn`) share one syntax: names
// joined by dots, with `[0]` or `["key"]` instance keys. The plan says to
// treat addresses as opaque, so this reads them only to split off the module
// path and the instance key; addresses are always passed on as printed.

import { delimitedSpans, replaceSpans } from '../../../core/placeholders.js';

/** One step of an address: a name, or an instance key in brackets. */
export type AddressStep =
  | { kind: 'name'; name: string; end: number }
  | { kind: 'key'; key: number | string; end: number };

/**
 * The steps of `text`, each with the offset just past it (so a prefix can be
 * cut from the original text, keeping Terraform's own quoting). Undefined
 * when the text does not follow the syntax (a splat, an expression in
 * brackets, stray characters): callers then treat it as opaque.
 */
export function addressSteps(text: string): AddressStep[] | undefined {
  const steps: AddressStep[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */) {
      const key = readKey(text, i + 1);
      if (!key) return undefined;
      steps.push({ kind: 'key', key: key.value, end: key.end });
      i = key.end;
      continue;
    }
    if (steps.length > 0) {
      if (c !== 0x2e /* . */) return undefined;
      i++;
    }
    const start = i;
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    if (i === start) return undefined;
    steps.push({ kind: 'name', name: text.slice(start, i), end: i });
  }
  return steps;
}

/** Letters, digits, `_` and `-`: what HCL allows in identifiers. */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

/** The key inside `[...]` starting at `start` (just past the bracket), and the offset past `]`. */
function readKey(text: string, start: number): { value: number | string; end: number } | undefined {
  if (text.charCodeAt(start) === 0x22 /* " */) {
    let i = start + 1;
    while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
    if (i >= text.length || text.charCodeAt(i + 1) !== 0x5d /* ] */) return undefined;
    return { value: unquote(text.slice(start, i + 1)), end: i + 2 };
  }
  const close = text.indexOf(']', start);
  if (close < 0) return undefined;
  const digits = text.slice(start, close);
  if (!/^-?\d+$/.test(digits)) return undefined;
  return { value: Number(digits), end: close + 1 };
}

/**
 * A quoted key as Terraform writes it (HCL quoting for addresses, Go's %q for
 * references): JSON's escapes plus HCL's `$${` / `%%{` for literal `${` / `%{`.
 * Exotic escapes JSON does not know (`\x7f`, `\a`) are kept as written.
 */
function unquote(quoted: string): string {
  // Nearly every key is plain (`["main"]`, `["eu-west-1"]`): no escapes to decode.
  if (!/[\\$%]/.test(quoted)) return quoted.slice(1, -1);
  let inner: string;
  try {
    inner = JSON.parse(quoted) as string;
  } catch {
    inner = quoted.slice(1, -1);
  }
  return inner.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

/** `[0]` or `["main"]`, as Terraform prints an instance key. */
export function formatKey(key: number | string): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** A resource instance address taken apart. */
export interface ParsedAddress {
  /** Module instance path as printed (`module.audit["eu"].module.logs`), '' for the root. */
  moduleAddress: string;
  /** Module call names along the path, without instance keys: `['audit', 'logs']`. */
  moduleCalls: string[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
}

/** Splits `module.a[0].data.aws_iam_policy_document.p["k"]`; undefined if it is not a resource address. */
export function parseResourceAddress(address: string): ParsedAddress | undefined {
  const steps = addressSteps(address);
  if (!steps) return undefined;
  const moduleCalls: string[] = [];
  let moduleEnd = 0;
  let i = 0;
  // `module.<name>[key]` pairs; a resource needs at least `<type>.<name>` after them.
  while (isName(steps[i], 'module') && steps[i + 1]?.kind === 'name' && i + 3 < steps.length) {
    moduleCalls.push((steps[i + 1] as { name: string }).name);
    i += 2;
    const key = steps[i];
    if (key?.kind === 'key') i++;
    moduleEnd = steps[i - 1]!.end;
  }
  let mode: 'managed' | 'data' = 'managed';
  if (isName(steps[i], 'data') && steps.length - i >= 3) {
    mode = 'data';
    i++;
  }
  const type = steps[i];
  const name = steps[i + 1];
  // `module.x` alone is a module, not a resource of a type called "module".
  if (type?.kind !== 'name' || name?.kind !== 'name' || type.name === 'module') return undefined;
  const key = steps[i + 2];
  if (steps.length > i + (key?.kind === 'key' ? 3 : 2)) return undefined;
  const parsed: ParsedAddress = { moduleAddress: address.slice(0, moduleEnd), moduleCalls, mode, type: type.name, name: name.name };
  if (key?.kind === 'key') parsed.index = key.key;
  return parsed;
}

function isName(step: AddressStep | undefined, name: string): boolean {
  return step !== undefined && step.kind === 'name' && step.name === name;
}

/** The module instance path of a module address, split per call: `module.a[0].module.b` → two segments. */
export interface ModuleSegment {
  call: string;
  key?: number | string;
  /** Offset in the address just past this segment (its key included). */
  end: number;
}

/**
 * One module segment at `lastIndex`: `module.`, the call name, and a key when one follows: a quoted
 * key (escapes skipped in pairs, as readKey does) followed by `]`, or digits. Linear: the
 * alternatives inside the quotes start with different characters, and the name run is never given
 * back (the key group may match nothing).
 */
const MODULE_SEGMENT = /module\.([A-Za-z0-9_-]+)(?:\[(?:("(?:[^"\\]|\\[^])*")|(-?[0-9]+))\])?/y;

/**
 * Segments of `module.a[0].module.b`; undefined if the text is not a module instance address. The same
 * as reading addressSteps(moduleAddress) as `module`, call name, optional key, repeated (a test checks
 * it against that reading), but with one regular expression per segment: a plan has a module instance
 * per account or region, and this runs too few times for V8 to optimise a character loop (≈ 3 µs an
 * address in the interpreter; the expression runs as compiled code).
 */
export function moduleSegments(moduleAddress: string): ModuleSegment[] | undefined {
  const segments: ModuleSegment[] = [];
  const length = moduleAddress.length;
  let i = 0;
  while (i < length) {
    if (segments.length > 0) {
      if (moduleAddress.charCodeAt(i) !== 0x2e /* . */) return undefined;
      i++;
    }
    MODULE_SEGMENT.lastIndex = i;
    const match = MODULE_SEGMENT.exec(moduleAddress);
    if (!match) return undefined;
    i = MODULE_SEGMENT.lastIndex;
    const call = match[1]!;
    const quoted = match[2];
    const digits = match[3];
    if (quoted !== undefined) segments.push({ call, key: unquote(quoted), end: i });
    else if (digits !== undefined) segments.push({ call, key: Number(digits), end: i });
    else segments.push({ call, end: i });
  }
  return segments;
}

/**
 * The configuration path of a module instance: instance keys removed,
 * `module.audit[0].module.logs["a"]` → `module.audit.module.logs`. This is
 * the key of `planModuleSources` and of the configuration's module tree.
 */
export function configModuleAddress(moduleAddress: string): string {
  if (!moduleAddress.includes('[')) return moduleAddress;
  const segments = moduleSegments(moduleAddress);
  if (!segments) return moduleAddress;
  return segments.map((s) => `module.${s.call}`).join('.');
}

/**
 * Module instance addresses read once per plan: a plan has few module instances and many resources in
 * each, and both the reader (each entry's configuration path) and the instance index (each instance's
 * ancestors) need them taken apart.
 */
export class ModuleAddresses {
  private readonly segmentsOf = new Map<string, ModuleSegment[] | null>();
  private readonly configPaths = new Map<string, string>();

  /** moduleSegments(moduleAddress), remembered. */
  segments(moduleAddress: string): ModuleSegment[] | undefined {
    let segments = this.segmentsOf.get(moduleAddress);
    if (segments === undefined) this.segmentsOf.set(moduleAddress, (segments = moduleSegments(moduleAddress) ?? null));
    return segments ?? undefined;
  }

  /** configModuleAddress(moduleAddress), remembered. */
  configPath(moduleAddress: string): string {
    if (!moduleAddress.includes('[')) return moduleAddress;
    let path = this.configPaths.get(moduleAddress);
    if (path === undefined) {
      const segments = this.segments(moduleAddress);
      path = segments ? segments.map((s) => `module.${s.call}`).join('.') : moduleAddress;
      this.configPaths.set(moduleAddress, path);
    }
    return path;
  }
}

/**
 * The address without its instance keys (`["a"]`, `[0]`): what `address.replace(/\[[^\]]*\]/g, '')` gives,
 * without that pattern's retries to the end of the text at every `[` that no `]` follows (a plan's
 * addresses are input; 40,000 of them took 1.7 s).
 */
export function withoutInstanceKeys(address: string): string {
  return replaceSpans(address, delimitedSpans(address, '[', ']'), () => '');
}
