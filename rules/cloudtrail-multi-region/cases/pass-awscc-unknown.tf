# hashicorp/awscc: the value comes from a variable without default: undetermined, not a finding.
variable "multi_region" {
  type = bool
}

resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_logging            = true
  is_multi_region_trail = var.multi_region
}
