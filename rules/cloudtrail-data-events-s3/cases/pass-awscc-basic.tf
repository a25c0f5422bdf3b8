# hashicorp/awscc: a basic selector recording S3 object data events of every bucket.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = true

  event_selectors = [{
    read_write_type           = "All"
    include_management_events = true
    data_resources = [{
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }]
  }]
}
