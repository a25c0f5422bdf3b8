/**
 * What `trailguard init` writes. The action reference is the one place that
 * names where trailguard's GitHub Action comes from; the generated workflow
 * says to change it (or pin a commit) in a comment.
 */

export const ACTION_REF = 'trailguard/trailguard@v1';

export const CONFIG_FILE = '.trailguard.yaml';
export const WORKFLOW_FILE = '.github/workflows/trailguard.yml';
export const PRE_COMMIT_FILE = '.pre-commit-config.yaml';

const CONFIG = `# trailguard configuration. \`trailguard scan\` reads it from the repository root.
# Unknown rule ids, settings and parameters are errors, so a typo cannot silently
# leave a check on or off. \`trailguard rules\` lists every rule; \`trailguard explain RULE\`
# shows what a rule checks and how to fix it.

rules: {}
# Turn a rule off, change its severity or its parameters, for example:
#
# rules:
#   cloudtrail-organization-trail: off        # a single-account setup
#   cloudtrail-lake-retention:
#     severity: high
#     parameters: { minRetentionDays: 3653 }

# Account- and organization-wide checks ("at least one multi-region trail") need
# the whole picture: set false when that lives in another repository.
scopeChecks: true

# Raw policy files whose kind their content cannot tell (SCP, RCP, bucket, key,
# identity or role trust policy), where an SCP or RCP is attached, and whom an identity policy
# is given (without it, whether trail administration reaches only the admins is
# undetermined):
#
# policies:
#   - path: policies/scp/*.json
#     type: scp
#     attachedTo: [r-root]
#   - path: policies/iam/trail-admin.json
#     type: identity
#     attachedTo: [group/CloudTrailAdmins]

# Suppress one finding where the resource is written, always with a reason and,
# best, with the date it should be looked at again. In a CloudFormation resource:
#
#   Metadata:
#     trailguard:
#       ignore:
#         - id: cloudtrail-multi-region
#           reason: regional sandbox; the organization trail covers every region
#           expires: 2027-03-31
#
# In Terraform, on the line before the resource:
#
#   # trailguard:ignore cloudtrail-multi-region expires=2027-03-31 regional sandbox
`;

const WORKFLOW = `# trailguard: CloudTrail security checks of the infrastructure code, on every
# pull request and on pushes to the default branch. Findings appear as
# annotations on the pull request, in the job summary and in code scanning.
name: trailguard

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  trailguard:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write   # upload the SARIF report to code scanning
    steps:
      - uses: actions/checkout@v4
      # Where you take trailguard from: this reference, a fork, or better a pinned commit SHA.
      - uses: ${ACTION_REF}
        id: trailguard
        with:
          paths: .
          fail-on: high
          sarif-file: trailguard.sarif
      - name: Upload to code scanning
        if: \${{ !cancelled() && hashFiles('trailguard.sarif') != '' }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: trailguard.sarif
`;

/** The hook entry for \`repos:\`. A local hook runs the trailguard the repository installs (\`npx --no\` never downloads). */
export const PRE_COMMIT_SNIPPET = `  - repo: local
    hooks:
      - id: trailguard
        name: trailguard (CloudTrail security checks)
        entry: npx --no trailguard scan --fail-on high
        language: system
        pass_filenames: false
        files: \\.(ya?ml|json|template|tf|tfvars)$
`;

/** Written by init, refusing to overwrite (the pre-commit file is handled apart: it holds other hooks). */
export const INIT_FILES: ReadonlyArray<{ name: string; body: string }> = [
  { name: CONFIG_FILE, body: CONFIG },
  { name: WORKFLOW_FILE, body: WORKFLOW },
];
