import { describe, expect, it } from 'vitest';
import { escapeForDisplay } from '../../engine/report/escape.js';
import { finding, fullScan, MULTI_REGION } from './scan-results.js';

describe('escapeForDisplay', () => {
  const clean = finding({ rule: MULTI_REGION, file: 'a.yaml', line: 3, column: 5, message: 'plain words', address: 'Trail' });
  const unsafe = finding({ rule: MULTI_REGION, file: 'b\u001b[2J.yaml', line: 1, column: 1, message: 'line\nbreak \u202e', address: 'Trail\r' });
  const result = fullScan({ findings: [clean, unsafe] });
  const before = JSON.stringify(result);
  const shown = escapeForDisplay(result);

  it('escapes what input could use to fake a line or reorder text, wherever it is', () => {
    const [, escaped] = shown.findings;
    expect(escaped!.message).toBe('line\\nbreak \\u202e');
    expect(escaped!.location.file).toBe('b\\x1b[2J.yaml');
    expect(escaped!.resource?.address).toBe('Trail\\r');
    expect(escaped!.resource?.file).toBe('b\\x1b[2J.yaml');
    // What needed nothing keeps its value, in the escaped copy too.
    expect(escaped!.catalog).toEqual(unsafe.catalog);
    expect(escaped!.location.start).toEqual(unsafe.location.start);
  });

  it('leaves the result it was given as it was', () => {
    expect(JSON.stringify(result)).toBe(before);
  });

  it('hands back what has nothing to escape as it is, not a copy', () => {
    expect(shown.findings[0]).toBe(clean);
    expect(shown.findings[1]).not.toBe(unsafe);
    // Inside an escaped finding, the parts with nothing to escape are shared.
    expect(shown.findings[1]!.catalog).toBe(unsafe.catalog);
    expect(shown.findings[1]!.location.start).toBe(unsafe.location.start);
  });

  it('keeps an own __proto__ key of input a key, in an escaped copy', () => {
    const record = JSON.parse('{"__proto__": "x\\u001by", "k": "v"}') as Record<string, unknown>;
    const withProto = fullScan({ comparison: { absent: [record as never] } });
    const copy = escapeForDisplay(withProto).comparison!.absent[0] as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(copy['__proto__']).toBe('x\\x1by');
    expect(copy['k']).toBe('v');
  });
});
