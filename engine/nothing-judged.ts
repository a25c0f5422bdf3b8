import type { Diagnostic } from '../core/diagnostics.js';
import { ONLY_UNMODELLED_TYPES } from './adapters/unmodelled.js';
import type { ResourceGraph } from './graph.js';

/** A policy document of a kind no check judges (a role's trust policy): adapters/policy/adapter.ts. */
export const POLICY_NOT_JUDGED = 'policy-not-judged';

/** A CloudFormation resource entry that cannot be read (not a map, no Type string): adapters/cloudformation/adapter.ts. */
export const INVALID_RESOURCE = 'invalid-resource';

/** A resource type CloudFormation or the AWS provider does not have (`aws_cloudtrial`): the adapters. */
export const UNKNOWN_RESOURCE_TYPE = 'unknown-resource-type';

/** Diagnostic code of the warning below; reports put its message on their last line. */
export const NOTHING_JUDGED = 'nothing-judged';

/**
 * A scan that found nothing to judge (an empty directory, a wrong path, only
 * files trailguard does not read) has no findings and no undetermined checks,
 * which a report would otherwise summarise as "Every check could be judged": a
 * silent pass. It is a warning instead, so every report format carries it; the
 * exit status is unchanged (nothing was found wrong). Not added when the
 * only-unmodelled-types warning already says the same with its reason.
 */
export function nothingJudged(paths: readonly string[], scannedFiles: number, graph: ResourceGraph, undetermined: number, diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  if (undetermined > 0 || diagnostics.some((d) => d.code === ONLY_UNMODELLED_TYPES)) return undefined;
  // Policy files no check applies to (a role trust policy; a bucket or key policy nothing shows is a
  // trail's: analysis/unclaimed-policies.ts) are in the graph, or not, without being judged.
  const notJudgedFiles = new Set(diagnostics.filter((d) => d.code === POLICY_NOT_JUDGED).map((d) => d.file));
  if (graph.resources.some((r) => !(r.source === 'policy' && notJudgedFiles.has(r.file)))) return undefined;
  const where = paths.join(', ');
  const unreadable = diagnostics.some((d) => d.level === 'error');
  const notJudged = notJudgedFiles.size;
  // Trust policies make no resource: a graph with none holds trust policies only.
  const trustOnly = graph.resources.length === 0;
  const message =
    unreadable ? `Nothing was judged: the only files found in ${where} that trailguard reads could not be read (see the errors above).`
    : diagnostics.some((d) => d.code === INVALID_RESOURCE || d.code === UNKNOWN_RESOURCE_TYPE) ?
      `Nothing was judged: the resources found in ${where} could not be read (see the warnings above).`
    : notJudged > 0 && trustOnly ?
      `Nothing was judged: the only policy documents found in ${where} are ${notJudged === 1 ? 'a role trust policy' : `${notJudged} role trust policies`}, which no check applies to.`
    : notJudged > 0 ?
      `Nothing was judged: no check applies to the policy documents found in ${where} (the notes above say why for each).`
    : `Nothing was judged: no CloudFormation template, Terraform configuration or plan, or policy document was found in ${where}${scannedFiles > 0 ? ` (${scannedFiles === 1 ? 'the file read holds' : `the ${scannedFiles} files read hold`} none)` : ''}.`;
  return { level: 'warning', code: NOTHING_JUDGED, file: paths[0] ?? '.', message };
}
