# One network activity selector per event source, from a set variable through a dynamic block.
variable "network_activity_sources" {
  type    = set(string)
  default = ["kms.amazonaws.com", "secretsmanager.amazonaws.com", "s3.amazonaws.com"]
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  dynamic "advanced_event_selector" {
    for_each = var.network_activity_sources
    content {
      name = "NetworkActivity ${advanced_event_selector.value}"
      field_selector {
        field  = "eventCategory"
        equals = ["NetworkActivity"]
      }
      field_selector {
        field  = "eventSource"
        equals = [advanced_event_selector.value]
      }
    }
  }
}
