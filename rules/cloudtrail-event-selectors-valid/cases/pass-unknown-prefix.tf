# S3 data events for one bucket created in the same configuration: starts_with is known only after apply,
# but the field selector has its operator, so CloudTrail accepts the selectors.
resource "aws_s3_bucket" "sensitive" {
  bucket = "sensitive-data-bucket"
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  advanced_event_selector {
    name = "S3WriteOnlyForSensitive"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = ["${aws_s3_bucket.sensitive.arn}/"]
    }
    field_selector {
      field  = "readOnly"
      equals = ["false"]
    }
  }
}
