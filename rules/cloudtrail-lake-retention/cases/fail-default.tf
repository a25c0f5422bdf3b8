# retention_period is not set: the provider sends its default, 2555 days, short of seven years (2557 days).
resource "aws_cloudtrail_event_data_store" "lake" { # expect-finding
  name = "org-lake"
}
