# A dynamic block whose variable default narrows the selector to writes.
variable "read_write_type" {
  type    = string
  default = "WriteOnly"
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  dynamic "event_selector" { # expect-finding
    for_each = [var.read_write_type]
    content {
      read_write_type           = event_selector.value
      include_management_events = true
    }
  }
}
