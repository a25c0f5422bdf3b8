// Generators for benchmark inputs: realistic, not minimal (each trail has the
// properties and selectors real stacks have, each bucket and key its own
// resources), so parse and rule costs are representative.

/** A CloudFormation template of n trails, n buckets and n keys (3n resources), as YAML and JSON. */
export function generateCfnTrails(n) {
  const resources = {};
  for (let i = 0; i < n; i++) {
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
