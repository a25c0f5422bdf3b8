// Writes the real plan of a `.tf` rule case beside it, as `terraform show -json` prints it:
//
//   node test/tools/tf-cases-to-plan.mjs rules/<id>/cases/fail-x.tf [...]   → fail-x.plan.json
//
// Uses the local `terraform` (1.11) and the AWS provider from the filesystem mirror in
// /opt/tf-plugins (no network): `terraform plan -refresh=false` with dummy credentials, then the
// credential settings are removed from the plan's `configuration` (only `region` is kept), as for
// test/fixtures/terraform/modules-plan. Output is indented as `jq .` does.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const PROVIDER = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
`;

const cliConfig = `provider_installation {
  filesystem_mirror {
    path    = "/opt/tf-plugins"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
`;

for (const tf of process.argv.slice(2)) {
  if (!tf.endsWith('.tf')) throw new Error(`${tf}: not a .tf case`);
  const dir = mkdtempSync(join(tmpdir(), 'tg-plan-'));
  try {
    copyFileSync(tf, join(dir, 'main.tf'));
    writeFileSync(join(dir, 'zz_provider.tf'), PROVIDER);
    writeFileSync(join(dir, 'cli.tfrc'), cliConfig);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const run = (...args) => execFileSync('terraform', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    run('init', '-input=false', '-no-color');
    run('plan', '-refresh=false', '-input=false', '-no-color', '-out', 'plan.out');
    const plan = JSON.parse(run('show', '-json', 'plan.out'));
    const aws = plan.configuration?.provider_config?.aws;
    if (aws) {
      delete aws.version_constraint;
      aws.expressions = { region: aws.expressions.region };
    }
    const out = tf.replace(/\.tf$/, '.plan.json');
    writeFileSync(out, JSON.stringify(plan, null, 2) + '\n');
    console.log(`${basename(tf)} → ${basename(out)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
