# hashicorp/awscc: the bucket's public access block (an object attribute) leaves public policies unblocked.
resource "awscc_cloudtrail_trail" "main" {
  trail_name            = "org-trail"
  s3_bucket_name        = awscc_s3_bucket.trail.id
  is_logging            = true
  is_multi_region_trail = true
}

resource "awscc_s3_bucket" "trail" {
  bucket_name = "acme-org-trail-logs"
  public_access_block_configuration = { # expect-finding
    block_public_acls       = true
    block_public_policy     = false
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}
