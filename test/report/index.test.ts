import { describe, expect, it } from 'vitest';
import { FORMATS, isFormat, render } from '../../engine/report/index.js';
import { OPTIONS, cleanScan, fullScan } from './scan-results.js';

describe('report formats', () => {
  it('offers the formats the command line documents', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'markdown', 'rdjson', 'github']);
    expect(isFormat('sarif')).toBe(true);
    expect(isFormat('xml')).toBe(false);
  });

  it('renders each format, ending with a newline, for a full and a clean scan', () => {
    for (const format of FORMATS) {
      for (const scan of [fullScan(), cleanScan()]) {
        const out = render(format, scan, OPTIONS);
        expect(out.endsWith('\n'), format).toBe(true);
        expect(out.endsWith('\n\n'), format).toBe(false);
      }
    }
  });

  it('dispatches to the reporter the format names', () => {
    expect(JSON.parse(render('sarif', fullScan(), OPTIONS))).toHaveProperty('version', '2.1.0');
    expect(JSON.parse(render('json', fullScan(), OPTIONS))).toHaveProperty('version', 1);
    expect(JSON.parse(render('rdjson', fullScan(), OPTIONS))).toHaveProperty('source.name', 'trailguard');
    expect(render('markdown', fullScan(), OPTIONS)).toMatch(/^<!-- trailguard-report -->\n\n### trailguard: 6 findings/);
    expect(render('text', fullScan(), OPTIONS)).toMatch(/^broken\/bad template\.yaml\n/);
  });
});
