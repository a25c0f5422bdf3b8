# hashicorp/awscc: the trail is AWS::CloudTrail::Trail with snake_case attributes; single-region.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "regional-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = false # expect-finding
}
