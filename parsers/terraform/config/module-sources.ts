// Where a module call's source code is, as `terraform init` decides it.
//
// `terraform init` records every module it installed in the root module's
// `.terraform/modules/modules.json`:
//
//   {"Modules":[{"Key":"","Source":"","Dir":"."},
//               {"Key":"trail","Source":"registry.terraform.io/cloudposse/cloudtrail/aws","Version":"0.24.0","Dir":".terraform/modules/trail"},
//               {"Key":"trail.label","Source":"registry.terraform.io/cloudposse/label/null","Version":"0.25.0","Dir":".terraform/modules/trail.label"},
//               {"Key":"example","Source":"../../","Dir":"../.."}]}
//
// `Key` is the chain of call names from the root (no instance keys), `Dir`
// the module's directory relative to the root module's. Registry, git and
// local calls are all there, so a call is looked up by key first; a local
// source (`./x`, `../x`) without an entry is the directory it names. Module
// directories outside the scanned paths are read through `ModuleFiles`,
// which only ever reads inside the repository root.

import type { Diagnostic } from '../../../core/diagnostics.js';
import type { ModuleCallDecl } from './module-config.js';
import { escapesScan, joinPath } from './paths.js';

/** A `.tf` file of a module directory that is not among the scanned files. */
export interface ModuleFile {
  path: string;
  text: string;
}

/** One `Modules` entry of `modules.json`. */
export interface ManifestEntry {
  key: string;
  source: string;
  version?: string;
  /** Relative to the root module's directory, as written. */
  dir: string;
}

/** Reading module directories and manifests beyond the scanned files (the scanner gives one; tests may too). */
export interface ModuleFiles {
  /** The text of `<rootDirectory>/.terraform/modules/modules.json`, if there is one inside the repository root. */
  manifest(rootDirectory: string): { path: string; text: string } | undefined;
  /** The `.tf` files of a repository-relative directory inside the repository root; undefined when it holds none. */
  files(directory: string): ModuleFile[] | undefined;
  /**
   * The text of a repository-relative regular file inside the repository root (links followed only
   * when they stay inside it), for `file()`; undefined for anything else, binary or too large.
   */
  text?(path: string): string | undefined;
  /**
   * For `fileset()`: the regular files under a repository-relative directory inside the repository root,
   * as paths relative to it (`scp/deny.json`), sorted; links followed only inside the root. At most
   * `limit` files: `truncated` says when there were more. Undefined when it is not such a directory.
   */
  list?(directory: string, limit: number): { files: string[]; truncated: boolean } | undefined;
}

export type CallTarget =
  /** The module's directory, repository-relative and normalized. */
  | { directory: string; via: 'manifest' | 'path' }
  /** Not followed, with a sentence saying why and what to do. */
  | { unread: string; code: 'remote-module' | 'module-outside-root' | 'module-not-found' };

/** Reads every root module's manifest once and resolves calls with it. */
export class ModuleResolver {
  private readonly manifests = new Map<string, Map<string, ManifestEntry> | undefined>();

  constructor(
    private readonly files: ModuleFiles | undefined,
    private readonly report: (d: Diagnostic) => void,
  ) {}

  /**
   * Where the call `decl`, made by the module instance whose manifest key is
   * `callerKey` ('' for the root) in the configuration rooted at
   * `rootDirectory`, finds its source.
   */
  resolve(rootDirectory: string, callerKey: string, decl: ModuleCallDecl): CallTarget {
    const key = callerKey === '' ? decl.name : `${callerKey}.${decl.name}`;
    const entry = this.manifest(rootDirectory)?.get(key);
    let directory: string | undefined;
    let via: 'manifest' | 'path' = 'path';
    if (entry && !isAbsolute(entry.dir)) {
      directory = joinPath(rootDirectory, entry.dir);
      via = 'manifest';
    } else if (decl.directory !== undefined) directory = decl.directory;
    const source = decl.source ?? '';
    if (directory === undefined) {
      return {
        code: 'remote-module',
        unread: `module "${decl.name}" (source "${source}") is not installed: run terraform init to check what module ${decl.name} creates; until then the checks its resources would answer are not judged`,
      };
    }
    if (escapesScan(directory)) {
      return {
        code: 'module-outside-root',
        unread: `module "${decl.name}" (source "${source}") is outside the repository root (--root); it is not read and the checks its resources would answer are not judged`,
      };
    }
    return { directory, via };
  }

  /** `Key` → entry of the root module's manifest; undefined without one. */
  private manifest(rootDirectory: string): Map<string, ManifestEntry> | undefined {
    if (this.manifests.has(rootDirectory)) return this.manifests.get(rootDirectory);
    const file = this.files?.manifest(rootDirectory);
    const parsed = file ? parseManifest(file.path, file.text, this.report) : undefined;
    this.manifests.set(rootDirectory, parsed);
    return parsed;
  }
}

function isAbsolute(dir: string): boolean {
  return dir.startsWith('/') || dir.startsWith('\\') || /^[A-Za-z]:/.test(dir);
}

/**
 * `modules.json` → entries by key. Anything not shaped as Terraform writes it
 * is reported and left out; keys are input, so the map is a `Map`.
 */
export function parseManifest(path: string, text: string, report: (d: Diagnostic) => void): Map<string, ManifestEntry> | undefined {
  const bad = (why: string): undefined => {
    report({ level: 'warning', code: 'invalid-module-manifest', file: path, message: `${why}; modules are resolved from their source paths only (run terraform init again)` });
    return undefined;
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return bad(`not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return bad('not a Terraform module manifest');
  const modules = Object.prototype.hasOwnProperty.call(json, 'Modules') ? (json as { Modules: unknown }).Modules : undefined;
  if (!Array.isArray(modules)) return bad('no "Modules" list');
  const out = new Map<string, ManifestEntry>();
  for (const m of modules) {
    if (m === null || typeof m !== 'object') continue;
    const own = (k: string): unknown => (Object.prototype.hasOwnProperty.call(m, k) ? (m as Record<string, unknown>)[k] : undefined);
    const key = own('Key');
    const dir = own('Dir');
    const source = own('Source');
    const version = own('Version');
    if (typeof key !== 'string' || typeof dir !== 'string') continue;
    out.set(key, { key, dir, source: typeof source === 'string' ? source : '', ...(typeof version === 'string' && version !== '' ? { version } : {}) });
  }
  return out;
}
