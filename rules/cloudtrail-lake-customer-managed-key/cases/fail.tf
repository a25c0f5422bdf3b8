# kms_key_id is not set: events are encrypted with a key AWS owns.
resource "aws_cloudtrail_event_data_store" "lake" { # expect-finding
  name = "org-lake"
}
