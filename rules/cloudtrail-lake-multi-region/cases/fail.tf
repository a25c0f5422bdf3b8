resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail_event_data_store" "lake" {
  name                 = "regional-lake"
  multi_region_enabled = false # expect-finding
}
