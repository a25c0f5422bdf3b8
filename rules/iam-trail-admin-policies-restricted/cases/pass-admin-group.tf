# cloudtrail:* attached only to the CloudTrailAdmins group.
resource "aws_iam_policy" "trail_admin" {
  name = "trail-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "cloudtrail:*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_group_policy_attachment" "trail_admin" {
  group      = "CloudTrailAdmins"
  policy_arn = aws_iam_policy.trail_admin.arn
}
