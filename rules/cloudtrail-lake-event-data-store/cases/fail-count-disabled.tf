# The event data store is behind a feature flag that defaults to off: no store is created.
variable "enable_lake" {
  type    = bool
  default = false
}

resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail_event_data_store" "lake" {
  count = var.enable_lake ? 1 : 0
  name  = "org-lake"
}
