# The delegated administrator's central configuration policy enables FSBP in the accounts it covers.
data "aws_region" "current" {}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_securityhub_configuration_policy" "org" {
  name = "org-baseline"
  configuration_policy {
    service_enabled       = true
    enabled_standard_arns = ["arn:aws:securityhub:${data.aws_region.current.name}::standards/aws-foundational-security-best-practices/v/1.0.0"]
    security_controls_configuration {
      disabled_control_identifiers = []
    }
  }
}
