# include_management_events = false and no data resources: the selector records nothing, CloudTrail rejects it.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  event_selector { # expect-finding
    include_management_events = false
  }
}
