# The key is created in the same configuration: customer-managed, though its ARN is known only after apply.
resource "aws_kms_key" "lake" {
  description         = "CloudTrail Lake encryption"
  enable_key_rotation = true
}

resource "aws_cloudtrail_event_data_store" "lake" {
  name       = "org-lake"
  kms_key_id = aws_kms_key.lake.arn
}
