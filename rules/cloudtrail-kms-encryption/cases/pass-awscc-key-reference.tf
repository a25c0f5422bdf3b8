# hashicorp/awscc: the key is created alongside and referenced; its ARN is known only after apply.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = true
  kms_key_id            = awscc_kms_key.trail.arn
}

resource "awscc_kms_key" "trail" {
  description         = "CloudTrail log encryption"
  enable_key_rotation = true
}
