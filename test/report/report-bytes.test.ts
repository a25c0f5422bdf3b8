// The reports of one large, varied scan, pinned by hash: a generated Terraform plan of a few hundred
// resources (thousands of findings of every plan rule) beside the fixture repositories (CloudFormation,
// .tf, CDK, StackSets, monitoring stacks, policies, suppressions written in the source, files that do not
// parse). Work on the rules' and the reporters' speed must leave every byte of every format, the finding
// order and the fingerprints as they were; the hashes were taken before that work (main at dbfd9d4).
// A change that means to alter a report updates them, saying why in its commit.

import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../engine/builtin-rules.js';
import { FORMATS, renderChunks } from '../../engine/report/index.js';
import { scan } from '../../engine/scan.js';
import { generatePlan } from '../plan/generate-plan.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const COPIED = ['broken', 'cdk', 'corpus', 'monitoring', 'policy-repository', 'serverless', 'stack-sets', 'suppressions', 'terraform'];

function scanned() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'trailguard-report-bytes-')));
  for (const d of COPIED) cpSync(join(FIXTURES, d), join(root, d), { recursive: true });
  writeFileSync(join(root, 'plan.json'), generatePlan(300));
  const result = scan({ paths: [root], rules: builtinRules(), root, toolVersion: 'test', suppressions: { today: '2026-06-01' } });
  // The one figure that changes from run to run.
  result.elapsedMs = 0;
  return { root, result };
}

/** The report with the temporary directory's path (SARIF's root URI, absolute paths) made one word. */
function digest(text: string, root: string): string {
  return createHash('sha256').update(text.split(root).join('<root>')).digest('hex');
}

describe('the reports of a large scan, byte for byte', () => {
  const { root, result } = scanned();

  it('finds what the hashes were taken over', () => {
    expect([result.findings.length, result.undetermined.length, result.diagnostics.length]).toEqual(COUNTS);
  });

  for (const format of FORMATS) {
    for (const showUndetermined of [false, true]) {
      it(`${format}${showUndetermined ? ', undetermined shown' : ''}`, () => {
        const text = [...renderChunks(format, result, { color: false, root, showUndetermined })].join('');
        if (process.env.PRINT_HASHES) console.log(`HASH ${format}${showUndetermined ? '+u' : ''} ${digest(text, root)}`);
        expect(digest(text, root)).toBe(HASHES[`${format}${showUndetermined ? '+u' : ''}`]);
      });
    }
  }
});

const COUNTS = [3319, 1335, 15];
/** sha256 of each report; `+u` with undetermined checks listed. PRINT_HASHES=1 prints what a run makes. */
const HASHES: Record<string, string> = {
  'github': '2f67597509f1486c80e7c703b44a2b82c6218ad01d7a0063615bd5437b440d32',
  'github+u': '2f67597509f1486c80e7c703b44a2b82c6218ad01d7a0063615bd5437b440d32',
  'json': 'cd26d82fceb45684abb7fbfd1fad5f02d49ead9f9d79067b200eb23f1b3e3b75',
  'json+u': 'cd26d82fceb45684abb7fbfd1fad5f02d49ead9f9d79067b200eb23f1b3e3b75',
  'markdown': 'ffc4f2566a11a42b690c84bc160fe3376bf53da03148d4787c7b4ec7b7e3835f',
  'markdown+u': 'fffbd3395cf08084bfaec3b9f192404c09159e59e4f8a30de52dbd5391c74250',
  'rdjson': '463a347fa9093f6efd0d7564cd294acf72ad481f2a875f5c01fa1e69c9e836f0',
  'rdjson+u': '463a347fa9093f6efd0d7564cd294acf72ad481f2a875f5c01fa1e69c9e836f0',
  'sarif': '46fcce2ce79298d52c166fac3b255531ffac36ba4e9157c307f053d4c16cb261',
  'sarif+u': '46fcce2ce79298d52c166fac3b255531ffac36ba4e9157c307f053d4c16cb261',
  'text': 'c85ed32a93224022ad8cfc37245732a3a918b1abe7605fc7f74c1ed3df305307',
  'text+u': '3c2755741677527d4e431d53abf14bc7f0248442e2da44b2198f710ae4400156',
};
