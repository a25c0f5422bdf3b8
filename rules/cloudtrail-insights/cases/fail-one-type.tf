# Only the call-rate type: error-rate anomalies go unnoticed.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  insight_selector { # expect-finding
    insight_type = "ApiCallRateInsight"
  }
}
