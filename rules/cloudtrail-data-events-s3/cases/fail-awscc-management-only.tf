# hashicorp/awscc: advanced selectors (a list of objects, not blocks) that record management events only.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = true

  advanced_event_selectors = [{ # expect-finding
    name = "Management events"
    field_selectors = [{
      field  = "eventCategory"
      equals = ["Management"]
    }]
  }]
}
