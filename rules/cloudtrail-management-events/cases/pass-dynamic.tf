# Selectors generated from a variable with a dynamic block; the default records everything.
variable "event_selectors" {
  type = list(object({
    read_write_type           = string
    include_management_events = bool
  }))
  default = [
    { read_write_type = "All", include_management_events = true },
  ]
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  dynamic "event_selector" {
    for_each = var.event_selectors
    content {
      read_write_type           = event_selector.value.read_write_type
      include_management_events = event_selector.value.include_management_events
    }
  }
}
