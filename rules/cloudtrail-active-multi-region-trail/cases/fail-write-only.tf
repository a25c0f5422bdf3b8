# Multi-region and logging, but recording write events only.
resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  event_selector {
    read_write_type = "WriteOnly"
  }
}
