# The key is optional and off by default: the conditional gives null, which leaves kms_key_id unset.
variable "encrypt_logs" {
  type    = bool
  default = false
}

resource "aws_kms_key" "trail" {
  count               = var.encrypt_logs ? 1 : 0
  description         = "CloudTrail log encryption"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  kms_key_id            = var.encrypt_logs ? aws_kms_key.trail[0].arn : null # expect-finding
}
