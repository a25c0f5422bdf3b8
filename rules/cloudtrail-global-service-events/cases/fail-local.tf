# A regional trail that leaves global services to another trail, through a local.
locals {
  is_primary_region = false
}

resource "aws_cloudtrail" "regional" {
  name                          = "regional-trail"
  s3_bucket_name                = "org-trail-logs"
  include_global_service_events = local.is_primary_region # expect-finding
}
