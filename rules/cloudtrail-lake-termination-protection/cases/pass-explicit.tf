resource "aws_cloudtrail_event_data_store" "lake" {
  name                           = "org-lake"
  termination_protection_enabled = true
}
