// Every CloudFormation example of the peer corpus (test/fixtures/corpus) must
// parse and be recognised as a template: these are the inputs other scanners
// are tested with, so failing on any of them would be a gap.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { looksLikeCloudFormation, parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { parseYamlDocuments } from '../../parsers/cloudformation/yaml-template.js';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(join(CORPUS, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(CORPUS, dir, name))
    .sort();
}

interface TrivyExample {
  name: string;
  text: string;
}

/** trivy-checks files hold `cloudformation: {good: [text...], bad: [text...]}`; the texts are whole templates. */
function trivyExamples(): TrivyExample[] {
  return filesUnder('trivy-checks', '.yaml').flatMap((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as { cloudformation?: { good?: string[]; bad?: string[] } };
    const examples = doc.cloudformation ?? {};
    return (['good', 'bad'] as const).flatMap((kind) =>
      (examples[kind] ?? []).map((text, i) => ({ name: `${relative(CORPUS, file)} ${kind}[${i}]`, text })),
    );
  });
}

interface GuardCase {
  name: string;
  file: string;
  index: number;
  input: unknown;
}

/**
 * guard-rules-registry test files are lists of `{name, input, expectations}`
 * whose inputs are templates written inline with short-form tags, so the
 * whole file is read with the CloudFormation YAML reader: the inputs come out
 * with long-form intrinsics, and their positions are those in the test file.
 */
function guardCases(): Array<GuardCase & { positions: ReturnType<typeof parseYamlDocuments>[number]['positions'] }> {
  return filesUnder('guard-rules-registry', '_tests.yml').flatMap((file) => {
    const docs = parseYamlDocuments(readFileSync(file, 'utf8'), relative(CORPUS, file));
    return docs.flatMap((doc) =>
      (doc.value as Array<{ name: string; input: unknown }>).map((entry, index) => ({
        name: `${relative(CORPUS, file)} #${index} ${entry.name}`,
        file: relative(CORPUS, file),
        index,
        input: entry.input,
        positions: doc.positions,
      })),
    );
  });
}

/** Inputs the registry writes on purpose with nothing in them, to test that rules SKIP. */
function isDeliberatelyEmpty(input: unknown): boolean {
  const json = JSON.stringify(input);
  return json === '{}' || json === '{"Resources":{}}';
}

describe('peer corpus: trivy-checks CloudFormation examples', () => {
  const examples = trivyExamples();

  it('has the examples the lead copied', () => {
    expect(examples.length).toBeGreaterThanOrEqual(40);
  });

  it.each(examples.map((e) => [e.name, e.text]))('%s parses as a template', (name, text) => {
    const template = parseCloudFormation(name, text);
    expect(template).not.toBeNull();
    expect(template!.warnings).toEqual([]);
    expect(looksLikeCloudFormation(template!.body)).toBe(true);
  });
});

describe('peer corpus: guard-rules-registry test inputs', () => {
  const cases = guardCases();
  const templates = cases.filter((c) => !isDeliberatelyEmpty(c.input));

  it('reads every test file with the CloudFormation tags and no warnings', () => {
    for (const file of filesUnder('guard-rules-registry', '_tests.yml')) {
      const docs = parseYamlDocuments(readFileSync(file, 'utf8'), file);
      expect(docs.flatMap((d) => d.warnings)).toEqual([]);
    }
  });

  it('recognises every input as a template, except the deliberately empty ones', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const unrecognised = cases.filter((c) => !looksLikeCloudFormation(c.input));
    expect(unrecognised.filter((c) => !isDeliberatelyEmpty(c.input)).map((c) => c.name)).toEqual([]);
    // The empty ones ({} and `Resources: {}`) are skipped as "not a template": nothing in them to check.
    expect(unrecognised.length).toBe(cases.length - templates.length);
  });

  it('expands the short forms the inputs use into long forms', () => {
    const all = JSON.stringify(templates.map((c) => c.input));
    expect(all).toContain('{"Ref":');
    expect(all).toContain('{"Fn::Join":');
    expect(all).toContain('{"Fn::Sub":');
    expect(all).toContain('{"Fn::GetAtt":[');
    expect(all).not.toMatch(/"!(Ref|Sub|Join|GetAtt)\b/);
  });

  it('keeps positions inside the test file for each input', () => {
    for (const c of templates) {
      const resources = (c.input as { Resources: Record<string, unknown> }).Resources;
      for (const logicalId of Object.keys(resources)) {
        const range = c.positions.getKey([c.index, 'input', 'Resources', logicalId]);
        expect(range, `${c.name}: ${logicalId}`).toBeDefined();
        expect(range!.start.line).toBeGreaterThan(1);
      }
    }
  });

  it.each(templates.map((c) => [c.name, c.input]))('%s parses as a template through parseCloudFormation', (name, input) => {
    // Re-serialised as JSON and as (YAML 1.1) YAML: each input must survive the file-level entry point too.
    for (const [format, text] of [
      ['json', JSON.stringify(input, null, 2)],
      ['yaml', stringify(input, { version: '1.1' })],
    ] as const) {
      const template = parseCloudFormation(`${name}.${format}`, text);
      expect(template?.format).toBe(format);
      expect(template).not.toBeNull();
      expect(template!.body).toEqual(input);
    }
  });
});
