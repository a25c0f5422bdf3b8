# Two regions: global IAM types are recorded in one of them only, as AWS recommends.
provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_config_configuration_recorder" "home" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_configuration_recorder" "eu" {
  provider = aws.eu
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = false
  }
}
