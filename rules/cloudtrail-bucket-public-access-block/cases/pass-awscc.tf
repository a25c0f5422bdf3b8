# hashicorp/awscc: all four Block Public Access settings on.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = awscc_s3_bucket.trail.id
  is_logging            = true
  is_multi_region_trail = true
}

resource "awscc_s3_bucket" "trail" {
  bucket_name = "acme-org-trail-logs"
  public_access_block_configuration = {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}
