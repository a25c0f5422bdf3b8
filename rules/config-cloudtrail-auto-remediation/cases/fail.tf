# Automatic, but attached to the encryption rule, not CLOUD_TRAIL_ENABLED.
resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_config_rule" "encryption" {
  name = "cloud-trail-encryption-enabled"
  source {
    owner             = "AWS"
    source_identifier = "CLOUD_TRAIL_ENCRYPTION_ENABLED"
  }
}

resource "aws_config_remediation_configuration" "trail" {
  config_rule_name           = aws_config_config_rule.encryption.name
  target_type                = "SSM_DOCUMENT"
  target_id                  = "AWSConfigRemediation-EnableCloudTrail"
  automatic                  = true
  maximum_automatic_attempts = 3
  retry_attempt_seconds      = 60
}
