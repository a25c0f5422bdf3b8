# hashicorp/awscc: kms_key_id is not set: the logs are encrypted with SSE-S3 only.
resource "awscc_cloudtrail_trail" "main" { # expect-finding
  trail_name            = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = true
}
