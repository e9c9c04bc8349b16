#!/usr/bin/env bash
# Builds the runtime examples the way their headers say (tools/coroguard-config), runs them under
# tools/coroguard-run and compares their reports with examples/runtime/*.expected. Without debug
# mode they must print no report at all.
# usage: check_example.sh SOURCE_DIR BUILD_DIR CXX WORK_DIR [EXTRA_CXX_FLAGS]
set -euo pipefail
source_dir=$1
build_dir=$2
cxx=$3
work=$4
extra_flags=${5:-}

unset COROGUARD_DEBUG COROGUARD_STRICT COROGUARD_TRACEBACK COROGUARD_SLOW_CALLBACK_MS \
  COROGUARD_STALL_MS COROGUARD_ALLOW_BLOCKING
export COROGUARD_BUILD_DIR=$build_dir
config=$source_dir/tools/coroguard-config
examples=$source_dir/examples/runtime
mkdir -p "$work"

# Timings vary: how long a callback took, and (on a loaded machine) how much of it it waited for a
# CPU.
normalize() {
  sed -E -e 's/took [0-9]+ ms/took N ms/; s/running for [0-9]+ ms/running for N ms/' \
    -e 's/; [0-9]+ ms of it on CPU, the rest waiting for a CPU \(the machine is overloaded\)//' \
    -e 's/; [0-9]+ ms of it on CPU, the rest blocked/; N ms of it on CPU, the rest blocked/'
}

# One line per report (a headline and its frames), sorted: reports from different threads come in
# any order.
report_set() { normalize | awk '/^coroguard: / && NR > 1 { print "" } { printf "%s|", $0 } END { print "" }' | sort; }

# shellcheck disable=SC2046,SC2086 # the flags are meant to split
"$cxx" -std=c++20 -g -O2 $extra_flags $("$config" --cflags) "$examples/event_loop.cpp" \
  $("$config" --libs) -o "$work/event_loop"
"$source_dir/tools/coroguard-run" "$work/event_loop" >"$work/output" 2>"$work/reports"
diff -u <(normalize <"$examples/event_loop.expected") <(normalize <"$work/reports")
printf 'served user-7\nresult delivered\n' | diff -u - "$work/output"

# shellcheck disable=SC2046,SC2086 # the flags are meant to split
"$cxx" -std=c++20 -g -O2 $extra_flags -DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1 \
  $("$config" --cflags) "$examples/asio_service.cpp" $("$config" --libs) -o "$work/asio_service"
"$source_dir/tools/coroguard-run" "$work/asio_service" >"$work/asio-output" 2>"$work/asio-reports"
diff -u <(report_set <"$examples/asio_service.expected") <(report_set <"$work/asio-reports")
printf 'served user-7\nidle timer stopped\n' | diff -u - "$work/asio-output"

for example in event_loop asio_service; do
  "$work/$example" >/dev/null 2>"$work/reports-debug-off"
  if [[ -s $work/reports-debug-off ]]; then
    echo "debug mode off, but $example printed:" >&2
    cat "$work/reports-debug-off" >&2
    exit 1
  fi
done
