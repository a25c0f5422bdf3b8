import { describe, expect, it } from 'vitest';
import { evaluate } from '../../parsers/terraform/hcl/evaluate.js';
import { parseHcl } from '../../parsers/terraform/hcl/parser.js';
import type { Body } from '../../parsers/terraform/hcl/ast.js';
import { generateTerraform } from './generate-tf.js';

// The pre-commit hook parses every staged .tf file. 500 KB of realistic
// Terraform takes some tens of milliseconds after warm-up (see
// bench-hcl.mjs); the bound here is loose so a loaded CI machine does not
// fail it, yet an accidental quadratic step (which costs seconds) does.
const BOUND_MS = 400;

function fastest(runs: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

describe('performance', () => {
  const text = generateTerraform(500_000);

  it('parses 500 KB of realistic Terraform quickly', () => {
    expect(text.length).toBeGreaterThanOrEqual(500_000);
    const file = parseHcl(text, 'big.tf');
    expect(file.body.blocks.length).toBeGreaterThan(800);
    fastest(3, () => parseHcl(text, 'big.tf')); // warm-up
    expect(fastest(5, () => parseHcl(text, 'big.tf'))).toBeLessThan(BOUND_MS);
  });

  it('evaluates every attribute of it quickly', () => {
    const file = parseHcl(text, 'big.tf');
    const evaluateAll = (): number => {
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
      return n;
    };
    expect(evaluateAll()).toBeGreaterThan(5000);
    expect(fastest(3, evaluateAll)).toBeLessThan(BOUND_MS);
  });

  it('scales linearly with long lines, deep lists and many comments', () => {
    const longLine = `a = [${Array.from({ length: 50_000 }, (_, i) => i).join(', ')}]\n`;
    const comments = '# comment line\n'.repeat(30_000);
    const strings = `s = "${'x'.repeat(400_000)}"\n`;
    for (const t of [longLine, comments, strings]) expect(fastest(3, () => parseHcl(t, 'x.tf'))).toBeLessThan(BOUND_MS);
  });
});
