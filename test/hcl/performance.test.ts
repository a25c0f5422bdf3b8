import { describe, expect, it } from 'vitest';
import { evaluate } from '../../parsers/terraform/hcl/evaluate.js';
import { parseHcl } from '../../parsers/terraform/hcl/parser.js';
import type { Body } from '../../parsers/terraform/hcl/ast.js';
import { generateTerraform } from './generate-tf.js';

// Scale, not speed: 500 KB of realistic Terraform and pathological shapes
// (a 50,000-element line, 30,000 comment lines, a 400 KB string) parse and
// evaluate completely. How fast is measured by `npm run bench` and
// test/hcl/bench-hcl.mjs against hcl2-parser; a quadratic step would show
// there (and would make these tests hit the test timeout).

describe('scale', () => {
  const text = generateTerraform(500_000);

  it('parses 500 KB of realistic Terraform', () => {
    expect(text.length).toBeGreaterThanOrEqual(500_000);
    const file = parseHcl(text, 'big.tf');
    expect(file.body.blocks.length).toBeGreaterThan(800);
  });

  it('evaluates every attribute of it', () => {
    const file = parseHcl(text, 'big.tf');
    let n = 0;
    const stack: Body[] = [file.body];
    while (stack.length > 0) {
      const body = stack.pop()!;
      for (const a of body.attributes) {
        evaluate(a.expr, { lookup: () => undefined });
        n++;
      }
      for (const b of body.blocks) stack.push(b.body);
    }
    expect(n).toBeGreaterThan(5000);
  });

  it('parses long lines, deep lists and many comments', () => {
    const longLine = `a = [${Array.from({ length: 50_000 }, (_, i) => i).join(', ')}]\n`;
    expect(parseHcl(longLine, 'x.tf').body.attributes).toHaveLength(1);
    const comments = '# comment line\n'.repeat(30_000);
    expect(parseHcl(comments, 'x.tf').comments).toHaveLength(30_000);
    const strings = `s = "${'x'.repeat(400_000)}"\n`;
    expect(parseHcl(strings, 'x.tf').body.attributes).toHaveLength(1);
  });
});
