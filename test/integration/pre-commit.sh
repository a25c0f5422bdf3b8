#!/usr/bin/env bash
# Installs trailguard's hook with the real pre-commit client (as a user's
# .pre-commit-config.yaml would) into a throwaway repository, and checks that
# it fails on the insecure example, passes on the compliant one, and reports
# the right finding. Run by .ci/run; needs `pre-commit` and git.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rev="$(git -C "$repo" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init -q user-repo && cd user-repo
git config user.email ci@example.com && git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: trailguard
        args: [--fail-on, high]
YAML
cp "$repo/examples/cloudformation/insecure-trail.yaml" stack.yaml
git add -A
if pre-commit run --all-files > "$work/out.txt" 2>&1; then
  echo "pre-commit: expected the hook to fail on the insecure stack"; cat "$work/out.txt"; exit 1
fi
grep -q cloudtrail-multi-region "$work/out.txt" || { echo "pre-commit: finding missing"; cat "$work/out.txt"; exit 1; }
cp "$repo/examples/cloudformation/compliant-org-trail.yaml" stack.yaml
git add -A
pre-commit run --all-files > "$work/out.txt" 2>&1 || { echo "pre-commit: expected the hook to pass on the compliant stack"; cat "$work/out.txt"; exit 1; }
echo "pre-commit integration: ok (hook installed by pre-commit $(pre-commit --version | cut -d' ' -f2), fails on the insecure stack, passes on the compliant one)"
