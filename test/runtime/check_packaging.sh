#!/usr/bin/env bash
# Consumes the runtime the ways docs/runtime.md promises, from the build tree and after install:
# find_package(coroguard), pkg-config, tools/coroguard-config; each build of the examples must run
# and report (the Asio one only through the integration the flags bring in, and under the
# installed coroguard-run with the installed interposer).
# usage: check_packaging.sh SOURCE_DIR BUILD_DIR CXX WORK_DIR [EXTRA_CXX_FLAGS]
set -euo pipefail
source_dir=$1
build_dir=$2
cxx=$3
work=$4
extra_flags=${5:-}

unset COROGUARD_DEBUG COROGUARD_STRICT COROGUARD_TRACEBACK COROGUARD_SLOW_CALLBACK_MS \
  COROGUARD_STALL_MS COROGUARD_ALLOW_BLOCKING
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

expect_asio_reports() {
  COROGUARD_DEBUG=1 "$1" >/dev/null 2>"$work/reports"
  grep -q "^coroguard: exception-never-retrieved: coroutine 'refresh_sessions' spawned with asio::detached" \
    "$work/reports" || fail "$1 did not report; it printed: $(cat "$work/reports")"
}

build_with_cmake() {
  local name=$1
  shift
  cmake -S "$example" -B "$work/$name" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_FLAGS="$extra_flags" "$@" >"$work/$name.log" ||
    fail "configuring with $* failed: $(cat "$work/$name.log")"
  cmake --build "$work/$name" >>"$work/$name.log" || fail "building $name failed: $(cat "$work/$name.log")"
  expect_reports "$work/$name/event_loop"
  expect_asio_reports "$work/$name/asio_service"
}

# build_with_flags NAME CFLAGS LIBS: both examples, compiled with the flags given.
build_with_flags() {
  local name=$1 cflags=$2 libs=$3
  # shellcheck disable=SC2086 # the flags are meant to split
  "$cxx" -std=c++20 $extra_flags $cflags "$example/event_loop.cpp" $libs -o "$work/$name" ||
    fail "compiling with $cflags $libs failed"
  expect_reports "$work/$name"
  # shellcheck disable=SC2086 # the flags are meant to split
  "$cxx" -std=c++20 -g $extra_flags -DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1 $cflags \
    "$example/asio_service.cpp" $libs -o "$work/$name-asio" ||
    fail "compiling the Asio example with $cflags $libs failed"
  expect_asio_reports "$work/$name-asio"
}

# From the build tree.
build_with_cmake find-package-build-tree -Dcoroguard_DIR="$build_dir"
build_with_flags pkg-config-build-tree \
  "$(PKG_CONFIG_PATH=$build_dir pkg-config --cflags coroguard)" \
  "$(PKG_CONFIG_PATH=$build_dir pkg-config --libs coroguard)"
build_with_flags coroguard-config-build-tree \
  "$(COROGUARD_BUILD_DIR=$build_dir "$source_dir/tools/coroguard-config" --cflags)" \
  "$(COROGUARD_BUILD_DIR=$build_dir "$source_dir/tools/coroguard-config" --libs)"

# After install.
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log" || fail "install failed"
build_with_cmake find-package-installed -DCMAKE_PREFIX_PATH="$prefix"
pc_dir=$(dirname "$(find "$prefix" -name coroguard.pc -print -quit)")
build_with_flags pkg-config-installed \
  "$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags coroguard)" \
  "$(PKG_CONFIG_PATH=$pc_dir pkg-config --libs coroguard)"
build_with_flags coroguard-config-installed "$("$prefix/bin/coroguard-config" --cflags)" \
  "$("$prefix/bin/coroguard-config" --libs)"
[[ $("$prefix/bin/coroguard-config" --version) == "$(COROGUARD_BUILD_DIR=$build_dir "$source_dir/tools/coroguard-config" --version)" ]] ||
  fail "the installed coroguard-config reports another version"
PATH=$prefix/bin:$PATH coroguard-run "$work/coroguard-config-installed" >/dev/null 2>"$work/reports"
grep -q "^coroguard: never-awaited:" "$work/reports" || fail "the installed coroguard-run did not turn debug mode on"
# The installed coroguard-run preloads the installed interposer, beside the installed library.
PATH=$prefix/bin:$PATH coroguard-run sh -c 'echo "$LD_PRELOAD"' >"$work/preload"
# (After the sanitizer runtime, in a sanitizer build.)
grep -qE "(^|:)$(dirname "$(find "$prefix" -name libcoroguard.so -print -quit)")/libcoroguard_preload.so\$" \
  "$work/preload" || fail "the installed coroguard-run preloads $(cat "$work/preload")"
PATH=$prefix/bin:$PATH coroguard-run "$work/coroguard-config-installed-asio" >/dev/null 2>"$work/reports"
grep -q "^coroguard: blocking-call: 'nanosleep' blocks the thread running callback 'load_profile'" \
  "$work/reports" || fail "the installed interposer did not report; it printed: $(cat "$work/reports")"
