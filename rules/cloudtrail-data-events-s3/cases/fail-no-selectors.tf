# No selectors: management events only, no data events.
resource "aws_cloudtrail" "main" { # expect-finding
  name                       = "org-trail"
  s3_bucket_name             = "org-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
