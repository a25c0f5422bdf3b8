# enable_default_standards defaults to true: FSBP v1.0.0 and CIS v1.2.0.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_securityhub_account" "this" {}
