import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/diagnostics.js';
import { evaluate } from '../../parsers/terraform/hcl/evaluate.js';
import { MAX_NESTING, parseHcl } from '../../parsers/terraform/hcl/parser.js';
import { syntaxError } from './helpers.js';
import { random as seededRandom } from '../seeded-random.js';

describe('syntax errors carry file, line, column and a clear message', () => {
  it('reports an unclosed brace at the brace, naming the block', () => {
    const e = syntaxError('resource "aws_cloudtrail" "x" {\n  name = "t"\n');
    expect(e.at).toBe('1:31');
    expect(e.message).toBe('Unclosed block \'resource "aws_cloudtrail" "x"\': no \'}\' matches this \'{\' before the end of the file');
    expect(syntaxError('a {\n  b {\n    c = 1\n  }\n').at).toBe('1:3');
  });

  it('reports unclosed strings at the opening quote', () => {
    const e = syntaxError('resource "x" "y" {\n  name = "abc\n}\n');
    expect(e.at).toBe('2:10');
    expect(e.message).toMatch(/^Unterminated string/);
    expect(syntaxError('name = "abc').at).toBe('1:8');
    expect(syntaxError('resource "aws_s3_bucket\n').at).toBe('1:10');
  });

  it('reports unclosed interpolations, heredocs and comments where they start', () => {
    expect(syntaxError('a = "x ${var.y"\n')).toEqual({ at: '1:8', message: "Unclosed interpolation: no '}' closes this '${' before the end of the string" });
    const heredoc = syntaxError('a = 1\nb = <<EOT\nline\n');
    expect(heredoc.at).toBe('2:5');
    expect(heredoc.message).toBe("Unterminated heredoc: no line with the closing marker 'EOT' before the end of the file");
    expect(syntaxError('a = 1\n/* never closed\n')).toEqual({ at: '2:1', message: "Unterminated comment: '/*' has no matching '*/'" });
    expect(syntaxError('a = <<EOT \nx\nEOT\n').message).toMatch(/^Invalid heredoc: '<<EOT' must be followed immediately by a newline/);
  });

  it('reports bad tokens with a hint', () => {
    expect(syntaxError('a = 1 @ 2\n')).toEqual({ at: '1:7', message: 'Invalid character "@"' });
    expect(syntaxError("a = 'single'\n")).toEqual({ at: '1:5', message: 'Invalid character "\'"; strings use double quotes (")' });
    expect(syntaxError('a = 1;\n').message).toBe('Invalid character ";"; arguments are separated by newlines');
    expect(syntaxError('a = b & c\n').message).toBe('Invalid character "&"; logical AND is \'&&\'');
    expect(syntaxError('a = 1.2.3\n')).toEqual({ at: '1:5', message: "Invalid number literal '1.2.3'" });
  });

  it('reports a missing = after an argument name', () => {
    expect(syntaxError('resource "a" "b" {\n  count 5\n}\n')).toEqual({ at: '2:9', message: "Expected '=' or '{' after 'count', found '5'" });
    // `name "t"` reads as a block with a label, whose brace is then missing.
    expect(syntaxError('resource "a" "b" {\n  name "t"\n}\n')).toEqual({
      at: '2:11',
      message: "Expected '{' after 'name \"t\"': a block's opening brace must be on the same line as its type and labels",
    });
    expect(syntaxError('enabled\n').message).toBe("Expected '=' or '{' after 'enabled', found newline");
  });

  it('reports misplaced = and missing braces after block labels', () => {
    expect(syntaxError('resource "aws_cloudtrail" "x" = {}\n')).toEqual({
      at: '1:31',
      message: "Expected '{' after 'resource \"aws_cloudtrail\" \"x\"': '=' assigns arguments and cannot follow block labels",
    });
    expect(syntaxError('resource "aws_cloudtrail" "x" [\n').message).toBe(
      "Expected '{' or a label after 'resource \"aws_cloudtrail\" \"x\"', found '['",
    );
  });

  it('reports missing values and separators', () => {
    expect(syntaxError('a =\nb = 1\n')).toEqual({ at: '1:4', message: 'Expected an expression, found newline' });
    expect(syntaxError('a = ')).toEqual({ at: '1:5', message: 'Expected an expression, found the end of the file' });
    expect(syntaxError('a = 1, b = 2\n').message).toBe("Unexpected ',' after argument 'a': arguments are separated by newlines, not commas");
    expect(syntaxError('a = 1 2\n').message).toBe("Expected a newline after the value of argument 'a', found '2'");
    expect(syntaxError('a = [1 2]\n')).toEqual({ at: '1:8', message: "Expected ',' or ']' after a list element, found '2'" });
    expect(syntaxError('a = { x = 1 y = 2 }\n').message).toBe("Expected ',' or a newline or '}' after an object item, found 'y'");
    expect(syntaxError('a = { x 1 }\n').message).toBe("Expected '=' or ':' after an object key, found '1'");
    expect(syntaxError('a = f(1 2)\n').message).toBe("Expected ',' or ')' after an argument of function 'f', found '2'");
    expect(syntaxError('a = (1 + 2\n').message).toMatch(/^Expected '\)' to close the '\(' at line 1, column 5, found end of file/);
    expect(syntaxError('a = x ? 1\n').message).toMatch(/^Expected ':' and a false result/);
    expect(syntaxError('a = var.a == "x" ||\n  var.b == "y"\n')).toEqual({
      at: '1:20',
      message: 'Expected an expression, found newline; an expression continues on the next line only inside parentheses, brackets or braces',
    });
  });

  it('reports unclosed collections at their opening bracket', () => {
    expect(syntaxError('a = [1, 2,\n')).toEqual({ at: '1:5', message: "Unclosed '[': no ']' matches it before the end of the file" });
    expect(syntaxError('a = {\n  x = 1\n')).toEqual({ at: '1:5', message: "Unclosed '{': no '}' matches it before the end of the file" });
    expect(syntaxError('a = f(1,\n').at).toBe('1:6');
  });

  it('rejects misplaced structure', () => {
    expect(syntaxError('}\n')).toEqual({ at: '1:1', message: "Unexpected '}': there is no block to close here" });
    expect(syntaxError('"quoted" = 1\n').message).toBe('Invalid argument name: argument and block names must not be quoted');
    expect(syntaxError('a = 1\na = 2\n')).toEqual({ at: '2:1', message: "Argument 'a' is already set at line 1; each argument may be set only once" });
    expect(syntaxError('b { x = 1, y = 2 }\n').message).toMatch(/can hold only one argument/);
    expect(syntaxError('b { x = 1\n}\n').message).toMatch(/must be closed with '}' on the same line/);
    expect(syntaxError('b { c {} }\n').message).toMatch(/^Expected '=' after 'c'/);
    expect(syntaxError('b {} c = 1\n').message).toBe("Expected a newline after the closing '}' of block 'b', found 'c'");
  });

  it('rejects bad expressions', () => {
    expect(syntaxError('a = { for = 1 }\n').message).toBe("Expected a variable name after 'for', found '='");
    expect(syntaxError('a = [for x in y : x => x]\n').message).toMatch(/^Unexpected '=>' in a list 'for' expression/);
    expect(syntaxError('a = {for x in y : x}\n').message).toMatch(/^An object 'for' expression needs a key/);
    expect(syntaxError('a = var.list.0.1\n').message).toBe("Invalid legacy index '.0.1': chained indexes must be written as [0][1]");
    expect(syntaxError('a = x.*.*\n').message).toMatch(/^Nested splat expression not allowed/);
    expect(syntaxError('a = x.\n').message).toBe("Expected an attribute name after '.', found newline");
    expect(syntaxError('a = x[*\n').message).toMatch(/^Expected '\]' after '\[\*'/);
    expect(syntaxError('a = f(x..., y)\n').message).toMatch(/^Expected '\)' right after '\.\.\.'/);
  });

  it('rejects bad strings and templates', () => {
    expect(syntaxError('a = "\\q"\n')).toEqual({ at: '1:6', message: "Invalid escape sequence '\\q': valid escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN" });
    expect(syntaxError('a = "\\u12"\n').message).toBe('Invalid escape sequence: \\u must be followed by 4 hexadecimal digits');
    expect(syntaxError('a = "%{ if true }x"\n')).toEqual({ at: '1:6', message: 'The %{ if } directive has no matching %{ endif }' });
    expect(syntaxError('a = "%{ endif }"\n').message).toBe('Unexpected %{ endif } without a matching opening directive');
    expect(syntaxError('a = "%{ for x in y }%{ endif }"\n').message).toBe('Unexpected %{ endif }: expected %{ endfor } for the %{ for } directive');
    expect(syntaxError('a = "%{ while x }"\n').message).toBe("Invalid template directive 'while': expected if, else, endif, for or endfor");
    expect(syntaxError('a = "${ x y }"\n').message).toMatch(/^Expected '\}' to end the interpolation, found 'y'; to write a literal '\$\{'/);
    expect(syntaxError('b "${x}" {}\n').message).toMatch(/^Template sequences are not allowed in a block label/);
  });

  it('turns absurd nesting into an error instead of a stack overflow', () => {
    const deep = `a = ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    expect(syntaxError(deep).message).toBe(`Nesting deeper than ${MAX_NESTING} levels is not supported`);
    expect(syntaxError(`a = ${'-'.repeat(100_000)}1\n`).message).toBe(`Nesting deeper than ${MAX_NESTING} levels is not supported`);
    expect(syntaxError(`${'b {\n'.repeat(1000)}`).message).toBe(`Nesting deeper than ${MAX_NESTING} levels is not supported`);
    expect(() => parseHcl(`a = ${'['.repeat(100)}${']'.repeat(100)}\n`, 'ok.tf')).not.toThrow();
  });
});


/** Parses `text` and evaluates every attribute; anything but an InputError is a failure. */
function parseAndEvaluate(text: string): 'ok' | 'input-error' {
  try {
    const file = parseHcl(text, 'fuzz.tf');
    const stack = [file.body];
    while (stack.length > 0) {
      const body = stack.pop()!;
      for (const a of body.attributes) {
        try {
          evaluate(a.expr, { lookup: () => undefined });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
        }
      }
      for (const b of body.blocks) stack.push(b.body);
    }
    return 'ok';
  } catch (e) {
    if (e instanceof InputError) {
      expect(e.range?.start.line).toBeGreaterThanOrEqual(1);
      expect(e.range?.start.column).toBeGreaterThanOrEqual(1);
      return 'input-error';
    }
    throw e;
  }
}

describe('robustness', () => {
  const fixtures = ['cloudtrail-module.tf', 'kms-key-policy.tf', 's3-bucket-heredoc.tf', 'variables.tf', 'locals-and-outputs.tf', 'cloudwatch-alarms.tf', 'organization-guardrails.tf'].map(
    (name) => readFileSync(new URL(`../fixtures/terraform/hcl/${name}`, import.meta.url), 'utf8'),
  );

  it('never hangs or throws anything but InputError on truncated files', () => {
    const outcomes = { ok: 0, 'input-error': 0 };
    for (const text of fixtures) {
      for (let cut = 0; cut <= text.length; cut += 3) outcomes[parseAndEvaluate(text.slice(0, cut))]++;
    }
    // Both outcomes occur: truncation inside a block fails, at a block boundary it parses.
    expect(outcomes.ok).toBeGreaterThan(20);
    expect(outcomes['input-error']).toBeGreaterThan(1000);
  });

  it('never hangs or throws anything but InputError on mutated files', () => {
    const random = seededRandom(20240611);
    const alphabet = ['{', '}', '[', ']', '(', ')', '"', '$', '%', '~', '\\', '\n', '<<EOT\n', '<<-X\n', '#', '/*', '*/', '=', ',', '.', '*', ':', '?', '...', 'for ', ' if ', '${', '%{', '0', '-', '!', '\r', '\t', '€', '\u0000'];
    const outcomes = { ok: 0, 'input-error': 0 };
    for (let round = 0; round < 1500; round++) {
      let text = fixtures[round % fixtures.length]!;
      const edits = 1 + Math.floor(random() * 4);
      for (let k = 0; k < edits; k++) {
        const pos = Math.floor(random() * text.length);
        const choice = random();
        if (choice < 0.4) text = text.slice(0, pos) + alphabet[Math.floor(random() * alphabet.length)] + text.slice(pos);
        else if (choice < 0.8) text = text.slice(0, pos) + text.slice(pos + 1 + Math.floor(random() * 5));
        else text = text.slice(0, pos) + text.slice(pos, pos + 40) + text.slice(pos);
      }
      outcomes[parseAndEvaluate(text)]++;
    }
    expect(outcomes.ok + outcomes['input-error']).toBe(1500);
    expect(outcomes['input-error']).toBeGreaterThan(100);
  });
});
