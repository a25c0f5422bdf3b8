# All five, with for_each over the identifiers.
locals {
  managed_rules = ["CLOUD_TRAIL_ENABLED", "CLOUD_TRAIL_ENCRYPTION_ENABLED", "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", "S3_BUCKET_PUBLIC_READ_PROHIBITED"]
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_config_rule" "cloudtrail" {
  for_each = toset(local.managed_rules)
  name     = lower(replace(each.key, "_", "-"))
  source {
    owner             = "AWS"
    source_identifier = each.key
  }
}
