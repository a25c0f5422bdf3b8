# The five rules in a conformance pack's template body (a heredoc), read with the CloudFormation parser.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_conformance_pack" "cloudtrail" {
  name          = "cloudtrail-audit"
  template_body = <<-EOT
    Resources:
      CloudTrailEnabled:
        Type: AWS::Config::ConfigRule
        Properties:
          Source: { Owner: AWS, SourceIdentifier: CLOUD_TRAIL_ENABLED }
      CloudTrailEncryption:
        Type: AWS::Config::ConfigRule
        Properties:
          Source: { Owner: AWS, SourceIdentifier: CLOUD_TRAIL_ENCRYPTION_ENABLED }
      CloudTrailValidation:
        Type: AWS::Config::ConfigRule
        Properties:
          Source: { Owner: AWS, SourceIdentifier: CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED }
      CloudTrailCloudWatch:
        Type: AWS::Config::ConfigRule
        Properties:
          Source: { Owner: AWS, SourceIdentifier: CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED }
      BucketPublicRead:
        Type: AWS::Config::ConfigRule
        Properties:
          Source: { Owner: AWS, SourceIdentifier: S3_BUCKET_PUBLIC_READ_PROHIBITED }
  EOT
}
