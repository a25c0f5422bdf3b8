# aws_iam_policy_attachment: AWSCloudTrail_FullAccess to the admin group, read-only access to a user.
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_policy_attachment" "cloudtrail_full_access" {
  name       = "cloudtrail-full-access"
  groups     = ["CloudTrailAdmins"]
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}

resource "aws_iam_policy_attachment" "cloudtrail_read_only" {
  name       = "cloudtrail-read-only"
  users      = [aws_iam_user.alice.name]
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"
}
