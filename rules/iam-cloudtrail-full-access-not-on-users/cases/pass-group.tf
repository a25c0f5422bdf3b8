resource "aws_iam_group" "cloudtrail_admins" {
  name = "CloudTrailAdmins"
}

resource "aws_iam_group_policy_attachment" "cloudtrail_admins" {
  group      = aws_iam_group.cloudtrail_admins.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}

resource "aws_iam_user" "auditor" {
  name = "auditor"
}

resource "aws_iam_user_policy_attachment" "auditor" {
  user       = aws_iam_user.auditor.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"
}
