# termination_protection_enabled is not set: the provider's default is true.
resource "aws_cloudtrail_event_data_store" "lake" {
  name = "org-lake"
}
