resource "aws_cloudtrail" "main" {
  name                  = "account-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  is_organization_trail = false # expect-finding
}
