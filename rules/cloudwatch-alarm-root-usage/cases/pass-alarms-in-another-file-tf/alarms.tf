resource "aws_cloudwatch_metric_alarm" "unauthorized_api_calls" {
  alarm_name          = "UnauthorizedApiCalls"
  namespace           = "CISBenchmark"
  metric_name         = "UnauthorizedApiCalls"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "console_signin_without_mfa" {
  alarm_name          = "ConsoleSigninWithoutMfa"
  namespace           = "CISBenchmark"
  metric_name         = "ConsoleSigninWithoutMfa"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "root_usage" {
  alarm_name          = "RootUsage"
  namespace           = "CISBenchmark"
  metric_name         = "RootUsage"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "iam_policy_changes" {
  alarm_name          = "IamPolicyChanges"
  namespace           = "CISBenchmark"
  metric_name         = "IamPolicyChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "cloud_trail_changes" {
  alarm_name          = "CloudTrailChanges"
  namespace           = "CISBenchmark"
  metric_name         = "CloudTrailChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "console_auth_failures" {
  alarm_name          = "ConsoleAuthFailures"
  namespace           = "CISBenchmark"
  metric_name         = "ConsoleAuthFailures"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "kms_key_disable_or_deletion" {
  alarm_name          = "KmsKeyDisableOrDeletion"
  namespace           = "CISBenchmark"
  metric_name         = "KmsKeyDisableOrDeletion"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "s3_bucket_policy_changes" {
  alarm_name          = "S3BucketPolicyChanges"
  namespace           = "CISBenchmark"
  metric_name         = "S3BucketPolicyChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "config_changes" {
  alarm_name          = "ConfigChanges"
  namespace           = "CISBenchmark"
  metric_name         = "ConfigChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "security_group_changes" {
  alarm_name          = "SecurityGroupChanges"
  namespace           = "CISBenchmark"
  metric_name         = "SecurityGroupChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "network_acl_changes" {
  alarm_name          = "NetworkAclChanges"
  namespace           = "CISBenchmark"
  metric_name         = "NetworkAclChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "network_gateway_changes" {
  alarm_name          = "NetworkGatewayChanges"
  namespace           = "CISBenchmark"
  metric_name         = "NetworkGatewayChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "route_table_changes" {
  alarm_name          = "RouteTableChanges"
  namespace           = "CISBenchmark"
  metric_name         = "RouteTableChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "vpc_changes" {
  alarm_name          = "VpcChanges"
  namespace           = "CISBenchmark"
  metric_name         = "VpcChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}

resource "aws_cloudwatch_metric_alarm" "organizations_changes" {
  alarm_name          = "OrganizationsChanges"
  namespace           = "CISBenchmark"
  metric_name         = "OrganizationsChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security-alarms"]
}
