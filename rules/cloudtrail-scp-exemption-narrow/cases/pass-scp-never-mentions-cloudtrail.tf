# A root-attached SCP that never mentions CloudTrail protects nothing: P9.1's finding, not this rule's.
resource "aws_cloudtrail" "main" {
  name           = "org-security-trail"
  s3_bucket_name = "my-org-cloudtrail-logs"
}

resource "aws_organizations_policy" "region_guard" {
  name = "DenyLeavingOrganization"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "organizations:LeaveOrganization"
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.region_guard.id
  target_id = "r-ab12"
}
