import type { Resource } from '../graph.js';
import type { SourceRange } from '../../core/location.js';
import { classifyStandardsArn } from '../semantics/security-hub-standards.js';
import { Unknown } from '../../core/unknown.js';
import { toBool } from './convert.js';

/**
 * What the CloudFormation and Terraform governance mappings share (Security
 * Hub standards, Athena table locations, the Config recording group), so one
 * rule judges both forms alike.
 */

/** `standard` and `version` from `standardsArn` (engine/semantics/security-hub-standards.ts). */
export function setStandard(r: Resource): void {
  const id = classifyStandardsArn(r.props['standardsArn']);
  if (id === undefined) return;
  if (id instanceof Unknown) {
    r.props['standard'] = id;
    r.props['version'] = id;
  } else {
    r.props['standard'] = id.standard;
    if (id.version !== undefined) r.props['version'] = id.version;
  }
  if (r.locs['standardsArn']) r.locs['standard'] = r.locs['standardsArn'];
  r.props['byDefault'] = false;
}

/**
 * The raw S3 locations a table (or a named query's text) reads; the analysis
 * step (engine/analysis/governance.ts) decides whether one is the trail's
 * bucket once the graph is linked. `kind` says whether each value is a
 * location itself or a query to search for `s3://` locations.
 */
export function setTableLocations(r: Resource, values: unknown[], kind: 'location' | 'query', loc: SourceRange | undefined): void {
  r.props['locationSources'] = { kind, values: values.filter((v) => v !== undefined && v !== null && v !== '') };
  if (loc) r.locs['locations'] = r.locs['overTrailBucket'] = loc;
}

export interface RecordingGroupInput {
  /** A recording group is written (absent: all supported types, no global IAM types). */
  present: boolean;
  /** The whole group is unknown. */
  group?: Unknown | undefined;
  allSupported: unknown;
  includeGlobal: unknown;
  resourceTypes: unknown;
  /** RecordingStrategy.UseOnly. */
  strategy: unknown;
  /** What an omitted AllSupported means inside a written group, in this input format. */
  allSupportedDefault: boolean | Unknown;
}

/**
 * AWS Config RecordingGroup (API reference "RecordingGroup"): without one,
 * Config records all current and future supported types "excluding the
 * global IAM resource types"; `IncludeGlobalResourceTypes` adds those and
 * only works with all supported types (strategy ALL_SUPPORTED_RESOURCE_TYPES).
 * INCLUSION_BY_RESOURCE_TYPES and EXCLUSION_BY_RESOURCE_TYPES record less
 * than all supported types.
 */
export function setRecordingGroup(r: Resource, g: RecordingGroupInput): void {
  if (!g.present) {
    r.props['allSupported'] = true;
    r.props['includeGlobalResourceTypes'] = false;
    r.defaulted.add('allSupported');
    r.defaulted.add('includeGlobalResourceTypes');
    return;
  }
  if (g.group) {
    r.props['allSupported'] = r.props['includeGlobalResourceTypes'] = g.group;
    return;
  }
  let all: boolean | Unknown;
  if (g.strategy instanceof Unknown) all = g.strategy;
  else if (typeof g.strategy === 'string' && g.strategy !== '') all = g.strategy === 'ALL_SUPPORTED_RESOURCE_TYPES' ? toBool(g.allSupported) ?? true : false;
  else {
    const explicit = toBool(g.allSupported);
    const types = g.resourceTypes;
    if (explicit !== undefined) all = explicit;
    else if (Array.isArray(types) && types.length > 0) all = false;
    else all = g.allSupportedDefault;
  }
  r.props['allSupported'] = all;
  const global = toBool(g.includeGlobal) ?? false;
  r.props['includeGlobalResourceTypes'] = all === false || global === false ? false : all instanceof Unknown ? all : global;
}
