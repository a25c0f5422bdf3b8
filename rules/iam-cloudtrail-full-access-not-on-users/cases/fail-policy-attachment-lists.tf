# aws_iam_policy_attachment gives AWSCloudTrail_FullAccess to a group and, directly, to a user.
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_policy_attachment" "cloudtrail_full_access" { # expect-finding
  name       = "cloudtrail-full-access"
  groups     = ["CloudTrailAdmins"]
  users      = [aws_iam_user.alice.name]
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}
