// Scale: 500 KB of realistic Terraform, and a module instantiated a hundred
// times, load completely and correctly. How fast is measured by `npm run bench`
// (timed assertions would be flaky on shared machines); the bench compares the
// whole scan of the same generated text with hcl2-parser's parse of it.

import { describe, expect, it } from 'vitest';
import { loadTerraform, type TerraformSource } from '../../parsers/terraform/config/index.js';
import { generateTerraform } from '../hcl/generate-tf.js';

/** The generated configuration split over files as people write it, with its variables declared. */
function realisticFiles(bytes: number): TerraformSource[] {
  const text = generateTerraform(bytes);
  const chunks = text.split(/(?=# -{70,}\n# Audit trail)/);
  const files: TerraformSource[] = chunks.map((chunk, i) => ({ path: `audit/trail-${String(i).padStart(3, '0')}.tf`, text: chunk }));
  files.push({
    path: 'audit/variables.tf',
    text: `variable "prefix" {
  default = "acme"
}

variable "tags" {
  type    = map(string)
  default = { Team = "security" }
}

variable "regions" {
  type    = list(string)
  default = ["us-east-1", "eu-west-1", "ap-south-1"]
}

variable "organization_trail" {
  type    = bool
  default = "true"
}
`,
  });
  return files;
}

describe('performance', () => {
  it('loads 500 KB of realistic Terraform completely', () => {
    const files = realisticFiles(500_000);
    expect(files.reduce((n, f) => n + f.text.length, 0)).toBeGreaterThanOrEqual(500_000);
    const result = loadTerraform(files);
    expect(result.diagnostics).toEqual([]);
    expect(result.resources.filter((r) => r.type === 'aws_cloudtrail').length).toBeGreaterThan(80);
  });

  it('expands a module called a hundred times', () => {
    const module = generateTerraform(5_000);
    const root = (n: number): TerraformSource[] => [
      {
        path: 'main.tf',
        text: `module "account" {\n  source   = "./modules/audit"\n  for_each = toset([for i in range(${n}) : "account-\${i}"])\n  prefix   = each.key\n}\n`,
      },
      { path: 'modules/audit/main.tf', text: module },
      { path: 'modules/audit/variables.tf', text: 'variable "prefix" {}\nvariable "tags" {\n  default = {}\n}\nvariable "regions" {\n  default = ["us-east-1"]\n}\nvariable "organization_trail" {\n  default = false\n}\n' },
    ];
    const small = root(10);
    const large = root(100);
    expect(loadTerraform(small).resources.filter((r) => r.type === 'aws_cloudtrail')).toHaveLength(10);
    expect(loadTerraform(large).resources.filter((r) => r.type === 'aws_cloudtrail')).toHaveLength(100);
  });
});
