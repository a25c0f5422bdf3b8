# A conformance pack with two of the five rules.
resource "aws_cloudtrail" "main" { # expect-finding
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_conformance_pack" "cloudtrail" {
  name          = "cloudtrail-audit"
  template_body = jsonencode({
    Resources = {
      Enabled = {
        Type       = "AWS::Config::ConfigRule"
        Properties = { Source = { Owner = "AWS", SourceIdentifier = "CLOUD_TRAIL_ENABLED" } }
      }
      Encryption = {
        Type       = "AWS::Config::ConfigRule"
        Properties = { Source = { Owner = "AWS", SourceIdentifier = "CLOUD_TRAIL_ENCRYPTION_ENABLED" } }
      }
    }
  })
}
