variable "trail_log_group" {
  type    = string
  default = "/aws/cloudtrail/org-trail"
}

resource "aws_cloudwatch_log_metric_filter" "root_usage" {
  name           = "root-usage"
  log_group_name = var.trail_log_group
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"

  metric_transformation {
    name      = "RootAccountUsage" # expect-finding
    namespace = "CISBenchmark"
    value     = "1"
  }
}

