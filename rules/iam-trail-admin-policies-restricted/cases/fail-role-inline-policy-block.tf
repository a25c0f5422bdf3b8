# An inline_policy block of aws_iam_role is a policy of the role: StopLogging for a developer role.
resource "aws_iam_role" "developer" {
  name = "Developer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })

  inline_policy {
    name = "stop-trails"
    policy = jsonencode({ # expect-finding
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["cloudtrail:StopLogging", "cloudtrail:DescribeTrails"], Resource = "*" }]
    })
  }
}
