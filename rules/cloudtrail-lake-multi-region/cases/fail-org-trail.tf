# The trail is an organization trail but the event data store collects this account only
# (organization_enabled defaults to false; multi_region_enabled is not written, so the finding is on the store).
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  is_organization_trail = true
}

resource "aws_cloudtrail_event_data_store" "lake" { # expect-finding
  name = "org-lake"
}
