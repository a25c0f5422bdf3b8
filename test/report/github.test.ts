import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../engine/findings.js';
import { escapeData, escapeProperty, renderGithub, workflowCommand } from '../../engine/report/github.js';
import { ANNOTATION_PROPERTIES, commandsIn, parseCommandLine } from '../github/workflow-commands.js';
import { BROKEN_FILE, CFN_MULTI_REGION, CFN_SUPPRESSED, fullScan, KMS_UNDETERMINED, MULTI_REGION, OPTIONS, cleanScan, finding } from './scan-results.js';

const HOSTILE = [
  'Trail evil\n::error file=x.tf,line=1::forged',
  'name\r::warning::carriage return',
  'literal %0A and %25 and %3A%2C stay literal',
  'colon: and, comma',
  '\u001b[2J\u001b[Hscreen cleared',
  'bidi \u202eevil\u202c and isolate \u2066x\u2069',
  'line\u2028separator and NEL\u0085',
  '::error::starts like a command',
  '##[error]legacy command',
];

describe('GitHub workflow-command escaping (as @actions/core does it)', () => {
  it('escapes data: %, CR and LF', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeData('a::b,c:d')).toBe('a::b,c:d');
  });

  it('escapes properties: also : and ,', () => {
    expect(escapeProperty('a::b,c:d%\n')).toBe('a%3A%3Ab%2Cc%3Ad%25%0A');
  });
});

describe('github report', () => {
  const out = renderGithub(fullScan(), OPTIONS);
  const commands = commandsIn(out);

  it('annotates every finding that is not suppressed, most severe first, with file, lines and title', () => {
    const shown = fullScan().findings.filter((f) => !f.suppressed);
    expect(commands).toHaveLength(shown.length + 1); // + the input problem no finding reports (remote module)
    const first = commands[0]!;
    expect(first.name).toBe('error');
    expect(Object.fromEntries(first.properties)).toEqual({
      file: 'cfn/trail.yaml',
      line: '12',
      endLine: '12',
      col: '5',
      endColumn: '28',
      title: 'trailguard cloudtrail-multi-region: critical (MyTrail)',
    });
    expect(first.data).toBe(CFN_MULTI_REGION.message);
    expect(out).not.toContain(CFN_SUPPRESSED.message);
    expect(commands.some((c) => c.properties.get('file') === BROKEN_FILE)).toBe(true);
  });

  it('maps severities to levels: critical and high error, medium warning, low notice', () => {
    const levels = new Map(fullScan().findings.filter((f) => !f.suppressed).map((f) => [f.message, f.severity]));
    for (const c of commands) {
      const severity = levels.get(c.data);
      if (!severity) continue;
      expect(c.name).toBe({ critical: 'error', high: 'error', medium: 'warning', low: 'notice' }[severity]);
    }
    expect(new Set(commands.map((c) => c.name))).toEqual(new Set(['error', 'warning', 'notice']));
  });

  it('ends with a plain summary line that is not a command', () => {
    const last = out.trimEnd().split('\n').pop()!;
    expect(parseCommandLine(last)).toBeUndefined();
    expect(last).toMatch(/^trailguard: 6 findings \(1 critical, 3 high, 1 medium, 1 low\) in \d+ files$/);
    expect(renderGithub(cleanScan(), OPTIONS)).toMatch(/^trailguard: no findings in \d+ files\n$/);
    expect(renderGithub({ ...cleanScan(), undetermined: [KMS_UNDETERMINED, KMS_UNDETERMINED] }, OPTIONS)).toMatch(/^trailguard: no findings in \d+ files; 2 checks not judged\n$/);
  });

  it('cannot be made to issue a second command by any name or message', () => {
    const hostile: ScanResult = {
      ...fullScan(),
      findings: HOSTILE.map((text, i) =>
        finding({ rule: MULTI_REGION, file: `dir,${i}:x/${text}.yaml`, line: i + 1, column: 1, endColumn: 4, message: `Trail ${text} is regional`, address: text }),
      ),
      diagnostics: [],
    };
    const text = renderGithub(hostile, OPTIONS);
    const lines = text.trimEnd().split('\n');
    // One line per finding plus the summary; each line is exactly one well-formed annotation.
    expect(lines).toHaveLength(HOSTILE.length + 1);
    expect(text).not.toMatch(/[\r\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const parsed = commandsIn(text);
    expect(parsed).toHaveLength(HOSTILE.length);
    for (const c of parsed) {
      expect(c.name).toBe('error');
      expect([...c.properties.keys()].every((k) => ANNOTATION_PROPERTIES.has(k))).toBe(true);
      expect(c.data).not.toMatch(/[\r\n\u001b\u202e]/);
    }
    // What the reader sees is the input, with control characters shown, never interpreted.
    const byLine = new Map(parsed.map((c) => [c.properties.get('line'), c]));
    expect(byLine.get('1')!.data).toBe('Trail Trail evil\\n::error file=x.tf,line=1::forged is regional');
    expect(byLine.get('1')!.properties.get('file')).toBe('dir,0:x/Trail evil\\n::error file=x.tf,line=1::forged.yaml');
    expect(byLine.get('3')!.data).toBe('Trail literal %0A and %25 and %3A%2C stay literal is regional');
    expect(byLine.get('5')!.data).toBe('Trail \\x1b[2J\\x1b[Hscreen cleared is regional');
    expect(byLine.get('6')!.properties.get('title')).toBe('trailguard cloudtrail-multi-region: critical (bidi \\u202eevil\\u202c and isolate \\u2066x\\u2069)');
    expect(byLine.get('7')!.data).toBe('Trail line\\u2028separator and NEL\\x85 is regional');
  });

  it('leaves columns out of an annotation over several lines and an empty range, as GitHub uses them on one line only', () => {
    const multi = workflowCommand({ level: 'warning', file: 'a.tf', range: { file: 'a.tf', start: { line: 3, column: 2 }, end: { line: 9, column: 1 } }, title: 't', message: 'm' });
    expect(multi).toBe('::warning file=a.tf,line=3,endLine=9,title=t::m');
    const empty = workflowCommand({ level: 'notice', file: 'a.tf', range: { file: 'a.tf', start: { line: 4, column: 7 }, end: { line: 4, column: 7 } }, title: 't', message: 'm' });
    expect(empty).toBe('::notice file=a.tf,line=4,endLine=4,title=t::m');
  });
});
