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
