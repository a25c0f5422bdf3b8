# The value comes from a variable default: judged with the default (true).
variable "multi_region" {
  type        = bool
  default     = true
  description = "Record API calls in every region"
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = var.multi_region
}
