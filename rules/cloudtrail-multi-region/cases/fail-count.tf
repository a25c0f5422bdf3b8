# count = var.enabled ? 1 : 0 with enabled true: one instance, single-region.
variable "enabled" {
  type    = bool
  default = true
}

resource "aws_cloudtrail" "main" { # expect-finding
  count = var.enabled ? 1 : 0

  name           = "regional-trail"
  s3_bucket_name = "org-trail-logs"
}
