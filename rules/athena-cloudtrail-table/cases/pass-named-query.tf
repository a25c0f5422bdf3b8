# A saved query in a workgroup, creating the table over the trail's bucket.
resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}

resource "aws_athena_workgroup" "security" {
  name = "security"
}

resource "aws_athena_named_query" "create" {
  name      = "create-cloudtrail-table"
  workgroup = aws_athena_workgroup.security.id
  database  = "audit"
  query     = <<-SQL
    CREATE EXTERNAL TABLE cloudtrail_logs (eventversion STRING, eventname STRING)
    ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
    LOCATION 's3://org-trail-logs/AWSLogs/';
  SQL
}
