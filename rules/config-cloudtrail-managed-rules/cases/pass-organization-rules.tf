# Organization managed rules count as well.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  is_organization_trail = true
}

resource "aws_config_organization_managed_rule" "cloudtrail" {
  for_each        = toset(["CLOUD_TRAIL_ENABLED", "CLOUD_TRAIL_ENCRYPTION_ENABLED", "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", "S3_BUCKET_PUBLIC_READ_PROHIBITED"])
  name            = lower(replace(each.key, "_", "-"))
  rule_identifier = each.key
}
