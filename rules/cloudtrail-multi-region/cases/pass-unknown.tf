# A variable without default is known only when Terraform runs: no finding (reported as undetermined).
variable "multi_region" {
  type = bool
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = var.multi_region
}
