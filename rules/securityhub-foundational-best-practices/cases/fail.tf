# Default standards off, only CIS subscribed.
resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_securityhub_account" "this" {
  enable_default_standards = false
}

resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
  depends_on    = [aws_securityhub_account.this]
}
