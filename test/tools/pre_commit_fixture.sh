#!/usr/bin/env bash
# Sets up the throw-away repositories of the pre-commit tests:
#   WORK/hooks    a git repo holding this checkout's .pre-commit-hooks.yaml at one commit (what
#                 pre-commit clones for `repo: <path>`, `rev: <sha>`)
#   WORK/project  a generated project under git, its findings in coroguard-baseline.json, a
#                 .pre-commit-config.yaml running the hook with `args: [-p, build, --baseline, ...]`
#   WORK/bin      run-coroguard on PATH, as an installation puts it
# usage: pre_commit_fixture.sh SOURCE_DIR WORK
set -euo pipefail
source_dir=$1
work=$2
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com

rm -rf "$work"
mkdir -p "$work/hooks" "$work/bin"
ln -s "$source_dir/tools/run-coroguard" "$work/bin/run-coroguard"
cp "$source_dir/.pre-commit-hooks.yaml" "$work/hooks/"
git -C "$work/hooks" init -q
git -C "$work/hooks" add .pre-commit-hooks.yaml
git -C "$work/hooks" commit -q -m hooks
rev=$(git -C "$work/hooks" rev-parse HEAD)

python3 "$source_dir/test/tools/make_project.py" "$work/project" \
  --inputs "$source_dir/test/checks/Inputs" --tus 3
cd "$work/project"
cat >.pre-commit-config.yaml <<CONFIG
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: coroguard
        args: [-p, build, --baseline, coroguard-baseline.json]
CONFIG
printf 'build/\n' >.gitignore
git init -q
"$work/bin/run-coroguard" -p build --write-baseline coroguard-baseline.json >/dev/null 2>&1
git add .
git commit -q -m "project with its baseline"
