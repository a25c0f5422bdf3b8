import { describe, expect, it } from 'vitest';
import { IntrinsicResolver, NO_VALUE, type Template } from '../../engine/adapters/cloudformation/intrinsics.js';
import { Unknown } from '../../core/unknown.js';

const template: Template = {
  Parameters: {
    Env: { Type: 'String', Default: 'dev' },
    NoDefault: { Type: 'String' },
    Subnets: { Type: 'CommaDelimitedList', Default: 'a, b ,c' },
  },
  Mappings: { Regions: { 'us-east-1': { Bucket: 'logs-use1' } } },
  Conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
    IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    Unknowable: { 'Fn::Equals': [{ Ref: 'NoDefault' }, 'x'] },
    Both: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'Unknowable' }] },
    Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'Unknowable' }] },
    Loop: { 'Fn::Not': [{ Condition: 'Loop' }] },
  },
  Resources: { Key: { Type: 'AWS::KMS::Key' }, Bucket: { Type: 'AWS::S3::Bucket' } },
};

const r = new IntrinsicResolver(template);

describe('CloudFormation intrinsic functions, resolved with parameter defaults', () => {
  it('Ref to a parameter gives its default; without default it is unknown and may be empty', () => {
    expect(r.resolve({ Ref: 'Env' })).toBe('dev');
    const u = r.resolve({ Ref: 'NoDefault' });
    expect(u).toBeInstanceOf(Unknown);
    expect((u as Unknown).present).toBe(false);
    expect(r.resolve({ Ref: 'Subnets' })).toEqual(['a', 'b', 'c']);
  });

  it('Ref and GetAtt to a resource are unknown but keep the reference and are certain to be present', () => {
    const ref = r.resolve({ Ref: 'Key' }) as Unknown;
    expect(ref.refs).toEqual([{ address: 'Key' }]);
    expect(ref.present).toBe(true);
    const att = r.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }) as Unknown;
    expect(att.refs).toEqual([{ address: 'Key', attribute: 'Arn' }]);
    const dotted = r.resolve({ 'Fn::GetAtt': 'Key.Arn' }) as Unknown;
    expect(dotted.refs).toEqual([{ address: 'Key', attribute: 'Arn' }]);
  });

  it('Fn::Sub substitutes known names, keeps references of unknown ones, honours ${!Literal}', () => {
    expect(r.resolve({ 'Fn::Sub': 'logs-${Env}' })).toBe('logs-dev');
    expect(r.resolve({ 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'Env' } }] })).toBe('dev-x');
    expect(r.resolve({ 'Fn::Sub': '${!Literal}' })).toBe('${Literal}');
    const u = r.resolve({ 'Fn::Sub': '${Key.Arn}:*' }) as Unknown;
    expect(u.refs).toEqual([{ address: 'Key', attribute: 'Arn' }]);
    expect(u.present).toBe(true);
    const acct = r.resolve({ 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' });
    expect(acct).toBeInstanceOf(Unknown);
  });

  it('Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64, Fn::Length', () => {
    expect(r.resolve({ 'Fn::Join': ['-', ['a', { Ref: 'Env' }]] })).toBe('a-dev');
    expect(r.resolve({ 'Fn::Select': [1, ['a', 'b']] })).toBe('b');
    expect(r.resolve({ 'Fn::Select': ['0', { 'Fn::Split': [',', 'x,y'] }] })).toBe('x');
    expect(r.resolve({ 'Fn::FindInMap': ['Regions', 'us-east-1', 'Bucket'] })).toBe('logs-use1');
    expect(r.resolve({ 'Fn::FindInMap': ['Regions', 'eu-west-1', 'Bucket', { DefaultValue: 'fallback' }] })).toBe('fallback');
    expect(r.resolve({ 'Fn::Base64': 'hi' })).toBe('aGk=');
    expect(r.resolve({ 'Fn::Length': [1, 2, 3] })).toBe(3);
    const joinUnknown = r.resolve({ 'Fn::Join': [':', ['arn', { 'Fn::GetAtt': ['Bucket', 'Arn'] }]] }) as Unknown;
    expect(joinUnknown.refs[0]?.address).toBe('Bucket');
  });

  it('conditions are decided from parameter defaults, or left undecided', () => {
    expect(r.condition('IsProd')).toBe(false);
    expect(r.condition('IsDev')).toBe(true);
    expect(r.condition('Unknowable')).toBe(null);
    expect(r.condition('Both')).toBe(null);
    expect(r.condition('Either')).toBe(true);
    expect(r.condition('Loop')).toBe(null);
    expect(r.condition('Missing')).toBe(null);
  });

  it('Fn::If picks the branch, removes AWS::NoValue, and keeps both references when undecided', () => {
    expect(r.resolve({ 'Fn::If': ['IsProd', 'a', 'b'] })).toBe('b');
    expect(r.resolve({ 'Fn::If': ['IsDev', { Ref: 'AWS::NoValue' }, 'b'] })).toBe(NO_VALUE);
    expect(r.resolve({ Props: { A: { 'Fn::If': ['IsDev', { Ref: 'AWS::NoValue' }, 'b'] }, B: 1 } })).toEqual({ Props: { B: 1 } });
    expect(r.resolve({ 'Fn::If': ['Unknowable', 'same', 'same'] })).toBe('same');
    const u = r.resolve({ 'Fn::If': ['Unknowable', { Ref: 'Key' }, { Ref: 'Bucket' }] }) as Unknown;
    expect(u.refs.map((x) => x.address).sort()).toEqual(['Bucket', 'Key']);
    expect(u.present).toBe(true);
    const maybe = r.resolve({ 'Fn::If': ['Unknowable', { Ref: 'Key' }, { Ref: 'AWS::NoValue' }] }) as Unknown;
    expect(maybe.present).toBe(false);
  });

  it('a list or map where text is needed is unknown, never converted (a map may hold its own toString)', () => {
    const shadow = { toString: 1, valueOf: 1 };
    expect((r.resolve({ 'Fn::Join': ['', ['a', shadow]] }) as Unknown).reason).toBe('Fn::Join of a list holding a list or map, which CloudFormation rejects');
    expect((r.resolve({ 'Fn::Join': ['-', ['a', ['b']]] }) as Unknown).reason).toBe('Fn::Join of a list holding a list or map, which CloudFormation rejects');
    expect(r.resolve({ 'Fn::Join': ['-', ['a', 1, true]] })).toBe('a-1-true');
    const sub = r.resolve({ 'Fn::Sub': ['x-${V}', { V: shadow }] }) as Unknown;
    expect(sub).toBeInstanceOf(Unknown);
    expect(sub.reason).toContain('Fn::Sub variable V is not a string');
    expect((r.resolve({ 'Fn::GetAtt': ['Key', shadow] }) as Unknown).refs).toEqual([{ address: 'Key', attribute: '?' }]);
  });

  it('Fn::Equals compares text as text and lists or maps by content, and leaves text against a list undecided', () => {
    expect(r.resolve({ 'Fn::Equals': ['true', true] })).toBe(true);
    expect(r.resolve({ 'Fn::Equals': ['1', 1] })).toBe(true);
    expect(r.resolve({ 'Fn::Equals': [['a'], ['a']] })).toBe(true);
    expect((r.resolve({ 'Fn::Equals': [['a'], 'a'] }) as Unknown).reason).toBe('Fn::Equals of text and a list or map');
    expect(r.resolve({ 'Fn::Equals': [{ toString: 1 }, '1'] })).toBeInstanceOf(Unknown);
    expect(r.resolve({ 'Fn::Equals': [{ toString: 1 }, { toString: 1 }] })).toBe(true);
  });

  it('never recurses without bound', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 500; i++) deep = { 'Fn::Join': ['', [deep]] };
    expect(r.resolve(deep)).toBeInstanceOf(Unknown);
  });
});
