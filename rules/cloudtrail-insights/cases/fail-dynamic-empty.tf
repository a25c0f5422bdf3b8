# The dynamic block's variable defaults to an empty list: no insight selector is generated.
# The block is written, so the finding points at it.
variable "insight_types" {
  type    = list(string)
  default = []
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  dynamic "insight_selector" { # expect-finding
    for_each = var.insight_types
    content {
      insight_type = insight_selector.value
    }
  }
}
