# The table's bucket is an input without a default: undetermined, never a finding.
variable "logs_bucket" {
  type = string
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_glue_catalog_table" "cloudtrail" {
  name          = "cloudtrail_logs"
  database_name = "audit"
  storage_descriptor {
    location = "s3://${var.logs_bucket}/AWSLogs/"
  }
}
