# The only trail is single-region (the provider's default).
resource "aws_cloudtrail" "main" { # expect-finding
  name           = "org-trail"
  s3_bucket_name = "org-trail-logs"
}
