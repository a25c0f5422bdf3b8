# checkov issue 800: the key is created in the same configuration, so its ARN is known only after apply.
# A reference to it is a KMS key all the same.
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "trail" {
  description             = "CloudTrail log encryption"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs-${data.aws_caller_identity.current.account_id}"
  is_multi_region_trail = true
  kms_key_id            = aws_kms_key.trail.arn
}
