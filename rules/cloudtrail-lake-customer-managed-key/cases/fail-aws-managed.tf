# The AWS managed key is not customer-managed.
resource "aws_cloudtrail_event_data_store" "lake" {
  name       = "org-lake"
  kms_key_id = "alias/aws/cloudtrail" # expect-finding
}
