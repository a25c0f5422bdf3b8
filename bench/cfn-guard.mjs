// cfn-guard for the side-by-side rows of the bench (issue 11: "900-resource template ≥ 30× faster than
// cfn-guard with the Control Tower CloudTrail rules").
//
// cfn-guard is AWS's Rust binary; npm has no package of its own, but AWS's CDK validator plugin
// `@cdklabs/cdk-validator-cfnguard` (Apache-2.0) ships the release binaries (cfn-guard 3.1.1 for Linux
// and macOS, x86_64 and aarch64) together with the Control Tower proactive controls as `.guard` files.
// It is fetched here with `npm pack` at a pinned version and checked against the registry's integrity
// hash before it is unpacked, so no dependency (and no peer dependency on aws-cdk-lib) is added to the
// project and nothing unverified is run. CFN_GUARD=/path/to/cfn-guard and CFN_GUARD_RULES=/path/to/dir
// use a binary and rules of your own instead.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE = '@cdklabs/cdk-validator-cfnguard@0.0.62';
const INTEGRITY = 'sha512-Sg2k8067B0AIJ82QFSLhHTUIqxOYTKABvVrTHiyc6j0rE2NHli2diIYqf+w+DkuDKCYYgMIOga3OrYMOHUw0mQ==';
const TARBALL = 'cdklabs-cdk-validator-cfnguard-0.0.62.tgz';

/** The package's directory for this platform's binary, or undefined where it ships none. */
function platformDir() {
  const os = { linux: 'ubuntu', darwin: 'macos' }[process.platform];
  const cpu = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
  return os && cpu ? `${os}/${cpu}` : undefined;
}

/**
 * `{ bin, cloudTrailRules, version }`, or `{ missing: reason }` when cfn-guard cannot be had here (no
 * registry, another platform, a tarball that does not match the pinned hash): the rows are then skipped
 * with the reason printed, never measured against something else.
 */
export function findCfnGuard(cacheDir) {
  if (process.env.CFN_GUARD) {
    const rules = process.env.CFN_GUARD_RULES;
    if (!rules) return { missing: 'CFN_GUARD is set but CFN_GUARD_RULES (the Control Tower CloudTrail .guard files) is not' };
    return { bin: process.env.CFN_GUARD, cloudTrailRules: rules, version: versionOf(process.env.CFN_GUARD) };
  }
  const dir = platformDir();
  if (!dir) return { missing: `the package ships no cfn-guard for ${process.platform}/${process.arch}` };
  const home = join(cacheDir, 'cfn-guard');
  const bin = join(home, 'package/bin', dir, 'cfn-guard');
  const cloudTrailRules = join(home, 'package/rules/control-tower/cfn-guard/cloudtrail');
  if (!existsSync(bin)) {
    mkdirSync(home, { recursive: true });
    const pack = spawnSync('npm', ['pack', PACKAGE, '--pack-destination', home, '--silent'], { encoding: 'utf8', timeout: 120_000 });
    if (pack.status !== 0) return { missing: `npm pack ${PACKAGE} failed: ${(pack.stderr || pack.error?.message || '').trim().split('\n')[0]}` };
    const tarball = join(home, TARBALL);
    const digest = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (digest !== INTEGRITY) return { missing: `${TARBALL} does not match the pinned integrity hash (got ${digest})` };
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', home], { encoding: 'utf8' });
    if (untar.status !== 0) return { missing: `tar could not unpack ${TARBALL}: ${untar.stderr.trim()}` };
  }
  if (!existsSync(bin)) return { missing: `${PACKAGE} holds no bin/${dir}/cfn-guard` };
  const version = versionOf(bin);
  if (!version) return { missing: `${bin} does not run here` };
  const guards = readdirSync(cloudTrailRules).filter((f) => f.endsWith('.guard'));
  return { bin, cloudTrailRules, version, ruleCount: guards.length };
}

function versionOf(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
