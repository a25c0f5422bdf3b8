# The trail as written here is multi-region, but override.tf (merged by
# Terraform after every other file) turns it into a regional trail.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}
