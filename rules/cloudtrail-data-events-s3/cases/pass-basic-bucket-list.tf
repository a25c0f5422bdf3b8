# The classic basic selector over a list of buckets, built with a for expression.
variable "audited_buckets" {
  type    = list(string)
  default = ["payments-data", "customer-exports"]
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = [for b in var.audited_buckets : "arn:aws:s3:::${b}/"]
    }
  }
}
