# hashicorp/awscc: an advanced selector recording S3 object data events.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = true

  advanced_event_selectors = [
    {
      name = "Management events"
      field_selectors = [{ field = "eventCategory", equals = ["Management"] }]
    },
    {
      name = "S3 data events"
      field_selectors = [
        { field = "eventCategory", equals = ["Data"] },
        { field = "resources.type", equals = ["AWS::S3::Object"] },
      ]
    },
  ]
}
