# The standards ARN is an input without a default: undetermined, never a finding.
variable "standards_arn" {
  type = string
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_securityhub_account" "this" {
  enable_default_standards = false
}

resource "aws_securityhub_standards_subscription" "chosen" {
  standards_arn = var.standards_arn
  depends_on    = [aws_securityhub_account.this]
}
