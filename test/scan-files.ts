// Scans a small repository written for one test: files by repository-relative path, in a fresh temporary
// directory that is also the scan's root, with every built-in rule, as a user runs trailguard there. A
// `.trailguard.yaml` among the files is loaded for its `policies:` settings.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { builtinRules } from '../engine/builtin-rules.js';
import { loadConfig, policySettingFor } from '../engine/config.js';
import { scan } from '../engine/scan.js';

const rules = builtinRules();

export function writeRepository(files: Record<string, string>, prefix = 'trailguard-test-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function scanFiles(files: Record<string, string>, paths: string[] = ['.']): ReturnType<typeof scan> {
  const root = writeRepository(files);
  const config = files['.trailguard.yaml'] !== undefined ? loadConfig(join(root, '.trailguard.yaml')) : undefined;
  return scan({
    paths: paths.map((p) => join(root, p)),
    rules,
    root,
    toolVersion: 'test',
    ...(config ? { policySetting: (shown: string) => policySettingFor(config, shown) } : {}),
  });
}
