# hashicorp/awscc: suppressed by a comment inside the resource, with a reason.
resource "awscc_cloudtrail_trail" "main" {
  # trailguard:ignore cloudtrail-multi-region regional trail for a data-residency sandbox
  trail_name     = "sandbox-trail"
  s3_bucket_name = "org-trail-logs"
  is_logging     = true
}
