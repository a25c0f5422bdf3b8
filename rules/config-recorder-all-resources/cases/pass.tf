# All supported types (the provider's default), global types included.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    include_global_resource_types = true
  }
}
