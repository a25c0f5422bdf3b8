resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/org-trail"
  retention_in_days = 365
}

resource "aws_cloudtrail" "main" {
  name                       = "org-trail"
  s3_bucket_name             = "org-trail-logs"
  is_multi_region_trail      = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-to-logs"
}

resource "aws_cloudwatch_log_metric_filter" "root_usage" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"

  metric_transformation {
    name      = "RootAccountUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_sns_topic" "security_alarms" {
  name              = "security-alarms"
  kms_master_key_id = "alias/security-alarms"
}

resource "aws_cloudwatch_metric_alarm" "root_usage" {
  alarm_name          = "root-usage"
  namespace           = aws_cloudwatch_log_metric_filter.root_usage.metric_transformation[0].namespace
  metric_name         = aws_cloudwatch_log_metric_filter.root_usage.metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security_alarms.arn]
}
