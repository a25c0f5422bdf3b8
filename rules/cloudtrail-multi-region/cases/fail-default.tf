# is_multi_region_trail is not set: the provider's default is false, so the trail is single-region.
# The finding points at the resource, since the argument is missing.
resource "aws_cloudtrail" "main" { # expect-finding
  name           = "regional-trail"
  s3_bucket_name = "org-trail-logs"
}
