import { describe, expect, it } from 'vitest';
import { valueAt } from '../../engine/report/json-chunks.js';
import { plainLocationText } from '../../engine/report/json-finding-text.js';
import type { JsonLocation } from '../../engine/report/json.js';
import { random } from '../seeded-random.js';

describe("a JSON report location's text", () => {
  it('is what JSON.stringify writes for it at six spaces, for any file name and position', () => {
    const next = random(3);
    const files = ['main.tf', 'a "quoted"\\path.tf', 'tab\there\n.tf', 'é/🚀.yaml', '', '\u2028\u0000'];
    const numbers = [1, 2, 10, 999, 123456, 0, -0, -3, 1.5, 1e21];
    for (let n = 0; n < 2000; n++) {
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
      const location: JsonLocation = {
        file: pick(files),
        start: { line: pick(numbers), column: pick(numbers) },
        end: { line: pick(numbers), column: pick(numbers) },
      };
      expect(plainLocationText(location), JSON.stringify(location)).toBe(valueAt(location, 6));
    }
  });

  it('is left to JSON.stringify (undefined) for positions of another shape', () => {
    const at = { line: 1, column: 2 };
    const odd = [
      { file: 'a', start: { column: 2, line: 1 }, end: at },
      { file: 'a', start: at, end: { line: 1, column: 2, offset: 7 } },
      { file: 'a', start: at, end: { line: Number.NaN, column: 2 } },
      { file: 'a', start: at, end: { line: '1', column: 2 } },
      { start: at, file: 'a', end: at },
      { file: 'a', start: at, end: at, extra: true },
    ];
    for (const location of odd) expect(plainLocationText(location as unknown as JsonLocation), JSON.stringify(location)).toBeUndefined();
  });
});
