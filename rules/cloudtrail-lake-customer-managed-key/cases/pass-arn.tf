# A customer-managed key from the security account, by ARN.
resource "aws_cloudtrail_event_data_store" "lake" {
  name       = "org-lake"
  kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
