# CIS v3.0.0 with the ARN built by format().
data "aws_region" "current" {}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_securityhub_account" "this" {
  enable_default_standards = false
}

resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = format("arn:aws:securityhub:%s::standards/cis-aws-foundations-benchmark/v/3.0.0", data.aws_region.current.name)
  depends_on    = [aws_securityhub_account.this]
}
