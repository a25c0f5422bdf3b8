# An advanced selector for management events of every source but AWS KMS.
resource "aws_cloudtrail" "main" {
  name                          = "org-trail"
  s3_bucket_name                = "org-trail-logs"
  is_multi_region_trail         = true
  include_global_service_events = true

  advanced_event_selector { # expect-finding
    name = "Management events without KMS"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
    field_selector {
      field      = "eventSource"
      not_equals = ["kms.amazonaws.com"]
    }
  }
}
