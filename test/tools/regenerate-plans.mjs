#!/usr/bin/env node
// Regenerates Terraform plan fixtures with a real `terraform` binary:
// `terraform init`, `terraform plan -refresh=false`, `terraform show -json`.
// Tests only read the committed outputs; run this after changing a fixture's
// `.tf` files, where Terraform is installed.
//
//   node test/tools/regenerate-plans.mjs                      # every entry of test/fixtures/terraform/plan-fixtures.json
//   node test/tools/regenerate-plans.mjs rules/x/cases/fail.tf  # writes rules/x/cases/fail.plan.json
//   node test/tools/regenerate-plans.mjs --dir ../some-root --out /tmp/root.plan.json
//       # plans a whole root module with its local modules (`./modules/...`): to scan a real
//       # configuration as a user would (`trailguard scan ../some-root /tmp/root.plan.json`)
//
// Nothing is fetched from the network if a provider mirror is available:
// TRAILGUARD_TF_MIRROR (default /opt/tf-plugins, laid out as
// `terraform providers mirror` writes it) is used for hashicorp/aws when it
// exists. Registry and git modules are never downloaded: a fixture that calls
// them carries its `.terraform/modules` (modules.json and the modules' files)
// as `terraform init` would have written them, and init runs with -get=false.
// The provider gets dummy credentials; calls to STS (data.aws_caller_identity)
// are answered by a stub on 127.0.0.1 with account 111122223333, and an
// aliased configuration's `assume_role` gets temporary credentials from it (the
// stub's endpoint reaches every configuration through AWS_ENDPOINT_URL_STS).
// The credentials and the stub are removed from the plan's `configuration`
// afterwards.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIST = join(repo, 'test/fixtures/terraform/plan-fixtures.json');
const MIRROR = process.env.TRAILGUARD_TF_MIRROR ?? '/opt/tf-plugins';
const OVERRIDE = 'zz_trailguard_provider_override.tf';

const STS_RESPONSE =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  '<Arn>arn:aws:iam::111122223333:user/terraform</Arn><UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account>' +
  '</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const ASSUME_ROLE_RESPONSE =
  '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>' +
  '<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey><SessionToken>EXAMPLETOKEN</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>' +
  '<AssumedRoleUser><Arn>arn:aws:sts::222233334444:assumed-role/example/terraform</Arn><AssumedRoleId>AROAEXAMPLE:terraform</AssumedRoleId></AssumedRoleUser>' +
  '</AssumeRoleResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></AssumeRoleResponse>';
/** What the override file and the environment add to provider configurations; removed from the plan. */
const ADDED_SETTINGS = new Set(['access_key', 'secret_key', 'skip_credentials_validation', 'skip_requesting_account_id', 'skip_metadata_api_check', 'endpoints']);

function run(cmd, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${err || out}`))));
  });
}

/** A fixture: plan the configuration in `dir` (a copy of `copyRoot`, so `../../` sources resolve) into `out`. */
function jobsFromArgs(args) {
  if (args[0] === '--dir') {
    // A whole root module: copied with everything under it, so local module sources resolve.
    const dir = resolve(args[1] ?? '.');
    const out = args[2] === '--out' && args[3] ? resolve(args[3]) : join(dir, 'plan.json');
    return [{ copyRoot: dir, dir, out }];
  }
  if (args.length === 0) {
    const list = JSON.parse(readFileSync(LIST, 'utf8'));
    return list.map((e) => ({ copyRoot: resolve(repo, e.copyRoot ?? e.dir), dir: resolve(repo, e.dir), out: resolve(repo, e.out), files: e.files }));
  }
  return args.map((a) => {
    const path = resolve(a);
    if (!path.endsWith('.tf')) throw new Error(`${a}: give a rule case's .tf file, or no argument for ${relative(repo, LIST)}`);
    return { copyRoot: dirname(path), dir: dirname(path), out: path.replace(/\.tf$/, '.plan.json'), files: [basename(path)] };
  });
}

async function planOne(job, stsPort) {
  const work = mkdtempSync(join(tmpdir(), 'trailguard-plan-'));
  try {
    const copy = join(work, 'repo');
    if (job.files) {
      // A rule case: only its own .tf file, as main.tf.
      cpSync(job.copyRoot, copy, { recursive: true, filter: (src) => src === job.copyRoot || job.files.includes(basename(src)) });
    } else {
      cpSync(job.copyRoot, copy, { recursive: true, filter: (src) => !src.endsWith('.plan.json') && basename(src) !== 'plan.json' });
    }
    const dir = join(copy, relative(job.copyRoot, job.dir));
    writeFileSync(
      join(dir, OVERRIDE),
      `provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    sts = "http://127.0.0.1:${stsPort}"
  }
}
`,
    );
    const env = {
      ...process.env,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      // For aliased configurations, which the override file does not reach.
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${stsPort}`,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    if (existsSync(MIRROR)) {
      const rc = join(work, 'terraformrc');
      writeFileSync(
        rc,
        `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(MIRROR)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }
}
`,
      );
      env.TF_CLI_CONFIG_FILE = rc;
    }
    const installed = existsSync(join(dir, '.terraform/modules/modules.json'));
    await run('terraform', ['init', '-input=false', '-backend=false', ...(installed ? ['-get=false'] : [])], { cwd: dir, env });
    await run('terraform', ['plan', '-refresh=false', '-input=false', '-lock=false', '-out', 'plan.out'], { cwd: dir, env });
    const plan = JSON.parse(await run('terraform', ['show', '-json', 'plan.out'], { cwd: dir, env }));
    // No credentials, no stub endpoint: what the configuration itself writes stays (region, assume_role).
    for (const config of Object.values(plan.configuration?.provider_config ?? {})) {
      const expressions = config?.expressions;
      if (expressions) for (const k of Object.keys(expressions)) if (ADDED_SETTINGS.has(k)) delete expressions[k];
    }
    writeFileSync(job.out, `${JSON.stringify(plan, null, 2)}\n`);
    console.log(`wrote ${relative(repo, job.out)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  try {
    await run('terraform', ['version'], {});
  } catch {
    console.error('terraform is not installed: the committed plan fixtures are used as they are.');
    process.exit(1);
  }
  const jobs = jobsFromArgs(process.argv.slice(2));
  for (const j of jobs) if (!statSync(j.dir).isDirectory()) throw new Error(`${j.dir}: not a directory`);
  const sts = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const response = body.includes('Action=AssumeRole') ? ASSUME_ROLE_RESPONSE : STS_RESPONSE;
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(response) });
      res.end(response);
    });
  });
  await new Promise((r) => sts.listen(0, '127.0.0.1', r));
  const port = sts.address().port;
  let failed = 0;
  try {
    for (const job of jobs) {
      try {
        await planOne(job, port);
      } catch (e) {
        failed++;
        console.error(`${relative(repo, job.out)}: ${e.message}`);
      }
    }
  } finally {
    sts.close();
  }
  process.exit(failed > 0 ? 1 : 0);
}

await main();
