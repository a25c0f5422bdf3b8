import type { Diagnostic } from '../core/diagnostics.js';
import { firstJsonKeyRange } from '../core/location.js';
import { unreadStandIn, type Resource } from './graph.js';
import { trimTrailing } from '../core/trim.js';

/**
 * An AWS CDK app (`cdk.json` with an `app` command) defines its infrastructure in code that trailguard
 * does not run: what it deploys is the CloudFormation that `cdk synth` writes (`cdk.out/`), which the
 * scan reads with its construct paths (README, "With the AWS CDK"). A repository scanned without that
 * output (cdk.out is usually git-ignored) would otherwise say "Nothing was judged" or, beside other
 * files, nothing at all about the app. Unless the scan holds the app's synthesized output, the app is a
 * note on its `app` line and a stand-in of kind `unread_module` there, which makes every check
 * undetermined at that line, as an unread Terraform module does.
 */

export const CDK_APP_CODE = 'cdk-not-synthesized';

export function isCdkAppConfig(shownPath: string): boolean {
  return shownPath === 'cdk.json' || shownPath.endsWith('/cdk.json');
}

/**
 * The note and stand-in for `cdk.json` (`text`), or nothing when it is not a CDK app's configuration
 * or when `synthesized(outputDirectory)` says its output is in the scan.
 */
export function readCdkApp(shownPath: string, text: string, synthesized: (outputDirectory: string) => boolean): { diagnostics: Diagnostic[]; standIns: Resource[] } {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return { diagnostics: [], standIns: [] };
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config) || typeof (config as Record<string, unknown>)['app'] !== 'string') return { diagnostics: [], standIns: [] };
  const dir = shownPath.includes('/') ? shownPath.slice(0, shownPath.lastIndexOf('/')) : '';
  const output = (config as Record<string, unknown>)['output'];
  const out = typeof output === 'string' && output !== '' && !output.startsWith('/') && !output.includes('..') ? trimTrailing(output, '/') : 'cdk.out';
  const outputDirectory = dir === '' ? out : `${dir}/${out}`;
  if (synthesized(outputDirectory)) return { diagnostics: [], standIns: [] };
  const range = firstJsonKeyRange(shownPath, text, 'app') ?? { file: shownPath, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const reason = `the AWS CDK app of ${dir === '' ? 'this directory' : dir} is code trailguard does not run: run \`cdk synth\` and scan ${outputDirectory} too (\`trailguard scan ${dir === '' ? '.' : dir} ${outputDirectory}\`), the CloudFormation it deploys; a scan of the directory alone skips cdk.out`;
  const r = unreadStandIn({ address: `cdk-app:${dir === '' ? '.' : dir}`, nativeType: 'cdk-app', source: 'cloudformation', range, id: `${shownPath}#cdk-app`, unread: 'cdk.json', reason });
  return { diagnostics: [{ level: 'note', code: CDK_APP_CODE, file: shownPath, range, message: reason }], standIns: [r] };
}
