# hashicorp/awscc: is_multi_region_trail left out; CloudFormation's default is a single-region trail.
resource "awscc_cloudtrail_trail" "main" { # expect-finding
  trail_name     = "regional-trail"
  s3_bucket_name = "org-trail-logs"
  is_logging     = true
}
