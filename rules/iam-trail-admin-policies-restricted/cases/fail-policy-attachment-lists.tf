# aws_iam_policy_attachment gives one policy to lists of users, groups and roles: a developer group here.
resource "aws_iam_policy" "trail_admin" {
  name = "trail-admin"
  policy = jsonencode({ # expect-finding
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudtrail:*", Resource = "*" }]
  })
}

resource "aws_iam_policy_attachment" "trail_admin" {
  name       = "trail-admin"
  groups     = ["CloudTrailAdmins", "Developers"]
  policy_arn = aws_iam_policy.trail_admin.arn
}
