// Condition operators: one row per documented rule.
import { describe, expect, it } from 'vitest';
import { ANY_VALUE, type ContextValue, principalFromArn, type Truth } from '../../engine/iam/index.js';
import { Unknown } from '../../core/unknown.js';
import { condition, IAM } from './helpers.js';

const OPS = IAM('reference_policies_elements_condition_operators.html');
const MULTI = IAM('reference_policies_multi-value-conditions.html');
const SETS = IAM('reference_policies_condition-single-vs-multi-valued-context-keys.html');
const VARS = IAM('reference_policies_variables.html');
const KEYS = IAM('reference_policies_condition-keys.html');

interface Row {
  rule: string;
  doc: string;
  condition: Record<string, unknown>;
  context?: Record<string, ContextValue>;
  open?: boolean;
  version?: string;
  expected: Truth;
}

const rows: Row[] = [
  // String operators
  { rule: 'StringEquals matches the exact value', doc: OPS, condition: { StringEquals: { 'aws:PrincipalTag/team': 'sec' } }, context: { 'aws:PrincipalTag/team': 'sec' }, expected: true },
  { rule: 'StringEquals is case-sensitive', doc: OPS, condition: { StringEquals: { 'aws:PrincipalTag/team': 'Sec' } }, context: { 'aws:PrincipalTag/team': 'sec' }, expected: false },
  { rule: 'StringEquals does not treat * as a wildcard', doc: OPS, condition: { StringEquals: { 'aws:PrincipalTag/team': 'se*' } }, context: { 'aws:PrincipalTag/team': 'sec' }, expected: false },
  { rule: 'StringEqualsIgnoreCase ignores case', doc: OPS, condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'SEC' } }, context: { 'aws:PrincipalTag/team': 'sec' }, expected: true },
  { rule: 'StringNotEquals is true for a different value', doc: OPS, condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } }, context: { 'aws:PrincipalTag/team': 'sec' }, expected: true },
  { rule: 'StringNotEquals is false for the same value', doc: OPS, condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'sec' } }, context: { 'aws:PrincipalTag/team': 'sec' }, expected: false },
  { rule: 'StringNotEqualsIgnoreCase is false for the same value in another case', doc: OPS, condition: { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'SEC' } }, context: { 'aws:PrincipalTag/team': 'sec' }, expected: false },
  { rule: 'StringLike: * matches any run of characters', doc: OPS, condition: { StringLike: { 's3:prefix': 'home/*' } }, context: { 's3:prefix': 'home/alice/docs' }, expected: true },
  { rule: 'StringLike: ? matches exactly one character', doc: OPS, condition: { StringLike: { 's3:prefix': 'v?' } }, context: { 's3:prefix': 'v12' }, expected: false },
  { rule: 'StringLike: ? matches one character', doc: OPS, condition: { StringLike: { 's3:prefix': 'v?' } }, context: { 's3:prefix': 'v1' }, expected: true },
  { rule: 'StringLike is case-sensitive', doc: OPS, condition: { StringLike: { 's3:prefix': 'Home/*' } }, context: { 's3:prefix': 'home/a' }, expected: false },
  { rule: 'StringNotLike is false when the pattern matches', doc: OPS, condition: { StringNotLike: { 's3:prefix': 'home/*' } }, context: { 's3:prefix': 'home/a' }, expected: false },

  // Missing keys
  { rule: 'a key absent from the request makes a condition false', doc: OPS, condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, expected: false },
  { rule: 'a key absent from the request makes a negated condition (StringNotEquals) true', doc: OPS, condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, expected: true },
  { rule: 'a key absent from the request makes StringNotLike true', doc: OPS, condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } }, expected: true },
  { rule: 'a key absent from the request makes ArnNotLike true', doc: OPS, condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }, expected: true },
  { rule: 'a key absent from the request makes NotIpAddress true', doc: OPS, condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, expected: true },
  { rule: 'a key absent from the request makes Bool false', doc: OPS, condition: { Bool: { 'aws:SecureTransport': 'false' } }, expected: false },
  { rule: '...IfExists is true when the key is absent', doc: OPS, condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, expected: true },
  { rule: '...IfExists compares as usual when the key is present', doc: OPS, condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, context: { 'aws:SourceVpce': 'vpce-2' }, expected: false },
  { rule: 'BoolIfExists on an absent key is true', doc: OPS, condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, expected: true },
  { rule: 'Null true holds when the key is absent', doc: OPS, condition: { Null: { 'aws:TokenIssueTime': 'true' } }, expected: true },
  { rule: 'Null true fails when the key is present', doc: OPS, condition: { Null: { 'aws:TokenIssueTime': 'true' } }, context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, expected: false },
  { rule: 'Null false holds when the key is present', doc: OPS, condition: { Null: { 'aws:TokenIssueTime': 'false' } }, context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, expected: true },
  { rule: 'Null false fails when the key is absent', doc: OPS, condition: { Null: { 'aws:TokenIssueTime': 'false' } }, expected: false },

  // Several values, keys, operators
  { rule: 'several values for one key: OR', doc: MULTI, condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, context: { 'aws:SourceVpce': 'vpce-2' }, expected: true },
  { rule: 'several values under a negated operator: NOR (one equal value makes it false)', doc: MULTI, condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, context: { 'aws:SourceVpce': 'vpce-2' }, expected: false },
  { rule: 'several values under a negated operator: NOR (no equal value makes it true)', doc: MULTI, condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, context: { 'aws:SourceVpce': 'vpce-3' }, expected: true },
  { rule: 'several keys under one operator: AND', doc: MULTI, condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceAccount': '111122223333' } }, context: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceAccount': '444455556666' }, expected: false },
  { rule: 'several keys under one operator, all matching', doc: MULTI, condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceAccount': '111122223333' } }, context: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceAccount': '111122223333' }, expected: true },
  { rule: 'several operators: AND', doc: MULTI, condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' }, Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SourceVpce': 'vpce-1', 'aws:SecureTransport': false }, expected: false },

  // Numeric
  { rule: 'NumericLessThan compares numbers', doc: OPS, condition: { NumericLessThan: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '5' }, expected: true },
  { rule: 'NumericLessThan is strict', doc: OPS, condition: { NumericLessThan: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: false },
  { rule: 'NumericLessThanEquals includes equality', doc: OPS, condition: { NumericLessThanEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: true },
  { rule: 'NumericGreaterThan compares numbers, not strings', doc: OPS, condition: { NumericGreaterThan: { 's3:max-keys': '9' } }, context: { 's3:max-keys': '10' }, expected: true },
  { rule: 'NumericGreaterThanEquals', doc: OPS, condition: { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }, context: { 'aws:MultiFactorAuthAge': '100' }, expected: false },
  { rule: 'NumericEquals compares values: 1.0 equals 1', doc: OPS, condition: { NumericEquals: { 's3:max-keys': '1.0' } }, context: { 's3:max-keys': '1' }, expected: true },
  { rule: 'NumericNotEquals', doc: OPS, condition: { NumericNotEquals: { 's3:max-keys': 5 } }, context: { 's3:max-keys': '6' }, expected: true },
  { rule: 'a negated numeric operator on a value that is not a number is not decided (undocumented)', doc: OPS, condition: { NumericNotEquals: { 'aws:PrincipalArn': '5' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Developer' }, expected: 'unknown' },
  { rule: 'a numeric operator never matches a value that is not a number', doc: OPS, condition: { NumericLessThan: { 'aws:PrincipalArn': '5' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Developer' }, expected: false },

  // Date
  { rule: 'DateGreaterThan compares ISO 8601 dates', doc: OPS, condition: { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2025-06-01T12:00:00Z' }, expected: true },
  { rule: 'DateLessThan accepts epoch seconds', doc: OPS, condition: { DateLessThan: { 'aws:EpochTime': '1700000000' } }, context: { 'aws:EpochTime': '1600000000' }, expected: true },
  { rule: 'DateEquals compares instants, not text', doc: OPS, condition: { DateEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2024-01-01T01:00:00+01:00' }, expected: true },
  { rule: 'DateNotEquals', doc: OPS, condition: { DateNotEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2024-01-02T00:00:00Z' }, expected: true },

  // Bool and Binary
  { rule: 'Bool matches "true"', doc: OPS, condition: { Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SecureTransport': true }, expected: true },
  { rule: 'Bool "false" fails on true', doc: OPS, condition: { Bool: { 'aws:SecureTransport': 'false' } }, context: { 'aws:SecureTransport': 'true' }, expected: false },
  { rule: 'a JSON boolean is compared as its string', doc: OPS, condition: { Bool: { 'aws:SecureTransport': false } }, context: { 'aws:SecureTransport': 'false' }, expected: true },
  { rule: 'Bool with a value other than true/false never matches', doc: OPS, condition: { Bool: { 'aws:SecureTransport': 'maybe' } }, context: { 'aws:SecureTransport': 'false' }, expected: false },
  { rule: 'BinaryEquals compares the base-64 value', doc: OPS, condition: { BinaryEquals: { 'key': 'QmluYXJ5VmFsdWU=' } }, context: { key: 'QmluYXJ5VmFsdWU=' }, expected: true },

  // IP addresses
  { rule: 'IpAddress: the address is inside the CIDR block', doc: OPS, condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, context: { 'aws:SourceIp': '203.0.113.77' }, expected: true },
  { rule: 'IpAddress: the address is outside the CIDR block', doc: OPS, condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, context: { 'aws:SourceIp': '203.0.114.1' }, expected: false },
  { rule: 'IpAddress: a bare address is a /32', doc: OPS, condition: { IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, context: { 'aws:SourceIp': '203.0.113.5' }, expected: true },
  { rule: 'IpAddress: IPv6 CIDR', doc: OPS, condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, context: { 'aws:SourceIp': '2001:db8:1234::1' }, expected: true },
  { rule: 'IpAddress: an IPv4 address is not in an IPv6 block', doc: OPS, condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, context: { 'aws:SourceIp': '203.0.113.5' }, expected: false },
  { rule: 'NotIpAddress: outside the block', doc: OPS, condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context: { 'aws:SourceIp': '203.0.113.5' }, expected: true },
  { rule: 'NotIpAddress: inside the block', doc: OPS, condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context: { 'aws:SourceIp': '10.1.2.3' }, expected: false },

  // ARN operators
  { rule: 'ArnLike: * inside a component', doc: OPS, condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrganizationSecurityAdmin' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/OrganizationSecurityAdmin' }, expected: true },
  { rule: 'ArnLike is case-sensitive', doc: OPS, condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/organizationsecurityadmin' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/OrganizationSecurityAdmin' }, expected: false },
  { rule: 'ArnLike: * in the resource component spans / and :', doc: OPS, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:*' } }, context: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:log-group:/a/b:*' }, expected: true },
  { rule: 'ArnLike: * in the region component does not cross a colon', doc: OPS, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:topic' } }, context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:444455556666:111122223333:topic' }, expected: false },
  { rule: 'an ArnLike value without the six ARN components is not decided', doc: OPS, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:topic' } }, context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:topic' }, expected: 'unknown' },
  { rule: 'ArnEquals takes wildcards like ArnLike', doc: OPS, condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }, context: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' }, expected: true },
  { rule: 'ArnNotLike is false when the pattern matches', doc: OPS, condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Developer' }, expected: false },
  { rule: 'ArnLike never matches a value that is not an ARN', doc: OPS, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b' } }, context: { 'aws:SourceArn': 'not-an-arn' }, expected: false },

  // Set operators
  { rule: 'ForAllValues: every request value is in the policy set', doc: SETS, condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, context: { 'aws:TagKeys': ['env'] }, expected: true },
  { rule: 'ForAllValues: one request value outside the set makes it false', doc: SETS, condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, context: { 'aws:TagKeys': ['env', 'owner'] }, expected: false },
  { rule: 'ForAllValues is true when the key is absent', doc: SETS, condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, expected: true },
  { rule: 'ForAllValues is true for an empty set', doc: SETS, condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': [] }, expected: true },
  { rule: 'ForAnyValue: one request value in the set is enough', doc: SETS, condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': ['owner', 'env'] }, expected: true },
  { rule: 'ForAnyValue: no value in the set', doc: SETS, condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': ['owner'] }, expected: false },
  { rule: 'ForAnyValue is false when the key is absent', doc: SETS, condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, expected: false },
  // AWS documents IfExists and ForAnyValue on an absent key separately, never together; observed behaviour is "no match",
  // which also errs towards "not protected" (issue 9). Before: true.
  { rule: 'ForAnyValue:…IfExists is false when the key is absent (undocumented; observed)', doc: SETS, condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['env'] } }, expected: false },
  { rule: 'ForAllValues:…IfExists is true when the key is absent', doc: SETS, condition: { 'ForAllValues:StringEqualsIfExists': { 'aws:TagKeys': ['env'] } }, expected: true },
  { rule: 'ForAllValues with a negated operator: no request value may be in the set', doc: SETS, condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['admin'] } }, context: { 'aws:TagKeys': ['env', 'admin'] }, expected: false },
  { rule: 'a plain operator on a multivalued request key is not decided', doc: SETS, condition: { StringEquals: { 'aws:TagKeys': 'env' } }, context: { 'aws:TagKeys': ['env', 'team'] }, expected: 'unknown' },

  // Policy variables
  { rule: 'a policy variable is replaced by the request value', doc: VARS, condition: { StringEquals: { 's3:prefix': 'home/${aws:username}' } }, context: { 'aws:username': 'alice', 's3:prefix': 'home/alice' }, expected: true },
  { rule: 'variables are literal text without Version 2012-10-17', doc: VARS, condition: { StringEquals: { 's3:prefix': 'home/${aws:username}' } }, context: { 'aws:username': 'alice', 's3:prefix': 'home/alice' }, version: '2008-10-17', expected: false },
  { rule: '${*} is a literal asterisk, not a wildcard', doc: VARS, condition: { StringLike: { 's3:prefix': 'a${*}' } }, context: { 's3:prefix': 'abc' }, expected: false },
  { rule: 'a variable default value applies when the key is absent', doc: VARS, condition: { StringEquals: { 's3:prefix': "home/${aws:username, 'none'}" } }, context: { 's3:prefix': 'home/none' }, expected: true },
  // Was 'unknown' (issue 9): the variables page documents the result, "any attempt to match it fails" ("Principal key values").
  { rule: 'a variable whose key is absent makes StringEquals false', doc: VARS, condition: { StringEquals: { 's3:prefix': 'home/${aws:username}' } }, context: { 's3:prefix': 'home/alice' }, expected: false },
  { rule: 'a variable whose key is absent makes StringLike false', doc: VARS, condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, context: { 's3:prefix': 'home/alice/x' }, expected: false },
  { rule: 'a variable whose key is absent makes ArnLike false', doc: VARS, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::${aws:username}' } }, context: { 'aws:SourceArn': 'arn:aws:s3:::alice' }, expected: false },
  { rule: 'a variable whose key is absent makes StringNotEquals true', doc: VARS, condition: { StringNotEquals: { 's3:prefix': 'home/${aws:username}' } }, context: { 's3:prefix': 'home/alice' }, expected: true },
  { rule: 'a variable whose key is absent makes ArnNotLike true', doc: VARS, condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::${aws:username}' } }, context: { 'aws:SourceArn': 'arn:aws:s3:::alice' }, expected: true },
  { rule: 'text substituted for a variable is literal under StringLike', doc: VARS, condition: { StringLike: { 's3:prefix': '${aws:PrincipalTag/p}' } }, context: { 'aws:PrincipalTag/p': 'a*', 's3:prefix': 'abc' }, expected: false },

  // Key names, unknown things, open requests
  { rule: 'condition key names are case-insensitive', doc: KEYS, condition: { Bool: { 'AWS:SECURETRANSPORT': 'false' } }, context: { 'aws:SecureTransport': 'false' }, expected: true },
  { rule: 'an unknown operator is never decided', doc: OPS, condition: { StringEqualz: { 'aws:SourceVpce': 'vpce-1' } }, context: { 'aws:SourceVpce': 'vpce-1' }, expected: 'unknown' },
  { rule: 'a key left open by the request makes a condition depend on it', doc: OPS, condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, open: true, expected: 'depends' },
  { rule: 'a negated operator on an open key depends on it too', doc: OPS, condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, open: true, expected: 'depends' },
  { rule: 'Bool "maybe" never matches, whatever the request', doc: OPS, condition: { Bool: { 'aws:SecureTransport': 'maybe' } }, open: true, expected: false },
  { rule: 'a numeric operator on an ARN key never matches, whatever the request', doc: OPS, condition: { NumericLessThan: { 'aws:PrincipalArn': '5' } }, open: true, expected: false },
  { rule: 'ANY_VALUE leaves a single key open', doc: OPS, condition: { Bool: { 'aws:SecureTransport': 'false' } }, context: { 'aws:SecureTransport': ANY_VALUE }, expected: 'depends' },
  { rule: 'a context value known only after deployment is unknown', doc: OPS, condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, context: { 'aws:SourceVpce': new Unknown('known after apply') }, expected: 'unknown' },
];

describe('condition operators (documented AWS behaviour)', () => {
  it.each(rows)('$rule', (row) => {
    const request = { context: row.context, unspecifiedKeys: row.open ? ('open' as const) : ('missing' as const) };
    expect(
      condition(row.condition, request, row.version ?? '2012-10-17'),
      row.doc,
    ).toBe(row.expected);
  });

  it('a policy value known only after deployment is unknown, unless another value decides', () => {
    const unknownValue = new Unknown('known after apply', [{ address: 'aws_vpc_endpoint.s3', attribute: 'id' }], true);
    expect(condition({ StringEquals: { 'aws:SourceVpce': [unknownValue] } }, { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe('unknown');
    expect(condition({ StringEquals: { 'aws:SourceVpce': [unknownValue, 'vpce-1'] } }, { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe(true);
    expect(condition({ StringNotEquals: { 'aws:SourceVpce': [unknownValue, 'vpce-1'] } }, { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe(false);
  });

  it('principal-derived keys come from the principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType)', () => {
    const principal = principalFromArn('arn:aws:sts::111122223333:assumed-role/Developer/alice');
    expect(condition({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Developer' } }, { principal })).toBe(true);
    expect(condition({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } }, { principal })).toBe(true);
    expect(condition({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }, { principal })).toBe(true);
    // Without a principal, principal keys are open even when other keys are missing.
    expect(condition({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } }, { principal: undefined })).toBe('depends');
  });
});
