resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy_attachment" "alice" { # expect-finding
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}
