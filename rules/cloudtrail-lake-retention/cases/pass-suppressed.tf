# The provider validates retention_period between 7 and 2555 days, so a Terraform-managed event data store
# cannot be configured for seven years (2557 days). Here retention is raised outside Terraform
# (aws cloudtrail update-event-data-store --retention-period 3653), Terraform is told to leave it alone,
# and the check is suppressed in the resource with that reason: reported as suppressed, not failing the run.
resource "aws_cloudtrail_event_data_store" "lake" {
  # trailguard:ignore:cloudtrail-lake-retention retention raised to 3653 days with the CLI; the provider caps retention_period at 2555
  name = "org-lake"

  lifecycle {
    ignore_changes = [retention_period]
  }
}
