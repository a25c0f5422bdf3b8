# Terraform creates the recorder stopped: no aws_config_configuration_recorder_status starts it.
resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/config"
}

resource "aws_config_delivery_channel" "main" {
  name           = "default"
  s3_bucket_name = "org-config-snapshots"
  depends_on     = [aws_config_configuration_recorder.main]
}
