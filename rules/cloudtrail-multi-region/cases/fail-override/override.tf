resource "aws_cloudtrail" "main" {
  is_multi_region_trail = false
}
