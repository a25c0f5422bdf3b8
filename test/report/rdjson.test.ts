import { describe, expect, it } from 'vitest';
import { renderRdjson, type RdDiagnosticResult } from '../../engine/report/rdjson.js';
import { finding, OPTIONS, TOPIC_ENCRYPTED, TRAIL_CHANGE_FILTER, cleanScan, fullScan } from './scan-results.js';

const rd = JSON.parse(renderRdjson(fullScan(), OPTIONS)) as RdDiagnosticResult;
const byCode = (code: string) => rd.diagnostics.filter((d) => d.code.value === code);

describe('rdjson report (reviewdog)', () => {
  it('names its source and the worst severity', () => {
    expect(Object.keys(rd)).toEqual(['source', 'severity', 'diagnostics']);
    // No url: the project has no public home yet, and a placeholder would send reviewers elsewhere.
    expect(rd.source).toEqual({ name: 'trailguard' });
    expect(rd.severity).toBe('ERROR');
  });

  it('gives each finding a message, a repository-relative path and range, a severity and its rule with link', () => {
    expect(byCode('cloudtrail-multi-region')).toEqual([
      {
        message: 'Trail MyTrail records only its home region',
        location: { path: 'cfn/trail.yaml', range: { start: { line: 12, column: 5 }, end: { line: 12, column: 29 } } },
        severity: 'ERROR',
        code: { value: 'cloudtrail-multi-region' },
      },
    ]);
    expect(byCode(TRAIL_CHANGE_FILTER.id)[0]!.location.path).toBe('terraform/main.tf'); // given as an absolute path
  });

  it('maps critical and high to ERROR, medium to WARNING, low to INFO', () => {
    expect(byCode('cloudtrail-log-file-validation').map((d) => d.severity)).toEqual(['ERROR', 'ERROR']);
    expect(byCode(TRAIL_CHANGE_FILTER.id)[0]!.severity).toBe('WARNING');
    expect(byCode(TOPIC_ENCRYPTED.id)[0]!.severity).toBe('INFO');
  });

  it('sends only the start of a range that has no extent', () => {
    expect(byCode('parse-error')[0]!.location).toEqual({ path: 'broken/bad template.yaml', range: { start: { line: 3, column: 7 } } });
  });

  it('leaves out suppressed findings, which reviewdog would post as comments', () => {
    expect(byCode('trail-bucket-versioning')).toEqual([]);
  });

  it('includes input problems once: the parse error as its finding, the remote module as a warning', () => {
    expect(byCode('parse-error')).toHaveLength(1);
    expect(byCode('remote-module')).toEqual([
      {
        message: 'Module "network" comes from git::https://example.com/network.git and was not scanned',
        location: { path: 'terraform/main.tf', range: { start: { line: 20, column: 1 }, end: { line: 23, column: 2 } } },
        severity: 'WARNING',
        code: { value: 'remote-module' },
      },
    ]);
  });

  it('reports the worst severity present, INFO when nothing is found', () => {
    const lowOnly = finding({ rule: TOPIC_ENCRYPTED, file: 'terraform/main.tf', line: 1, column: 1, message: 'm', address: 'a' });
    const onlyLow = JSON.parse(renderRdjson(fullScan({ findings: [lowOnly], diagnostics: [] }), OPTIONS)) as RdDiagnosticResult;
    expect(onlyLow.severity).toBe('INFO');
    const clean = JSON.parse(renderRdjson(cleanScan(), OPTIONS)) as RdDiagnosticResult;
    expect(clean).toMatchObject({ severity: 'INFO', diagnostics: [] });
  });
});
