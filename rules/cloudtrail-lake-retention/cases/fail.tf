resource "aws_cloudtrail_event_data_store" "lake" {
  name             = "org-lake"
  retention_period = 365 # expect-finding
}
