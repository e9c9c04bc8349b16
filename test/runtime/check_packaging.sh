#!/usr/bin/env bash
# Consumes the runtime the ways docs/runtime.md promises, from the build tree and after install:
# find_package(coroguard), pkg-config, tools/coroguard-config; each build of the example must run
# and report.
# usage: check_packaging.sh SOURCE_DIR BUILD_DIR CXX WORK_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
cxx=$3
work=$4

unset COROGUARD_DEBUG COROGUARD_STRICT COROGUARD_TRACEBACK COROGUARD_SLOW_CALLBACK_MS
example=$source_dir/examples/runtime
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "check_packaging: $*" >&2
  exit 1
}

expect_reports() {
  COROGUARD_DEBUG=1 "$1" >/dev/null 2>"$work/reports"
  grep -q "^coroguard: never-awaited: task 'write_audit_log'" "$work/reports" ||
    fail "$1 did not report; it printed: $(cat "$work/reports")"
}

build_with_cmake() {
  local name=$1
  shift
  cmake -S "$example" -B "$work/$name" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" "$@" >"$work/$name.log" ||
    fail "configuring with $* failed: $(cat "$work/$name.log")"
  cmake --build "$work/$name" >>"$work/$name.log" || fail "building $name failed: $(cat "$work/$name.log")"
  expect_reports "$work/$name/event_loop"
}

build_with_flags() {
  local name=$1
  shift
  # shellcheck disable=SC2068 # the flags are meant to split
  "$cxx" -std=c++20 $@ -o "$work/$name" || fail "compiling with $* failed"
  expect_reports "$work/$name"
}

# From the build tree.
build_with_cmake find-package-build-tree -Dcoroguard_DIR="$build_dir"
build_with_flags pkg-config-build-tree \
  "$(PKG_CONFIG_PATH=$build_dir pkg-config --cflags coroguard)" "$example/event_loop.cpp" \
  "$(PKG_CONFIG_PATH=$build_dir pkg-config --libs coroguard)"
build_with_flags coroguard-config-build-tree \
  "$(COROGUARD_BUILD_DIR=$build_dir "$source_dir/tools/coroguard-config" --cflags)" \
  "$example/event_loop.cpp" \
  "$(COROGUARD_BUILD_DIR=$build_dir "$source_dir/tools/coroguard-config" --libs)"

# After install.
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log" || fail "install failed"
build_with_cmake find-package-installed -DCMAKE_PREFIX_PATH="$prefix"
pc_dir=$(dirname "$(find "$prefix" -name coroguard.pc -print -quit)")
build_with_flags pkg-config-installed \
  "$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags coroguard)" "$example/event_loop.cpp" \
  "$(PKG_CONFIG_PATH=$pc_dir pkg-config --libs coroguard)"
build_with_flags coroguard-config-installed "$("$prefix/bin/coroguard-config" --cflags)" \
  "$example/event_loop.cpp" "$("$prefix/bin/coroguard-config" --libs)"
[[ $("$prefix/bin/coroguard-config" --version) == "$(COROGUARD_BUILD_DIR=$build_dir "$source_dir/tools/coroguard-config" --version)" ]] ||
  fail "the installed coroguard-config reports another version"
PATH=$prefix/bin:$PATH coroguard-run "$work/coroguard-config-installed" >/dev/null 2>"$work/reports"
grep -q "^coroguard: never-awaited:" "$work/reports" || fail "the installed coroguard-run did not turn debug mode on"
