import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { decodeText, looksBinary } from '../../parsers/text.js';
import { at } from './helpers.js';

const TEMPLATE = 'Resources:\n  Trail: # journal\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: journalisé\n';

function utf16le(text: string, bom = true): Buffer {
  return Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
}

function utf16be(text: string, bom = true): Buffer {
  const buf = utf16le(text, bom);
  buf.swap16();
  return buf;
}

/** Deterministic noise without NUL bytes, like a compressed stream's middle. */
function noise(length: number): Buffer {
  const buf = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = (x & 0xff) || 1;
  }
  return buf;
}

describe('decodeText', () => {
  it('reads UTF-8 with or without a BOM, dropping the BOM', () => {
    expect(decodeText(Buffer.from(TEMPLATE, 'utf8'))).toBe(TEMPLATE);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEMPLATE, 'utf8')]))).toBe(TEMPLATE);
  });

  it('reads UTF-16 LE and BE with a BOM, as Windows tools write them', () => {
    expect(decodeText(utf16le(TEMPLATE))).toBe(TEMPLATE);
    expect(decodeText(utf16be(TEMPLATE))).toBe(TEMPLATE);
  });

  it('recognises UTF-16 without a BOM from its NUL pattern', () => {
    expect(decodeText(utf16le(TEMPLATE, false))).toBe(TEMPLATE);
    expect(decodeText(utf16be(TEMPLATE, false))).toBe(TEMPLATE);
  });

  it('keeps characters outside the BMP in UTF-16 BE', () => {
    expect(decodeText(utf16be('Description: 🚀 launch\n'))).toBe('Description: 🚀 launch\n');
  });

  it('drops a dangling odd byte of UTF-16 instead of failing', () => {
    expect(decodeText(Buffer.concat([utf16le('ab'), Buffer.from([0x41])]))).toBe('ab');
  });

  it('turns invalid UTF-8 into U+FFFD rather than throwing', () => {
    expect(decodeText(Buffer.from([0x61, 0xe9, 0x62]))).toBe('a\ufffdb');
  });

  it('decodes an empty file to an empty string', () => {
    expect(decodeText(Buffer.alloc(0))).toBe('');
  });
});

describe('looksBinary', () => {
  it('is false for text in every supported encoding', () => {
    expect(looksBinary(Buffer.from(TEMPLATE, 'utf8'))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEMPLATE)]))).toBe(false);
    expect(looksBinary(utf16le(TEMPLATE))).toBe(false);
    expect(looksBinary(utf16be(TEMPLATE))).toBe(false);
    expect(looksBinary(utf16le(TEMPLATE, false))).toBe(false);
    expect(looksBinary(Buffer.alloc(0))).toBe(false);
  });

  it('is false for Latin-1 text with a few accents (invalid UTF-8, but text)', () => {
    expect(looksBinary(Buffer.from('# Modèle pour la piste de journalisation\nResources: {}\n', 'latin1'))).toBe(false);
  });

  it('is false when the 8 KB window cuts a multi-byte character in half', () => {
    const text = `${'a'.repeat(8191)}é and more text after the window`;
    expect(looksBinary(Buffer.from(text, 'utf8'))).toBe(false);
  });

  it('is true for NUL bytes that UTF-16 does not explain', () => {
    expect(looksBinary(Buffer.from('Resources:\0\0\0\x01\x02 x\n'))).toBe(true);
    expect(looksBinary(gzipSync(Buffer.from(TEMPLATE.repeat(50))))).toBe(true);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    expect(looksBinary(png)).toBe(true);
  });

  it('is true for data that is mostly invalid UTF-8, even without NUL bytes', () => {
    expect(looksBinary(noise(4096))).toBe(true);
  });

  it('is true for binary data that happens to start like a UTF-16 BOM', () => {
    expect(looksBinary(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]))).toBe(true);
  });
});

describe('decoded files parse with the same positions whatever their encoding', () => {
  it.each([
    ['UTF-8', Buffer.from(TEMPLATE, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEMPLATE, 'utf8')])],
    ['UTF-16 LE with BOM', utf16le(TEMPLATE)],
    ['UTF-16 BE with BOM', utf16be(TEMPLATE)],
  ])('%s', (_name, bytes) => {
    expect(looksBinary(bytes)).toBe(false);
    const template = parseCloudFormation('trail.yaml', decodeText(bytes))!;
    expect(template.body).toEqual({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { TrailName: 'journalisé' } } } });
    expect(at(template.positions.getKey(['Resources']))).toEqual([1, 1]);
    expect(at(template.positions.get(['Resources', 'Trail', 'Properties', 'TrailName']))).toEqual([5, 18]);
  });
});
