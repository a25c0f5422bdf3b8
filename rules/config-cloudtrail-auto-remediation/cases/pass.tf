# Automatic remediation on the CLOUD_TRAIL_ENABLED rule.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_config_rule" "enabled" {
  name = "cloudtrail-enabled"
  source {
    owner             = "AWS"
    source_identifier = "CLOUD_TRAIL_ENABLED"
  }
}

resource "aws_config_remediation_configuration" "trail" {
  config_rule_name           = aws_config_config_rule.enabled.name
  target_type                = "SSM_DOCUMENT"
  target_id                  = "AWSConfigRemediation-EnableCloudTrail"
  automatic                  = true
  maximum_automatic_attempts = 3
  retry_attempt_seconds      = 60
  parameter {
    name         = "TrailName"
    static_value = aws_cloudtrail.main.name
  }
}
