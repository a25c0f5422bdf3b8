# enable_logging is not set: the provider defaults it to true and calls StartLogging after creating the trail.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}
