# A heredoc policy with an interpolated ARN: still read as a document, and public.
# (No comment can follow the heredoc opener: the expected line is in expected-lines.json.)
resource "aws_s3_bucket" "logs" {
  bucket = "heredoc-logs-${var.env}"
}

variable "env" {
  type = string
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AnyoneCanRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "${aws_s3_bucket.logs.arn}/*"
    }
  ]
}
POLICY
}

resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = aws_s3_bucket.logs.id
}
