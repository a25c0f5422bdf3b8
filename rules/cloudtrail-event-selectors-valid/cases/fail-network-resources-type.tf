# A network activity selector written with resources.type, as some guides print it: CloudTrail requires
# eventSource for eventCategory NetworkActivity and rejects the list.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  advanced_event_selector { # expect-finding
    name = "NetworkActivityS3"
    field_selector {
      field  = "eventCategory"
      equals = ["NetworkActivity"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::AccessPoint"]
    }
  }
}
