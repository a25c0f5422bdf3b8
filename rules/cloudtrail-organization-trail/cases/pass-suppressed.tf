# A single-account setup: the check is suppressed inside the resource block, with a reason.
resource "aws_cloudtrail" "main" {
  # trailguard:ignore:cloudtrail-organization-trail standalone account, not part of an AWS Organization
  name                  = "account-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}
