// Deterministic generator of realistic Terraform for parser benchmarks: the
// shapes CloudTrail modules are made of (trails with dynamic and advanced
// event selectors, KMS keys with jsonencode policies, buckets with heredoc
// policies, policy documents, locals with for expressions, variables with
// validation), repeated with varying names until the wanted size is reached.

function module(n: number): string {
  const name = `audit_${n}`;
  return `# ---------------------------------------------------------------------------
# Audit trail ${n}: organization trail with data events and insights
# ---------------------------------------------------------------------------

variable "${name}_enabled" {
  description = "Whether to create trail ${n}"
  type        = bool
  default     = true
}

variable "${name}_event_selectors" {
  description = "Event selectors for trail ${n}"
  type = list(object({
    read_write_type           = string
    include_management_events = bool
    data_resources = list(object({
      type   = string
      values = list(string)
    }))
  }))
  default = [
    {
      read_write_type           = "All"
      include_management_events = true
      data_resources = [
        { type = "AWS::S3::Object", values = ["arn:aws:s3"] },
        { type = "AWS::Lambda::Function", values = ["arn:aws:lambda"] },
      ]
    },
  ]

  validation {
    condition     = alltrue([for s in var.${name}_event_selectors : contains(["All", "ReadOnly", "WriteOnly"], s.read_write_type)])
    error_message = "read_write_type must be All, ReadOnly or WriteOnly."
  }
}

locals {
  ${name}_name       = "\${var.prefix}-${name}-\${terraform.workspace}"
  ${name}_tags       = merge(var.tags, { Name = local.${name}_name, Trail = "${n}" })
  ${name}_bucket_arn = "arn:\${data.aws_partition.current.partition}:s3:::\${aws_s3_bucket.${name}.id}"
  ${name}_regions    = [for r in var.regions : upper(r) if r != "us-east-1"]
  ${name}_by_region  = { for i, r in var.regions : r => i }
}

resource "aws_kms_key" "${name}" {
  count                   = var.${name}_enabled ? 1 : 0
  description             = "CloudTrail key for ${name}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableRootPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowCloudTrailEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = ["arn:aws:cloudtrail:*:\${data.aws_caller_identity.current.account_id}:trail/*"]
          }
        }
      },
    ]
  })
  tags = local.${name}_tags
}

resource "aws_s3_bucket" "${name}" {
  bucket        = "\${local.${name}_name}-logs"
  force_destroy = false
  tags          = local.${name}_tags
}

resource "aws_s3_bucket_policy" "${name}" {
  bucket = aws_s3_bucket.${name}.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AWSCloudTrailAclCheck",
          "Effect": "Allow",
          "Principal": { "Service": "cloudtrail.amazonaws.com" },
          "Action": "s3:GetBucketAcl",
          "Resource": "\${aws_s3_bucket.${name}.arn}"
        },
        {
          "Sid": "AWSCloudTrailWrite",
          "Effect": "Allow",
          "Principal": { "Service": "cloudtrail.amazonaws.com" },
          "Action": "s3:PutObject",
          "Resource": "\${aws_s3_bucket.${name}.arn}/AWSLogs/\${data.aws_caller_identity.current.account_id}/*",
          "Condition": { "StringEquals": { "s3:x-amz-acl": "bucket-owner-full-control" } }
        }
      ]
    }
  POLICY
}

data "aws_iam_policy_document" "${name}_cloudwatch" {
  statement {
    sid     = "AWSCloudTrailCreateLogStream"
    effect  = "Allow"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      "\${aws_cloudwatch_log_group.${name}.arn}:log-stream:*",
    ]
  }
}

resource "aws_cloudwatch_log_group" "${name}" {
  name              = "/aws/cloudtrail/\${local.${name}_name}"
  retention_in_days = 365
  kms_key_id        = try(aws_kms_key.${name}[0].arn, null)
}

resource "aws_cloudtrail" "${name}" {
  count                         = var.${name}_enabled ? 1 : 0
  name                          = local.${name}_name
  s3_bucket_name                = aws_s3_bucket.${name}.id
  kms_key_id                    = aws_kms_key.${name}[0].arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  is_organization_trail         = var.organization_trail
  cloud_watch_logs_group_arn    = "\${aws_cloudwatch_log_group.${name}.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.cloudtrail.arn

  dynamic "event_selector" {
    for_each = var.${name}_event_selectors
    content {
      read_write_type           = event_selector.value.read_write_type
      include_management_events = event_selector.value.include_management_events

      dynamic "data_resource" {
        for_each = event_selector.value.data_resources
        content {
          type   = data_resource.value.type
          values = data_resource.value.values
        }
      }
    }
  }

  advanced_event_selector {
    name = "Log all S3 data events except the trail bucket"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field           = "resources.ARN"
      not_starts_with = ["\${aws_s3_bucket.${name}.arn}/"]
    }
  }

  insight_selector { insight_type = "ApiCallRateInsight" }

  tags = merge(local.${name}_tags, { Index = ${n}, Ratio = 0.${n % 10}5, Enabled = true })

  depends_on = [aws_s3_bucket_policy.${name}]
}

output "${name}_arn" {
  value = one(aws_cloudtrail.${name}[*].arn)
}

`;
}

/** At least `bytes` characters of Terraform, made of whole modules. */
export function generateTerraform(bytes: number): string {
  const chunks: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const m = module(n);
    chunks.push(m);
    size += m.length;
  }
  return chunks.join('');
}
