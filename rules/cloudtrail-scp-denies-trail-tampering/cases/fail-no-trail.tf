# No trail in the scan (an organization's configuration): the SCP attached to the root never mentions
# CloudTrail, so it is judged against any trail and the finding is on the SCP.
resource "aws_organizations_policy" "leave_guard" { # expect-finding
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
  policy_id = aws_organizations_policy.leave_guard.id
  target_id = "r-ab12"
}
