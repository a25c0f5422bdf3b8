# Insight types from a variable, through a dynamic block.
variable "insight_types" {
  type    = list(string)
  default = ["ApiCallRateInsight", "ApiErrorRateInsight"]
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  dynamic "insight_selector" {
    for_each = toset(var.insight_types)
    content {
      insight_type = insight_selector.value
    }
  }
}
