# A log group without the role CloudTrail assumes to write to it: CloudTrail rejects the trail or delivers nothing.
resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/org-trail"
  retention_in_days = 365
}

resource "aws_cloudtrail" "main" {
  name                       = "org-trail"
  s3_bucket_name             = "org-trail-logs"
  is_multi_region_trail      = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*" # expect-finding
}
