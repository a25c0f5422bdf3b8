# Two stores from a map; the scratch store turns protection off.
variable "stores" {
  type = map(bool)
  default = {
    audit   = true
    scratch = false
  }
}

resource "aws_cloudtrail_event_data_store" "lake" {
  for_each = var.stores

  name                           = "${each.key}-lake"
  termination_protection_enabled = each.value # expect-finding
}
