# Suppressed in a comment above the resource, with a reason: reported as suppressed, not failing the run.
# trailguard:ignore:cloudtrail-multi-region regional trail for a data-residency sandbox; the organization trail covers all regions
resource "aws_cloudtrail" "main" {
  name           = "sandbox-trail"
  s3_bucket_name = "org-trail-logs"
}
