import { readdirSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules, projectDir } from '../engine/builtin-rules.js';
import { renderRuleDoc, renderRuleIndex } from '../engine/rules/docs.js';

/** `npm run docs`: writes rules/<id>/README.md and docs/rules.md from the rule files. */
const rulesDir = projectDir('rules');
const rules = builtinRules();
for (const rule of rules) {
  const dir = join(rulesDir, rule.spec.id);
  const casesDir = join(dir, 'cases');
  const cases = existsSync(casesDir) ? readdirSync(casesDir).filter((c) => /^(pass|fail)/.test(c)).sort() : [];
  writeFileSync(join(dir, 'README.md'), renderRuleDoc(rule, cases));
}
const docs = projectDir('docs');
mkdirSync(docs, { recursive: true });
writeFileSync(join(docs, 'rules.md'), renderRuleIndex(rules));
process.stderr.write(`docs: ${rules.length} rule pages and docs/rules.md written\n`);
