# An administrator inline policy on a developer role grants StopLogging too.
resource "aws_iam_role" "developer" {
  name               = "Developer"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "everything" {
  role = aws_iam_role.developer.name
  policy = jsonencode({ # expect-finding
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
