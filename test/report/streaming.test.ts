import { describe, expect, it } from 'vitest';
import type { Finding, Undetermined } from '../../engine/findings.js';
import { render, renderChunks } from '../../engine/report/index.js';
import { jsonReport } from '../../engine/report/json.js';
import { sarifLog } from '../../engine/report/sarif.js';
import { cleanScan, finding, fullScan, MULTI_REGION, OPTIONS } from './scan-results.js';

/**
 * JSON and SARIF reports are written in pieces as they are made
 * (engine/report/json-chunks.ts): the pieces must add up to exactly the
 * report one JSON.stringify of the whole log gives, whatever the findings
 * hold, and a large report must not come as one piece.
 */

/** Findings whose text holds what JSON escapes or indentation could trip over. */
function awkwardFindings(n: number): Finding[] {
  const texts = ['line one\nline two', 'quote " and backslash \\', '"results": []', '\n      "results": []', 'tab\tNUL\u0000 bidi \u202e', 'emoji 🚀 and é', '   '];
  return Array.from({ length: n }, (_, i) =>
    finding({
      rule: MULTI_REGION,
      file: `stacks/${i % 3}/trail "${i % 2}".yaml`,
      line: 1 + (i % 50),
      column: 1 + (i % 7),
      message: `${texts[i % texts.length]} #${i}`,
      address: `Trail${i}\n"x"`,
      property: 'IsMultiRegionTrail',
    }),
  );
}

/**
 * Undetermined checks written as text (json-finding-text.ts) share the texts of their locations and resources
 * with the findings': some here are the findings' own objects, some equal copies, some their own.
 */
function awkwardUndetermined(findings: readonly Finding[]): Undetermined[] {
  const reasons = ['cannot be decided', 'a "quoted" reason\nover lines', 'tab\t and \u2028 and 🚀', ''];
  return findings.map((f, i) => {
    const resource = f.resource ?? { address: `Other${i}`, kind: 'bucket', nativeType: 'AWS::S3::Bucket', file: f.location.file };
    return {
      ruleId: i % 2 ? f.ruleId : `other-rule-${i % 5}`,
      resource: i % 3 === 0 ? resource : { ...resource, ...(i % 4 === 1 ? { constructPath: `Stack/${i}` } : {}) },
      location: i % 3 === 1 ? f.location : { file: f.location.file, start: { ...f.location.start }, end: { line: f.location.end.line + 1, column: 1 } },
      reason: `${reasons[i % reasons.length]}`,
    };
  });
}

describe('reports written in pieces', () => {
  for (const format of ['json', 'sarif'] as const) {
    const whole = format === 'json' ? (r: Parameters<typeof jsonReport>[0]) => jsonReport(r, OPTIONS) : (r: Parameters<typeof sarifLog>[0]) => sarifLog(r, OPTIONS);

    it(`${format}: the pieces are byte for byte the report of the whole object`, () => {
      const many = awkwardFindings(40);
      for (const result of [fullScan(), cleanScan(), fullScan({ findings: awkwardFindings(40) }), fullScan({ findings: many, undetermined: awkwardUndetermined(many) })]) {
        const joined = [...renderChunks(format, result, OPTIONS)].join('');
        expect(joined).toBe(`${JSON.stringify(whole(result), null, 2)}\n`);
        expect(joined).toBe(render(format, result, OPTIONS));
      }
    });

    it(`${format}: a report of many megabytes comes in pieces of about a megabyte`, () => {
      const result = fullScan({ findings: awkwardFindings(12_000) });
      const chunks = [...renderChunks(format, result, OPTIONS)];
      const total = chunks.reduce((n, c) => n + c.length, 0);
      expect(total).toBeGreaterThan(4 << 20);
      expect(chunks.length).toBeGreaterThan(3);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(1.1 * (1 << 20));
      expect(JSON.parse(chunks.join(''))).toEqual(whole(result));
    });
  }

  it('text, markdown and rdjson come as one piece, the same as render', () => {
    for (const format of ['text', 'markdown', 'rdjson'] as const) {
      expect([...renderChunks(format, fullScan(), OPTIONS)]).toEqual([render(format, fullScan(), OPTIONS)]);
    }
  });
});
