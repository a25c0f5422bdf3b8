import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../engine/builtin-rules.js';
import { scan, type ScanOutput } from '../engine/scan.js';

/**
 * OpenTofu's own extensions (`.tofu`, `.tofu.json`) read as Terraform, and its
 * rule that `X.tofu` beside `X.tf` replaces it: in the scanned directories,
 * override files and module directories read from outside the scanned paths.
 */
const rules = builtinRules();

const trail = (logging: boolean): string => `resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  enable_logging = ${logging}
}
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-tofu-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function scanDir(dir: string, path = '.'): ScanOutput {
  return scan({ paths: [join(dir, path)], rules, root: dir, toolVersion: 'test' });
}

const loggingFindings = (r: ScanOutput): string[] =>
  r.findings.filter((f) => f.ruleId === 'cloudtrail-logging-enabled').map((f) => `${f.location.file}:${f.location.start.line} ${f.resource?.address}`);

const notes = (r: ScanOutput): string[] => r.diagnostics.map((d) => `${d.level} ${d.code} ${d.file}: ${d.message}`);

describe('OpenTofu configuration files', () => {
  it('judges a .tofu file: no silent "No findings"', () => {
    const r = scanDir(dirWith({ 'main.tofu': trail(false) }));
    expect(r.files).toEqual(['main.tofu']);
    expect(r.diagnostics).toEqual([]);
    expect(loggingFindings(r)).toEqual(['main.tofu:4 aws_cloudtrail.t']);
  });

  it('judges a .tofu.json file and merges a .tofu override file into the module', () => {
    const r = scanDir(
      dirWith({
        'main.tofu.json': JSON.stringify({ resource: { aws_cloudtrail: { t: { name: 't', s3_bucket_name: 'b', enable_logging: true } } } }, null, 2),
        'trail_override.tofu': 'resource "aws_cloudtrail" "t" {\n  enable_logging = false\n}\n',
      }),
    );
    expect(r.diagnostics).toEqual([]);
    expect(loggingFindings(r)).toEqual(['trail_override.tofu:2 aws_cloudtrail.t']);
  });

  it('reads X.tofu in place of X.tf beside it, and notes the .tf file as not read', () => {
    const failing = scanDir(dirWith({ 'main.tf': trail(true), 'main.tofu': trail(false) }));
    expect(loggingFindings(failing)).toEqual(['main.tofu:4 aws_cloudtrail.t']);
    expect(notes(failing)).toEqual([
      'note shadowed-by-tofu main.tf: not read: main.tofu is beside it, and OpenTofu reads main.tofu in its place (Terraform would read this file and ignore main.tofu); main.tofu is the one judged',
    ]);
    // The other way round: the failing .tf is the one OpenTofu ignores.
    expect(loggingFindings(scanDir(dirWith({ 'main.tf': trail(false), 'main.tofu': trail(true) })))).toEqual([]);
  });

  it('shadows by the same syntax only, and override files like any other', () => {
    const r = scanDir(
      dirWith({
        'main.tf.json': JSON.stringify({ resource: { aws_cloudtrail: { t: { name: 't', s3_bucket_name: 'b', enable_logging: true } } } }),
        'main.tofu': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
        'x_override.tf': 'resource "aws_cloudtrail" "t" {\n  enable_logging = true\n}\n',
        'x_override.tofu': 'resource "aws_cloudtrail" "t" {\n  enable_logging = false\n}\n',
      }),
    );
    expect(loggingFindings(r)).toEqual(['x_override.tofu:2 aws_cloudtrail.t']);
    expect(r.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['shadowed-by-tofu x_override.tf']);
  });

  it('applies the same rule in a module directory read from outside the scanned paths', () => {
    const dir = dirWith({
      'env/main.tf': 'module "t" {\n  source = "../mod"\n}\n',
      'mod/main.tf': trail(true),
      'mod/main.tofu': trail(false),
    });
    const r = scanDir(dir, 'env');
    expect(loggingFindings(r)).toEqual(['mod/main.tofu:4 module.t.aws_cloudtrail.t']);
    expect(r.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['shadowed-by-tofu mod/main.tf']);
  });

  it('keeps file names that are Object.prototype keys apart', () => {
    const r = scanDir(dirWith({ '__proto__.tf': trail(true), '__proto__.tofu': trail(false), 'constructor.tofu.json': '{}' }));
    expect(loggingFindings(r)).toEqual(['__proto__.tofu:4 aws_cloudtrail.t']);
    expect(r.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['shadowed-by-tofu __proto__.tf']);
  });
});
