# Defaults: multi-region; the trail is not an organization trail, so the store need not be organization-enabled.
resource "aws_cloudtrail" "main" {
  name                  = "account-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail_event_data_store" "lake" {
  name = "account-lake"
}
