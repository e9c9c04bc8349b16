#!/usr/bin/env bash
# Builds examples/runtime/event_loop.cpp the way its header says (tools/coroguard-config), runs it
# under tools/coroguard-run and compares its reports with examples/runtime/event_loop.expected.
# Without debug mode it must print no report at all.
# usage: check_example.sh SOURCE_DIR BUILD_DIR CXX WORK_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
cxx=$3
work=$4

unset COROGUARD_DEBUG COROGUARD_STRICT COROGUARD_TRACEBACK COROGUARD_SLOW_CALLBACK_MS
export COROGUARD_BUILD_DIR=$build_dir
config=$source_dir/tools/coroguard-config
mkdir -p "$work"

# shellcheck disable=SC2046 # the flags are meant to split
"$cxx" -std=c++20 -g -O2 $("$config" --cflags) "$source_dir/examples/runtime/event_loop.cpp" \
  $("$config" --libs) -o "$work/event_loop"

# How long the slow callback took varies by a millisecond or so.
normalize() { sed -E 's/took [0-9]+ ms/took N ms/'; }

"$source_dir/tools/coroguard-run" "$work/event_loop" >"$work/output" 2>"$work/reports"
diff -u <(normalize <"$source_dir/examples/runtime/event_loop.expected") <(normalize <"$work/reports")
printf 'served user-7\nresult delivered\n' | diff -u - "$work/output"

"$work/event_loop" >/dev/null 2>"$work/reports-debug-off"
if [[ -s $work/reports-debug-off ]]; then
  echo "debug mode off, but the example printed:" >&2
  cat "$work/reports-debug-off" >&2
  exit 1
fi
