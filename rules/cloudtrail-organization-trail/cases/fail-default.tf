# is_organization_trail is not set: the provider's default is false.
resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "account-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}
