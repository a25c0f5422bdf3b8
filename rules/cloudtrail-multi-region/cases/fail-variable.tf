# The value comes from a variable default: judged with the default (false), on the argument's line.
variable "multi_region" {
  type    = bool
  default = false
}

resource "aws_cloudtrail" "main" {
  name                  = "regional-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = var.multi_region # expect-finding
}
