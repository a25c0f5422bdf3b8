# The most the provider accepts (2555 days), with fixed retention pricing: still two days short of seven years.
resource "aws_cloudtrail_event_data_store" "lake" {
  name             = "org-lake"
  billing_mode     = "FIXED_RETENTION_PRICING"
  retention_period = 2555 # expect-finding
}
