import type { Diagnostic } from '../core/diagnostics.js';
import { oneLine } from '../parsers/quote.js';

/**
 * A CDK cloud assembly's `manifest.json` (what `cdk synth` writes to
 * `cdk.out/`): which template is which stack, and each stack's environment
 * (`aws://111111111111/us-east-1`, or `aws://unknown-account/unknown-region`
 * for an environment-agnostic stack). Only names are read from it: templates
 * are matched by path among the files the scan already collected, nothing
 * outside the scanned tree is opened.
 */
export interface CdkStackEnvironment {
  /** The stack's artifact ID (its name in the assembly). */
  stack: string;
  /** 12-digit account, or undefined when the stack is environment-agnostic. */
  account?: string;
  /** Region, or undefined when environment-agnostic. */
  region?: string;
  /**
   * Which stacks are judged together for account-level checks (P1.1, P10.1):
   * stacks for the same account form one scope; an environment-agnostic stack
   * may deploy to any account, so it is a scope of its own.
   */
  accountScope: string;
  /** How messages name that scope: `account 111111111111`, `the environment-agnostic stack Agnostic`. */
  accountLabel: string;
}

const MAX_ARTIFACTS = 10_000;

/** True for a file that may be a cloud assembly manifest (by name; the content decides). */
export function isCdkManifestPath(shown: string): boolean {
  return shown === 'manifest.json' || shown.endsWith('/manifest.json');
}

/**
 * Reads a manifest's stacks: template path (as the scan shows it, relative to
 * the manifest's directory) → environment. Undefined when the JSON is not a
 * cloud assembly manifest; problems are diagnostics naming the file.
 */
export function readCdkManifest(shown: string, text: string, diagnostics: Diagnostic[]): Map<string, CdkStackEnvironment> | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(doc) || !isRecord(doc['artifacts']) || typeof doc['version'] !== 'string') return undefined;
  const dir = shown.includes('/') ? shown.slice(0, shown.lastIndexOf('/') + 1) : '';
  const out = new Map<string, CdkStackEnvironment>();
  const artifacts = Object.entries(doc['artifacts']).slice(0, MAX_ARTIFACTS);
  for (const [id, artifact] of artifacts) {
    if (!isRecord(artifact) || artifact['type'] !== 'aws:cloudformation:stack') continue;
    const props = isRecord(artifact['properties']) ? artifact['properties'] : {};
    const templateFile = props['templateFile'];
    if (typeof templateFile !== 'string' || !/^[^/\\]+$/.test(templateFile) || templateFile.startsWith('..')) {
      diagnostics.push({ level: 'warning', code: 'cdk-manifest', file: shown, message: `stack ${printable(id)}: no usable templateFile; its template is scanned without its environment` });
      continue;
    }
    const env = parseEnvironment(artifact['environment']);
    const templatePath = `${dir}${templateFile}`;
    out.set(templatePath, {
      stack: id,
      ...(env ? { account: env.account, region: env.region } : {}),
      accountScope: env ? `aws://${env.account}` : `cdk-agnostic:${templatePath}`,
      accountLabel: env ? `account ${env.account}` : `the environment-agnostic stack ${oneLine(id)}`,
    });
  }
  return out;
}

/** `aws://111111111111/us-east-1`; undefined for unknown-account/unknown-region or anything malformed. */
function parseEnvironment(v: unknown): { account: string; region: string } | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^aws:\/\/(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d)$/.exec(v);
  return m ? { account: m[1]!, region: m[2]! } : undefined;
}

/** The partition a region belongs to (ARN partition names: aws, aws-cn, aws-us-gov, aws-iso...). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function printable(s: string): string {
  return JSON.stringify(s.slice(0, 200));
}
