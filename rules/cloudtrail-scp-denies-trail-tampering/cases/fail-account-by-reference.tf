# Attached only to a member account created in the same configuration: not the root or an OU.
resource "aws_organizations_account" "audit" {
  name  = "audit"
  email = "audit@example.com"
}

resource "aws_cloudtrail" "main" { # expect-finding
  name                       = "org-security-trail"
  s3_bucket_name             = aws_s3_bucket.trail.id
  kms_key_id                 = "arn:aws:kms:us-east-1:123456789012:key/abcd1234-5678-90ab-cdef-EXAMPLE"
  is_multi_region_trail      = true
  is_organization_trail      = true
  enable_log_file_validation = true
}

resource "aws_s3_bucket" "trail" {
  bucket = "my-org-cloudtrail-logs"
}

resource "aws_organizations_policy" "trail_protection" {
  name        = "DenyCloudTrailTampering"
  description = "Protects the organization trail, its bucket and its key"
  type        = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DenyCloudTrailTampering"
        Effect = "Deny"
        Action = [
          "cloudtrail:StopLogging",
          "cloudtrail:DeleteTrail",
          "cloudtrail:UpdateTrail",
          "cloudtrail:PutEventSelectors",
          "cloudtrail:PutInsightSelectors",
        ]
        Resource = "arn:aws:cloudtrail:*:*:trail/${aws_cloudtrail.main.name}"
        Condition = {
          ArnNotLike = { "aws:PrincipalARN" = ["arn:aws:iam::*:role/OrganizationSecurityAdmin"] }
        }
      },
      {
        Sid      = "DenyCloudTrailBucketDeletion"
        Effect   = "Deny"
        Action   = ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy"]
        Resource = "arn:aws:s3:::${aws_s3_bucket.trail.bucket}"
        Condition = {
          ArnNotLike = { "aws:PrincipalARN" = ["arn:aws:iam::*:role/OrganizationSecurityAdmin"] }
        }
      },
    ]
  })
}

resource "aws_organizations_policy_attachment" "audit" {
  policy_id = aws_organizations_policy.trail_protection.id
  target_id = aws_organizations_account.audit.id
}
