# A basic selector that leaves AWS KMS and RDS Data API management events out.
resource "aws_cloudtrail" "main" {
  name                          = "org-trail"
  s3_bucket_name                = "org-trail-logs"
  is_multi_region_trail         = true
  include_global_service_events = true

  event_selector { # expect-finding
    read_write_type                  = "All"
    include_management_events        = true
    exclude_management_event_sources = ["kms.amazonaws.com", "rdsdata.amazonaws.com"]
  }
}
