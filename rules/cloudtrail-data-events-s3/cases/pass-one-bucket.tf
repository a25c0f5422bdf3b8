# The seed's cost-saving selector: writes to one sensitive bucket only. Narrowed, but S3 data events are recorded.
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
