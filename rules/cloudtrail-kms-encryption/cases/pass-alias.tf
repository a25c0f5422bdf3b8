# The trail names the key through an alias created in the same configuration.
resource "aws_kms_key" "trail" {
  description         = "CloudTrail log encryption"
  enable_key_rotation = true
}

resource "aws_kms_alias" "trail" {
  name          = "alias/cloudtrail"
  target_key_id = aws_kms_key.trail.key_id
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  kms_key_id            = aws_kms_alias.trail.arn
}
