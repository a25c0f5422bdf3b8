resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail_event_data_store" "lake" {
  name = "org-lake"
}
