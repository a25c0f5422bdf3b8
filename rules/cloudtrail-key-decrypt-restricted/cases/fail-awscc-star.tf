# hashicorp/awscc: the key policy is a JSON string (key_policy = jsonencode(...)); everyone may decrypt.
data "aws_caller_identity" "current" {}

resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = "acme-org-trail-logs"
  kms_key_id            = awscc_kms_key.trail.arn
  is_logging            = true
  is_multi_region_trail = true
}

resource "awscc_kms_key" "trail" {
  description         = "CloudTrail log encryption"
  enable_key_rotation = true
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableRootAccess"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      { # expect-finding
        Sid       = "EveryoneDecrypts"
        Effect    = "Allow"
        Principal = "*"
        Action    = "kms:Decrypt"
        Resource  = "*"
      },
    ]
  })
}
