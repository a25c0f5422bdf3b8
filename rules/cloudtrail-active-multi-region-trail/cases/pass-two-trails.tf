# A regional trail next to a multi-region one: at least one trail covers every region.
resource "aws_cloudtrail" "regional" {
  name           = "eu-data-residency"
  s3_bucket_name = "org-trail-logs"
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}
