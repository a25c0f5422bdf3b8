# aws_iam_policy_attachment giving the trail admin policy to the admin group and role only.
resource "aws_iam_policy" "trail_admin" {
  name = "trail-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudtrail:*", Resource = "*" }]
  })
}

resource "aws_iam_policy_attachment" "trail_admin" {
  name       = "trail-admin"
  groups     = ["CloudTrailAdmins"]
  roles      = ["OrganizationSecurityAdmin"]
  policy_arn = aws_iam_policy.trail_admin.arn
}
