# A Glue table over the trail's bucket, by reference, with partition projection.
resource "aws_s3_bucket" "trail" {
  bucket = "org-trail-logs"
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}

resource "aws_glue_catalog_table" "cloudtrail" {
  name          = "cloudtrail_logs"
  database_name = "audit"
  table_type    = "EXTERNAL_TABLE"
  parameters = {
    "projection.enabled"        = "true"
    "storage.location.template" = "s3://${aws_s3_bucket.trail.id}/AWSLogs/111122223333/CloudTrail/$${region}/$${date}"
  }
  storage_descriptor {
    location = "s3://${aws_s3_bucket.trail.id}/AWSLogs/"
  }
}
