# OpenTofu ignores this file (main.tofu is beside it): its disabled logging is never deployed.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  enable_logging        = false
}
