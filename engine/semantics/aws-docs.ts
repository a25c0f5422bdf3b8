/**
 * The documentation pages this module's semantics rest on. Validation issues
 * carry one of these so a finding can say where the rule comes from, and the
 * comments in the semantics modules cite them by key.
 */
export const AWS_DOCS = {
  /** AdvancedFieldSelector (API reference): fields, operators, required fields per event category. */
  advancedFieldSelector: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html',
  /** Same text, CloudFormation template reference (AWS::CloudTrail::Trail AdvancedFieldSelector). */
  cfnAdvancedFieldSelector:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-advancedfieldselector.html',
  /** AdvancedEventSelector (API reference): supported fields per category, trails vs event data stores. */
  advancedEventSelector: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html',
  /** EventSelector (API reference): defaults of ReadWriteType and IncludeManagementEvents, no selectors = all management events. */
  eventSelector: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html',
  /** DataResource (API reference): the three basic types, ARN prefixes and exact Lambda ARNs. */
  dataResource: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html',
  /** PutEventSelectors: basic or advanced, not both; advanced replace basic. */
  putEventSelectors: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html',
  /** Logging data events (user guide): resources.type values, data events off by default. */
  loggingDataEvents: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
  /** Logging network activity events (user guide): eventSource required, Equals only. */
  loggingNetworkEvents: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html',
  /** Logging management events (user guide). */
  loggingManagementEvents:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html',
  /** Understanding organization event data stores: create-event-data-store output shows the "Default management events" selector. */
  edsDefaultSelector: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-lake-organizations.html',
  /** InsightSelector (API reference): EventCategories, default management only. */
  insightSelector: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_InsightSelector.html',
  /** Working with CloudTrail Insights (user guide): Insights on data events for trails only. */
  insights: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html',
  /** CloudFormation PR documenting "When includeManagementEvents is false, DataResources must not be empty". */
  cfnIncludeManagementFalse: 'https://github.com/awsdocs/aws-cloudformation-user-guide/pull/752',
  /** InvalidEventSelectorsException for `arn:aws:s3:::*` and `arn:aws:lambda:*` DataResources values. */
  wildcardValueRejected: 'https://github.com/aws-samples/aws-security-reference-architecture-examples/issues/335',
  /**
   * Quotas in AWS CloudTrail (user guide): 250 data resources across a trail's event selectors, 500 values
   * for all conditions in all of a trail's advanced event selectors; neither can be increased.
   */
  quotas: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html',
  /** A field selector without any operator is rejected by the API (HTTP 400). */
  operatorRequired: 'https://github.com/aws/aws-sdk-go/issues/4260',
} as const;
