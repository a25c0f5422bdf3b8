# inline_policy blocks: trail administration on the admin role, read-only on a developer role.
resource "aws_iam_role" "admin" {
  name = "CloudTrailAdmins"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })

  inline_policy {
    name = "trail-admin"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "cloudtrail:*", Resource = "*" }]
    })
  }
}

resource "aws_iam_role" "developer" {
  name = "Developer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })

  inline_policy {
    name = "read-trails"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["cloudtrail:Describe*", "cloudtrail:LookupEvents"], Resource = "*" }]
    })
  }
}
