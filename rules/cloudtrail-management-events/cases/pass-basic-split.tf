# Two basic selectors, one read-only and one write-only: together they record both.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  event_selector {
    read_write_type = "ReadOnly"
  }

  event_selector {
    read_write_type = "WriteOnly"
  }
}
