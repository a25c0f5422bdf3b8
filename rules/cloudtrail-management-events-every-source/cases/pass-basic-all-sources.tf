# A basic selector for all management events, of every source.
resource "aws_cloudtrail" "main" {
  name                          = "org-trail"
  s3_bucket_name                = "org-trail-logs"
  is_multi_region_trail         = true
  include_global_service_events = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}
