# Multi-region and logging, but AWS KMS management events are left out: not every management event.
resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  event_selector {
    read_write_type                  = "All"
    exclude_management_event_sources = ["kms.amazonaws.com"]
  }
}
