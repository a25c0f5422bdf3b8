// Repository-relative paths as POSIX strings, and Terraform's rule for which
// module sources are local directories.
//
// Paths come from the scanner as shown in reports (`envs/prod/main.tf`), maybe
// with Windows separators. Directories are compared in one normal form:
// forward slashes, no `.`/`..` segments where they can be resolved, `.` for
// the top.

/** `a/b/../c/./d/` → `a/c/d`; '' and './' → '.'. Leading `..` segments are kept (they leave the scan). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.length === 0 ? '.' : out.join('/');
}

/** Directory of a file path, normalized (`main.tf` → `.`). */
export function directoryOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  const slash = p.lastIndexOf('/');
  return slash < 0 ? '.' : normalizePath(p.slice(0, slash));
}

export function baseName(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, relative: string): string {
  return normalizePath(dir === '.' ? relative : `${dir}/${relative}`);
}

/**
 * Terraform treats a source as a local directory only when it starts with
 * `./` or `../`; `modules/trail` without the prefix is a registry address.
 */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

/** Whether a normalized path leaves the scanned tree (`../x`). */
export function escapesScan(path: string): boolean {
  return path === '..' || path.startsWith('../');
}

/** `path.module` as Terraform gives it: the module's directory relative to the root module's (`.` for the root). */
export function relativePath(from: string, to: string): string {
  if (from === to) return '.';
  const a = from === '.' ? [] : from.split('/');
  const b = to === '.' ? [] : to.split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => '..');
  return [...up, ...b.slice(common)].join('/') || '.';
}

/**
 * Configuration file suffixes, longest first. OpenTofu (1.8+) reads `.tofu`
 * and `.tofu.json` exactly as `.tf` and `.tf.json`; Terraform ignores them,
 * but a scanner must read them or an OpenTofu module passes unread.
 */
const CONFIGURATION_SUFFIXES = ['.tofu.json', '.tf.json', '.tofu', '.tf'] as const;

/** The stem of a configuration file's name (`main.tofu.json` → `main`), or undefined for other files. */
function configurationStem(name: string): string | undefined {
  for (const suffix of CONFIGURATION_SUFFIXES) if (name.endsWith(suffix)) return name.slice(0, -suffix.length);
  return undefined;
}

/** A configuration file: native syntax (`.tf`, `.tofu`) or JSON syntax (`.tf.json`, `.tofu.json`). */
export function isConfigurationFile(path: string): boolean {
  return configurationStem(path) !== undefined;
}

/**
 * An override file (`override.tf`, `*_override.tf`, and their `.tf.json`,
 * `.tofu` and `.tofu.json` forms): merged into the module after the other files.
 */
export function isOverrideFile(path: string): boolean {
  const stem = configurationStem(baseName(path));
  return stem !== undefined && (stem === 'override' || stem.endsWith('_override'));
}

/**
 * The OpenTofu file that shadows `path`, if `paths` holds one: OpenTofu
 * ignores `X.tf` when `X.tofu` is beside it, and `X.tf.json` when
 * `X.tofu.json` is (override files too). Native and JSON syntax never shadow
 * each other.
 */
export function tofuShadowOf(path: string, paths: ReadonlySet<string>): string | undefined {
  const tofu = path.endsWith('.tf') ? `${path.slice(0, -'.tf'.length)}.tofu` : path.endsWith('.tf.json') ? `${path.slice(0, -'.tf.json'.length)}.tofu.json` : undefined;
  return tofu !== undefined && paths.has(tofu) ? tofu : undefined;
}
