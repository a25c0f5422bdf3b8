resource "aws_cloudtrail" "main" {
  name                  = "regional-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = false # expect-finding
}
