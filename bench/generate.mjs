// Generators for benchmark inputs: realistic, not minimal (each trail has the
// properties and selectors real stacks have, each bucket and key its own
// resources), so parse and rule costs are representative.

/** A CloudFormation template of n trails, n buckets and n keys (3n resources), as YAML and JSON; names numbered from `start`. */
export function generateCfnTrails(n, { start = 0 } = {}) {
  const resources = {};
  for (let i = start; i < start + n; i++) {
    resources[`Key${i}`] = {
      Type: 'AWS::KMS::Key',
      Properties: { Description: `trail ${i} key`, EnableKeyRotation: i % 3 !== 0 },
    };
    resources[`Bucket${i}`] = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: `trail-logs-${i}`,
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      },
    };
    resources[`Trail${i}`] = {
      Type: 'AWS::CloudTrail::Trail',
      Properties: {
        TrailName: `trail-${i}`,
        S3BucketName: { Ref: `Bucket${i}` },
        IsLogging: true,
        IsMultiRegionTrail: i % 2 === 0,
        EnableLogFileValidation: i % 4 !== 0,
        KMSKeyId: i % 5 === 0 ? { Ref: 'AWS::NoValue' } : { 'Fn::GetAtt': [`Key${i}`, 'Arn'] },
        AdvancedEventSelectors: [
          { Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          {
            Name: 'S3 data',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::data-${i}/`] },
            ],
          },
        ],
        InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }],
      },
    };
  }
  const template = { AWSTemplateFormatVersion: '2010-09-09', Description: `${3 * n} resources`, Resources: resources };
  return { yaml: toYaml(template), json: JSON.stringify(template, null, 2) };
}

/** Minimal YAML emitter for the generator's plain data (short-form tags for intrinsics, as people write them). */
function toYaml(v, indent = 0) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) return v.map((x) => `${pad}- ${toYaml(x, indent + 2).trimStart()}`).join('\n');
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'Ref') return `!Ref ${v.Ref}`;
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') return `!GetAtt ${v['Fn::GetAtt'].join('.')}`;
    return keys
      .map((k) => {
        const x = v[k];
        const inline = x === null || typeof x !== 'object' || isIntrinsic(x);
        return inline ? `${pad}${k}: ${toYaml(x, 0)}` : `${pad}${k}:\n${toYaml(x, indent + 2)}`;
      })
      .join('\n');
  }
  if (typeof v === 'string') return /^[A-Za-z0-9_./:-]+$/.test(v) && !/^(true|false|null|\d+)$/.test(v) ? v : JSON.stringify(v);
  return String(v);
}

function isIntrinsic(x) {
  const keys = Object.keys(x);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt');
}

/**
 * A repository of raw policy documents: n documents, a third each bucket policies, key policies and SCPs,
 * 10 statements each, with a `.trailguard.yaml` that attaches the SCPs to the organization root. With
 * `hostile`, every statement also carries the patterns of issue 9 that hung the old backtracking matcher
 * (`arn:aws:s3:::*a*a*…*a*b` with 15 stars, a 40-star StringLike against long values); the plain
 * documents use ordinary patterns of the same length, so the two sets are the same size.
 */
export function generatePolicyRepo(n, { hostile = false } = {}) {
  const files = {};
  const star15 = `${'*a'.repeat(15)}*b`;
  const star40 = `${'*a'.repeat(40)}*b`;
  const plain15 = 'a'.repeat(star15.length);
  const plain40 = 'a'.repeat(star40.length);
  const p15 = hostile ? star15 : plain15;
  const p40 = hostile ? star40 : plain40;
  const account = '111122223333';
  for (let i = 0; i < n; i++) {
    const kind = ['bucket', 'key', 'scp'][i % 3];
    const bucket = `${'a'.repeat(24 + (i % 7))}-${i}`; // 24–30 letters, as in the issue
    const statements = [];
    for (let s = 0; s < 10; s++) {
      if (kind === 'bucket') {
        statements.push(
          s === 0
            ? { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/AWSLogs/${account}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${account}:trail/t${i}` } } }
            : { Sid: `S${s}`, Effect: s % 2 ? 'Deny' : 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/R${s}` }, Action: ['s3:GetObject', 's3:PutObject'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${p15}`, `arn:aws:s3:::${bucket}/*`], Condition: { StringLike: { 'aws:userid': p40 }, ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${account}:trail/${p15}` } } },
        );
      } else if (kind === 'key') {
        statements.push(
          s === 0
            ? { Sid: 'AllowCloudTrailEncrypt', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` } } }
            : { Sid: `S${s}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/R${s}` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/${p40}` } } },
        );
      } else {
        statements.push({
          Sid: `S${s}`,
          Effect: 'Deny',
          Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'],
          Resource: [`arn:aws:cloudtrail:*:*:trail/${p15}`, 'arn:aws:cloudtrail:*:*:trail/*'],
          Condition: { ArnNotLike: { 'aws:PrincipalARN': [`arn:aws:iam::*:role/OrganizationSecurityAdmin`, `arn:aws:iam::*:role/${p40}`] } },
        });
      }
    }
    const dir = { bucket: 'buckets', key: 'keys', scp: 'scps' }[kind];
    const name = { bucket: 'bucket-policy', key: 'key-policy', scp: 'scp' }[kind];
    files[`${dir}/${name}-${i}.json`] = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  }
  // A few trails (a fixed number, so that the per-trail SCP checks stay linear in the documents) for
  // the first buckets: the SCP checks then evaluate every SCP against them. Bucket and key policies are
  // parsed and analysed whether or not a trail uses them.
  const trails = {};
  for (let i = 0; i < Math.min(n, 15); i += 3) {
    trails[`Trail${i}`] = { Type: 'AWS::CloudTrail::Trail', Properties: { TrailName: `t${i}`, S3BucketName: `${'a'.repeat(24 + (i % 7))}-${i}`, IsLogging: true, IsMultiRegionTrail: true, EnableLogFileValidation: true } };
  }
  files['trails.json'] = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: trails }, null, 2);
  files['.trailguard.yaml'] = ['policies:', '  - path: "scps/*.json"', '    type: scp', '    attachedTo: [r-ab12]', ''].join('\n');
  return files;
}

/**
 * The same Terraform configuration two ways: `modules` calls five registry
 * modules (bucket, key, log group, trail, alarm) `stacks` times each, laid out
 * as `terraform init` leaves them (`.terraform/modules/modules.json` and the
 * modules' files); `inline` writes the same resources, with the same values
 * and references, directly. Returns { modules, inline }: path → text.
 */
export function generateTerraformModules(stacks) {
  const bodies = {
    bucket: (p) => `resource "aws_s3_bucket" "${p.name}" {
  bucket = ${p.bucketName}
}

resource "aws_s3_bucket_versioning" "${p.name}" {
  bucket = aws_s3_bucket.${p.name}.id
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = ${p.mfa} ? "Enabled" : null
  }
}

resource "aws_s3_bucket_public_access_block" "${p.name}" {
  bucket                  = aws_s3_bucket.${p.name}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "${p.name}" {
  bucket = aws_s3_bucket.${p.name}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "AclCheck", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl", Resource = aws_s3_bucket.${p.name}.arn },
      { Sid = "Write", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject", Resource = "\${aws_s3_bucket.${p.name}.arn}/AWSLogs/*", Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } } },
      { Sid = "Tls", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["\${aws_s3_bucket.${p.name}.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}
`,
    key: (p) => `resource "aws_kms_key" "${p.name}" {
  description         = ${p.description}
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Trail", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*", Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111122223333:trail/*" } } },
    ]
  })
}

resource "aws_kms_alias" "${p.name}" {
  name          = ${p.alias}
  target_key_id = aws_kms_key.${p.name}.key_id
}
`,
    logs: (p) => `resource "aws_cloudwatch_log_group" "${p.name}" {
  name              = ${p.groupName}
  retention_in_days = 365
  kms_key_id        = ${p.keyArn}
}

resource "aws_iam_role" "${p.name}" {
  name = ${p.roleName}
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`,
    trail: (p) => `resource "aws_cloudtrail" "${p.name}" {
  name                          = ${p.trailName}
  s3_bucket_name                = ${p.bucket}
  kms_key_id                    = ${p.keyArn}
  cloud_watch_logs_group_arn    = "\${${p.groupArn}}:*"
  cloud_watch_logs_role_arn     = ${p.roleArn}
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  is_organization_trail         = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
`,
    alarm: (p) => `resource "aws_sns_topic" "${p.name}" {
  name              = ${p.topicName}
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_log_metric_filter" "${p.name}" {
  name           = ${p.filterName}
  log_group_name = ${p.groupName}
  pattern        = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"
  metric_transformation {
    name      = ${p.filterName}
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "${p.name}" {
  alarm_name          = ${p.filterName}
  metric_name         = ${p.filterName}
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  threshold           = 1
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.${p.name}.arn]
}
`,
  };
  const variables = {
    bucket: ['bucket_name', 'mfa_delete'],
    key: ['description', 'alias'],
    logs: ['group_name', 'role_name', 'key_arn'],
    trail: ['trail_name', 'bucket', 'key_arn', 'group_arn', 'role_arn'],
    alarm: ['topic_name', 'filter_name', 'group_name'],
  };
  const outputs = {
    bucket: { bucket_id: 'aws_s3_bucket.this.id' },
    key: { key_arn: 'aws_kms_key.this.arn' },
    logs: { group_arn: 'aws_cloudwatch_log_group.this.arn', group_name: 'aws_cloudwatch_log_group.this.name', role_arn: 'aws_iam_role.this.arn' },
    trail: {},
    alarm: {},
  };
  const v = (n) => `var.${n}`;
  const moduleParams = {
    bucket: { name: 'this', bucketName: v('bucket_name'), mfa: v('mfa_delete') },
    key: { name: 'this', description: v('description'), alias: v('alias') },
    logs: { name: 'this', groupName: v('group_name'), roleName: v('role_name'), keyArn: v('key_arn') },
    trail: { name: 'this', trailName: v('trail_name'), bucket: v('bucket'), keyArn: v('key_arn'), groupArn: v('group_arn'), roleArn: v('role_arn') },
    alarm: { name: 'this', topicName: v('topic_name'), filterName: v('filter_name'), groupName: v('group_name') },
  };
  const modules = { 'main.tf': '' };
  const manifest = [{ Key: '', Source: '', Dir: '.' }];
  const inline = [];
  for (const [kind, body] of Object.entries(bodies)) {
    const vars = variables[kind].map((n) => `variable "${n}" {}\n`).join('\n');
    const outs = Object.entries(outputs[kind]).map(([n, e]) => `output "${n}" {\n  value = ${e}\n}\n`).join('\n');
    modules[`_modules/${kind}/main.tf`] = `${vars}\n${body(moduleParams[kind])}\n${outs}`;
  }
  const calls = [];
  for (let i = 0; i < stacks; i++) {
    const q = (s) => JSON.stringify(s);
    const inputs = {
      bucket: { bucket_name: q(`org-trail-logs-${i}`), mfa_delete: i % 2 === 0 ? 'true' : 'false' },
      key: { description: q(`trail ${i}`), alias: q(`alias/trail-${i}`) },
      logs: { group_name: q(`/aws/cloudtrail/${i}`), role_name: q(`trail-logs-${i}`), key_arn: `module.key_${i}.key_arn` },
      trail: { trail_name: q(`trail-${i}`), bucket: `module.bucket_${i}.bucket_id`, key_arn: `module.key_${i}.key_arn`, group_arn: `module.logs_${i}.group_arn`, role_arn: `module.logs_${i}.role_arn` },
      alarm: { topic_name: q(`trail-alarms-${i}`), filter_name: q(`trail-changes-${i}`), group_name: `module.logs_${i}.group_name` },
    };
    // Inline: the same values, references to the stack's own resources instead of module outputs.
    const ref = {
      [`module.key_${i}.key_arn`]: `aws_kms_key.key_${i}.arn`,
      [`module.bucket_${i}.bucket_id`]: `aws_s3_bucket.bucket_${i}.id`,
      [`module.logs_${i}.group_arn`]: `aws_cloudwatch_log_group.logs_${i}.arn`,
      [`module.logs_${i}.role_arn`]: `aws_iam_role.logs_${i}.arn`,
      [`module.logs_${i}.group_name`]: `aws_cloudwatch_log_group.logs_${i}.name`,
    };
    for (const kind of Object.keys(bodies)) {
      const name = `${kind}_${i}`;
      calls.push(
        `module "${name}" {\n  source  = "acme/trail-${kind}/aws"\n  version = "1.0.0"\n${Object.entries(inputs[kind])
          .map(([k, e]) => `  ${k} = ${e}\n`)
          .join('')}}\n`,
      );
      manifest.push({ Key: name, Source: `registry.terraform.io/acme/trail-${kind}/aws`, Version: '1.0.0', Dir: `.terraform/modules/${name}` });
      const params = { name };
      for (const [p, n] of Object.entries(moduleParams[kind])) if (p !== 'name') params[p] = ref[inputs[kind][n.slice(4)]] ?? inputs[kind][n.slice(4)];
      inline.push(bodies[kind](params));
    }
  }
  modules['main.tf'] = calls.join('\n');
  // Each module instance's directory, as terraform init installs one copy per call.
  for (const m of manifest.slice(1)) {
    const kind = m.Source.split('/')[2].replace('trail-', '');
    modules[`${m.Dir}/main.tf`] = modules[`_modules/${kind}/main.tf`];
  }
  for (const k of Object.keys(modules)) if (k.startsWith('_modules/')) delete modules[k];
  modules['.terraform/modules/modules.json'] = JSON.stringify({ Modules: manifest });
  return { modules, inline: { 'main.tf': inline.join('\n') } };
}
