# The table reads the trail's bucket, but not where CloudTrail writes (no AWSLogs/).
resource "aws_s3_bucket" "trail" {
  bucket = "org-trail-logs"
}

resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}

resource "aws_glue_catalog_table" "config" {
  name          = "config_snapshots"
  database_name = "audit"
  storage_descriptor {
    location = "s3://org-trail-logs/config/"
  }
}
