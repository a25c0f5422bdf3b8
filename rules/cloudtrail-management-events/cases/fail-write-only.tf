resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  event_selector { # expect-finding
    read_write_type = "WriteOnly"
  }
}
