# Logging switched off through a variable whose default is false.
variable "logging_enabled" {
  description = "Whether the trail delivers events"
  type        = bool
  default     = false
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
  enable_logging        = var.logging_enabled # expect-finding
}
