# A data selector must name resources.type.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  advanced_event_selector { # expect-finding
    name = "All data events"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
  }
}
