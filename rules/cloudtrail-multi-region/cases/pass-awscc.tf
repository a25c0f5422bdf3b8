# hashicorp/awscc: a multi-region trail.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = true
}
