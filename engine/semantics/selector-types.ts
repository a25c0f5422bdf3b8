import type { Unknown } from '../../core/unknown.js';

/**
 * Event selectors as the CloudFormation and Terraform adapters produce them:
 * the native shapes with camel-cased names, where any value may be an
 * `Unknown` (a parameter, a `!GetAtt`, a value "known after apply").
 */

/** The values of one operator: literals and unknowns, or a whole list that is unknown. */
export type OperatorValues = (string | Unknown)[] | Unknown;

/** `DataResource` of a basic event selector. */
export interface DataResource {
  type: string | Unknown;
  values: (string | Unknown)[] | Unknown;
}

/** Basic `EventSelector` (`EventSelectors` / `event_selector`). */
export interface BasicEventSelector {
  /** `All` when unset. */
  readWriteType?: 'All' | 'ReadOnly' | 'WriteOnly' | string | Unknown;
  /** `true` when unset. */
  includeManagementEvents?: boolean | Unknown;
  excludeManagementEventSources?: (string | Unknown)[] | Unknown;
  dataResources?: DataResource[] | Unknown;
}

/** `AdvancedFieldSelector`: a field and the operators that constrain it. */
export interface FieldSelector {
  field: string | Unknown;
  equals?: OperatorValues;
  startsWith?: OperatorValues;
  endsWith?: OperatorValues;
  notEquals?: OperatorValues;
  notStartsWith?: OperatorValues;
  notEndsWith?: OperatorValues;
}

/** `AdvancedEventSelector`. */
export interface AdvancedEventSelector {
  name?: string | Unknown;
  fieldSelectors: FieldSelector[] | Unknown;
}

export type DataScope = 'all' | 'partial' | 'none';

/**
 * What a trail or event data store records, judged from its selectors. Every
 * answer is `Unknown` when values unknown before deployment could change it.
 */
export interface Recording {
  /** Every read management event is recorded, apart from those of `managementExcludedSources`. */
  managementRead: boolean | Unknown;
  /** Every write management event is recorded, apart from those of `managementExcludedSources`. */
  managementWrite: boolean | Unknown;
  /** Event sources (`kms.amazonaws.com`, `rdsdata.amazonaws.com`) whose management events are not recorded although others are. */
  managementExcludedSources: string[] | Unknown;
  s3Data: boolean | Unknown;
  s3DataScope: DataScope | Unknown;
  lambdaData: boolean | Unknown;
  lambdaDataScope: DataScope | Unknown;
  dynamodbData: boolean | Unknown;
  dynamodbDataScope: DataScope | Unknown;
  /** Data events of some resource type are recorded. */
  anyData: boolean | Unknown;
  /** Network activity events of some event source are recorded. */
  networkActivity: boolean | Unknown;
}

/** Trails and event data stores accept different fields and categories. */
export type SelectorTarget = 'trail' | 'eventDataStore';

/** A selector that CloudTrail documents as invalid (error) or as using an undocumented combination (warning). */
export interface SelectorIssue {
  property: 'eventSelectors' | 'advancedEventSelectors';
  /** Index of the selector concerned; absent when the issue concerns the whole list. */
  selector?: number;
  severity: 'error' | 'warning';
  message: string;
  /** Documentation page the rule comes from. */
  source: string;
}
