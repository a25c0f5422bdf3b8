// data "aws_iam_policy_document": the JSON the AWS provider renders
// (internal/service/iam/policy_document_data_source.go, policy_model.go).

import { describe, expect, it } from 'vitest';
import { Unknown } from '../../core/unknown.js';
import { jsonDocument, PartialString, UnknownJsonDocument } from '../../parsers/terraform/hcl/structured-unknown.js';
import { byAddress, load, loadFixture } from './helpers.js';

function policyOf(hcl: string, name = 'this'): { json: unknown; minified: unknown } {
  const result = load({ 'main.tf': hcl });
  expect(result.diagnostics).toEqual([]);
  const values = byAddress(result, `data.aws_iam_policy_document.${name}`).values;
  return { json: values['json'], minified: values['minified_json'] };
}

describe('aws_iam_policy_document', () => {
  it('renders a trust policy exactly as the provider does, indented and minified', () => {
    const fixture = loadFixture(['org-audit']);
    const values = byAddress(fixture, 'module.audit.module.logs.data.aws_iam_policy_document.assume').values;
    expect(values['json']).toBe(
      [
        '{',
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        '    {',
        '      "Effect": "Allow",',
        '      "Action": "sts:AssumeRole",',
        '      "Principal": {',
        '        "Service": "cloudtrail.amazonaws.com"',
        '      }',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(values['minified_json']).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"cloudtrail.amazonaws.com"}}]}');
    // The role that uses it gets the same text.
    expect(byAddress(fixture, 'module.audit.module.logs.aws_iam_role.cloudtrail_to_cloudwatch').values['assume_role_policy']).toBe(values['json']);
  });

  it('sorts sets in reverse, groups principals and conditions, and rewrites &{} policy variables', () => {
    const { json } = policyOf(`
data "aws_iam_policy_document" "this" {
  policy_id = "key-policy"

  statement {
    sid       = "AllowAdmins"
    actions   = ["kms:Describe*", "kms:Create*", "kms:Enable*", "kms:Create*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:root"]
    }

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/BreakGlass"]
    }
  }

  statement {
    sid           = "DenyEveryoneElse"
    effect        = "Deny"
    not_actions   = ["kms:Decrypt"]
    not_resources = ["arn:aws:s3:::acme-home/&{aws:username}/*"]

    not_principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123", ""]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-def456"]
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}
`);
    expect(json).toBe(`{
  "Version": "2012-10-17",
  "Id": "key-policy",
  "Statement": [
    {
      "Sid": "AllowAdmins",
      "Effect": "Allow",
      "Action": [
        "kms:Enable*",
        "kms:Describe*",
        "kms:Create*"
      ],
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::111122223333:root",
          "arn:aws:iam::111122223333:role/Admin",
          "arn:aws:iam::111122223333:role/BreakGlass"
        ],
        "Service": "cloudtrail.amazonaws.com"
      }
    },
    {
      "Sid": "DenyEveryoneElse",
      "Effect": "Deny",
      "NotAction": "kms:Decrypt",
      "NotResource": "arn:aws:s3:::acme-home/\${aws:username}/*",
      "NotPrincipal": {
        "AWS": "*"
      },
      "Condition": {
        "Bool": {
          "aws:MultiFactorAuthPresent": "false"
        },
        "StringNotEquals": {
          "aws:PrincipalOrgID": [
            "o-abc123",
            "",
            "o-def456"
          ]
        }
      }
    }
  ]
}`);
  });

  it('writes the anonymous principal "*" bare, escapes as Go does, and renders an empty document', () => {
    const { minified } = policyOf(`
data "aws_iam_policy_document" "this" {
  version = "2008-10-17"

  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::acme-logs/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotLike"
      variable = "aws:userid"
      values   = ["AROA<role>:*&more"]
    }
  }
}
`);
    expect(minified).toBe(
      '{"Version":"2008-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::acme-logs/*","Principal":"*","Condition":{"StringNotLike":{"aws:userid":"AROA\\u003crole\\u003e:*\\u0026more"}}}]}',
    );
    expect(policyOf('data "aws_iam_policy_document" "this" {}\n').json).toBe('{\n  "Version": "2012-10-17"\n}');
  });

  it('merges source documents, its statements and override documents, replacing statements by Sid', () => {
    const result = load({
      'main.tf': `
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "ReadLogs"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-logs/*"]
  }

  statement {
    sid       = "ListLogs"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::acme-logs"]
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  override_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ListLogs"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:ListBucket"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = ["false"] } }
    }]
  })]

  statement {
    sid       = "WriteLogs"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::acme-logs/*"]
  }
}
`,
    });
    const merged = byAddress(result, 'data.aws_iam_policy_document.merged').values['minified_json'];
    expect(JSON.parse(merged as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-logs/*' },
        { Sid: 'ListLogs', Effect: 'Deny', Action: 's3:ListBucket', Resource: '*', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'WriteLogs', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::acme-logs/*' },
      ],
    });
    // Re-marshalled in the provider's field order, not jsonencode's.
    expect(merged).toContain('{"Sid":"ListLogs","Effect":"Deny","Action":"s3:ListBucket","Resource":"*","Principal":"*","Condition"');
  });

  it('gives an UnknownJsonDocument, with the known structure, when values are known only after apply', () => {
    const fixture = loadFixture(['org-audit']);
    const json = byAddress(fixture, 'data.aws_iam_policy_document.logs').values['json'];
    expect(json).toBeInstanceOf(UnknownJsonDocument);
    // The bucket policy that uses it sees the same document.
    expect(byAddress(fixture, 'aws_s3_bucket_policy.logs').values['policy']).toBe(json);
    const doc = jsonDocument(json) as { Version: string; Statement: Record<string, unknown>[] };
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement.map((s) => s['Sid'])).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'DenyInsecureTransport']);
    expect(doc.Statement[0]).toEqual({
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Action: 's3:GetBucketAcl',
      Resource: 'arn:aws:s3:::acme-org-cloudtrail-logs',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
    });
    const write = doc.Statement[1]!['Resource'] as PartialString;
    expect(write).toBeInstanceOf(PartialString);
    expect(write.template).toBe('arn:aws:s3:::acme-org-cloudtrail-logs/cloudtrail/AWSLogs/${data.aws_caller_identity.current.account_id}/*');
    expect(doc.Statement[2]).toMatchObject({
      Effect: 'Deny',
      Resource: ['arn:aws:s3:::acme-org-cloudtrail-logs/*', 'arn:aws:s3:::acme-org-cloudtrail-logs'],
      Principal: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });

    const key = byAddress(fixture, 'aws_kms_key.logs').values['policy'];
    expect(key).toBeInstanceOf(UnknownJsonDocument);
    expect((key as Unknown).refs).toEqual([
      { address: 'data.aws_partition.current', attribute: 'partition' },
      { address: 'data.aws_caller_identity.current', attribute: 'account_id' },
    ]);
  });

  it('expands dynamic statements; over an unknown collection, one statement of unknown values stands for them', () => {
    const { minified } = policyOf(`
variable "readers" {
  default = {
    audit    = "arn:aws:iam::111122223333:role/Audit"
    security = "arn:aws:iam::111122223333:role/Security"
  }
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.readers
    content {
      sid       = "Read\${title(statement.key)}"
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::acme-logs/*"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }
}
`);
    expect(JSON.parse(minified as string).Statement.map((s: { Sid: string; Principal: unknown }) => [s.Sid, s.Principal])).toEqual([
      ['ReadAudit', { AWS: 'arn:aws:iam::111122223333:role/Audit' }],
      ['ReadSecurity', { AWS: 'arn:aws:iam::111122223333:role/Security' }],
    ]);

    const result = load({
      'main.tf': `
variable "extra_statements" {
  type = list(object({ sid = string, actions = list(string) }))
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "Base"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.extra_statements
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = ["*"]
    }
  }
}
`,
    });
    const doc = jsonDocument(byAddress(result, 'data.aws_iam_policy_document.this').values['json']) as { Statement: Record<string, unknown>[] };
    expect(doc.Statement[0]).toEqual({ Sid: 'Base', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(doc.Statement[1]!['Sid']).toBeInstanceOf(Unknown);
    expect(doc.Statement[1]!['Resource']).toBe('*');
  });
});
