# A policy document that allows stopping trails, attached to a user.
data "aws_iam_policy_document" "stop_trails" {
  statement {
    actions   = ["cloudtrail:Stop*", "cloudtrail:Describe*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "stop_trails" {
  name   = "stop-trails"
  policy = data.aws_iam_policy_document.stop_trails.json # expect-finding
}

resource "aws_iam_user_policy_attachment" "alice" {
  user       = "alice"
  policy_arn = aws_iam_policy.stop_trails.arn
}
